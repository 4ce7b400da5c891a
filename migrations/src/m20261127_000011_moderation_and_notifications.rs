//! Reports on comments and their moderation, notifications in the app,
//! and votes of the assembly on contested amendments.
//!
//! A report stays open until a facilitator hides the comment or dismisses
//! the reports; one report per person per comment. A notification belongs
//! to one user and is read once. A vote on an amendment names it; a vote
//! on the proposal itself leaves `amendment_id` empty.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CommentReports {
    Table,
    Id,
    CommentId,
    ReporterId,
    Reason,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    ProposalId,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    AmendmentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table(CommentReports::Table)
                .col(big_pk_auto(CommentReports::Id))
                .col(big_integer(CommentReports::CommentId))
                .col(big_integer(CommentReports::ReporterId))
                .col(string_len(CommentReports::Reason, 500))
                .col(timestamp_with_time_zone(CommentReports::CreatedAt))
                .col(timestamp_with_time_zone_null(CommentReports::ResolvedAt))
                .foreign_key(&mut fk(
                    (CommentReports::Table, CommentReports::CommentId),
                    (Comments::Table, Comments::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (CommentReports::Table, CommentReports::ReporterId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(
            CommentReports::Table,
            &["comment_id", "reporter_id"],
            true,
        ))
        .await?;
        // The moderation queue reads the open reports.
        m.create_index(index(
            CommentReports::Table,
            &["resolved_at", "comment_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(big_pk_auto(Notifications::Id))
                .col(big_integer(Notifications::UserId))
                .col(string_len(Notifications::Kind, 32))
                .col(big_integer(Notifications::ProposalId))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(&mut fk(
                    (Notifications::Table, Notifications::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (Notifications::Table, Notifications::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .take(),
        )
        .await?;
        // Every page counts the signed-in user's unread notifications.
        m.create_index(index(
            Notifications::Table,
            &["user_id", "read_at", "id"],
            false,
        ))
        .await?;
        m.alter_table(
            Table::alter()
                .table(Votes::Table)
                .add_column(big_integer_null(Votes::AmendmentId))
                .take(),
        )
        .await?;
        Ok(())
    }
}
