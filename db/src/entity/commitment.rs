use sea_orm::entity::prelude::*;

/// A dated commitment of the city's answer to a proposal; `progress` and
/// `done_at` repeat the latest report against it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "commitments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub title: String,
    pub due: DateTimeUtc,
    pub progress: i16,
    pub done_at: Option<DateTimeUtc>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
