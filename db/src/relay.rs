//! Several server instances on one PostgreSQL database relay each other's
//! draft edits: the edit is stored as a row, and its id announced with
//! NOTIFY (payloads are capped at 8,000 bytes; ids always fit). They also
//! relay what open pages should reload (a proposal's comments, a draft's
//! suggestions), on a second channel. SQLite has one instance, so nothing
//! to relay.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

/// The channel of draft edits.
pub const CHANNEL: &str = "kleroterion_drafts";

/// The channel of what open pages should reload.
pub const LIVE_CHANNEL: &str = "kleroterion_live";

/// Whether this database can relay between instances.
pub fn available(conn: &DatabaseConnection) -> bool {
    conn.get_database_backend() == DbBackend::Postgres
}

/// What an instance announces once edits of a draft are stored:
/// `{draft}:{id},{id}…:{instance}` (ids only; at most 500 a payload keeps
/// it well under NOTIFY's 8,000 bytes).
pub fn payloads(draft_id: i64, ids: &[i64], instance: u64) -> Vec<String> {
    ids.chunks(500)
        .map(|chunk| {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            format!("{draft_id}:{}:{instance}", list.join(","))
        })
        .collect()
}

/// The draft, the edits' ids and the announcing instance, from a payload.
pub fn parse(payload: &str) -> Option<(i64, Vec<i64>, u64)> {
    let mut parts = payload.split(':');
    let (draft, ids, instance) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let ids: Vec<i64> = ids.split(',').filter_map(|id| id.parse().ok()).collect();
    Some((draft.parse().ok()?, ids, instance.parse().ok()?)).filter(|(_, ids, _)| !ids.is_empty())
}

/// Announces a payload on `channel` to every instance listening (itself
/// included); in a transaction, when it commits.
pub async fn notify(
    conn: &impl ConnectionTrait,
    channel: &str,
    payload: &str,
) -> Result<(), DbErr> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    conn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [channel.into(), payload.into()],
    ))
    .await?;
    Ok(())
}

/// A connection listening on [`CHANNEL`] and [`LIVE_CHANNEL`], or `None`
/// on SQLite. It reconnects by itself if the database restarts.
pub async fn listen(
    conn: &DatabaseConnection,
) -> Result<Option<sqlx::postgres::PgListener>, DbErr> {
    if !available(conn) {
        return Ok(None);
    }
    let pool = conn.get_postgres_connection_pool();
    let mut listener = sqlx::postgres::PgListener::connect_with(pool)
        .await
        .map_err(|e| DbErr::Custom(format!("cannot listen to the other instances: {e}")))?;
    listener
        .listen_all([CHANNEL, LIVE_CHANNEL])
        .await
        .map_err(|e| DbErr::Custom(format!("cannot listen to the other instances: {e}")))?;
    Ok(Some(listener))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_back_and_stay_small() {
        let ids: Vec<i64> = (1_000_000..1_001_200).collect();
        let all = payloads(12, &ids, u64::MAX);
        assert_eq!(all.len(), 3);
        let mut back = Vec::new();
        for p in &all {
            assert!(p.len() < 8000, "{}", p.len());
            let (draft, ids, instance) = parse(p).unwrap();
            assert_eq!((draft, instance), (12, u64::MAX));
            back.extend(ids);
        }
        assert_eq!(back, ids);
        assert_eq!(parse("12::3"), None);
        assert_eq!(parse("12:1:3:4"), None);
        assert_eq!(parse("x:1:3"), None);
    }
}
