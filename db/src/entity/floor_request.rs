use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "floor_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sitting_id: i64,
    pub user_id: i64,
    /// The agenda item under way when the member asked.
    pub item_id: Option<i64>,
    /// `domain::floor::FloorState`.
    pub state: String,
    /// Place in the queue while waiting (1 is next).
    pub position: i32,
    pub asked_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// The speaking time given with the floor.
    pub allotted_secs: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
