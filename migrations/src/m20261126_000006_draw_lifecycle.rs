//! The draw's lifecycle: its set-up (quotas), the committed pool, the seed
//! ceremony, invitations with a deadline, and replacements.

use crate::{fk, index, m20261126_000001_deliberation::Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Draws {
    Table,
    Id,
    Quotas,
    Objective,
    Inputs,
    CommittedAt,
    CommitUntil,
    RevealUntil,
    PublicValueDescription,
    PublicValue,
    RespondDays,
}

#[derive(DeriveIden)]
enum Volunteers {
    Table,
    Name,
    Email,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    InvitedAt,
    RespondBy,
    RespondedAt,
}

#[derive(DeriveIden)]
enum SeedCommitments {
    Table,
    Id,
    DrawId,
    Round,
    UserId,
    Contributor,
    Commitment,
    Secret,
    CommittedAt,
    RevealedAt,
}

#[derive(DeriveIden)]
enum Replacements {
    Table,
    Id,
    DrawId,
    Round,
    Leaver,
    Replacement,
    Seed,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        let draws = [
            // The quota rules as JSON (`lottery::Quotas`), editable until the
            // pool is committed.
            text_null(Draws::Quotas),
            string_len_null(Draws::Objective, 16),
            // The canonical inputs the commitment hash covers.
            text_null(Draws::Inputs),
            timestamp_with_time_zone_null(Draws::CommittedAt),
            timestamp_with_time_zone_null(Draws::CommitUntil),
            timestamp_with_time_zone_null(Draws::RevealUntil),
            text_null(Draws::PublicValueDescription),
            text_null(Draws::PublicValue),
            integer(Draws::RespondDays).default(14).take(),
        ];
        for mut column in draws {
            m.alter_table(
                Table::alter()
                    .table(Draws::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        // Respondents of a letter campaign have no account: how to reach
        // them if drawn. Private; never exported.
        for mut column in [
            string_len_null(Volunteers::Name, 120),
            string_len_null(Volunteers::Email, 254),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Volunteers::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        for mut column in [
            timestamp_with_time_zone_null(Memberships::InvitedAt),
            timestamp_with_time_zone_null(Memberships::RespondBy),
            timestamp_with_time_zone_null(Memberships::RespondedAt),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Memberships::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(SeedCommitments::Table)
                .col(big_pk_auto(SeedCommitments::Id))
                .col(big_integer(SeedCommitments::DrawId))
                // 0 for the draw; n for the n-th replacement round.
                .col(integer(SeedCommitments::Round))
                .col(big_integer_null(SeedCommitments::UserId))
                .col(string_len(SeedCommitments::Contributor, 40))
                .col(string_len(SeedCommitments::Commitment, 64))
                .col(string_len_null(SeedCommitments::Secret, 200))
                .col(timestamp_with_time_zone(SeedCommitments::CommittedAt))
                .col(timestamp_with_time_zone_null(SeedCommitments::RevealedAt))
                .foreign_key(&mut fk(
                    (SeedCommitments::Table, SeedCommitments::DrawId),
                    (Draws::Table, Draws::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (SeedCommitments::Table, SeedCommitments::UserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(
            SeedCommitments::Table,
            &["draw_id", "round", "contributor"],
            true,
        ))
        .await?;
        m.create_index(index(
            SeedCommitments::Table,
            &["draw_id", "round", "user_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Replacements::Table)
                .col(big_pk_auto(Replacements::Id))
                .col(big_integer(Replacements::DrawId))
                .col(integer(Replacements::Round))
                .col(string_len(Replacements::Leaver, 32))
                .col(string_len(Replacements::Replacement, 32))
                .col(string_len(Replacements::Seed, 64))
                .col(timestamp_with_time_zone(Replacements::At))
                .foreign_key(&mut fk(
                    (Replacements::Table, Replacements::DrawId),
                    (Draws::Table, Draws::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(Replacements::Table, &["draw_id", "round"], false))
            .await
    }
}
