//! Renewal and invitations by e-mail: the draw that prepares the next
//! cohort names the one it renews (at most one each); each invitation
//! records when its e-mail was queued, and the outbox when each message
//! left (or how many attempts failed), so that the mailer resumes after a
//! crash without losing a message.

use crate::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Draws {
    Table,
    RenewsDrawId,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    NotifiedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    SentAt,
    Attempts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Draws::Table)
                .add_column(big_integer_null(Draws::RenewsDrawId))
                .take(),
        )
        .await?;
        m.create_index(index(Draws::Table, &["renews_draw_id"], true))
            .await?;
        m.alter_table(
            Table::alter()
                .table(Memberships::Table)
                .add_column(timestamp_with_time_zone_null(Memberships::NotifiedAt))
                .take(),
        )
        .await?;
        for mut column in [
            timestamp_with_time_zone_null(Outbox::SentAt),
            integer(Outbox::Attempts).default(0).take(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        // Invitations made before this migration were seen in the app.
        m.get_connection()
            .execute_unprepared(
                "UPDATE memberships SET notified_at = invited_at WHERE invited_at IS NOT NULL",
            )
            .await?;
        Ok(())
    }
}
