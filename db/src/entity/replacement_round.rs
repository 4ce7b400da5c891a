use sea_orm::entity::prelude::*;

/// A replacement round, announced before it runs.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "replacement_rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub draw_id: i64,
    pub round: i32,
    /// The leavers' pseudonyms, a JSON array, sorted.
    pub leavers: String,
    pub description: String,
    pub format: String,
    pub available_after: DateTimeUtc,
    pub announced_at: DateTimeUtc,
    pub value: Option<String>,
    pub entered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
