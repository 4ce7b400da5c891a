use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "draws")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub seats: i32,
    pub term_start: Date,
    pub term_end: Date,
    pub status: String,
    pub inputs_hash: Option<String>,
    pub seed_hex: Option<String>,
    pub picked_index: Option<i32>,
    pub record: Option<String>,
    pub summary: Option<String>,
    pub quotas: Option<String>,
    pub objective: Option<String>,
    pub inputs: Option<String>,
    pub committed_at: Option<DateTimeUtc>,
    pub commit_until: Option<DateTimeUtc>,
    pub reveal_until: Option<DateTimeUtc>,
    pub public_value_description: Option<String>,
    pub public_value: Option<String>,
    /// The announced value's format (`lottery::ceremony::ValueFormat`'s keyword).
    pub public_value_format: Option<String>,
    /// When the announced value becomes known.
    pub public_value_after: Option<DateTimeUtc>,
    /// When it was entered.
    pub public_value_at: Option<DateTimeUtc>,
    pub respond_days: i32,
    pub created_at: DateTimeUtc,
    /// The draw whose cohort this one's renews.
    pub renews_draw_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
