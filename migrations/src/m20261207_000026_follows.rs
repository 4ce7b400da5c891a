//! Following (issue 21): anyone signed in follows a proposal or a theme
//! and hears of it as of their own (the city's answer and progress, the
//! vote's result; a new proposal in a theme they follow).

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProposalFollows {
    Table,
    UserId,
    ProposalId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThemeFollows {
    Table,
    UserId,
    ThemeId,
    CreatedAt,
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
enum Themes {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ProposalFollows::Table)
                .col(big_integer(ProposalFollows::UserId))
                .col(big_integer(ProposalFollows::ProposalId))
                .col(timestamp_with_time_zone(ProposalFollows::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ProposalFollows::UserId)
                        .col(ProposalFollows::ProposalId),
                )
                .foreign_key(&mut fk(
                    (ProposalFollows::Table, ProposalFollows::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (ProposalFollows::Table, ProposalFollows::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ThemeFollows::Table)
                .col(big_integer(ThemeFollows::UserId))
                .col(big_integer(ThemeFollows::ThemeId))
                .col(timestamp_with_time_zone(ThemeFollows::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ThemeFollows::UserId)
                        .col(ThemeFollows::ThemeId),
                )
                .foreign_key(&mut fk(
                    (ThemeFollows::Table, ThemeFollows::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (ThemeFollows::Table, ThemeFollows::ThemeId),
                    (Themes::Table, Themes::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        // Who follows a proposal, or a theme: read when news is written.
        m.create_index(crate::index(
            ProposalFollows::Table,
            &["proposal_id"],
            false,
        ))
        .await?;
        m.create_index(crate::index(ThemeFollows::Table, &["theme_id"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ThemeFollows::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ProposalFollows::Table).to_owned())
            .await
    }
}
