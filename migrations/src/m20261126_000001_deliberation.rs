//! Residents, themes, proposals and everything said and decided about them.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    Lang,
    CreatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Themes {
    Table,
    Id,
    Slug,
    NameFr,
    NameEn,
    Position,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
    ThemeId,
    Origin,
    Status,
    Title,
    Summary,
    Body,
    BodyHtml,
    AuthorId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProposalEvents {
    Table,
    Id,
    ProposalId,
    Status,
    ActorId,
    At,
}

#[derive(DeriveIden)]
enum Supports {
    Table,
    Id,
    ProposalId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    ProposalId,
    ParentId,
    AuthorId,
    Stance,
    Body,
    HiddenReason,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum CommentUpvotes {
    Table,
    Id,
    CommentId,
    UserId,
}

#[derive(DeriveIden)]
enum Amendments {
    Table,
    Id,
    ProposalId,
    AuthorId,
    Original,
    Replacement,
    Rationale,
    Status,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    Id,
    ProposalId,
    Majority,
    QuorumPercent,
    Secret,
    Eligible,
    OpenedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum Ballots {
    Table,
    Id,
    VoteId,
    MemberId,
    Choice,
    CastAt,
}

#[derive(DeriveIden)]
enum CityResponses {
    Table,
    Id,
    ProposalId,
    OfficialId,
    Verdict,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Milestones {
    Table,
    Id,
    ProposalId,
    Title,
    Progress,
    At,
}

#[derive(DeriveIden)]
enum AppMeta {
    Table,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        let tables = [
            Table::create()
                .table(AppMeta::Table)
                .col(string(AppMeta::Key).primary_key())
                .col(text(AppMeta::Value))
                .take(),
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                .col(string_len_null(Users::Email, 254).unique_key())
                .col(string_len(Users::DisplayName, 80))
                .col(string_len(Users::Lang, 5).default("fr"))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone_null(Users::DeletedAt))
                .take(),
            Table::create()
                .table(Themes::Table)
                .col(big_pk_auto(Themes::Id))
                .col(string_len_uniq(Themes::Slug, 40))
                .col(string_len(Themes::NameFr, 80))
                .col(string_len(Themes::NameEn, 80))
                .col(integer(Themes::Position).default(0))
                .take(),
            Table::create()
                .table(Proposals::Table)
                .col(big_pk_auto(Proposals::Id))
                .col(big_integer(Proposals::ThemeId))
                .col(string_len(Proposals::Origin, 16))
                .col(string_len(Proposals::Status, 24))
                .col(string_len(Proposals::Title, 200))
                .col(string_len(Proposals::Summary, 400))
                .col(text(Proposals::Body))
                // Rendered and sanitised once, when the body is written.
                .col(text(Proposals::BodyHtml))
                .col(big_integer(Proposals::AuthorId))
                .col(timestamp_with_time_zone(Proposals::CreatedAt))
                .col(timestamp_with_time_zone(Proposals::UpdatedAt))
                .foreign_key(&mut fk(
                    (Proposals::Table, Proposals::ThemeId),
                    (Themes::Table, Themes::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    (Proposals::Table, Proposals::AuthorId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .take(),
            Table::create()
                .table(ProposalEvents::Table)
                .col(big_pk_auto(ProposalEvents::Id))
                .col(big_integer(ProposalEvents::ProposalId))
                .col(string_len(ProposalEvents::Status, 24))
                .col(big_integer(ProposalEvents::ActorId))
                .col(timestamp_with_time_zone(ProposalEvents::At))
                .foreign_key(&mut fk(
                    (ProposalEvents::Table, ProposalEvents::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (ProposalEvents::Table, ProposalEvents::ActorId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .take(),
            Table::create()
                .table(Supports::Table)
                .col(big_pk_auto(Supports::Id))
                .col(big_integer(Supports::ProposalId))
                .col(big_integer(Supports::UserId))
                .col(timestamp_with_time_zone(Supports::CreatedAt))
                .foreign_key(&mut fk(
                    (Supports::Table, Supports::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (Supports::Table, Supports::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
            Table::create()
                .table(Comments::Table)
                .col(big_pk_auto(Comments::Id))
                .col(big_integer(Comments::ProposalId))
                .col(big_integer_null(Comments::ParentId))
                .col(big_integer(Comments::AuthorId))
                .col(string_len(Comments::Stance, 16))
                .col(text(Comments::Body))
                .col(text_null(Comments::HiddenReason))
                .col(timestamp_with_time_zone(Comments::CreatedAt))
                .col(timestamp_with_time_zone_null(Comments::EditedAt))
                .foreign_key(&mut fk(
                    (Comments::Table, Comments::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (Comments::Table, Comments::ParentId),
                    (Comments::Table, Comments::Id),
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    (Comments::Table, Comments::AuthorId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .take(),
            Table::create()
                .table(CommentUpvotes::Table)
                .col(big_pk_auto(CommentUpvotes::Id))
                .col(big_integer(CommentUpvotes::CommentId))
                .col(big_integer(CommentUpvotes::UserId))
                .foreign_key(&mut fk(
                    (CommentUpvotes::Table, CommentUpvotes::CommentId),
                    (Comments::Table, Comments::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (CommentUpvotes::Table, CommentUpvotes::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
            Table::create()
                .table(Amendments::Table)
                .col(big_pk_auto(Amendments::Id))
                .col(big_integer(Amendments::ProposalId))
                .col(big_integer(Amendments::AuthorId))
                .col(text(Amendments::Original))
                .col(text(Amendments::Replacement))
                .col(text(Amendments::Rationale))
                .col(string_len(Amendments::Status, 16))
                .col(timestamp_with_time_zone(Amendments::CreatedAt))
                .col(timestamp_with_time_zone_null(Amendments::DecidedAt))
                .foreign_key(&mut fk(
                    (Amendments::Table, Amendments::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (Amendments::Table, Amendments::AuthorId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .take(),
            Table::create()
                .table(Votes::Table)
                .col(big_pk_auto(Votes::Id))
                .col(big_integer(Votes::ProposalId))
                .col(string_len(Votes::Majority, 16))
                .col(small_integer(Votes::QuorumPercent))
                .col(boolean(Votes::Secret))
                .col(integer(Votes::Eligible))
                .col(timestamp_with_time_zone(Votes::OpenedAt))
                .col(timestamp_with_time_zone_null(Votes::ClosedAt))
                .foreign_key(&mut fk(
                    (Votes::Table, Votes::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .take(),
            Table::create()
                .table(Ballots::Table)
                .col(big_pk_auto(Ballots::Id))
                .col(big_integer(Ballots::VoteId))
                .col(big_integer(Ballots::MemberId))
                .col(string_len(Ballots::Choice, 16))
                .col(timestamp_with_time_zone(Ballots::CastAt))
                .foreign_key(&mut fk(
                    (Ballots::Table, Ballots::VoteId),
                    (Votes::Table, Votes::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (Ballots::Table, Ballots::MemberId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .take(),
            Table::create()
                .table(CityResponses::Table)
                .col(big_pk_auto(CityResponses::Id))
                .col(big_integer_uniq(CityResponses::ProposalId))
                .col(big_integer(CityResponses::OfficialId))
                .col(string_len(CityResponses::Verdict, 16))
                .col(text(CityResponses::Body))
                .col(timestamp_with_time_zone(CityResponses::CreatedAt))
                .foreign_key(&mut fk(
                    (CityResponses::Table, CityResponses::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (CityResponses::Table, CityResponses::OfficialId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .take(),
            Table::create()
                .table(Milestones::Table)
                .col(big_pk_auto(Milestones::Id))
                .col(big_integer(Milestones::ProposalId))
                .col(string_len(Milestones::Title, 200))
                .col(small_integer(Milestones::Progress))
                .col(timestamp_with_time_zone(Milestones::At))
                .foreign_key(&mut fk(
                    (Milestones::Table, Milestones::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .take(),
        ];
        for table in tables {
            m.create_table(table).await?;
        }
        let indexes = [
            index(Proposals::Table, &["status", "updated_at"], false),
            index(Proposals::Table, &["theme_id", "updated_at"], false),
            index(Proposals::Table, &["updated_at"], false),
            index(ProposalEvents::Table, &["proposal_id", "at"], false),
            // One support per resident per proposal, one up-vote per comment
            // and one ballot per member per vote: the database guarantees it.
            index(Supports::Table, &["proposal_id", "user_id"], true),
            index(CommentUpvotes::Table, &["comment_id", "user_id"], true),
            index(Ballots::Table, &["vote_id", "member_id"], true),
            index(Comments::Table, &["proposal_id", "created_at"], false),
            index(Amendments::Table, &["proposal_id"], false),
            index(Votes::Table, &["proposal_id"], false),
            index(Milestones::Table, &["proposal_id", "at"], false),
        ];
        for stmt in indexes {
            m.create_index(stmt).await?;
        }
        Ok(())
    }
}
