//! Votes taken in a sitting (issue 18): a vote opened on the agenda item
//! under way may count its quorum from the members present at that
//! sitting rather than from every member whose term runs; how many were
//! present when it closed is kept with it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Votes {
    Table,
    SittingId,
    Present,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table, and
        // sittings are never deleted (their steps are in the ledger).
        m.alter_table(
            Table::alter()
                .table(Votes::Table)
                .add_column(big_integer_null(Votes::SittingId))
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Votes::Table)
                .add_column(integer_null(Votes::Present))
                .take(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Votes::Table)
                .drop_column(Votes::Present)
                .take(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Votes::Table)
                .drop_column(Votes::SittingId)
                .take(),
        )
        .await
    }
}
