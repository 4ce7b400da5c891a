use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTimeUtc,
    /// When the transport took it (None: waiting).
    pub sent_at: Option<DateTimeUtc>,
    /// Failed deliveries so far.
    pub attempts: i32,
    /// The HTML alternative of `body`, if any.
    pub html: Option<String>,
    /// The signed one-click unsubscribe address (RFC 8058), if any.
    pub unsubscribe: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
