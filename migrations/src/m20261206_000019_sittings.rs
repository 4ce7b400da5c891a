//! Sittings (issue 18): the assembly meets on a date, in a place, with an
//! ordered agenda whose items may take up a proposal.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sittings {
    Table,
    Id,
    Kind,
    State,
    StartsAt,
    EndsAt,
    Place,
    LivestreamUrl,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    SittingId,
    Position,
    Title,
    Minutes,
    Purpose,
    ProposalId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Sittings::Table)
                .col(big_pk_auto(Sittings::Id))
                .col(string_len(Sittings::Kind, 16).default("plenary"))
                .col(string_len(Sittings::State, 20))
                .col(timestamp_with_time_zone(Sittings::StartsAt))
                .col(timestamp_with_time_zone(Sittings::EndsAt))
                .col(string(Sittings::Place))
                .col(string_null(Sittings::LivestreamUrl))
                .col(big_integer_null(Sittings::CreatedBy))
                .col(timestamp_with_time_zone(Sittings::CreatedAt))
                .col(timestamp_with_time_zone(Sittings::UpdatedAt))
                .foreign_key(&mut fk(
                    (Sittings::Table, Sittings::CreatedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(Sittings::Table, &["starts_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(AgendaItems::Table)
                .col(big_pk_auto(AgendaItems::Id))
                .col(big_integer(AgendaItems::SittingId))
                .col(integer(AgendaItems::Position))
                .col(string(AgendaItems::Title))
                .col(integer(AgendaItems::Minutes))
                .col(string_len(AgendaItems::Purpose, 16))
                .col(big_integer_null(AgendaItems::ProposalId))
                .foreign_key(&mut fk(
                    (AgendaItems::Table, AgendaItems::SittingId),
                    (Sittings::Table, Sittings::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (AgendaItems::Table, AgendaItems::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    ForeignKeyAction::SetNull,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(
            AgendaItems::Table,
            &["sitting_id", "position"],
            false,
        ))
        .await?;
        m.create_index(index(AgendaItems::Table, &["proposal_id"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AgendaItems::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sittings::Table).to_owned())
            .await
    }
}
