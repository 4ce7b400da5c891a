//! The city's commitments (issue 20): an accepted or partly accepted
//! answer carries dated commitments, and progress reports (milestones)
//! may be made against one of them.

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Commitments {
    Table,
    Id,
    ProposalId,
    Title,
    Due,
    Progress,
    DoneAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Milestones {
    Table,
    CommitmentId,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // `progress` and `done_at` repeat the latest report against the
        // commitment, so that the board reads one row per commitment.
        m.create_table(
            Table::create()
                .table(Commitments::Table)
                .col(big_pk_auto(Commitments::Id))
                .col(big_integer(Commitments::ProposalId))
                .col(string_len(Commitments::Title, 200))
                .col(timestamp_with_time_zone(Commitments::Due))
                .col(small_integer(Commitments::Progress).default(0))
                .col(timestamp_with_time_zone_null(Commitments::DoneAt))
                .col(big_integer(Commitments::CreatedBy))
                .col(timestamp_with_time_zone(Commitments::CreatedAt))
                .foreign_key(&mut fk(
                    (Commitments::Table, Commitments::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(crate::index(
            Commitments::Table,
            &["proposal_id", "due"],
            false,
        ))
        .await?;
        crate::add_column(
            m,
            Milestones::Table,
            big_integer_null(Milestones::CommitmentId),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_column(m, Milestones::Table, Milestones::CommitmentId).await?;
        m.drop_table(Table::drop().table(Commitments::Table).to_owned())
            .await
    }
}
