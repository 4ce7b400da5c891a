use sea_orm::entity::prelude::*;

/// One attempt counted against a rate limit.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Opaque: the caller's HMAC of what is limited.
    pub key: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
