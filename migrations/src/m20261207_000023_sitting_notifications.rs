//! Notifications about sittings (issues 18 and 21): a convocation, a change
//! of date or place, the reminder the day before. A notification is about
//! a proposal or a sitting, exactly one of the two.
//!
//! SQLite cannot make a column nullable or add a foreign key to an existing
//! table, so the table is rebuilt the way SQLite's manual prescribes, the
//! same way on both backends: a new table, the rows copied with their ids,
//! the old one dropped, the new one renamed, its indexes made again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ProposalId,
    SittingId,
    CreatedAt,
    ReadAt,
    Delivery,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum NotificationsNext {
    Table,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sittings {
    Table,
    Id,
}

/// The columns both shapes share, in the order the copy names them.
const SHARED: &str = "id, user_id, kind, proposal_id, created_at, read_at, delivery, delivered_at";

fn fk(
    column: Notifications,
    to: (impl IntoIden, impl IntoIden),
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(NotificationsNext::Table, column)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

/// Rebuilds `notifications` with `proposal_id` nullable or not, with or
/// without `sitting_id`, keeping every row `keep` selects.
async fn rebuild(m: &SchemaManager<'_>, with_sittings: bool, keep: &str) -> Result<(), DbErr> {
    let mut table = Table::create();
    table
        .table(NotificationsNext::Table)
        .col(big_pk_auto(Notifications::Id))
        .col(big_integer(Notifications::UserId))
        .col(string_len(Notifications::Kind, 32))
        .col(timestamp_with_time_zone(Notifications::CreatedAt))
        .col(timestamp_with_time_zone_null(Notifications::ReadAt))
        .col(string_len_null(Notifications::Delivery, 16))
        .col(timestamp_with_time_zone_null(Notifications::DeliveredAt))
        .foreign_key(&mut fk(
            Notifications::UserId,
            (Users::Table, Users::Id),
            "fk_notifications_user_id",
        ))
        .foreign_key(&mut fk(
            Notifications::ProposalId,
            (Proposals::Table, Proposals::Id),
            "fk_notifications_proposal_id",
        ));
    if with_sittings {
        table
            .col(big_integer_null(Notifications::ProposalId))
            .col(big_integer_null(Notifications::SittingId))
            .foreign_key(&mut fk(
                Notifications::SittingId,
                (Sittings::Table, Sittings::Id),
                "fk_notifications_sitting_id",
            ))
            .check((
                "ck_notifications_about_one",
                Expr::cust("(proposal_id IS NULL) <> (sitting_id IS NULL)"),
            ));
    } else {
        table.col(big_integer(Notifications::ProposalId));
    }
    m.create_table(table.take()).await?;

    let db = m.get_connection();
    db.execute_unprepared(&format!(
        "INSERT INTO notifications_next ({SHARED}) SELECT {SHARED} FROM notifications {keep}"
    ))
    .await?;
    m.drop_table(Table::drop().table(Notifications::Table).take())
        .await?;
    m.rename_table(
        Table::rename()
            .table(NotificationsNext::Table, Notifications::Table)
            .take(),
    )
    .await?;
    if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // The copied ids did not move the new table's sequence.
        db.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('notifications', 'id'), \
             COALESCE((SELECT MAX(id) FROM notifications), 0) + 1, false)",
        )
        .await?;
    }
    // Every page counts the signed-in user's unread notifications.
    m.create_index(index(
        Notifications::Table,
        &["user_id", "read_at", "id"],
        false,
    ))
    .await?;
    m.create_index(index(
        Notifications::Table,
        &["delivery", "delivered_at"],
        false,
    ))
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on every backend: the rebuild runs on one
    /// connection (another of SQLite's pool could see the old table), and
    /// a crash halfway leaves the table as it was, never without its rows.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rebuild(m, true, "").await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The old shape cannot hold a notification about a sitting.
        rebuild(m, false, "WHERE proposal_id IS NOT NULL").await
    }
}
