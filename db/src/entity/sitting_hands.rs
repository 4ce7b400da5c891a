use sea_orm::entity::prelude::*;

/// A show of hands counted in the room, with the attendance it was
/// counted against.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sitting_hands")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sitting_id: i64,
    pub item_id: Option<i64>,
    pub pour: i32,
    pub contre: i32,
    pub abstention: i32,
    pub present: i32,
    pub seated: i32,
    pub majority: String,
    pub outcome: String,
    pub reason: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
