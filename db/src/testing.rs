//! Fresh databases for tests: a new SQLite file each time, and a new
//! PostgreSQL database when `TEST_POSTGRES_URL` is set.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

use crate::{PoolSettings, connect};

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct TestDb {
    pub url: String,
    pub conn: DatabaseConnection,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("kleroterion_test_{}_{n}_{nanos}", std::process::id())
}

impl TestDb {
    /// A migrated, empty SQLite database in a file of its own.
    pub async fn sqlite() -> TestDb {
        let path = std::env::temp_dir().join(format!("{}.db", unique_name()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let conn = connect(&url, &PoolSettings::default())
            .await
            .expect("a fresh SQLite database opens");
        TestDb {
            url,
            conn,
            cleanup: Cleanup::File(path),
        }
    }

    /// A migrated, empty PostgreSQL database, if `TEST_POSTGRES_URL` is set.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("TEST_POSTGRES_URL").ok()?;
        let name = unique_name();
        let admin = Database::connect(&admin_url)
            .await
            .expect("TEST_POSTGRES_URL answers");
        admin
            .execute_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("CREATE DATABASE \"{name}\""),
            ))
            .await
            .expect("a test database can be created");
        admin.close().await.ok();
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        let conn = connect(&url, &PoolSettings::default())
            .await
            .expect("the fresh PostgreSQL database opens");
        Some(TestDb {
            url,
            conn,
            cleanup: Cleanup::Database { admin_url, name },
        })
    }

    /// SQLite always, and PostgreSQL too when it is configured.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite().await];
        dbs.extend(TestDb::postgres().await);
        dbs
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Closes the pool and removes the database.
    pub async fn remove(self) {
        self.conn.close().await.ok();
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    std::fs::remove_file(p).ok();
                }
            }
            Cleanup::Database { admin_url, name } => {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    admin
                        .execute_raw(Statement::from_string(
                            DbBackend::Postgres,
                            format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                        ))
                        .await
                        .ok();
                    admin.close().await.ok();
                }
            }
        }
    }
}

/// The payload fields `docs/OPEN_DATA.md` lists for each ledger kind, in
/// order; a field marked `?` there may be absent.
fn documented_fields() -> std::collections::BTreeMap<String, Vec<(String, bool)>> {
    const DOCS: &str = include_str!("../../docs/OPEN_DATA.md");
    DOCS.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let kind = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            domain::LedgerKind::parse(kind)?;
            let fields = cells.get(3)?.strip_prefix('`')?.split('`').next()?;
            let fields = fields
                .split_whitespace()
                .map(|f| match f.strip_suffix('?') {
                    Some(optional) => (optional.to_owned(), true),
                    None => (f.to_owned(), false),
                })
                .collect();
            Some((kind.to_owned(), fields))
        })
        .collect()
}

/// The top-level keys of a JSON object, in the order they are written.
fn keys_in_order(json: &str) -> Vec<String> {
    struct Keys;
    impl<'de> serde::de::Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<serde::de::IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }
    }
    use serde::Deserializer;
    serde_json::Deserializer::from_str(json)
        .deserialize_map(Keys)
        .expect("a payload is a JSON object")
}

/// The first column of the first row `sql` returns (a count, an id, a
/// text), on any connection: tests check what was written with it.
pub async fn scalar<T: sea_orm::TryGetable>(conn: &impl ConnectionTrait, sql: &str) -> T {
    conn.query_one_raw(Statement::from_string(
        conn.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
    .unwrap_or_else(|| panic!("{sql}: no row"))
    .try_get_by_index(0)
    .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

/// Panics unless every entry's payload has exactly the fields
/// `docs/OPEN_DATA.md` documents for its kind, in the documented order,
/// and reads back as its kind's typed payload.
pub fn assert_documented(entries: &[ledger::Entry]) {
    let documented = documented_fields();
    for entry in entries {
        let fields = documented
            .get(&entry.kind)
            .unwrap_or_else(|| panic!("{} is not documented in docs/OPEN_DATA.md", entry.kind));
        let keys = keys_in_order(&entry.payload);
        let expected: Vec<&str> = fields
            .iter()
            .filter(|(name, optional)| !optional || keys.contains(name))
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(
            keys, expected,
            "entry {} ({}) against docs/OPEN_DATA.md",
            entry.seq, entry.kind
        );
        let kind = domain::LedgerKind::parse(&entry.kind).expect("a known kind");
        domain::ledger::payload::Payload::deserialize_as(
            kind,
            &mut serde_json::Deserializer::from_str(&entry.payload),
        )
        .unwrap_or_else(|e| panic!("entry {} does not read back: {e}", entry.seq));
    }
}
