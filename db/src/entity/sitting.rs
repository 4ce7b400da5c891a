use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sittings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: String,
    pub livestream_url: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Drawn when the sitting opens: the room's check-in code derives
    /// from it (`domain::sitting::checkin_code`).
    pub checkin_secret: Option<String>,
    /// The agenda item under way while the sitting is open.
    pub current_item_id: Option<i64>,
    /// The minutes as approved, frozen, with their SHA-256 (hex), the
    /// sitting that approved them and when.
    pub minutes: Option<String>,
    pub minutes_sha256: Option<String>,
    pub minutes_approved_in: Option<i64>,
    pub minutes_approved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
