//! Sign-ups waiting for their address to be confirmed (issue 16, finding 9):
//! nothing is created until the link mailed to the address is opened, so
//! sign-up answers the same way whether or not the address has an account.

use crate::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Signups {
    Table,
    Id,
    TokenHash,
    Email,
    DisplayName,
    PasswordHash,
    Lang,
    CreatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Signups::Table)
                .col(big_pk_auto(Signups::Id))
                .col(string_len_uniq(Signups::TokenHash, 64))
                .col(string(Signups::Email))
                .col(string(Signups::DisplayName))
                .col(string(Signups::PasswordHash))
                .col(string_len(Signups::Lang, 2))
                .col(timestamp_with_time_zone(Signups::CreatedAt))
                .col(timestamp_with_time_zone(Signups::ExpiresAt))
                .take(),
        )
        .await?;
        m.create_index(index(Signups::Table, &["email"], false))
            .await?;
        m.create_index(index(Signups::Table, &["expires_at"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Signups::Table).to_owned())
            .await
    }
}
