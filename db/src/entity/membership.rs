use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub draw_id: i64,
    pub volunteer_id: i64,
    pub user_id: Option<i64>,
    pub status: String,
    pub public_name: bool,
    pub term_start: Date,
    pub term_end: Date,
    pub invited_at: Option<DateTimeUtc>,
    pub respond_by: Option<DateTimeUtc>,
    pub responded_at: Option<DateTimeUtc>,
    /// When the invitation's e-mail was queued (None: not yet, or no
    /// address).
    pub notified_at: Option<DateTimeUtc>,
    /// The member's public label (`M-…`), never their pool pseudonym: see
    /// `domain::census::member_label`.
    pub label: String,
    /// The Paris day a member left: they sat on their term's days before
    /// it. None while they sit, and for a departure older than the column
    /// that no replacement round dated.
    pub left_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
