//! What residents and members write: comments, supports, ballots.

use chrono::{DateTime, Utc};
use domain::{
    AmendmentStatus, Choice, LedgerKind, NotificationKind, Origin, ProposalStatus, Stance, Subject,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::OnConflict,
};

use crate::entity::{
    amendment, ballot, comment, comment_report, comment_upvote, proposal, support, vote,
};
use crate::ledger;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("no such proposal, comment or vote")]
    NotFound,
    /// The proposal's stage does not allow this now.
    #[error("not allowed at this stage")]
    WrongStage,
    /// Replies go three levels deep at most.
    #[error("too deep")]
    TooDeep,
    /// A citizen proposal needs more supports before the assembly takes it up.
    #[error("{supports} supports of the {needed} needed")]
    NotOnAgenda { supports: u32, needed: u32 },
    /// One cannot up-vote or report one's own comment.
    #[error("one's own comment")]
    OwnComment,
    /// Only its author edits a comment.
    #[error("someone else's comment")]
    NotYours,
    /// The comment was hidden by a facilitator.
    #[error("hidden comment")]
    Hidden,
    #[error("already reported")]
    AlreadyReported,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Comments are open from deliberation until the city has answered.
fn open_for_comments(status: ProposalStatus) -> bool {
    !matches!(status, ProposalStatus::Draft | ProposalStatus::Closed)
}

async fn live_proposal(
    conn: &impl ConnectionTrait,
    id: i64,
) -> Result<(proposal::Model, ProposalStatus), WriteError> {
    let p = proposal::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(WriteError::NotFound)?;
    let status = ProposalStatus::parse(&p.status).ok_or(WriteError::NotFound)?;
    Ok((p, status))
}

pub struct NewComment<'a> {
    pub proposal_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub stance: Stance,
    pub body: &'a str,
    pub now: DateTime<Utc>,
}

/// Adds a comment or a reply (three levels at most) and returns its id.
#[tracing::instrument(skip(conn, new), fields(proposal = new.proposal_id))]
pub async fn add_comment(
    conn: &impl ConnectionTrait,
    new: NewComment<'_>,
) -> Result<i64, WriteError> {
    let (_, status) = live_proposal(conn, new.proposal_id).await?;
    if !open_for_comments(status) {
        return Err(WriteError::WrongStage);
    }
    let mut parent_author = None;
    if let Some(parent) = new.parent_id {
        let mut depth = 1;
        let mut cursor = Some(parent);
        while let Some(id) = cursor {
            let c = comment::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or(WriteError::NotFound)?;
            if c.proposal_id != new.proposal_id {
                return Err(WriteError::NotFound);
            }
            parent_author.get_or_insert(c.author_id);
            depth += 1;
            cursor = c.parent_id;
        }
        if depth > 3 {
            return Err(WriteError::TooDeep);
        }
    }
    let result = comment::Entity::insert(comment::ActiveModel {
        proposal_id: Set(new.proposal_id),
        parent_id: Set(new.parent_id),
        author_id: Set(new.author_id),
        stance: Set(new.stance.as_str().to_owned()),
        body: Set(new.body.to_owned()),
        created_at: Set(new.now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    crate::notifications::notify(
        conn,
        parent_author,
        new.author_id,
        NotificationKind::CommentReply,
        new.proposal_id,
        new.now,
    )
    .await?;
    crate::recount(conn, new.proposal_id).await?;
    Ok(result.last_insert_id)
}

/// A visible comment on a proposal still open for comments.
async fn open_comment(
    conn: &impl ConnectionTrait,
    comment_id: i64,
) -> Result<comment::Model, WriteError> {
    let c = comment::Entity::find_by_id(comment_id)
        .one(conn)
        .await?
        .ok_or(WriteError::NotFound)?;
    if c.hidden_reason.is_some() {
        return Err(WriteError::Hidden);
    }
    let (_, status) = live_proposal(conn, c.proposal_id).await?;
    if !open_for_comments(status) {
        return Err(WriteError::WrongStage);
    }
    Ok(c)
}

/// Up-votes a comment (or takes the up-vote back); returns its proposal.
/// Up-voting twice is one up-vote: the unique index decides.
#[tracing::instrument(skip(conn))]
pub async fn set_upvote(
    conn: &impl ConnectionTrait,
    comment_id: i64,
    user_id: i64,
    up: bool,
) -> Result<i64, WriteError> {
    let c = open_comment(conn, comment_id).await?;
    if c.author_id == user_id {
        return Err(WriteError::OwnComment);
    }
    if up {
        comment_upvote::Entity::insert(comment_upvote::ActiveModel {
            comment_id: Set(comment_id),
            user_id: Set(user_id),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                comment_upvote::Column::CommentId,
                comment_upvote::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    } else {
        comment_upvote::Entity::delete_many()
            .filter(comment_upvote::Column::CommentId.eq(comment_id))
            .filter(comment_upvote::Column::UserId.eq(user_id))
            .exec(conn)
            .await?;
    }
    Ok(c.proposal_id)
}

/// Its author rewrites a comment; the page then marks it as edited.
/// Returns its proposal.
#[tracing::instrument(skip(conn, body))]
pub async fn edit_comment(
    conn: &impl ConnectionTrait,
    comment_id: i64,
    author_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    use sea_orm::sea_query::Expr;
    let c = open_comment(conn, comment_id).await?;
    if c.author_id != author_id {
        return Err(WriteError::NotYours);
    }
    // A facilitator hiding it meanwhile wins: the edit does not unhide it.
    let edited = comment::Entity::update_many()
        .col_expr(comment::Column::Body, Expr::value(body))
        .col_expr(comment::Column::EditedAt, Expr::value(now))
        .filter(comment::Column::Id.eq(comment_id))
        .filter(comment::Column::HiddenReason.is_null())
        .exec(conn)
        .await?;
    if edited.rows_affected == 0 {
        return Err(WriteError::Hidden);
    }
    Ok(c.proposal_id)
}

/// Reports a comment to the facilitators, once per person; returns its
/// proposal.
#[tracing::instrument(skip(conn, reason))]
pub async fn report_comment(
    conn: &impl ConnectionTrait,
    comment_id: i64,
    reporter_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    let c = comment::Entity::find_by_id(comment_id)
        .one(conn)
        .await?
        .ok_or(WriteError::NotFound)?;
    if c.hidden_reason.is_some() {
        return Err(WriteError::Hidden);
    }
    if c.author_id == reporter_id {
        return Err(WriteError::OwnComment);
    }
    let inserted = comment_report::Entity::insert(comment_report::ActiveModel {
        comment_id: Set(comment_id),
        reporter_id: Set(reporter_id),
        reason: Set(reason.to_owned()),
        created_at: Set(now),
        resolved_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            comment_report::Column::CommentId,
            comment_report::Column::ReporterId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    if inserted == 0 {
        return Err(WriteError::AlreadyReported);
    }
    Ok(c.proposal_id)
}

/// The comments a user wrote and up-voted on a proposal: what their page
/// offers to edit, and which up-votes are theirs.
pub async fn my_comments(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
) -> Result<(Vec<i64>, Vec<i64>), DbErr> {
    use sea_orm::QuerySelect;
    let written: Vec<i64> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .filter(comment::Column::ProposalId.eq(proposal_id))
        .filter(comment::Column::AuthorId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?;
    let upvoted: Vec<i64> = comment_upvote::Entity::find()
        .select_only()
        .column(comment_upvote::Column::CommentId)
        .filter(comment_upvote::Column::UserId.eq(user_id))
        .filter(
            comment_upvote::Column::CommentId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(comment::Column::Id)
                    .from(comment::Entity)
                    .and_where(comment::Column::ProposalId.eq(proposal_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(conn)
        .await?;
    Ok((written, upvoted))
}

/// Supports (or withdraws support for) a citizen proposal. Supporting twice
/// is one support: the unique index decides.
#[tracing::instrument(skip(conn))]
pub async fn set_support(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
    supported: bool,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    let (p, status) = live_proposal(conn, proposal_id).await?;
    if Origin::parse(&p.origin) != Some(Origin::Citizen)
        || !matches!(
            status,
            ProposalStatus::Deliberation | ProposalStatus::Amendments | ProposalStatus::Vote
        )
    {
        return Err(WriteError::WrongStage);
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

/// Casts or changes a member's ballot while the vote is open. One ballot per
/// member per vote is a unique index; a second ballot replaces the first in
/// the same statement, so concurrent requests cannot create two.
#[tracing::instrument(skip(conn))]
pub async fn cast_ballot(
    conn: &impl ConnectionTrait,
    vote_id: i64,
    member_id: i64,
    choice: Choice,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    let v = vote::Entity::find_by_id(vote_id)
        .one(conn)
        .await?
        .ok_or(WriteError::NotFound)?;
    if v.closed_at.is_some() {
        return Err(WriteError::WrongStage);
    }
    ballot::Entity::insert(ballot::ActiveModel {
        vote_id: Set(vote_id),
        member_id: Set(member_id),
        choice: Set(choice.as_str().to_owned()),
        cast_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([ballot::Column::VoteId, ballot::Column::MemberId])
            .update_columns([ballot::Column::Choice, ballot::Column::CastAt])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A member's current ballot in a vote, if any.
pub async fn ballot_of(
    conn: &impl ConnectionTrait,
    vote_id: i64,
    member_id: i64,
) -> Result<Option<Choice>, DbErr> {
    Ok(ballot::Entity::find()
        .filter(ballot::Column::VoteId.eq(vote_id))
        .filter(ballot::Column::MemberId.eq(member_id))
        .one(conn)
        .await?
        .and_then(|b| Choice::parse(&b.choice)))
}

/// Closes an open vote, counts it, and moves the proposal to adopted or
/// rejected (no quorum counts as rejected), recording who did it, all in
/// one transaction.
#[tracing::instrument(skip(conn))]
pub async fn close_vote(
    conn: &sea_orm::DatabaseConnection,
    vote_id: i64,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<domain::Outcome, WriteError> {
    use sea_orm::sea_query::Expr;
    let txn = crate::write_txn(conn).await?;
    let v = vote::Entity::find_by_id(vote_id)
        .one(&txn)
        .await?
        .ok_or(WriteError::NotFound)?;
    // Only the request that actually closes the vote goes on.
    let closed = vote::Entity::update_many()
        .col_expr(vote::Column::ClosedAt, Expr::value(now))
        .filter(vote::Column::Id.eq(vote_id))
        .filter(vote::Column::ClosedAt.is_null())
        .exec(&txn)
        .await?;
    if closed.rows_affected == 0 {
        return Err(WriteError::WrongStage);
    }
    let (p, status) = live_proposal(&txn, v.proposal_id).await?;
    let ballots: Vec<(i64, Choice)> = ballot::Entity::find()
        .filter(ballot::Column::VoteId.eq(vote_id))
        .order_by_asc(ballot::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|b| Some((b.member_id, Choice::parse(&b.choice)?)))
        .collect();
    let rule = domain::VoteRule {
        majority: domain::Majority::from_keyword(&v.majority),
        quorum_percent: u8::try_from(v.quorum_percent).unwrap_or(100),
    };
    let tally = domain::Tally::from_ballots(ballots.iter().map(|(_, c)| *c));
    let eligible = u32::try_from(v.eligible).unwrap_or(0);
    let outcome = tally.outcome(rule, eligible);
    // A vote on the proposal decides its stage; one on a contested
    // amendment, the amendment's fate.
    let next = match (v.amendment_id, outcome) {
        (Some(amendment_id), _) => {
            settle_amendment(&txn, &p, amendment_id, outcome, actor_id, now).await?;
            None
        }
        (None, domain::Outcome::Adopted) => Some(ProposalStatus::Adopted),
        (None, domain::Outcome::Rejected | domain::Outcome::NoQuorum) => {
            Some(ProposalStatus::Rejected)
        }
    };
    if next.is_some_and(|next| !status.can_move_to(next)) {
        return Err(WriteError::WrongStage);
    }
    let named = if v.secret {
        None
    } else {
        let labels =
            crate::draws::member_labels(&txn, ballots.iter().map(|(member, _)| *member)).await?;
        Some(
            ballots
                .iter()
                .map(|(member, choice)| ledger::NamedBallot {
                    member: labels.get(member).cloned().unwrap_or_default(),
                    choice: choice.as_str().to_owned(),
                })
                .collect(),
        )
    };
    let subject = Subject::Proposal(p.id);
    ledger::append(
        &txn,
        now,
        LedgerKind::VoteResult,
        subject,
        &ledger::VoteResult {
            vote: vote_id,
            proposal: p.id,
            amendment: v.amendment_id,
            outcome,
            tally,
            eligible,
            rule,
            secret: v.secret,
            ballots: named,
        },
    )
    .await?;
    // The stage follows its result in the ledger.
    if let Some(next) = next {
        crate::agenda::step(&txn, &p, next, actor_id, now).await?;
    }
    txn.commit().await?;
    Ok(outcome)
}

/// The end of the assembly's vote on a contested amendment: adopted, it
/// makes a new version; otherwise it stays rejected. If its passage
/// changed while the vote ran, it lapses (rejected): its author may
/// propose it again against the current text.
async fn settle_amendment(
    txn: &sea_orm::DatabaseTransaction,
    p: &proposal::Model,
    amendment_id: i64,
    outcome: domain::Outcome,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    use sea_orm::sea_query::Expr;
    let a = amendment::Entity::find_by_id(amendment_id)
        .one(txn)
        .await?
        .ok_or(WriteError::NotFound)?;
    let adopted = outcome == domain::Outcome::Adopted
        && match crate::agenda::adopt_amendment(txn, p, &a, now).await {
            Ok(()) => true,
            Err(crate::agenda::AmendmentError::Text(_)) => false,
            Err(crate::agenda::AmendmentError::Write(e)) => return Err(e),
            Err(crate::agenda::AmendmentError::NotAuthor) => return Err(WriteError::WrongStage),
        };
    let status = if adopted {
        AmendmentStatus::Accepted
    } else {
        AmendmentStatus::Rejected
    };
    amendment::Entity::update_many()
        .col_expr(amendment::Column::Status, Expr::value(status.as_str()))
        .col_expr(amendment::Column::DecidedAt, Expr::value(now))
        .filter(amendment::Column::Id.eq(a.id))
        .exec(txn)
        .await?;
    crate::notifications::notify(
        txn,
        [a.author_id],
        actor_id,
        if adopted {
            NotificationKind::AmendmentAccepted
        } else {
            NotificationKind::AmendmentRejected
        },
        p.id,
        now,
    )
    .await?;
    Ok(())
}

/// Where a user stands on a proposal: its origin, their support, and their
/// ballot in each open vote. Cheap enough for every proposal page view.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub origin: Origin,
    /// The user wrote the proposal (and decides on its amendments).
    pub author: bool,
    pub supported: bool,
    pub open_ballots: Vec<(i64, Option<Choice>)>,
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
        open_ballots.push((v.id, ballot_of(conn, v.id, user_id).await?));
    }
    Ok(Some(Standing {
        origin: Origin::parse(&p.origin).unwrap_or(Origin::Assembly),
        author: p.author_id == user_id,
        supported: supports(conn, proposal_id, user_id).await?,
        open_ballots,
    }))
}
