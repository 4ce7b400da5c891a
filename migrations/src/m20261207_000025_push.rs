//! Web Push (issue 21): the devices a person asked to be notified on (one
//! row per browser subscription, RFC 8030), and the push messages queued
//! for them, written in the transaction that marks their notification
//! delivered so that none is lost or sent twice.

use crate::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PushSubscriptions {
    Table,
    Id,
    UserId,
    Endpoint,
    P256dh,
    Auth,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PushMessages {
    Table,
    Id,
    SubscriptionId,
    Payload,
    CreatedAt,
    SentAt,
    Attempts,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PushSubscriptions::Table)
                .col(big_pk_auto(PushSubscriptions::Id))
                .col(big_integer(PushSubscriptions::UserId))
                .col(string_len(PushSubscriptions::Endpoint, 2048))
                .col(string_len(PushSubscriptions::P256dh, 128))
                .col(string_len(PushSubscriptions::Auth, 64))
                .col(timestamp_with_time_zone(PushSubscriptions::CreatedAt))
                .foreign_key(&mut fk(
                    (PushSubscriptions::Table, PushSubscriptions::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        // A device is one person's: subscribing it again moves it.
        m.create_index(index(PushSubscriptions::Table, &["endpoint"], true))
            .await?;
        m.create_index(index(PushSubscriptions::Table, &["user_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(PushMessages::Table)
                .col(big_pk_auto(PushMessages::Id))
                .col(big_integer(PushMessages::SubscriptionId))
                .col(text(PushMessages::Payload))
                .col(timestamp_with_time_zone(PushMessages::CreatedAt))
                .col(timestamp_with_time_zone_null(PushMessages::SentAt))
                .col(integer(PushMessages::Attempts).default(0))
                .foreign_key(&mut fk(
                    (PushMessages::Table, PushMessages::SubscriptionId),
                    (PushSubscriptions::Table, PushSubscriptions::Id),
                    ForeignKeyAction::Cascade,
                ))
                .take(),
        )
        .await?;
        m.create_index(index(PushMessages::Table, &["sent_at", "id"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PushMessages::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(PushSubscriptions::Table).to_owned())
            .await
    }
}
