//! The assembly's votes: opening one (on a proposal or on an amendment its
//! author rejected), ballots, and closing with the count, the outcome and
//! the proposal's next stage, in one transaction.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use domain::MembershipStatus;
use domain::ledger::payload as entry;
use domain::{
    AmendmentStatus, Choice, Majority, MyBallot, NotificationKind, ProposalStatus, Tally,
};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{amendment, ballot, ballot_receipt, membership, proposal, secret_tally, vote};
use crate::jobs::{self, Claim};
use crate::stage::{live_proposal, locked, on_agenda, step};
use crate::{Error, ledger, notifications};
use domain::schedule::JobKind;

/// How a vote decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteSetup {
    pub majority: Majority,
    /// Share of the members who must take part, 0 to 100.
    pub quorum_percent: u8,
    /// Secret ballots: who voted is kept apart from what was voted, the
    /// totals are published only when the vote closes, and a ballot, once
    /// cast, is final.
    pub secret: bool,
    /// When the vote closes itself (checked by the caller with
    /// `domain::schedule::closing_time`); None: when a facilitator closes it.
    pub closes_at: Option<DateTime<Utc>>,
    /// Taken in the sitting whose item under way is the proposal: the
    /// quorum counts from the members present there, not from every member.
    pub in_sitting: bool,
}

/// Opens the members' vote on a proposal in deliberation or amendments.
/// The eligible are the members whose term runs today. A vote on a
/// contested amendment must close first.
pub async fn open_vote(
    conn: &DatabaseConnection,
    proposal_id: i64,
    setup: VoteSetup,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    on_agenda(&txn, &p).await?;
    if open_votes(&txn, p.id).await? > 0 {
        return Err(Error::WrongStage);
    }
    step(&txn, &p, ProposalStatus::Vote, actor_id, now).await?;
    let vote_id = insert_vote(&txn, &p, None, setup, actor_id, now).await?;
    txn.commit().await?;
    Ok(vote_id)
}

/// Puts an amendment its proposal's author rejected to the assembly's
/// vote, while the proposal is open for amendments; adopted, it makes a
/// new version as if the author had accepted it.
pub async fn open_amendment_vote(
    conn: &DatabaseConnection,
    amendment_id: i64,
    setup: VoteSetup,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let a = amendment::Entity::find_by_id(amendment_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let p = locked(&txn, a.proposal_id).await?;
    if ProposalStatus::parse(&p.status) != Some(ProposalStatus::Amendments) {
        return Err(Error::WrongStage);
    }
    let contested = amendment::Entity::update_many()
        .col_expr(
            amendment::Column::Status,
            Expr::value(AmendmentStatus::Contested.as_str()),
        )
        .filter(amendment::Column::Id.eq(a.id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Rejected.as_str()))
        .exec(&txn)
        .await?;
    if contested.rows_affected == 0 {
        return Err(Error::WrongStage);
    }
    let vote_id = insert_vote(&txn, &p, Some(a.id), setup, actor_id, now).await?;
    txn.commit().await?;
    Ok(vote_id)
}

/// How many votes on a proposal (or its amendments) are open.
pub(crate) async fn open_votes(txn: &DatabaseTransaction, proposal_id: i64) -> Result<u64, Error> {
    Ok(vote::Entity::find()
        .filter(vote::Column::ProposalId.eq(proposal_id))
        .filter(vote::Column::ClosedAt.is_null())
        .count(txn)
        .await?)
}

/// Writes an open vote, its ledger entry and the sitting members'
/// notifications.
pub(crate) async fn insert_vote(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    amendment_id: Option<i64>,
    setup: VoteSetup,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let today = now.date_naive();
    let eligible = membership::Entity::find()
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .filter(membership::Column::TermStart.lte(today))
        .filter(membership::Column::TermEnd.gte(today))
        .count(txn)
        .await?;
    let eligible = i32::try_from(eligible).unwrap_or(i32::MAX);
    let quorum = i16::from(setup.quorum_percent.min(100));
    let sitting_id = if setup.in_sitting {
        let under_way = crate::sittings::taking_up(txn, p.id).await?;
        Some(*under_way.first().ok_or(Error::NotUnderWay)?)
    } else {
        None
    };
    let vote_id = vote::Entity::insert(vote::ActiveModel {
        proposal_id: Set(p.id),
        majority: Set(setup.majority.as_str().to_owned()),
        quorum_percent: Set(quorum),
        secret: Set(setup.secret),
        eligible: Set(eligible),
        opened_at: Set(now),
        closed_at: Set(None),
        amendment_id: Set(amendment_id),
        closes_at: Set(setup.closes_at),
        opened_by: Set(Some(actor_id)),
        sitting_id: Set(sitting_id),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id;
    if let Some(closes_at) = setup.closes_at {
        jobs::schedule(txn, JobKind::CloseVote, vote_id, closes_at).await?;
        if let Some(at) = domain::schedule::reminder_time(now, closes_at) {
            jobs::schedule(txn, JobKind::RemindVote, vote_id, at).await?;
        }
    }
    if setup.secret {
        seal(txn, vote_id, [], Tally::default()).await?;
    }
    ledger::append(
        txn,
        now,
        entry::VoteOpened {
            vote: vote_id,
            proposal: p.id,
            amendment: amendment_id,
            majority: setup.majority,
            quorum_percent: setup.quorum_percent.min(100),
            secret: setup.secret,
            eligible: u32::try_from(eligible).unwrap_or(0),
            closes_at: setup.closes_at,
            sitting: sitting_id,
        },
    )
    .await?;
    let members = notifications::sitting_members(txn, today).await?;
    notifications::notify(
        txn,
        members,
        actor_id,
        NotificationKind::VoteOpened,
        notifications::About::Proposal(p.id),
        now,
    )
    .await?;
    Ok(vote_id)
}

/// Casts a member's ballot while the vote is open; one ballot per member
/// per vote is a unique index either way.
///
/// A named ballot may change until the vote closes: a second one replaces
/// the first in the same statement, so concurrent requests cannot create
/// two. A secret ballot is final: the member's receipt and one more in the
/// chosen counter are written in one transaction, and nothing stores which
/// counter it was; a second ballot is refused, since there is no choice to
/// take back. Every ballot rewrites all three counters of its vote, so that
/// no row's version (PostgreSQL's `xmin`) tells which one changed with
/// which receipt. The choice is kept out of the logs.
#[tracing::instrument(skip(conn, choice))]
pub async fn cast_ballot(
    conn: &DatabaseConnection,
    vote_id: i64,
    member_id: i64,
    choice: Choice,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let v = vote::Entity::find_by_id(vote_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    // Past its closing time a vote takes no ballot, even before the
    // scheduler has counted it.
    if v.closed_at.is_some() || v.closes_at.is_some_and(|at| now >= at) {
        return Err(Error::WrongStage);
    }
    if v.secret {
        use sea_orm::sea_query::ExprTrait;
        let receipt = ballot_receipt::Entity::insert(ballot_receipt::ActiveModel {
            vote_id: Set(vote_id),
            member_id: Set(member_id),
        })
        .on_conflict(
            OnConflict::columns([
                ballot_receipt::Column::VoteId,
                ballot_receipt::Column::MemberId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if receipt == 0 {
            return Err(Error::BallotSealed);
        }
        secret_tally::Entity::update_many()
            .col_expr(
                secret_tally::Column::Count,
                Expr::col(secret_tally::Column::Count).add(
                    Expr::case(secret_tally::Column::Choice.eq(choice.as_str()), 1).finally(0),
                ),
            )
            .filter(secret_tally::Column::VoteId.eq(vote_id))
            .exec(&txn)
            .await?;
    } else {
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
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Writes a secret vote's receipts and counters (zero when it opens).
pub(crate) async fn seal(
    txn: &impl ConnectionTrait,
    vote_id: i64,
    voters: impl IntoIterator<Item = i64>,
    tally: Tally,
) -> Result<(), DbErr> {
    let counters = [
        (Choice::For, tally.pour),
        (Choice::Against, tally.contre),
        (Choice::Abstain, tally.abstention),
    ]
    .map(|(choice, count)| secret_tally::ActiveModel {
        vote_id: Set(vote_id),
        choice: Set(choice.as_str().to_owned()),
        count: Set(i32::try_from(count).unwrap_or(i32::MAX)),
    });
    secret_tally::Entity::insert_many(counters)
        .exec_without_returning(txn)
        .await?;
    let receipts: Vec<_> = voters
        .into_iter()
        .map(|member_id| ballot_receipt::ActiveModel {
            vote_id: Set(vote_id),
            member_id: Set(member_id),
        })
        .collect();
    if !receipts.is_empty() {
        ballot_receipt::Entity::insert_many(receipts)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// A member's own ballot in a vote, if they cast one.
pub async fn ballot_of(
    conn: &impl ConnectionTrait,
    vote_id: i64,
    member_id: i64,
) -> Result<Option<MyBallot>, Error> {
    let v = vote::Entity::find_by_id(vote_id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(my_ballot(conn, &v, member_id).await?)
}

pub(crate) async fn my_ballot(
    conn: &impl ConnectionTrait,
    v: &vote::Model,
    member_id: i64,
) -> Result<Option<MyBallot>, DbErr> {
    if v.secret {
        let receipt = ballot_receipt::Entity::find_by_id((v.id, member_id))
            .one(conn)
            .await?;
        return Ok(receipt.map(|_| MyBallot::Sealed));
    }
    Ok(ballot::Entity::find()
        .filter(ballot::Column::VoteId.eq(v.id))
        .filter(ballot::Column::MemberId.eq(member_id))
        .one(conn)
        .await?
        .and_then(|b| Choice::parse(&b.choice))
        .map(MyBallot::Named))
}

/// A vote's count so far, from its named ballots or its secret counters,
/// whoever asks: callers show it only when `domain::tally_is_public`.
pub(crate) async fn count(conn: &impl ConnectionTrait, v: &vote::Model) -> Result<Tally, DbErr> {
    let mut tally = Tally::default();
    if v.secret {
        let counters = secret_tally::Entity::find()
            .filter(secret_tally::Column::VoteId.eq(v.id))
            .all(conn)
            .await?;
        for c in counters {
            let choice =
                crate::error::stored(Choice::parse(&c.choice), "secret_tallies.choice", &c.choice)?;
            let n = u32::try_from(c.count).unwrap_or(0);
            match choice {
                Choice::For => tally.pour += n,
                Choice::Against => tally.contre += n,
                Choice::Abstain => tally.abstention += n,
            }
        }
    } else {
        let choices: Vec<String> = ballot::Entity::find()
            .select_only()
            .column(ballot::Column::Choice)
            .filter(ballot::Column::VoteId.eq(v.id))
            .into_tuple()
            .all(conn)
            .await?;
        for c in choices {
            tally.add(crate::error::stored(
                Choice::parse(&c),
                "ballots.choice",
                &c,
            )?);
        }
    }
    Ok(tally)
}

/// What the public may see of a vote's count: `None` while a secret vote
/// is open. The number of voters is public at any time.
pub(crate) async fn public_count(
    conn: &impl ConnectionTrait,
    v: &vote::Model,
) -> Result<(Option<Tally>, u32), DbErr> {
    let tally = count(conn, v).await?;
    let shown = domain::tally_is_public(v.secret, v.closed_at.is_some());
    Ok((shown.then_some(tally), tally.cast()))
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
) -> Result<domain::Outcome, Error> {
    let txn = crate::write_txn(conn).await?;
    let v = vote::Entity::find_by_id(vote_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let outcome = close(&txn, &v, actor_id, false, now).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// The scheduler's `vote.close`: closes the vote at its closing time, on
/// behalf of the facilitator who opened it and set that time. None when
/// there was nothing to do (closed by hand before, or by another instance).
#[tracing::instrument(skip(conn))]
pub async fn close_at_closing_time(
    conn: &DatabaseConnection,
    claim: &Claim,
    now: DateTime<Utc>,
) -> Result<Option<domain::Outcome>, Error> {
    let txn = crate::write_txn(conn).await?;
    let v = vote::Entity::find_by_id(claim.subject).one(&txn).await?;
    let outcome = match v {
        Some(v) if v.closed_at.is_none() => {
            let actor = v.opened_by.ok_or(Error::NotFound)?;
            Some(close(&txn, &v, actor, true, now).await?)
        }
        _ => None,
    };
    if !jobs::finish(&txn, claim, now).await? {
        return Ok(None);
    }
    txn.commit().await?;
    Ok(outcome)
}

/// The scheduler's `vote.remind`: tells the members who may vote and have
/// not that the vote closes within a day. Returns how many were told.
#[tracing::instrument(skip(conn))]
pub async fn remind(
    conn: &DatabaseConnection,
    claim: &Claim,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let txn = crate::write_txn(conn).await?;
    let mut told = 0;
    if let Some(v) = vote::Entity::find_by_id(claim.subject).one(&txn).await?
        && v.closed_at.is_none()
    {
        let voted: BTreeSet<i64> = voters(&txn, &v).await?;
        let members: Vec<i64> = notifications::sitting_members(&txn, now.date_naive())
            .await?
            .into_iter()
            .filter(|m| !voted.contains(m))
            .collect();
        told = members.len();
        // Nobody is the actor of a reminder (0 is no user's id).
        notifications::notify(
            &txn,
            members,
            0,
            NotificationKind::VoteReminder,
            notifications::About::Proposal(v.proposal_id),
            now,
        )
        .await?;
    }
    if !jobs::finish(&txn, claim, now).await? {
        return Ok(0);
    }
    txn.commit().await?;
    Ok(told)
}

/// The members who cast a ballot in a vote (a secret vote's receipts say
/// who, never what).
async fn voters(txn: &impl ConnectionTrait, v: &vote::Model) -> Result<BTreeSet<i64>, DbErr> {
    let ids: Vec<i64> = if v.secret {
        ballot_receipt::Entity::find()
            .select_only()
            .column(ballot_receipt::Column::MemberId)
            .filter(ballot_receipt::Column::VoteId.eq(v.id))
            .into_tuple()
            .all(txn)
            .await?
    } else {
        ballot::Entity::find()
            .select_only()
            .column(ballot::Column::MemberId)
            .filter(ballot::Column::VoteId.eq(v.id))
            .into_tuple()
            .all(txn)
            .await?
    };
    Ok(ids.into_iter().collect())
}

/// A sitting's vote counts its quorum from the members present: as many
/// as when it closed, or as are present now while it is open. None for the
/// assembly's other votes, counted from every member whose term runs.
pub(crate) async fn present_of(
    conn: &impl ConnectionTrait,
    v: &vote::Model,
) -> Result<Option<u32>, Error> {
    Ok(match (v.present, v.sitting_id) {
        (Some(n), _) => Some(u32::try_from(n).unwrap_or(0)),
        (None, Some(sitting_id)) => {
            Some(crate::sittings::attendance(conn, sitting_id).await?.present)
        }
        (None, None) => None,
    })
}

/// Closes, counts and settles a vote inside `txn`; `at_closing_time` when
/// the scheduler closes it.
async fn close(
    txn: &DatabaseTransaction,
    v: &vote::Model,
    actor_id: i64,
    at_closing_time: bool,
    now: DateTime<Utc>,
) -> Result<domain::Outcome, Error> {
    use sea_orm::sea_query::Expr;
    let vote_id = v.id;
    // Only the request that actually closes the vote goes on.
    let closed = vote::Entity::update_many()
        .col_expr(vote::Column::ClosedAt, Expr::value(now))
        .filter(vote::Column::Id.eq(vote_id))
        .filter(vote::Column::ClosedAt.is_null())
        .exec(txn)
        .await?;
    if closed.rows_affected == 0 {
        return Err(Error::WrongStage);
    }
    let (p, status) = live_proposal(txn, v.proposal_id).await?;
    // Secret votes have no named ballots: only their counters.
    let ballots: Vec<(i64, Choice)> = ballot::Entity::find()
        .filter(ballot::Column::VoteId.eq(vote_id))
        .order_by_asc(ballot::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|b| Some((b.member_id, Choice::parse(&b.choice)?)))
        .collect();
    let tally = count(txn, v).await?;
    let rule = domain::VoteRule {
        majority: crate::error::stored(
            domain::Majority::parse(&v.majority),
            "votes.majority",
            &v.majority,
        )?,
        quorum_percent: u8::try_from(v.quorum_percent).unwrap_or(100),
    };
    let eligible = u32::try_from(v.eligible).unwrap_or(0);
    let present = present_of(txn, v).await?;
    if let Some(present) = present {
        vote::Entity::update_many()
            .col_expr(
                vote::Column::Present,
                Expr::value(i32::try_from(present).unwrap_or(i32::MAX)),
            )
            .filter(vote::Column::Id.eq(vote_id))
            .exec(txn)
            .await?;
    }
    let outcome = tally.outcome(rule, present.unwrap_or(eligible));
    // A vote on the proposal decides its stage; one on a contested
    // amendment, the amendment's fate.
    let next = match (v.amendment_id, outcome) {
        (Some(amendment_id), _) => {
            settle_amendment(txn, &p, amendment_id, outcome, actor_id, now).await?;
            None
        }
        (None, domain::Outcome::Adopted) => Some(ProposalStatus::Adopted),
        (None, domain::Outcome::Rejected | domain::Outcome::NoQuorum) => {
            Some(ProposalStatus::Rejected)
        }
    };
    if next.is_some_and(|next| !status.can_move_to(next)) {
        return Err(Error::WrongStage);
    }
    let named = if v.secret {
        None
    } else {
        let labels =
            crate::draws::member_labels(txn, ballots.iter().map(|(member, _)| *member)).await?;
        Some(
            ballots
                .iter()
                .map(|(member, choice)| entry::NamedBallot {
                    member: labels.get(member).cloned().unwrap_or_default(),
                    choice: choice.as_str().to_owned(),
                })
                .collect(),
        )
    };
    ledger::append(
        txn,
        now,
        entry::VoteResult {
            vote: vote_id,
            proposal: p.id,
            amendment: v.amendment_id,
            outcome,
            tally,
            eligible,
            present,
            rule,
            secret: v.secret,
            ballots: named,
            at_closing_time,
        },
    )
    .await?;
    // The stage follows its result in the ledger.
    if let Some(next) = next {
        crate::stage::step(txn, &p, next, actor_id, now).await?;
    }
    let mut told = notifications::sitting_members(txn, now.date_naive()).await?;
    told.extend(notifications::concerned(txn, &p).await?);
    notifications::notify(
        txn,
        told,
        actor_id,
        NotificationKind::VoteClosed,
        notifications::About::Proposal(p.id),
        now,
    )
    .await?;
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
) -> Result<(), Error> {
    use sea_orm::sea_query::Expr;
    let a = amendment::Entity::find_by_id(amendment_id)
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    let adopted = outcome == domain::Outcome::Adopted
        && match crate::amendments::adopt_amendment(txn, p, &a, now).await {
            Ok(()) => true,
            Err(Error::Amendment(_)) => false,
            Err(Error::NotYours) => return Err(Error::WrongStage),
            Err(e) => return Err(e),
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
        crate::notifications::About::Proposal(p.id),
        now,
    )
    .await?;
    Ok(())
}
