//! Full-text search on proposals' titles and summaries: scanning 10,000
//! proposals with LIKE served 39 searches a second.

use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An FTS5 index kept in step with the proposals by triggers; accents are
/// folded ("velo" finds "vélo").
const SQLITE: [&str; 5] = [
    "CREATE VIRTUAL TABLE proposals_fts USING fts5(
        title, summary, content='proposals', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO proposals_fts(proposals_fts) VALUES ('rebuild')",
    "CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals BEGIN
        INSERT INTO proposals_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
     END",
    "CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals BEGIN
        INSERT INTO proposals_fts(proposals_fts, rowid, title, summary)
        VALUES ('delete', old.id, old.title, old.summary);
     END",
    "CREATE TRIGGER proposals_fts_update AFTER UPDATE OF title, summary ON proposals BEGIN
        INSERT INTO proposals_fts(proposals_fts, rowid, title, summary)
        VALUES ('delete', old.id, old.title, old.summary);
        INSERT INTO proposals_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
     END",
];

/// A GIN index on the same expression the query uses (`db::proposals`).
const POSTGRES: [&str; 1] = ["CREATE INDEX ix_proposals_search ON proposals
    USING GIN (to_tsvector('simple', title || ' ' || summary))"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let statements: &[&str] = match m.get_database_backend() {
            DbBackend::Postgres => &POSTGRES,
            _ => &SQLITE,
        };
        for sql in statements {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
