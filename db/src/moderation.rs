//! The moderation queue: reported comments, which facilitators hide with a
//! public reason or keep. Hiding is in the public ledger.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::ledger::payload as entry;
use domain::{ModerationItem, NotificationKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{comment, comment_report, proposal, user};
use crate::{Error, ledger, notifications};

/// The reported comments a facilitator sees at once, oldest report first.
pub const QUEUE_LENGTH: usize = 100;

/// Comments with open reports, each with its reasons: five queries,
/// whatever the queue's length.
pub async fn queue(conn: &DatabaseConnection) -> Result<Vec<ModerationItem>, DbErr> {
    let reports = comment_report::Entity::find()
        .filter(comment_report::Column::ResolvedAt.is_null())
        .order_by_asc(comment_report::Column::Id)
        .limit(u64::try_from(QUEUE_LENGTH * 10).unwrap_or(u64::MAX))
        .all(conn)
        .await?;
    let mut reasons: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut order = Vec::new();
    for r in reports {
        let list = reasons.entry(r.comment_id).or_default();
        if list.is_empty() {
            order.push(r.comment_id);
        }
        list.push(r.reason);
    }
    order.truncate(QUEUE_LENGTH);
    let comments: BTreeMap<i64, comment::Model> = comment::Entity::find()
        .filter(comment::Column::Id.is_in(order.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let titles: BTreeMap<i64, String> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::Title)
        .filter(proposal::Column::Id.is_in(comments.values().map(|c| c.proposal_id)))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let names: BTreeMap<i64, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(comments.values().map(|c| c.author_id)))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(order
        .into_iter()
        .filter_map(|id| {
            let c = comments.get(&id)?;
            Some(ModerationItem {
                comment_id: c.id,
                proposal_id: c.proposal_id,
                proposal_title: titles.get(&c.proposal_id).cloned().unwrap_or_default(),
                author: names.get(&c.author_id).cloned().unwrap_or_default(),
                body: c.body.clone(),
                created_at: c.created_at,
                reasons: reasons.remove(&id).unwrap_or_default(),
            })
        })
        .collect())
}

/// Hides a comment with a public reason: its text leaves the page (its
/// place and the reason stay), its reports close, the count drops, the
/// ledger records it and its author is told. Returns its proposal.
pub async fn hide_comment(
    conn: &DatabaseConnection,
    comment_id: i64,
    actor_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let c = comment::Entity::find_by_id(comment_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let hidden = comment::Entity::update_many()
        .col_expr(comment::Column::HiddenReason, Expr::value(reason))
        .filter(comment::Column::Id.eq(comment_id))
        .filter(comment::Column::HiddenReason.is_null())
        .exec(&txn)
        .await?;
    if hidden.rows_affected == 0 {
        return Err(Error::Hidden);
    }
    let reports = resolve(&txn, comment_id, now).await?;
    crate::recount(&txn, c.proposal_id).await?;
    ledger::append(
        &txn,
        now,
        entry::CommentHidden {
            comment: comment_id,
            proposal: c.proposal_id,
            reason: reason.to_owned(),
            reports,
        },
    )
    .await?;
    notifications::notify(
        &txn,
        [c.author_id],
        actor_id,
        NotificationKind::CommentHidden,
        notifications::About::Proposal(c.proposal_id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(c.proposal_id)
}

/// Keeps a reported comment: its open reports close. Refused when it has
/// none.
pub async fn dismiss_reports(
    conn: &DatabaseConnection,
    comment_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if resolve(conn, comment_id, now).await? == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

async fn resolve(
    conn: &impl sea_orm::ConnectionTrait,
    comment_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(comment_report::Entity::update_many()
        .col_expr(comment_report::Column::ResolvedAt, Expr::value(now))
        .filter(comment_report::Column::CommentId.eq(comment_id))
        .filter(comment_report::Column::ResolvedAt.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}
