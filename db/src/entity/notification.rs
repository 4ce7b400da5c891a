use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    /// What it is about: a proposal or a sitting, exactly one of the two.
    pub proposal_id: Option<i64>,
    pub sitting_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// How it leaves the app (`email`, `daily`, `weekly`), None when it
    /// stays in the app.
    pub delivery: Option<String>,
    /// When its e-mail or digest was queued in the outbox.
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
