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
