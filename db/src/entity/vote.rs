use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "votes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    pub majority: String,
    pub quorum_percent: i16,
    pub secret: bool,
    pub eligible: i32,
    pub opened_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    /// Set when the assembly votes on a contested amendment.
    pub amendment_id: Option<i64>,
    /// When the vote closes itself (None: when a facilitator closes it).
    pub closes_at: Option<DateTimeUtc>,
    /// The facilitator who opened it, who answers for its closing at
    /// `closes_at` (None for votes opened before it was recorded).
    pub opened_by: Option<i64>,
    /// Set when the vote was opened on the item under way of this sitting
    /// to count its quorum from the members present there.
    pub sitting_id: Option<i64>,
    /// A sitting's vote, once closed: the members present it was counted
    /// against.
    pub present: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
