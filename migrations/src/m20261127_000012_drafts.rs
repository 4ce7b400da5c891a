//! Drafts written live by their co-authors (issue 7).
//!
//! A draft's text is a Yjs document: every edit is stored as it arrives
//! (`draft_updates`, one row each, so nothing typed is lost on a crash)
//! and periodically folded into one snapshot (`drafts.snapshot`, with the
//! last update it contains). Saved versions keep the plain text for the
//! history; suggestions from other members wait for an author's decision.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Drafts {
    Table,
    Id,
    OwnerId,
    ThemeId,
    Title,
    Snapshot,
    SnapshotUpto,
    ProposalId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DraftAuthors {
    Table,
    Id,
    DraftId,
    UserId,
    AddedAt,
}

#[derive(DeriveIden)]
enum DraftUpdates {
    Table,
    Id,
    DraftId,
    AuthorId,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DraftVersions {
    Table,
    Id,
    DraftId,
    Number,
    Body,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DraftSuggestions {
    Table,
    Id,
    DraftId,
    AuthorId,
    Original,
    Replacement,
    Status,
    DecidedBy,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Themes {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        m.create_table(
            Table::create()
                .table(Drafts::Table)
                .col(big_pk_auto(Drafts::Id))
                .col(big_integer(Drafts::OwnerId))
                .col(big_integer(Drafts::ThemeId))
                .col(string_len(Drafts::Title, 200))
                .col(blob(Drafts::Snapshot))
                .col(big_integer(Drafts::SnapshotUpto).default(0))
                .col(big_integer_null(Drafts::ProposalId))
                .col(timestamp_with_time_zone(Drafts::CreatedAt))
                .col(timestamp_with_time_zone(Drafts::UpdatedAt))
                .foreign_key(&mut fk(
                    (Drafts::Table, Drafts::OwnerId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    (Drafts::Table, Drafts::ThemeId),
                    (Themes::Table, Themes::Id),
                    Restrict,
                ))
                .take(),
        )
        .await?;
        // The proposal page names the writers of the draft it came from.
        m.create_index(index(Drafts::Table, &["proposal_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(DraftAuthors::Table)
                .col(big_pk_auto(DraftAuthors::Id))
                .col(big_integer(DraftAuthors::DraftId))
                .col(big_integer(DraftAuthors::UserId))
                .col(timestamp_with_time_zone(DraftAuthors::AddedAt))
                .foreign_key(&mut fk(
                    (DraftAuthors::Table, DraftAuthors::DraftId),
                    (Drafts::Table, Drafts::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (DraftAuthors::Table, DraftAuthors::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(DraftAuthors::Table, &["draft_id", "user_id"], true))
            .await?;
        m.create_index(index(DraftAuthors::Table, &["user_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(DraftUpdates::Table)
                .col(big_pk_auto(DraftUpdates::Id))
                .col(big_integer(DraftUpdates::DraftId))
                .col(big_integer_null(DraftUpdates::AuthorId))
                .col(blob(DraftUpdates::Data))
                .col(timestamp_with_time_zone(DraftUpdates::CreatedAt))
                .foreign_key(&mut fk(
                    (DraftUpdates::Table, DraftUpdates::DraftId),
                    (Drafts::Table, Drafts::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (DraftUpdates::Table, DraftUpdates::AuthorId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(DraftUpdates::Table, &["draft_id", "id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(DraftVersions::Table)
                .col(big_pk_auto(DraftVersions::Id))
                .col(big_integer(DraftVersions::DraftId))
                .col(integer(DraftVersions::Number))
                .col(text(DraftVersions::Body))
                .col(big_integer_null(DraftVersions::AuthorId))
                .col(timestamp_with_time_zone(DraftVersions::CreatedAt))
                .foreign_key(&mut fk(
                    (DraftVersions::Table, DraftVersions::DraftId),
                    (Drafts::Table, Drafts::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (DraftVersions::Table, DraftVersions::AuthorId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(DraftVersions::Table, &["draft_id", "number"], true))
            .await?;
        m.create_table(
            Table::create()
                .table(DraftSuggestions::Table)
                .col(big_pk_auto(DraftSuggestions::Id))
                .col(big_integer(DraftSuggestions::DraftId))
                .col(big_integer(DraftSuggestions::AuthorId))
                .col(text(DraftSuggestions::Original))
                .col(text(DraftSuggestions::Replacement))
                .col(string_len(DraftSuggestions::Status, 16))
                .col(big_integer_null(DraftSuggestions::DecidedBy))
                .col(timestamp_with_time_zone(DraftSuggestions::CreatedAt))
                .col(timestamp_with_time_zone_null(DraftSuggestions::DecidedAt))
                .foreign_key(&mut fk(
                    (DraftSuggestions::Table, DraftSuggestions::DraftId),
                    (Drafts::Table, Drafts::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (DraftSuggestions::Table, DraftSuggestions::AuthorId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(
            DraftSuggestions::Table,
            &["draft_id", "status"],
            false,
        ))
        .await?;
        Ok(())
    }
}
