use sea_orm::entity::prelude::*;

/// How many ballots of a secret vote carry one choice.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "secret_tallies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub vote_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub choice: String,
    pub count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
