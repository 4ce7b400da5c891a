//! Secret ballots kept apart: who voted (`ballot_receipts`, one row per
//! member and vote, which keeps one ballot per member) and what was voted
//! (`secret_tallies`, three counters per vote) share no column, no id and
//! no time, so the database cannot tell what a member voted. Named ballots
//! stay in `ballots`.
//!
//! Secret ballots written before this migration are moved: their receipts
//! and counts are kept, the rows linking a member to a choice deleted.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BallotReceipts {
    Table,
    VoteId,
    MemberId,
}

#[derive(DeriveIden)]
enum SecretTallies {
    Table,
    VoteId,
    Choice,
    Count,
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// The counters of every secret vote, from its ballots so far.
const MOVE_COUNTS: &str = "INSERT INTO secret_tallies (vote_id, choice, count)
    SELECT v.id, c.choice,
           (SELECT COUNT(*) FROM ballots b WHERE b.vote_id = v.id AND b.choice = c.choice)
    FROM votes v
    CROSS JOIN (SELECT 'pour' AS choice UNION ALL SELECT 'contre' UNION ALL SELECT 'abstention') c
    WHERE v.secret";
const MOVE_RECEIPTS: &str = "INSERT INTO ballot_receipts (vote_id, member_id)
    SELECT b.vote_id, b.member_id FROM ballots b JOIN votes v ON v.id = b.vote_id WHERE v.secret";
const FORGET_CHOICES: &str =
    "DELETE FROM ballots WHERE vote_id IN (SELECT id FROM votes WHERE secret)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(BallotReceipts::Table)
                .col(big_integer(BallotReceipts::VoteId))
                .col(big_integer(BallotReceipts::MemberId))
                .primary_key(
                    Index::create()
                        .col(BallotReceipts::VoteId)
                        .col(BallotReceipts::MemberId),
                )
                .foreign_key(&mut fk(
                    (BallotReceipts::Table, BallotReceipts::VoteId),
                    (Votes::Table, Votes::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (BallotReceipts::Table, BallotReceipts::MemberId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SecretTallies::Table)
                .col(big_integer(SecretTallies::VoteId))
                .col(string_len(SecretTallies::Choice, 16))
                .col(integer(SecretTallies::Count))
                .primary_key(
                    Index::create()
                        .col(SecretTallies::VoteId)
                        .col(SecretTallies::Choice),
                )
                .foreign_key(&mut fk(
                    (SecretTallies::Table, SecretTallies::VoteId),
                    (Votes::Table, Votes::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        // A member's receipts, for their own page.
        m.create_index(index(BallotReceipts::Table, &["member_id"], false))
            .await?;
        let db = m.get_connection();
        db.execute_unprepared(MOVE_COUNTS).await?;
        db.execute_unprepared(MOVE_RECEIPTS).await?;
        db.execute_unprepared(FORGET_CHOICES).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SecretTallies::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(BallotReceipts::Table).to_owned())
            .await
    }
}
