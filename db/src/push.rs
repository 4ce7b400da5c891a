//! Web Push: the devices people are notified on, and the push messages
//! queued for them. Like e-mail, a push is written to a table in the
//! transaction that marks its notification delivered, then handed to the
//! push service by the server's pusher: nothing is lost if the process
//! dies, and no notification is pushed twice.

use chrono::{DateTime, Utc};
use domain::push::{DEVICES_MAX, Subscription};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{push_message, push_subscription};

/// Times the push service may refuse a message before it is dropped.
pub const MAX_PUSH_ATTEMPTS: i32 = 5;

/// Notifies `user_id` on this device from now on. A device is one
/// person's: subscribed by someone else before (a shared phone, signed in
/// as another), it moves to `user_id` and the other's pushes stop. Past
/// [`DEVICES_MAX`] devices, the oldest is forgotten.
pub async fn subscribe(
    conn: &DatabaseConnection,
    user_id: i64,
    device: &Subscription,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::write_txn(conn).await?;
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::Endpoint.eq(&device.endpoint))
        .exec(&txn)
        .await?;
    push_subscription::Entity::insert(push_subscription::ActiveModel {
        user_id: Set(user_id),
        endpoint: Set(device.endpoint.clone()),
        p256dh: Set(device.p256dh.clone()),
        auth: Set(device.auth.clone()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    let newest_first: Vec<i64> = push_subscription::Entity::find()
        .select_only()
        .column(push_subscription::Column::Id)
        .filter(push_subscription::Column::UserId.eq(user_id))
        .order_by_desc(push_subscription::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let older: Vec<i64> = newest_first.into_iter().skip(DEVICES_MAX).collect();
    if !older.is_empty() {
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::Id.is_in(older))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// Stops pushes to this device, if it is `user_id`'s: false when it was
/// not (someone else's device is never touched).
pub async fn unsubscribe(
    conn: &impl ConnectionTrait,
    user_id: i64,
    endpoint: &str,
) -> Result<bool, DbErr> {
    Ok(push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::UserId.eq(user_id))
        .filter(push_subscription::Column::Endpoint.eq(endpoint))
        .exec(conn)
        .await?
        .rows_affected
        == 1)
}

/// How many devices `user_id` is notified on.
pub async fn devices(conn: &impl ConnectionTrait, user_id: i64) -> Result<u64, DbErr> {
    push_subscription::Entity::find()
        .filter(push_subscription::Column::UserId.eq(user_id))
        .count(conn)
        .await
}

/// Queues `payload` for every device of the notification's person and
/// marks the notification delivered, in one transaction: false, and
/// nothing queued, when it was delivered already (by another instance).
/// A person with no device yet still has the notification in the app.
pub async fn queue(
    conn: &DatabaseConnection,
    notification_id: i64,
    user_id: i64,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = crate::write_txn(conn).await?;
    if !crate::notifications::mark_delivered(&txn, &[notification_id], now).await? {
        return Ok(false);
    }
    let devices: Vec<i64> = push_subscription::Entity::find()
        .select_only()
        .column(push_subscription::Column::Id)
        .filter(push_subscription::Column::UserId.eq(user_id))
        .into_tuple()
        .all(&txn)
        .await?;
    let messages: Vec<push_message::ActiveModel> = devices
        .into_iter()
        .map(|subscription_id| push_message::ActiveModel {
            subscription_id: Set(subscription_id),
            payload: Set(payload.to_owned()),
            created_at: Set(now),
            sent_at: Set(None),
            attempts: Set(0),
            ..Default::default()
        })
        .collect();
    if !messages.is_empty() {
        push_message::Entity::insert_many(messages)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// A push message to hand to its device's push service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    pub subscription_id: i64,
    pub device: Subscription,
    pub payload: String,
}

/// Messages waiting for their push service, oldest first.
pub async fn unsent(conn: &impl ConnectionTrait, limit: u64) -> Result<Vec<Outgoing>, DbErr> {
    let messages = push_message::Entity::find()
        .filter(push_message::Column::SentAt.is_null())
        .filter(push_message::Column::Attempts.lt(MAX_PUSH_ATTEMPTS))
        .order_by_asc(push_message::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let devices: std::collections::BTreeMap<i64, push_subscription::Model> =
        push_subscription::Entity::find()
            .filter(push_subscription::Column::Id.is_in(messages.iter().map(|m| m.subscription_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
    Ok(messages
        .into_iter()
        .filter_map(|m| {
            let s = devices.get(&m.subscription_id)?;
            Some(Outgoing {
                id: m.id,
                subscription_id: m.subscription_id,
                device: Subscription {
                    endpoint: s.endpoint.clone(),
                    p256dh: s.p256dh.clone(),
                    auth: s.auth.clone(),
                },
                payload: m.payload,
            })
        })
        .collect())
}

/// What the push service answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It took the message.
    Accepted(DateTime<Utc>),
    /// The device is gone (404 or 410, RFC 8030 §7.3): it is forgotten,
    /// with what was still queued for it.
    Gone,
    /// Refused for now: one attempt more.
    Refused,
}

/// Records the push service's answer to message `id`. A sent message's
/// text is erased: it was for the device, not for a table many can read.
pub async fn answered(
    conn: &impl ConnectionTrait,
    message: &Outgoing,
    answer: Answer,
) -> Result<(), DbErr> {
    let update =
        push_message::Entity::update_many().filter(push_message::Column::Id.eq(message.id));
    match answer {
        Answer::Accepted(at) => {
            update
                .col_expr(push_message::Column::SentAt, Expr::value(at))
                .col_expr(push_message::Column::Payload, Expr::value(""))
                .exec(conn)
                .await?;
        }
        Answer::Refused => {
            update
                .col_expr(
                    push_message::Column::Attempts,
                    Expr::col(push_message::Column::Attempts).add(1),
                )
                .exec(conn)
                .await?;
        }
        Answer::Gone => {
            push_subscription::Entity::delete_many()
                .filter(push_subscription::Column::Id.eq(message.subscription_id))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}
