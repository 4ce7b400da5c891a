//! Residents' supports of citizen proposals, and where the signed-in
//! person stands on a proposal (supported, author, ballots).

use chrono::{DateTime, Utc};
use domain::{MyBallot, Origin, ProposalStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::Error;
use crate::entity::{proposal, support, vote};
use crate::stage::live_proposal;
use crate::votes::my_ballot;

/// Supports (or withdraws support for) a citizen proposal. Supporting twice
/// is one support: the unique index decides. The support and the count
/// that brings the proposal onto the agenda are one transaction.
#[tracing::instrument(skip(conn))]
pub async fn set_support(
    conn: &DatabaseConnection,
    proposal_id: i64,
    user_id: i64,
    supported: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let conn = &txn;
    let (p, status) = live_proposal(conn, proposal_id).await?;
    if Origin::parse(&p.origin) != Some(Origin::Citizen)
        || !matches!(
            status,
            ProposalStatus::Deliberation | ProposalStatus::Amendments | ProposalStatus::Vote
        )
    {
        return Err(Error::WrongStage);
    }
    if supported {
        support::Entity::insert(support::ActiveModel {
            proposal_id: Set(proposal_id),
            user_id: Set(user_id),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([support::Column::ProposalId, support::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    } else {
        support::Entity::delete_many()
            .filter(support::Column::ProposalId.eq(proposal_id))
            .filter(support::Column::UserId.eq(user_id))
            .exec(conn)
            .await?;
    }
    crate::recount(conn, proposal_id).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether a user supports a proposal.
pub async fn supports(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
) -> Result<bool, DbErr> {
    Ok(support::Entity::find()
        .filter(support::Column::ProposalId.eq(proposal_id))
        .filter(support::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .is_some())
}

/// Where a user stands on a proposal: its origin, their support, and their
/// ballot in each open vote. Cheap enough for every proposal page view.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub origin: Origin,
    /// The user wrote the proposal (and decides on its amendments).
    pub author: bool,
    pub supported: bool,
    pub open_ballots: Vec<(i64, Option<MyBallot>)>,
}

pub async fn standing(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
) -> Result<Option<Standing>, DbErr> {
    let Some(p) = proposal::Entity::find_by_id(proposal_id).one(conn).await? else {
        return Ok(None);
    };
    let open_votes = vote::Entity::find()
        .filter(vote::Column::ProposalId.eq(proposal_id))
        .filter(vote::Column::ClosedAt.is_null())
        .all(conn)
        .await?;
    let mut open_ballots = Vec::with_capacity(open_votes.len());
    for v in open_votes {
        open_ballots.push((v.id, my_ballot(conn, &v, user_id).await?));
    }
    Ok(Some(Standing {
        origin: Origin::parse(&p.origin).unwrap_or(Origin::Assembly),
        author: p.author_id == user_id,
        supported: supports(conn, proposal_id, user_id).await?,
        open_ballots,
    }))
}
