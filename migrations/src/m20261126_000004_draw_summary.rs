//! A small summary next to each draw's record, so that the draw page does
//! not parse the whole record (1–2 MB of JSON) on every view.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Draws {
    Table,
    Summary,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Draws::Table)
                .add_column(text_null(Draws::Summary))
                .take(),
        )
        .await
    }
}
