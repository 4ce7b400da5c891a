use sea_orm::entity::prelude::*;

/// A proposal sent to the city: to which department, and when its answer
/// is due.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "city_referrals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub proposal_id: i64,
    pub department_id: i64,
    pub sent_at: DateTimeUtc,
    pub answer_due: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
