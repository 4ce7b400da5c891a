//! Public values fixed in advance (issue 16): a draw's announced value
//! gains its format and the moment it becomes known, and records when it
//! was entered; a replacement round is announced before it runs
//! (`replacement_rounds`), with its leavers frozen and its public value's
//! source, format and date, so that nobody can try values until a wanted
//! person comes up.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Draws {
    Table,
    Id,
    PublicValueFormat,
    PublicValueAfter,
    PublicValueAt,
}

#[derive(DeriveIden)]
enum ReplacementRounds {
    Table,
    Id,
    DrawId,
    Round,
    Leavers,
    Description,
    Format,
    AvailableAfter,
    AnnouncedAt,
    Value,
    EnteredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut column in [
            string_len_null(Draws::PublicValueFormat, 16),
            timestamp_with_time_zone_null(Draws::PublicValueAfter),
            timestamp_with_time_zone_null(Draws::PublicValueAt),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Draws::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(ReplacementRounds::Table)
                .col(big_pk_auto(ReplacementRounds::Id))
                .col(big_integer(ReplacementRounds::DrawId))
                .col(integer(ReplacementRounds::Round))
                // The leavers' pseudonyms, a JSON array, sorted.
                .col(text(ReplacementRounds::Leavers))
                .col(string_len(ReplacementRounds::Description, 200))
                .col(string_len(ReplacementRounds::Format, 16))
                .col(timestamp_with_time_zone(ReplacementRounds::AvailableAfter))
                .col(timestamp_with_time_zone(ReplacementRounds::AnnouncedAt))
                .col(string_len_null(ReplacementRounds::Value, 600))
                .col(timestamp_with_time_zone_null(ReplacementRounds::EnteredAt))
                .foreign_key(&mut fk(
                    (ReplacementRounds::Table, ReplacementRounds::DrawId),
                    (Draws::Table, Draws::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(ReplacementRounds::Table, &["draw_id", "round"], true))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ReplacementRounds::Table).to_owned())
            .await?;
        for column in [
            Draws::PublicValueFormat,
            Draws::PublicValueAfter,
            Draws::PublicValueAt,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Draws::Table)
                    .drop_column(column)
                    .take(),
            )
            .await?;
        }
        Ok(())
    }
}
