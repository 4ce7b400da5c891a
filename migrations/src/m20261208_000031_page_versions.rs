//! The version of everything public pages show (issue 23): one row of
//! `data_versions`, `pages`, moved by the database on every write to a
//! table a public page reads, so the server may keep rendered pages for
//! anonymous visitors and know with one read whether they are still true
//! (see the server's `page_cache`). The tables left out are those no
//! public page shows, listed in `db::kept::UNSHOWN`; a test holds every
//! table to one list or the other, so a table added later must choose.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A table public pages read, and the columns of it they show (`UPDATE
/// OF`; `None`: any update). Drafts fold their live edits into their
/// snapshot, which no public page shows; users' passwords and sign-in
/// details are not shown either.
const SHOWN: [(&str, Option<&str>); 38] = [
    ("agenda_items", None),
    ("amendments", None),
    ("ballot_receipts", None),
    ("ballots", None),
    ("city_referrals", None),
    ("city_responses", None),
    ("comment_upvotes", None),
    ("comments", None),
    ("commitments", None),
    ("department_officials", None),
    ("departments", None),
    ("draft_authors", None),
    ("draft_versions", None),
    (
        "drafts",
        Some("title, proposal_id, sitting_id, owner_id, theme_id"),
    ),
    ("draws", None),
    ("floor_requests", None),
    ("ledger_entries", None),
    ("memberships", None),
    ("milestones", None),
    ("proposal_events", None),
    ("proposal_versions", None),
    ("proposals", None),
    ("replacement_rounds", None),
    ("replacements", None),
    ("role_changes", None),
    ("secret_tallies", None),
    ("seed_commitments", None),
    ("sitting_attendance", None),
    ("sitting_hands", None),
    ("sitting_replies", None),
    ("sittings", None),
    ("supports", None),
    ("themes", None),
    (
        "users",
        Some("display_name, deleted_at, is_facilitator, is_city_official"),
    ),
    ("volunteers", None),
    ("votes", None),
    ("proposal_follows", None),
    ("theme_follows", None),
];

const VIEW: &str = "pages";

/// On PostgreSQL every move of a version first takes this transaction
/// lock: version rows are few and shared, and two transactions moving two
/// of them in opposite orders (a ballot's receipt moves `pages` before its
/// tally moves `assembly`; another statement moves `assembly` first)
/// deadlocked. Under one gate, whoever moves a version may move them all.
const GATE: &str = "PERFORM pg_advisory_xact_lock(7302316);";

/// The functions of migration `data_versions` (board, assembly), given the
/// gate here; `down` puts them back as they were.
const EARLIER_VIEWS: [&str; 2] = ["board", "assembly"];

fn bump_function(view: &str, gate: &str) -> String {
    format!(
        "CREATE OR REPLACE FUNCTION data_versions_{view}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN {gate} UPDATE data_versions SET n = n + 1 WHERE name = '{view}'; RETURN NULL; END $$"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        db.execute_unprepared(&format!(
            "INSERT INTO data_versions (name, n) VALUES ('{VIEW}', 0)"
        ))
        .await?;
        let bump = format!("UPDATE data_versions SET n = n + 1 WHERE name = '{VIEW}'");
        if postgres {
            for view in EARLIER_VIEWS.into_iter().chain([VIEW]) {
                db.execute_unprepared(&bump_function(view, GATE)).await?;
            }
        }
        for (table, columns) in SHOWN {
            let update = columns.map_or("UPDATE".to_owned(), |c| format!("UPDATE OF {c}"));
            if postgres {
                // Once per statement: a bulk insert moves it once.
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_{VIEW} AFTER INSERT OR DELETE OR {update} ON {table}
                     FOR EACH STATEMENT EXECUTE FUNCTION data_versions_{VIEW}()"
                ))
                .await?;
            } else {
                for (event, name) in [
                    ("INSERT", "insert"),
                    (&update, "update"),
                    ("DELETE", "delete"),
                ] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_{VIEW}_{name} AFTER {event} ON {table}
                         BEGIN {bump}; END"
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
        for (table, _) in SHOWN {
            if postgres {
                db.execute_unprepared(&format!("DROP TRIGGER {table}_{VIEW} ON {table}"))
                    .await?;
            } else {
                for name in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER {table}_{VIEW}_{name}"))
                        .await?;
                }
            }
        }
        if postgres {
            db.execute_unprepared(&format!("DROP FUNCTION data_versions_{VIEW}()"))
                .await?;
            for view in EARLIER_VIEWS {
                db.execute_unprepared(&bump_function(view, "")).await?;
            }
        }
        db.execute_unprepared(&format!("DELETE FROM data_versions WHERE name = '{VIEW}'"))
            .await?;
        Ok(())
    }
}
