//! Holding the city to account (issue 20): the city's departments, the
//! officials who answer for each, and for every proposal sent to the city
//! the department it was sent to and the date its answer is due.

use crate::fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    Slug,
    NameFr,
    NameEn,
}

#[derive(DeriveIden)]
enum DepartmentOfficials {
    Table,
    DepartmentId,
    UserId,
}

#[derive(DeriveIden)]
enum CityReferrals {
    Table,
    ProposalId,
    DepartmentId,
    SentAt,
    AnswerDue,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Departments::Table)
                .col(big_pk_auto(Departments::Id))
                .col(string_len_uniq(Departments::Slug, 80))
                .col(string_len(Departments::NameFr, 120))
                .col(string_len(Departments::NameEn, 120))
                .take(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DepartmentOfficials::Table)
                .col(big_integer(DepartmentOfficials::DepartmentId))
                .col(big_integer(DepartmentOfficials::UserId))
                .primary_key(
                    Index::create()
                        .col(DepartmentOfficials::DepartmentId)
                        .col(DepartmentOfficials::UserId),
                )
                .foreign_key(&mut fk(
                    (
                        DepartmentOfficials::Table,
                        DepartmentOfficials::DepartmentId,
                    ),
                    (Departments::Table, Departments::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (DepartmentOfficials::Table, DepartmentOfficials::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        // A department with proposals sent to it cannot be deleted: what
        // the city owes stays on the record.
        m.create_table(
            Table::create()
                .table(CityReferrals::Table)
                .col(big_integer(CityReferrals::ProposalId))
                .col(big_integer(CityReferrals::DepartmentId))
                .col(timestamp_with_time_zone(CityReferrals::SentAt))
                .col(timestamp_with_time_zone(CityReferrals::AnswerDue))
                .primary_key(Index::create().col(CityReferrals::ProposalId))
                .foreign_key(&mut fk(
                    (CityReferrals::Table, CityReferrals::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (CityReferrals::Table, CityReferrals::DepartmentId),
                    (Departments::Table, Departments::Id),
                    ForeignKeyAction::Restrict,
                ))
                .take(),
        )
        .await?;
        // An official's departments, read at each answer.
        m.create_index(crate::index(
            DepartmentOfficials::Table,
            &["user_id"],
            false,
        ))
        .await?;
        m.create_index(crate::index(
            CityReferrals::Table,
            &["department_id"],
            false,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CityReferrals::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(DepartmentOfficials::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Departments::Table).to_owned())
            .await
    }
}
