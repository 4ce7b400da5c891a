//! A sitting's minutes (issue 18): written as a live draft by the
//! facilitators, approved in a later sitting, then frozen — the approved
//! text, its SHA-256 (also in the ledger), the sitting that approved it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{add_column, drop_column, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Drafts {
    Table,
    SittingId,
}

#[derive(DeriveIden)]
enum Sittings {
    Table,
    Minutes,
    MinutesSha256,
    MinutesApprovedIn,
    MinutesApprovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The sitting whose minutes the draft is (no foreign key: SQLite
        // cannot add one to an existing table; sittings are never deleted).
        add_column(m, Drafts::Table, big_integer_null(Drafts::SittingId)).await?;
        // One draft of minutes per sitting, even when two facilitators
        // start it at once.
        m.create_index(index(Drafts::Table, &["sitting_id"], true))
            .await?;
        add_column(m, Sittings::Table, text_null(Sittings::Minutes)).await?;
        add_column(
            m,
            Sittings::Table,
            string_len_null(Sittings::MinutesSha256, 64),
        )
        .await?;
        add_column(
            m,
            Sittings::Table,
            big_integer_null(Sittings::MinutesApprovedIn),
        )
        .await?;
        add_column(
            m,
            Sittings::Table,
            timestamp_with_time_zone_null(Sittings::MinutesApprovedAt),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_column(m, Sittings::Table, Sittings::MinutesApprovedAt).await?;
        drop_column(m, Sittings::Table, Sittings::MinutesApprovedIn).await?;
        drop_column(m, Sittings::Table, Sittings::MinutesSha256).await?;
        drop_column(m, Sittings::Table, Sittings::Minutes).await?;
        m.drop_index(
            Index::drop()
                .name("ux_drafts_sitting_id")
                .table(Drafts::Table)
                .to_owned(),
        )
        .await?;
        drop_column(m, Drafts::Table, Drafts::SittingId).await
    }
}
