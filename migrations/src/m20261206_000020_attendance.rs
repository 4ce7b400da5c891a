//! Sittings' convocations and attendance (issue 18): each member's answer
//! to the convocation, who was in the room (checked in with the code shown
//! there, or marked by a facilitator's roll call), and the secret the
//! room's code is derived from, drawn when the sitting opens.

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sittings {
    Table,
    Id,
    CheckinSecret,
}

#[derive(DeriveIden)]
enum SittingReplies {
    Table,
    SittingId,
    UserId,
    Answer,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum SittingAttendance {
    Table,
    SittingId,
    UserId,
    How,
    At,
    MarkedBy,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Sittings::Table)
                .add_column(string_len_null(Sittings::CheckinSecret, 64))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SittingReplies::Table)
                .col(big_integer(SittingReplies::SittingId))
                .col(big_integer(SittingReplies::UserId))
                .col(string_len(SittingReplies::Answer, 16))
                .col(timestamp_with_time_zone(SittingReplies::AnsweredAt))
                .primary_key(
                    Index::create()
                        .col(SittingReplies::SittingId)
                        .col(SittingReplies::UserId),
                )
                .foreign_key(&mut fk(
                    (SittingReplies::Table, SittingReplies::SittingId),
                    (Sittings::Table, Sittings::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (SittingReplies::Table, SittingReplies::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SittingAttendance::Table)
                .col(big_integer(SittingAttendance::SittingId))
                .col(big_integer(SittingAttendance::UserId))
                .col(string_len(SittingAttendance::How, 16))
                .col(timestamp_with_time_zone(SittingAttendance::At))
                .col(big_integer_null(SittingAttendance::MarkedBy))
                .primary_key(
                    Index::create()
                        .col(SittingAttendance::SittingId)
                        .col(SittingAttendance::UserId),
                )
                .foreign_key(&mut fk(
                    (SittingAttendance::Table, SittingAttendance::SittingId),
                    (Sittings::Table, Sittings::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (SittingAttendance::Table, SittingAttendance::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (SittingAttendance::Table, SittingAttendance::MarkedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SittingAttendance::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SittingReplies::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Sittings::Table)
                .drop_column(Sittings::CheckinSecret)
                .take(),
        )
        .await
    }
}
