use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sitting_attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sitting_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// `code` (the member checked in) or `roll_call` (a facilitator).
    pub how: String,
    pub at: DateTimeUtc,
    pub marked_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
