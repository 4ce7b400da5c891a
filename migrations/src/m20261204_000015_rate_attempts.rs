//! Rate limits shared by every instance (issue 16, finding 7): each attempt
//! is a row, keyed by an opaque key (an HMAC of what is limited, so that no
//! address or e-mail is stored), counted in a sliding window.

use crate::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateAttempts {
    Table,
    Id,
    Key,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateAttempts::Table)
                .col(big_pk_auto(RateAttempts::Id))
                .col(string_len(RateAttempts::Key, 64))
                .col(timestamp_with_time_zone(RateAttempts::At))
                .take(),
        )
        .await?;
        m.create_index(index(RateAttempts::Table, &["key", "at"], false))
            .await?;
        m.create_index(index(RateAttempts::Table, &["at"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RateAttempts::Table).to_owned())
            .await
    }
}
