//! Opening the database (SQLite or PostgreSQL, migrated at start-up) and
//! beginning write transactions.

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    TransactionTrait,
};

/// Begins a transaction that will write. On SQLite it takes the write lock
/// first, with a write that changes nothing: the transaction then waits its
/// turn (the busy timeout) instead of failing at its first real write with
/// "database is locked" when another writer committed after its first read
/// (in WAL mode no waiting can resolve that).
pub async fn write_txn<C>(conn: &C) -> Result<C::Transaction, DbErr>
where
    C: TransactionTrait + ConnectionTrait,
    C::Transaction: ConnectionTrait,
{
    let txn = conn.begin().await?;
    if conn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE app_meta SET value = value WHERE 0")
            .await?;
    }
    Ok(txn)
}

/// Why the database could not be opened, worded for the person who
/// configured it.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "DATABASE_URL must start with sqlite:// or postgres:// (got {0:?}); \
         for example sqlite://data/kleroterion.db?mode=rwc"
    )]
    UnsupportedUrl(String),
    #[error("cannot create the folder {path} for the SQLite database: {reason}")]
    Folder { path: String, reason: String },
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot migrate the database {url}: {reason}")]
    Migrate { url: String, reason: String },
}

/// Pool and timeout settings. The defaults suit one server process.
#[derive(Clone, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    pub busy_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 16,
            acquire_timeout: Duration::from_secs(5),
            busy_timeout: Duration::from_secs(5),
        }
    }
}

/// Opens a pool on SQLite or PostgreSQL and brings the schema up to date.
///
/// SQLite runs in WAL mode (readers never wait for the writer), with
/// `synchronous=NORMAL` (durable across process crashes, which is what WAL
/// guarantees) and a busy timeout so that concurrent writers queue instead of
/// failing.
pub async fn connect(
    url: &str,
    settings: &PoolSettings,
) -> Result<DatabaseConnection, ConnectError> {
    let backend = if url.starts_with("sqlite:") {
        ensure_sqlite_folder(url)?;
        DbBackend::Sqlite
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        DbBackend::Postgres
    } else {
        return Err(ConnectError::UnsupportedUrl(redact(url)));
    };
    let mut options = ConnectOptions::new(url.to_owned());
    let busy = settings.busy_timeout;
    options
        .max_connections(settings.max_connections)
        .min_connections(1)
        .acquire_timeout(settings.acquire_timeout)
        .connect_timeout(settings.acquire_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy)
                .foreign_keys(true)
        });
    let open_error = |e: DbErr| ConnectError::Open {
        url: redact(url),
        reason: first_line(&e.to_string()),
    };
    let conn = Database::connect(options).await.map_err(open_error)?;
    ping(&conn).await.map_err(open_error)?;
    debug_assert_eq!(conn.get_database_backend(), backend);
    Migrator::up(&conn, None)
        .await
        .map_err(|e| ConnectError::Migrate {
            url: redact(url),
            reason: first_line(&e.to_string()),
        })?;
    Ok(conn)
}

/// Checks that the database answers (used by `/readyz`).
pub async fn ping(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = conn.get_database_backend();
    conn.execute_raw(Statement::from_string(backend, "SELECT 1"))
        .await?;
    Ok(())
}

/// SQLite does not create missing folders; a fresh clone has no `data/`.
fn ensure_sqlite_folder(url: &str) -> Result<(), ConnectError> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|e| ConnectError::Folder {
                path: parent.display().to_string(),
                reason: e.to_string(),
            })
        }
        _ => Ok(()),
    }
}

/// Hides a password in a URL before it reaches a log line or an error.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/k"),
            "postgres://app:***@db:5432/k"
        );
        assert_eq!(redact("sqlite://data/k.db"), "sqlite://data/k.db");
    }

    #[tokio::test]
    async fn an_unknown_scheme_is_refused_with_an_example() {
        let err = connect("mysql://x", &PoolSettings::default())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("sqlite://data/kleroterion.db"));
    }
}
