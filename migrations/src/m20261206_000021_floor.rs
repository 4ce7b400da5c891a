//! The floor of an open sitting (issue 18): the agenda item under way, the
//! members' requests to speak (the queue, the speaker, who spoke), and the
//! results of shows of hands.

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sittings {
    Table,
    Id,
    CurrentItemId,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FloorRequests {
    Table,
    Id,
    SittingId,
    UserId,
    ItemId,
    State,
    Position,
    AskedAt,
    StartedAt,
    EndedAt,
    AllottedSecs,
}

#[derive(DeriveIden)]
enum SittingHands {
    Table,
    Id,
    SittingId,
    ItemId,
    Pour,
    Contre,
    Abstention,
    Present,
    Seated,
    Majority,
    Outcome,
    Reason,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// One place in the queue or at the microphone per member, and one
/// speaker per sitting, whatever two requests racing each other do.
const ONE_PLACE: [&str; 2] = [
    "CREATE UNIQUE INDEX ux_floor_requests_member ON floor_requests (sitting_id, user_id) \
     WHERE state IN ('waiting', 'speaking')",
    "CREATE UNIQUE INDEX ux_floor_requests_speaker ON floor_requests (sitting_id) \
     WHERE state = 'speaking'",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Sittings::Table)
                .add_column(big_integer_null(Sittings::CurrentItemId))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FloorRequests::Table)
                .col(big_pk_auto(FloorRequests::Id))
                .col(big_integer(FloorRequests::SittingId))
                .col(big_integer(FloorRequests::UserId))
                .col(big_integer_null(FloorRequests::ItemId))
                .col(string_len(FloorRequests::State, 16))
                .col(integer(FloorRequests::Position))
                .col(timestamp_with_time_zone(FloorRequests::AskedAt))
                .col(timestamp_with_time_zone_null(FloorRequests::StartedAt))
                .col(timestamp_with_time_zone_null(FloorRequests::EndedAt))
                .col(integer_null(FloorRequests::AllottedSecs))
                .foreign_key(&mut fk(
                    (FloorRequests::Table, FloorRequests::SittingId),
                    (Sittings::Table, Sittings::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (FloorRequests::Table, FloorRequests::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (FloorRequests::Table, FloorRequests::ItemId),
                    (AgendaItems::Table, AgendaItems::Id),
                    ForeignKeyAction::SetNull,
                ))
                .take(),
        )
        .await?;
        for sql in ONE_PLACE {
            m.get_connection().execute_unprepared(sql).await?;
        }
        m.create_table(
            Table::create()
                .table(SittingHands::Table)
                .col(big_pk_auto(SittingHands::Id))
                .col(big_integer(SittingHands::SittingId))
                .col(big_integer_null(SittingHands::ItemId))
                .col(integer(SittingHands::Pour))
                .col(integer(SittingHands::Contre))
                .col(integer(SittingHands::Abstention))
                .col(integer(SittingHands::Present))
                .col(integer(SittingHands::Seated))
                .col(string_len(SittingHands::Majority, 16))
                .col(string_len(SittingHands::Outcome, 16))
                .col(string_len(SittingHands::Reason, 400))
                .col(big_integer_null(SittingHands::RecordedBy))
                .col(timestamp_with_time_zone(SittingHands::RecordedAt))
                .foreign_key(&mut fk(
                    (SittingHands::Table, SittingHands::SittingId),
                    (Sittings::Table, Sittings::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (SittingHands::Table, SittingHands::ItemId),
                    (AgendaItems::Table, AgendaItems::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    (SittingHands::Table, SittingHands::RecordedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SittingHands::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FloorRequests::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Sittings::Table)
                .drop_column(Sittings::CurrentItemId)
                .take(),
        )
        .await
    }
}
