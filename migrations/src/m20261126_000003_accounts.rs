//! Accounts: passwords, roles (with their history), sessions, password
//! resets and the outgoing mail.

use crate::{fk, index, m20261126_000001_deliberation::Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsersAccount {
    #[sea_orm(iden = "users")]
    Table,
    PasswordHash,
    IsFacilitator,
    IsCityOfficial,
    AgeConfirmedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum RoleChanges {
    Table,
    Id,
    UserId,
    ChangedBy,
    Role,
    Granted,
    At,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        // SQLite adds one column per ALTER TABLE.
        for column in [
            string_len_null(UsersAccount::PasswordHash, 255),
            boolean(UsersAccount::IsFacilitator).default(false).take(),
            boolean(UsersAccount::IsCityOfficial).default(false).take(),
            timestamp_with_time_zone_null(UsersAccount::AgeConfirmedAt),
        ] {
            m.alter_table(
                Table::alter()
                    .table(UsersAccount::Table)
                    .add_column(column)
                    .take(),
            )
            .await?;
        }
        let tables = [
            Table::create()
                .table(Sessions::Table)
                .col(big_pk_auto(Sessions::Id))
                // Only a hash of the token is stored: a copy of the database
                // does not let anyone sign in.
                .col(string_len_uniq(Sessions::TokenHash, 64))
                .col(big_integer(Sessions::UserId))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .foreign_key(&mut fk(
                    (Sessions::Table, Sessions::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
            Table::create()
                .table(PasswordResets::Table)
                .col(big_pk_auto(PasswordResets::Id))
                .col(string_len_uniq(PasswordResets::TokenHash, 64))
                .col(big_integer(PasswordResets::UserId))
                .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
                .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                .foreign_key(&mut fk(
                    (PasswordResets::Table, PasswordResets::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .take(),
            Table::create()
                .table(RoleChanges::Table)
                .col(big_pk_auto(RoleChanges::Id))
                .col(big_integer(RoleChanges::UserId))
                .col(big_integer_null(RoleChanges::ChangedBy))
                .col(string_len(RoleChanges::Role, 24))
                .col(boolean(RoleChanges::Granted))
                .col(timestamp_with_time_zone(RoleChanges::At))
                .foreign_key(&mut fk(
                    (RoleChanges::Table, RoleChanges::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    (RoleChanges::Table, RoleChanges::ChangedBy),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .take(),
            Table::create()
                .table(Outbox::Table)
                .col(big_pk_auto(Outbox::Id))
                .col(string_len(Outbox::Recipient, 254))
                .col(string_len(Outbox::Subject, 200))
                .col(text(Outbox::Body))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .take(),
        ];
        for table in tables {
            m.create_table(table).await?;
        }
        for stmt in [
            index(Sessions::Table, &["user_id"], false),
            index(Sessions::Table, &["expires_at"], false),
            index(PasswordResets::Table, &["user_id"], false),
            index(RoleChanges::Table, &["user_id", "at"], false),
        ] {
            m.create_index(stmt).await?;
        }
        Ok(())
    }
}
