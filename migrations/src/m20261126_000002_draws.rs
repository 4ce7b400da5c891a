//! Draws, the pools of volunteers they select from, and the memberships they
//! produce.

use crate::{fk, index, m20261126_000001_deliberation::Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Draws {
    Table,
    Id,
    Title,
    Seats,
    TermStart,
    TermEnd,
    Status,
    InputsHash,
    SeedHex,
    PickedIndex,
    Record,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Volunteers {
    Table,
    Id,
    DrawId,
    UserId,
    Pseudonym,
    Gender,
    BirthYear,
    Diploma,
    District,
    Weight,
    ConsentedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    DrawId,
    VolunteerId,
    UserId,
    Status,
    PublicName,
    TermStart,
    TermEnd,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let tables = [
            Table::create()
                .table(Draws::Table)
                .col(big_pk_auto(Draws::Id))
                .col(string_len(Draws::Title, 200))
                .col(integer(Draws::Seats))
                .col(date(Draws::TermStart))
                .col(date(Draws::TermEnd))
                .col(string_len(Draws::Status, 24))
                .col(string_len_null(Draws::InputsHash, 64))
                .col(string_len_null(Draws::SeedHex, 64))
                .col(integer_null(Draws::PickedIndex))
                // The published record, immutable once the draw is done.
                .col(text_null(Draws::Record))
                .col(timestamp_with_time_zone(Draws::CreatedAt))
                .take(),
            Table::create()
                .table(Volunteers::Table)
                .col(big_pk_auto(Volunteers::Id))
                .col(big_integer(Volunteers::DrawId))
                .col(big_integer_null(Volunteers::UserId))
                .col(string_len(Volunteers::Pseudonym, 32))
                .col(string_len(Volunteers::Gender, 16))
                .col(integer(Volunteers::BirthYear))
                .col(string_len(Volunteers::Diploma, 32))
                .col(string_len(Volunteers::District, 32))
                .col(double(Volunteers::Weight).default(1.0))
                .col(timestamp_with_time_zone(Volunteers::ConsentedAt))
                .foreign_key(&mut fk(
                    (Volunteers::Table, Volunteers::DrawId),
                    (Draws::Table, Draws::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (Volunteers::Table, Volunteers::UserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .take(),
            Table::create()
                .table(Memberships::Table)
                .col(big_pk_auto(Memberships::Id))
                .col(big_integer(Memberships::DrawId))
                .col(big_integer(Memberships::VolunteerId))
                .col(big_integer_null(Memberships::UserId))
                .col(string_len(Memberships::Status, 16))
                .col(boolean(Memberships::PublicName).default(false))
                .col(date(Memberships::TermStart))
                .col(date(Memberships::TermEnd))
                .foreign_key(&mut fk(
                    (Memberships::Table, Memberships::DrawId),
                    (Draws::Table, Draws::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    (Memberships::Table, Memberships::VolunteerId),
                    (Volunteers::Table, Volunteers::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    (Memberships::Table, Memberships::UserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .take(),
        ];
        for table in tables {
            m.create_table(table).await?;
        }
        for stmt in [
            index(Volunteers::Table, &["draw_id", "pseudonym"], true),
            index(Volunteers::Table, &["draw_id", "user_id"], true),
            index(Memberships::Table, &["volunteer_id"], true),
            index(Memberships::Table, &["user_id", "status"], false),
        ] {
            m.create_index(stmt).await?;
        }
        Ok(())
    }
}
