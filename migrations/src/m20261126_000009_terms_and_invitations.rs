//! Renewal and invitations by e-mail: the draw that prepares the next
//! cohort names the one it renews (at most one each), and each invitation
//! records when its e-mail left and how many attempts failed, so that the
//! mailer resumes after a crash without losing or repeating a message.

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
    NotifyAttempts,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Draws::Table)
                .add_column(&mut big_integer_null(Draws::RenewsDrawId))
                .take(),
        )
        .await?;
        m.create_index(index(Draws::Table, &["renews_draw_id"], true))
            .await?;
        for mut column in [
            timestamp_with_time_zone_null(Memberships::NotifiedAt),
            integer(Memberships::NotifyAttempts).default(0).take(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Memberships::Table)
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
