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

/// A table a view reads, and the columns of it the view shows (`UPDATE
/// OF`; `None`: any update). A proposal's counters move with every support
/// and comment, which neither view shows.
type Read = (&'static str, Option<&'static str>);

/// The accountability board (`/suivi`).
const BOARD: [Read; 8] = [
    ("proposals", Some("status, title, theme_id")),
    ("proposal_events", None),
    ("city_referrals", None),
    ("city_responses", None),
    ("milestones", None),
    ("commitments", None),
    ("departments", None),
    ("themes", None),
];

/// The assembly's composition and turnout (`/assemblee`).
const ASSEMBLY: [Read; 11] = [
    ("draws", None),
    ("memberships", None),
    ("volunteers", None),
    ("replacements", None),
    ("sittings", None),
    ("sitting_attendance", None),
    ("sitting_replies", None),
    ("votes", None),
    ("ballots", None),
    ("secret_tallies", None),
    ("proposals", Some("title")),
];

const VIEWS: [(&str, &[Read]); 2] = [("board", &BOARD), ("assembly", &ASSEMBLY)];

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
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        for (view, reads) in VIEWS {
            db.execute_unprepared(&format!(
                "INSERT INTO data_versions (name, n) VALUES ('{view}', 0)"
            ))
            .await?;
            let bump = format!("UPDATE data_versions SET n = n + 1 WHERE name = '{view}'");
            if postgres {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION data_versions_{view}() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN {bump}; RETURN NULL; END $$"
                ))
                .await?;
            }
            for (table, columns) in reads {
                let update = columns.map_or("UPDATE".to_owned(), |c| format!("UPDATE OF {c}"));
                if postgres {
                    // Once per statement: a bulk insert moves it once.
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_{view} AFTER INSERT OR DELETE OR {update} ON {table}
                         FOR EACH STATEMENT EXECUTE FUNCTION data_versions_{view}()"
                    ))
                    .await?;
                } else {
                    for (event, name) in [
                        ("INSERT", "insert"),
                        (&update, "update"),
                        ("DELETE", "delete"),
                    ] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_{view}_{name} AFTER {event} ON {table}
                             BEGIN {bump}; END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        for (view, reads) in VIEWS {
            for (table, _) in reads {
                if postgres {
                    db.execute_unprepared(&format!("DROP TRIGGER {table}_{view} ON {table}"))
                        .await?;
                } else {
                    for name in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER {table}_{view}_{name}"))
                            .await?;
                    }
                }
            }
            if postgres {
                db.execute_unprepared(&format!("DROP FUNCTION data_versions_{view}()"))
                    .await?;
            }
        }
        m.drop_table(Table::drop().table(DataVersions::Table).to_owned())
            .await
    }
}
