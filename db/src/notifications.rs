//! Notifications in the app: written in the same transaction as the event
//! they announce, so that nobody is told of something that did not happen.

use domain::MembershipStatus;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use domain::{NotificationKind, NotificationView};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use crate::entity::{membership, notification, proposal, support};

/// The most recent notifications a page lists.
pub const PAGE: u64 = 50;

/// Notifies each of `users` once, except `actor` (nobody is told of their
/// own action).
pub async fn notify(
    conn: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    actor: i64,
    kind: NotificationKind,
    proposal_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let users: BTreeSet<i64> = users.into_iter().filter(|u| *u != actor).collect();
    // Large audiences (a vote opening for the whole assembly) in a few
    // statements, within every backend's bound on parameters.
    let rows: Vec<notification::ActiveModel> = users
        .into_iter()
        .map(|user_id| notification::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.as_str().to_owned()),
            proposal_id: Set(proposal_id),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        notification::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// A proposal's author and the residents who support it: those the city's
/// answer and progress reports concern.
pub async fn author_and_supporters(
    conn: &impl ConnectionTrait,
    proposal: &proposal::Model,
) -> Result<Vec<i64>, DbErr> {
    let mut users: Vec<i64> = support::Entity::find()
        .select_only()
        .column(support::Column::UserId)
        .filter(support::Column::ProposalId.eq(proposal.id))
        .into_tuple()
        .all(conn)
        .await?;
    users.push(proposal.author_id);
    Ok(users)
}

/// The members whose term runs on `day` and who have an account: those who
/// may vote.
pub async fn sitting_members(
    conn: &impl ConnectionTrait,
    day: chrono::NaiveDate,
) -> Result<Vec<i64>, DbErr> {
    let users: Vec<Option<i64>> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .filter(membership::Column::TermStart.lte(day))
        .filter(membership::Column::TermEnd.gte(day))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(users.into_iter().flatten().collect())
}

/// A user's latest notifications, newest first, with their proposals'
/// titles (two queries, whatever the number).
pub async fn list(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<NotificationView>, DbErr> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .limit(PAGE)
        .all(conn)
        .await?;
    let ids: BTreeSet<i64> = rows.iter().map(|n| n.proposal_id).collect();
    let titles: std::collections::BTreeMap<i64, String> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::Title)
        .filter(proposal::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            Some(NotificationView {
                id: n.id,
                kind: NotificationKind::parse(&n.kind)?,
                proposal_id: n.proposal_id,
                proposal_title: titles.get(&n.proposal_id).cloned().unwrap_or_default(),
                created_at: n.created_at,
                read: n.read_at.is_some(),
            })
        })
        .collect())
}

/// How many notifications a user has not read.
pub async fn unread(conn: &impl ConnectionTrait, user_id: i64) -> Result<u64, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(conn)
        .await
}

/// Marks all of a user's notifications read; returns how many were unread.
pub async fn mark_all_read(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}
