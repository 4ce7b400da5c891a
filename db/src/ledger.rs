//! The public ledger: appending entries (in the same transaction as the
//! decision they record) and reading them back.

use chrono::{DateTime, SecondsFormat, Utc};
use domain::ledger::payload::Payload;
use domain::{LedgerKind, Page, Subject};
use ledger::Entry;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Statement,
};

use crate::entity::ledger_entry;

/// Entries per page on `/ledger`.
pub const PER_PAGE: u32 = 50;

/// Appends an entry after the current last one and returns it.
///
/// Takes a transaction so that a decision and its entry commit together. On
/// PostgreSQL appenders queue on a table lock (readers are not blocked); on
/// SQLite the transaction already holds the single write lock once it has
/// written the decision.
pub async fn append(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    payload: impl Into<Payload>,
) -> Result<Entry, DbErr> {
    let payload = payload.into();
    let (kind, subject) = (payload.kind(), payload.subject());
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            "LOCK TABLE ledger_entries IN EXCLUSIVE MODE",
        ))
        .await?;
    }
    let last = ledger_entry::Entity::find()
        .order_by_desc(ledger_entry::Column::Seq)
        .one(txn)
        .await?;
    let (seq, prev_hash) = match last {
        Some(l) => (l.seq + 1, l.hash),
        None => (1, ledger::GENESIS.to_owned()),
    };
    let payload = serde_json::to_string(&payload).map_err(|e| DbErr::Custom(e.to_string()))?;
    let entry = Entry::seal(
        u64::try_from(seq).map_err(|e| DbErr::Custom(e.to_string()))?,
        at.to_rfc3339_opts(SecondsFormat::Secs, true),
        kind.as_str().to_owned(),
        subject.to_string(),
        payload,
        prev_hash,
    );
    ledger_entry::Entity::insert(ledger_entry::ActiveModel {
        seq: Set(seq),
        at: Set(entry.at.clone()),
        kind: Set(entry.kind.clone()),
        subject: Set(entry.subject.clone()),
        payload: Set(entry.payload.clone()),
        prev_hash: Set(entry.prev_hash.clone()),
        hash: Set(entry.hash.clone()),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(entry)
}

fn to_entry(m: ledger_entry::Model) -> Entry {
    Entry {
        seq: u64::try_from(m.seq).unwrap_or(0),
        at: m.at,
        kind: m.kind,
        subject: m.subject,
        payload: m.payload,
        prev_hash: m.prev_hash,
        hash: m.hash,
    }
}

/// The whole chain in order, as published at `/api/export/ledger.json`.
#[tracing::instrument(skip(conn))]
pub async fn all(conn: &impl ConnectionTrait) -> Result<Vec<Entry>, DbErr> {
    Ok(ledger_entry::Entity::find()
        .order_by_asc(ledger_entry::Column::Seq)
        .all(conn)
        .await?
        .into_iter()
        .map(to_entry)
        .collect())
}

/// One page of entries, newest first, optionally about one subject.
#[tracing::instrument(skip(conn))]
pub async fn page(
    conn: &impl ConnectionTrait,
    subject: Option<Subject>,
    page: u32,
) -> Result<Page<Entry>, DbErr> {
    let mut query = ledger_entry::Entity::find().order_by_desc(ledger_entry::Column::Seq);
    if let Some(subject) = subject {
        query = query.filter(ledger_entry::Column::Subject.eq(subject.to_string()));
    }
    let pages = query.paginate(conn, u64::from(PER_PAGE));
    let total = pages.num_items().await?;
    let items = pages
        .fetch_page(u64::from(page.max(1) - 1))
        .await?
        .into_iter()
        .map(to_entry)
        .collect();
    Ok(Page {
        items,
        page: page.max(1),
        per_page: PER_PAGE,
        total,
    })
}

/// The newest entries of the given kinds (for the Atom feed).
pub async fn latest_of(
    conn: &impl ConnectionTrait,
    kinds: &[LedgerKind],
    limit: u64,
) -> Result<Vec<Entry>, DbErr> {
    use sea_orm::QuerySelect;
    Ok(ledger_entry::Entity::find()
        .filter(ledger_entry::Column::Kind.is_in(kinds.iter().map(|k| k.as_str())))
        .order_by_desc(ledger_entry::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(to_entry)
        .collect())
}

/// Checks the stored chain as the browser does.
pub async fn verify(conn: &impl ConnectionTrait) -> Result<ledger::Report, DbErr> {
    Ok(ledger::verify(&all(conn).await?, &[]))
}
