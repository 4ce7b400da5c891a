//! Several server instances on one PostgreSQL database relay each other's
//! draft edits: the edit is stored as a row, and its id announced with
//! NOTIFY (payloads are capped at 8,000 bytes; ids always fit). SQLite has
//! one instance, so nothing to relay.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

/// The channel instances listen on.
pub const CHANNEL: &str = "kleroterion_drafts";

/// Whether this database can relay between instances.
pub fn available(conn: &DatabaseConnection) -> bool {
    conn.get_database_backend() == DbBackend::Postgres
}

/// Announces a payload to every instance listening (itself included).
pub async fn notify(conn: &impl ConnectionTrait, payload: &str) -> Result<(), DbErr> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    conn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await?;
    Ok(())
}

/// A connection listening on [`CHANNEL`], or `None` on SQLite. It
/// reconnects by itself if the database restarts.
pub async fn listen(
    conn: &DatabaseConnection,
) -> Result<Option<sqlx::postgres::PgListener>, DbErr> {
    if !available(conn) {
        return Ok(None);
    }
    let pool = conn.get_postgres_connection_pool();
    let mut listener = sqlx::postgres::PgListener::connect_with(pool)
        .await
        .map_err(|e| DbErr::Custom(format!("cannot listen for draft edits: {e}")))?;
    listener
        .listen(CHANNEL)
        .await
        .map_err(|e| DbErr::Custom(format!("cannot listen for draft edits: {e}")))?;
    Ok(Some(listener))
}
