use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "drafts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub theme_id: i64,
    pub title: String,
    pub snapshot: Vec<u8>,
    pub snapshot_upto: i64,
    pub proposal_id: Option<i64>,
    /// Set when the draft is a sitting's minutes (never published as a
    /// proposal; frozen when the minutes are approved).
    pub sitting_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
