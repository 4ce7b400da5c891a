//! Amendments: a member proposes a new wording of one passage, the author
//! accepts (a new version of the text) or rejects; the versions of a text.

use chrono::{DateTime, Utc};
use domain::ledger::payload as entry;
use domain::{AmendmentStatus, NotificationKind, ProposalStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::entity::{amendment, proposal, proposal_version};
use crate::stage::locked;
use crate::{Error, ledger, notifications};

/// A member proposes a new wording of one passage of a proposal open for
/// amendments; the passage must appear exactly once in its current text.
pub async fn propose_amendment(
    conn: &DatabaseConnection,
    proposal_id: i64,
    author_id: i64,
    passage: &str,
    replacement: &str,
    rationale: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    if ProposalStatus::parse(&p.status) != Some(ProposalStatus::Amendments) {
        return Err(Error::WrongStage);
    }
    domain::diff::apply(&p.body, passage, replacement).map_err(Error::Amendment)?;
    let id = amendment::Entity::insert(amendment::ActiveModel {
        proposal_id: Set(p.id),
        author_id: Set(author_id),
        original: Set(passage.to_owned()),
        replacement: Set(replacement.to_owned()),
        rationale: Set(rationale.to_owned()),
        status: Set(AmendmentStatus::Pending.as_str().to_owned()),
        created_at: Set(now),
        decided_at: Set(None),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    notifications::notify(
        &txn,
        [p.author_id],
        author_id,
        NotificationKind::AmendmentProposed,
        notifications::About::Proposal(p.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The proposal's author accepts an amendment (a new version of the text,
/// in the ledger) or rejects it. An amendment whose passage changed since
/// is refused, and stays pending.
pub async fn decide_amendment(
    conn: &DatabaseConnection,
    amendment_id: i64,
    actor_id: i64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let a = amendment::Entity::find_by_id(amendment_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let p = locked(&txn, a.proposal_id).await?;
    if p.author_id != actor_id {
        return Err(Error::NotYours);
    }
    if ProposalStatus::parse(&p.status) != Some(ProposalStatus::Amendments)
        || a.status != AmendmentStatus::Pending.as_str()
    {
        return Err(Error::WrongStage);
    }
    let status = if accept {
        AmendmentStatus::Accepted
    } else {
        AmendmentStatus::Rejected
    };
    let decided = amendment::Entity::update_many()
        .col_expr(amendment::Column::Status, Expr::value(status.as_str()))
        .col_expr(amendment::Column::DecidedAt, Expr::value(now))
        .filter(amendment::Column::Id.eq(a.id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(Error::WrongStage);
    }
    if accept {
        adopt_amendment(&txn, &p, &a, now).await?;
    }
    notifications::notify(
        &txn,
        [a.author_id],
        actor_id,
        if accept {
            NotificationKind::AmendmentAccepted
        } else {
            NotificationKind::AmendmentRejected
        },
        notifications::About::Proposal(p.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Applies an accepted amendment: the new text, its version and its
/// ledger entry. A passage that changed since refuses the whole step.
pub(crate) async fn adopt_amendment(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    a: &amendment::Model,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let body =
        domain::diff::apply(&p.body, &a.original, &a.replacement).map_err(Error::Amendment)?;
    let version = proposal_version::Entity::find()
        .filter(proposal_version::Column::ProposalId.eq(p.id))
        .count(txn)
        .await?;
    let version = i32::try_from(version).unwrap_or(i32::MAX - 1) + 1;
    proposal::Entity::update_many()
        .col_expr(proposal::Column::Body, Expr::value(body.clone()))
        .col_expr(
            proposal::Column::BodyHtml,
            Expr::value(domain::markdown::render(&body)),
        )
        .col_expr(proposal::Column::UpdatedAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(p.id))
        .exec(txn)
        .await?;
    proposal_version::Entity::insert(proposal_version::ActiveModel {
        proposal_id: Set(p.id),
        number: Set(version),
        title: Set(p.title.clone()),
        body: Set(body),
        amendment_id: Set(Some(a.id)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    ledger::append(
        txn,
        now,
        entry::AmendmentAccepted {
            amendment: a.id,
            proposal: p.id,
            version,
            original: a.original.clone(),
            replacement: a.replacement.clone(),
        },
    )
    .await?;
    Ok(())
}

/// One version of a proposal's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub number: i32,
    pub title: String,
    pub body: String,
    pub amendment_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Every version of a proposal's text, the first first.
pub async fn versions(
    conn: &impl sea_orm::ConnectionTrait,
    proposal_id: i64,
) -> Result<Vec<Version>, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    Ok(proposal_version::Entity::find()
        .filter(proposal_version::Column::ProposalId.eq(proposal_id))
        .order_by_asc(proposal_version::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(|v| Version {
            number: v.number,
            title: v.title,
            body: v.body,
            amendment_id: v.amendment_id,
            created_at: v.created_at,
        })
        .collect())
}
