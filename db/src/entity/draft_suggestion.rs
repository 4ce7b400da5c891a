use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "draft_suggestions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub draft_id: i64,
    pub author_id: i64,
    pub original: String,
    pub replacement: String,
    pub status: String,
    pub decided_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
