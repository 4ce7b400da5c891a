//! The public ledger (append-only, enforced by the database itself) and the
//! versions of each proposal's text.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Seq,
    At,
    Kind,
    Subject,
    Payload,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum ProposalVersions {
    Table,
    Id,
    ProposalId,
    Number,
    Title,
    Body,
    AmendmentId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Amendments {
    Table,
    Id,
}

/// The same rules on both databases: no update, no delete, and an insert
/// must be the next number and name the current last hash. A chain whose
/// hashes are wrong can still be inserted by someone with database access;
/// that is what the hash chain and its public checkpoints catch.
const SQLITE_GUARDS: [&str; 3] = [
    "CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
     BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END",
    "CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
     BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END",
    "CREATE TRIGGER ledger_entries_in_order BEFORE INSERT ON ledger_entries
     WHEN NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_entries)
       OR NEW.prev_hash <> COALESCE(
            (SELECT hash FROM ledger_entries ORDER BY seq DESC LIMIT 1),
            '0000000000000000000000000000000000000000000000000000000000000000')
     BEGIN SELECT RAISE(ABORT, 'a ledger entry must follow the last one'); END",
];

const POSTGRES_GUARDS: [&str; 5] = [
    "CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$",
    "CREATE FUNCTION ledger_check_order() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE last_seq bigint; last_hash text;
     BEGIN
       SELECT seq, hash INTO last_seq, last_hash FROM ledger_entries ORDER BY seq DESC LIMIT 1;
       IF NEW.seq <> COALESCE(last_seq, 0) + 1 OR NEW.prev_hash <> COALESCE(last_hash,
          '0000000000000000000000000000000000000000000000000000000000000000') THEN
         RAISE EXCEPTION 'a ledger entry must follow the last one';
       END IF;
       RETURN NEW;
     END $$",
    "CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
     FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
    "CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
     FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()",
    "CREATE TRIGGER ledger_entries_in_order BEFORE INSERT ON ledger_entries
     FOR EACH ROW EXECUTE FUNCTION ledger_check_order()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table(LedgerEntries::Table)
                .col(big_integer(LedgerEntries::Seq).primary_key())
                // Text, exactly as hashed: a timestamp type could print it
                // back differently.
                .col(string_len(LedgerEntries::At, 32))
                .col(string_len(LedgerEntries::Kind, 40))
                .col(string_len(LedgerEntries::Subject, 80))
                .col(text(LedgerEntries::Payload))
                .col(string_len(LedgerEntries::PrevHash, 64))
                .col(string_len_uniq(LedgerEntries::Hash, 64))
                .take(),
        )
        .await?;
        m.create_index(index(LedgerEntries::Table, &["subject", "seq"], false))
            .await?;
        let guards: &[&str] = match m.get_database_backend() {
            DbBackend::Postgres => &POSTGRES_GUARDS,
            _ => &SQLITE_GUARDS,
        };
        for sql in guards {
            m.get_connection().execute_unprepared(sql).await?;
        }

        m.create_table(
            Table::create()
                .table(ProposalVersions::Table)
                .col(big_pk_auto(ProposalVersions::Id))
                .col(big_integer(ProposalVersions::ProposalId))
                .col(integer(ProposalVersions::Number))
                .col(string_len(ProposalVersions::Title, 200))
                .col(text(ProposalVersions::Body))
                // The amendment that made this version; none for the first.
                .col(big_integer_null(ProposalVersions::AmendmentId))
                .col(timestamp_with_time_zone(ProposalVersions::CreatedAt))
                .foreign_key(&mut fk(
                    (ProposalVersions::Table, ProposalVersions::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (ProposalVersions::Table, ProposalVersions::AmendmentId),
                    (Amendments::Table, Amendments::Id),
                    SetNull,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(
            ProposalVersions::Table,
            &["proposal_id", "number"],
            true,
        ))
        .await
    }
}
