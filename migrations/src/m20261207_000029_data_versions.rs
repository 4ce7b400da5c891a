//! Versions of what public pages show (issues 20 and 23): a counter per
//! view, moved by the database itself whenever a table the view reads
//! changes, so that a server may keep the view computed and know, with one
//! cheap read, whether it is still true. Triggers rather than code: no
//! write path can forget to move it, and every instance on one PostgreSQL
//! sees the same counter.

use sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DataVersions {
    Table,
    Name,
    N,
}

/// The accountability board (`/suivi`) and what it reads: `UPDATE OF`
/// lists the columns it shows (a proposal's counters move with every
/// support and comment, which the board does not show); `None` is any
/// update.
const BOARD: [(&str, Option<&str>); 8] = [
    ("proposals", Some("status, title, theme_id")),
    ("proposal_events", None),
    ("city_referrals", None),
    ("city_responses", None),
    ("milestones", None),
    ("commitments", None),
    ("departments", None),
    ("themes", None),
];

const BUMP_BOARD: &str = "UPDATE data_versions SET n = n + 1 WHERE name = 'board'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DataVersions::Table)
                .col(string_len(DataVersions::Name, 40).primary_key())
                .col(big_integer(DataVersions::N).default(0))
                .take(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared("INSERT INTO data_versions (name, n) VALUES ('board', 0)")
            .await?;
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        if postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION data_versions_board() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN {BUMP_BOARD}; RETURN NULL; END $$"
            ))
            .await?;
        }
        for (table, columns) in BOARD {
            let update = columns.map_or("UPDATE".to_owned(), |c| format!("UPDATE OF {c}"));
            if postgres {
                // Once per statement: a bulk insert moves it once.
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_board AFTER INSERT OR DELETE OR {update} ON {table}
                     FOR EACH STATEMENT EXECUTE FUNCTION data_versions_board()"
                ))
                .await?;
            } else {
                for (event, name) in [
                    ("INSERT", "insert"),
                    (&update, "update"),
                    ("DELETE", "delete"),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_board_{name} AFTER {event} ON {table}
                         BEGIN {BUMP_BOARD}; END"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        for (table, _) in BOARD {
            if postgres {
                db.execute_unprepared(&format!("DROP TRIGGER {table}_board ON {table}"))
                    .await?;
            } else {
                for name in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER {table}_board_{name}"))
                        .await?;
                }
            }
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION data_versions_board()")
                .await?;
        }
        m.drop_table(Table::drop().table(DataVersions::Table).to_owned())
            .await
    }
}
