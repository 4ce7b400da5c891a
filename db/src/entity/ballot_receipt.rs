use sea_orm::entity::prelude::*;

/// That a member voted in a secret vote, and nothing of what.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot_receipts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub vote_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
