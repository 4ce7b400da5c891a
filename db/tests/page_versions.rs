//! The version of everything public pages show (`data_versions.pages`,
//! issue 23): the server keeps anonymous pages under it, so every table a
//! public page reads must move it, and a table must be listed as unshown
//! (`db::kept::UNSHOWN`) to be left out.

use db::kept::{PAGES, UNSHOWN, version};
use db::testing::TestDb;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

async fn names(db: &TestDb, sql: &str) -> Vec<String> {
    db.conn
        .query_all_raw(Statement::from_string(db.backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

#[tokio::test]
async fn every_table_moves_the_pages_version_unless_no_public_page_shows_it() {
    for db in TestDb::all().await {
        let (tables, triggered) = match db.backend() {
            DbBackend::Postgres => (
                names(
                    &db,
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
                )
                .await,
                names(
                    &db,
                    "SELECT DISTINCT event_object_table::text FROM information_schema.triggers \
                     WHERE trigger_name LIKE '%\\_pages'",
                )
                .await,
            ),
            _ => (
                names(&db, "SELECT name FROM sqlite_master WHERE type = 'table'").await,
                names(
                    &db,
                    "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' \
                     AND name LIKE '%\\_pages\\_insert' ESCAPE '\\'",
                )
                .await,
            ),
        };
        // The migrations' own table, SQLite's and the search index's
        // (rebuilt from proposals, which move the version).
        let tables: Vec<&String> = tables
            .iter()
            .filter(|t| {
                !t.starts_with("sqlite_")
                    && !t.starts_with("proposals_fts")
                    && *t != "seaql_migrations"
            })
            .collect();
        assert!(tables.len() > 40, "{tables:?}");
        for table in tables {
            let shown = triggered.contains(table);
            let unshown = UNSHOWN.contains(&table.as_str());
            assert!(
                shown != unshown,
                "{table}: a public page shows it ({shown}) or it is listed unshown ({unshown}), one of the two"
            );
        }
        assert!(UNSHOWN.iter().all(|t| !triggered.iter().any(|x| x == t)));

        // A write to a shown table moves it; to an unshown one, not.
        let at_start = version(&db.conn, PAGES).await.unwrap();
        db.conn
            .execute_unprepared(
                "INSERT INTO app_meta (key, value) VALUES ('a test', 'not on any page')",
            )
            .await
            .unwrap();
        assert_eq!(version(&db.conn, PAGES).await.unwrap(), at_start);
        db.conn
            .execute_unprepared("UPDATE themes SET name_en = name_en || ' (renamed)'")
            .await
            .unwrap();
        assert!(version(&db.conn, PAGES).await.unwrap() > at_start);
        db.remove().await;
    }
}
