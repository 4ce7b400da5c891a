//! Reaching people where they are (issue 21): a durable scheduler (jobs in
//! the database, claimed by one instance at a time), votes that close
//! themselves at a set time, each person's choice of how to hear of each
//! kind of event, notifications waiting for their e-mail or digest, and
//! mail with an HTML part and a one-click unsubscribe link.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Subject,
    RunAt,
    ClaimedBy,
    ClaimedUntil,
    Attempts,
    LastError,
    DoneAt,
}

#[derive(DeriveIden)]
enum Votes {
    Table,
    ClosesAt,
    OpenedBy,
}

#[derive(DeriveIden)]
enum NotificationPrefs {
    Table,
    UserId,
    Kind,
    Delivery,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Delivery,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Html,
    Unsubscribe,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// SQLite alters one column per statement.
async fn add(m: &SchemaManager<'_>, table: impl IntoIden, column: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(column).take())
        .await
}

async fn drop(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(column).take())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(big_pk_auto(Jobs::Id))
                .col(string_len(Jobs::Kind, 32))
                .col(big_integer(Jobs::Subject))
                .col(timestamp_with_time_zone(Jobs::RunAt))
                .col(string_len_null(Jobs::ClaimedBy, 64))
                .col(timestamp_with_time_zone_null(Jobs::ClaimedUntil))
                .col(integer(Jobs::Attempts).default(0))
                .col(text_null(Jobs::LastError))
                .col(timestamp_with_time_zone_null(Jobs::DoneAt))
                .take(),
        )
        .await?;
        // One job of a kind per subject: scheduling twice is harmless.
        m.create_index(index(Jobs::Table, &["kind", "subject"], true))
            .await?;
        m.create_index(index(Jobs::Table, &["done_at", "run_at"], false))
            .await?;

        add(
            m,
            Votes::Table,
            timestamp_with_time_zone_null(Votes::ClosesAt),
        )
        .await?;
        add(m, Votes::Table, big_integer_null(Votes::OpenedBy)).await?;

        m.create_table(
            Table::create()
                .table(NotificationPrefs::Table)
                .col(big_integer(NotificationPrefs::UserId))
                .col(string_len(NotificationPrefs::Kind, 32))
                .col(string_len(NotificationPrefs::Delivery, 16))
                .col(timestamp_with_time_zone(NotificationPrefs::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(NotificationPrefs::UserId)
                        .col(NotificationPrefs::Kind),
                )
                .foreign_key(&mut fk(
                    (NotificationPrefs::Table, NotificationPrefs::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;

        add(
            m,
            Notifications::Table,
            string_len_null(Notifications::Delivery, 16),
        )
        .await?;
        add(
            m,
            Notifications::Table,
            timestamp_with_time_zone_null(Notifications::DeliveredAt),
        )
        .await?;
        m.create_index(index(
            Notifications::Table,
            &["delivery", "delivered_at"],
            false,
        ))
        .await?;

        add(m, Outbox::Table, text_null(Outbox::Html)).await?;
        add(m, Outbox::Table, text_null(Outbox::Unsubscribe)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, Outbox::Table, Outbox::Unsubscribe).await?;
        drop(m, Outbox::Table, Outbox::Html).await?;
        m.drop_index(
            Index::drop()
                .name("ix_notifications_delivery_delivered_at")
                .table(Notifications::Table)
                .to_owned(),
        )
        .await?;
        drop(m, Notifications::Table, Notifications::DeliveredAt).await?;
        drop(m, Notifications::Table, Notifications::Delivery).await?;
        m.drop_table(Table::drop().table(NotificationPrefs::Table).to_owned())
            .await?;
        drop(m, Votes::Table, Votes::OpenedBy).await?;
        drop(m, Votes::Table, Votes::ClosesAt).await?;
        m.drop_table(Table::drop().table(Jobs::Table).to_owned())
            .await
    }
}
