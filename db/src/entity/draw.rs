use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "draws")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub seats: i32,
    pub term_start: Date,
    pub term_end: Date,
    pub status: String,
    pub inputs_hash: Option<String>,
    pub seed_hex: Option<String>,
    pub picked_index: Option<i32>,
    pub record: Option<String>,
    pub summary: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
