//! The day a member left (issue 20): until now a departure only changed
//! the membership's status, so a past sitting's seated and present counts
//! forgot everyone who had left since. A member who leaves on day L sat on
//! the days of their term before L.
//!
//! Earlier departures get the day their replacement round was announced
//! (they had left by then); a departure not yet put to a round stays
//! without a day and counts as never seated, as before.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    LeftOn,
}

const FILL: &str = "UPDATE memberships SET left_on = (
    SELECT {day}
    FROM replacements r
    JOIN replacement_rounds rr ON rr.draw_id = r.draw_id AND rr.round = r.round
    JOIN volunteers v ON v.pseudonym = r.leaver
    WHERE v.id = memberships.volunteer_id AND r.draw_id = memberships.draw_id
) WHERE status = 'left'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Memberships::Table)
                .add_column(date_null(Memberships::LeftOn))
                .take(),
        )
        .await?;
        // The Paris day of the announcement; SQLite keeps instants as UTC
        // text and has no time zones, so there it is the UTC day (the same
        // but for an announcement made after 22:00 UTC).
        let day = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => {
                "(min(rr.announced_at) AT TIME ZONE 'Europe/Paris')::date"
            }
            _ => "substr(min(rr.announced_at), 1, 10)",
        };
        m.get_connection()
            .execute_unprepared(&FILL.replace("{day}", day))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Memberships::Table)
                .drop_column(Memberships::LeftOn)
                .take(),
        )
        .await
    }
}
