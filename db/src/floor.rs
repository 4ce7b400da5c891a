//! The floor of an open sitting (issue 18): the agenda item under way, the
//! list of speakers, and the shows of hands.
//!
//! Every change first takes the sitting's row on the condition that it is
//! open, so changes to one sitting's floor happen one after the other
//! (two facilitators pressing at once, a member asking as the floor is
//! given) and none lands once the sitting has closed. The queue's rules are
//! `domain::floor::Floor`'s; partial unique indexes keep one place per
//! member and one speaker per sitting whatever happens.

use chrono::{DateTime, Utc};
use domain::floor::{
    Floor, FloorState, FloorView, Hands, HandsView, QueueLine, ScreenVote, SpeakerView,
};
use domain::ledger::payload as entry;
use domain::sitting::{SittingState, SittingView};
use domain::{Majority, Outcome, Tally, VoteRule};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use crate::entity::{agenda_item, floor_request, sitting, sitting_attendance, sitting_hands, vote};
use crate::error::stored;
use crate::sittings::{is_seated, sitting_of};
use crate::{Error, ledger};

/// What someone does on the floor. Requests are named by their id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloorMove {
    /// The member asks for the floor (to the end of the queue).
    Ask,
    /// The member leaves the queue.
    Withdraw,
    /// A facilitator gives the floor, for so many seconds, to a request
    /// (None: the first in the queue).
    Give {
        request: Option<i64>,
        seconds: u32,
    },
    /// A facilitator ends the speaker's turn.
    End,
    /// A facilitator takes a request off the queue.
    Remove(i64),
    /// A facilitator moves a request one place earlier or later.
    Up(i64),
    Down(i64),
}

impl FloorMove {
    /// Ask and Withdraw are a member's own moves; the rest, a facilitator's.
    pub fn by_member(self) -> bool {
        matches!(self, FloorMove::Ask | FloorMove::Withdraw)
    }
}

/// Takes the sitting's row if it is open: NotFound, or SittingNotOpen.
async fn hold_open(
    txn: &DatabaseTransaction,
    id: i64,
    now: DateTime<Utc>,
) -> Result<sitting::Model, Error> {
    let held = sitting::Entity::update_many()
        .col_expr(sitting::Column::UpdatedAt, Expr::value(now))
        .filter(sitting::Column::Id.eq(id))
        .filter(sitting::Column::State.eq(SittingState::Open.as_str()))
        .exec(txn)
        .await?;
    let (s, _) = sitting_of(txn, id).await?;
    if held.rows_affected != 1 {
        return Err(Error::SittingNotOpen);
    }
    Ok(s)
}

/// The requests waiting or speaking, in the queue's order.
async fn active(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
) -> Result<Vec<floor_request::Model>, Error> {
    let live = [FloorState::Waiting, FloorState::Speaking].map(FloorState::as_str);
    Ok(floor_request::Entity::find()
        .filter(floor_request::Column::SittingId.eq(sitting_id))
        .filter(floor_request::Column::State.is_in(live))
        .order_by_asc(floor_request::Column::Position)
        .order_by_asc(floor_request::Column::Id)
        .all(conn)
        .await?)
}

fn floor_of(rows: &[floor_request::Model]) -> Floor {
    let speaking = FloorState::Speaking.as_str();
    Floor {
        speaking: rows.iter().find(|r| r.state == speaking).map(|r| r.user_id),
        waiting: rows
            .iter()
            .filter(|r| r.state != speaking)
            .map(|r| r.user_id)
            .collect(),
    }
}

/// Sets a request's state (and when it started or ended).
async fn set_state(
    txn: &DatabaseTransaction,
    row: &floor_request::Model,
    to: FloorState,
    now: DateTime<Utc>,
    seconds: Option<u32>,
) -> Result<(), Error> {
    let mut active: floor_request::ActiveModel = row.clone().into();
    active.state = Set(to.as_str().into());
    match to {
        FloorState::Speaking => {
            active.started_at = Set(Some(now));
            active.allotted_secs = Set(seconds.and_then(|s| i32::try_from(s).ok()));
        }
        FloorState::Spoken | FloorState::Withdrawn => active.ended_at = Set(Some(now)),
        FloorState::Waiting => {}
    }
    active.update(txn).await?;
    Ok(())
}

/// One move on the floor of an open sitting by `user_id` (the member for
/// their own moves, the facilitator otherwise: the caller checks the role).
pub async fn act(
    conn: &DatabaseConnection,
    sitting_id: i64,
    user_id: i64,
    mv: FloorMove,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let s = hold_open(&txn, sitting_id, now).await?;
    if mv == FloorMove::Ask {
        if !is_seated(&txn, &s, user_id).await? {
            return Err(Error::NotSeated);
        }
        let present = sitting_attendance::Entity::find_by_id((sitting_id, user_id))
            .one(&txn)
            .await?
            .is_some();
        if !present {
            return Err(Error::NotPresent);
        }
    }
    let rows = active(&txn, sitting_id).await?;
    let mut floor = floor_of(&rows);
    let row_of_member = |member: i64| rows.iter().find(|r| r.user_id == member);
    // A request named by its id must be one of this sitting's live ones.
    let member_of = |request: i64| {
        rows.iter()
            .find(|r| r.id == request)
            .map(|r| r.user_id)
            .ok_or(Error::Floor(domain::floor::FloorError::NotWaiting))
    };
    match mv {
        FloorMove::Ask => {
            floor.ask(user_id).map_err(Error::Floor)?;
            let position = rows.iter().map(|r| r.position).max().unwrap_or(0) + 1;
            floor_request::Entity::insert(floor_request::ActiveModel {
                sitting_id: Set(sitting_id),
                user_id: Set(user_id),
                item_id: Set(s.current_item_id),
                state: Set(FloorState::Waiting.as_str().into()),
                position: Set(position),
                asked_at: Set(now),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
        }
        FloorMove::Withdraw | FloorMove::Remove(_) => {
            let member = match mv {
                FloorMove::Remove(request) => member_of(request)?,
                _ => user_id,
            };
            floor.withdraw(member).map_err(Error::Floor)?;
            if let Some(row) = row_of_member(member) {
                set_state(&txn, row, FloorState::Withdrawn, now, None).await?;
            }
        }
        FloorMove::Give { request, seconds } => {
            let member = request.map(member_of).transpose()?;
            let handover = floor.give(member).map_err(Error::Floor)?;
            // The speaker steps down before the next steps up: one speaker
            // at a time, as the index requires.
            for (who, to) in [
                (handover.ended, FloorState::Spoken),
                (handover.started, FloorState::Speaking),
            ] {
                if let Some(row) = who.and_then(row_of_member) {
                    set_state(&txn, row, to, now, Some(seconds)).await?;
                }
            }
        }
        FloorMove::End => {
            let handover = floor.end().map_err(Error::Floor)?;
            if let Some(row) = handover.ended.and_then(row_of_member) {
                set_state(&txn, row, FloorState::Spoken, now, None).await?;
            }
        }
        FloorMove::Up(request) | FloorMove::Down(request) => {
            let member = member_of(request)?;
            floor
                .shift(member, matches!(mv, FloorMove::Up(_)))
                .map_err(Error::Floor)?;
            for (n, member) in floor.waiting.iter().enumerate() {
                let position = i32::try_from(n + 1).unwrap_or(i32::MAX);
                if let Some(row) = row_of_member(*member).filter(|r| r.position != position) {
                    let mut active: floor_request::ActiveModel = row.clone().into();
                    active.position = Set(position);
                    active.update(&txn).await?;
                }
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A facilitator puts an item of the agenda under way (None: none).
pub async fn take_up(
    conn: &DatabaseConnection,
    sitting_id: i64,
    item_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    hold_open(&txn, sitting_id, now).await?;
    if let Some(item_id) = item_id {
        agenda_item::Entity::find_by_id(item_id)
            .one(&txn)
            .await?
            .filter(|i| i.sitting_id == sitting_id)
            .ok_or(Error::NotFound)?;
    }
    sitting::Entity::update_many()
        .col_expr(sitting::Column::CurrentItemId, Expr::value(item_id))
        .filter(sitting::Column::Id.eq(sitting_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A facilitator records a show of hands on the item under way, in the
/// ledger with the attendance it was counted against.
pub async fn record_hands(
    conn: &DatabaseConnection,
    sitting_id: i64,
    by: i64,
    hands: Hands,
    now: DateTime<Utc>,
) -> Result<Outcome, Error> {
    let txn = crate::write_txn(conn).await?;
    let s = hold_open(&txn, sitting_id, now).await?;
    let attendance = crate::sittings::attendance(&txn, sitting_id).await?;
    if hands.tally.cast() > attendance.present {
        return Err(Error::MoreHandsThanPresent {
            present: attendance.present,
        });
    }
    let outcome = domain::floor::hands_outcome(hands.tally, hands.majority, attendance.quorate());
    let item = match s.current_item_id {
        Some(id) => agenda_item::Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    let as_i32 = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    sitting_hands::Entity::insert(sitting_hands::ActiveModel {
        sitting_id: Set(sitting_id),
        item_id: Set(item.as_ref().map(|i| i.id)),
        pour: Set(as_i32(hands.tally.pour)),
        contre: Set(as_i32(hands.tally.contre)),
        abstention: Set(as_i32(hands.tally.abstention)),
        present: Set(as_i32(attendance.present)),
        seated: Set(as_i32(attendance.seated)),
        majority: Set(hands.majority.as_str().into()),
        outcome: Set(outcome.as_str().into()),
        reason: Set(hands.reason.clone()),
        recorded_by: Set(Some(by)),
        recorded_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        entry::SittingHands {
            sitting: sitting_id,
            item: item.map(|i| i.title),
            pour: hands.tally.pour,
            contre: hands.tally.contre,
            abstention: hands.tally.abstention,
            present: attendance.present,
            seated: attendance.seated,
            majority: hands.majority,
            outcome,
            reason: hands.reason,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

fn outcome_of(raw: &str) -> Result<Outcome, Error> {
    [Outcome::Adopted, Outcome::Rejected, Outcome::NoQuorum]
        .into_iter()
        .find(|o| o.as_str() == raw)
        .ok_or_else(|| {
            Error::Db(sea_orm::DbErr::Type(format!(
                "sitting_hands.outcome: unknown keyword {raw:?}"
            )))
        })
}

/// The assembly's latest vote on a proposal, as the room's screen shows it.
async fn screen_vote(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<Option<ScreenVote>, Error> {
    let Some(v) = vote::Entity::find()
        .filter(vote::Column::ProposalId.eq(proposal_id))
        .order_by_desc(vote::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let (tally, voters) = crate::votes::public_count(conn, &v).await?;
    let eligible = u32::try_from(v.eligible).unwrap_or(0);
    let present = crate::votes::present_of(conn, &v).await?;
    let closed = v.closed_at.is_some();
    let rule = VoteRule {
        majority: stored(Majority::parse(&v.majority), "votes.majority", &v.majority)?,
        quorum_percent: u8::try_from(v.quorum_percent).unwrap_or(100),
    };
    Ok(Some(ScreenVote {
        open: !closed,
        voters,
        eligible,
        present,
        outcome: tally
            .filter(|_| closed)
            .map(|t: Tally| t.outcome(rule, present.unwrap_or(eligible))),
        tally,
    }))
}

/// The floor as `viewer` sees it (their own request marked as theirs).
pub async fn view(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
    viewer: Option<i64>,
    now: DateTime<Utc>,
) -> Result<FloorView, Error> {
    let (s, state) = sitting_of(conn, sitting_id).await?;
    let attendance = crate::sittings::attendance(conn, sitting_id).await?;
    let SittingView { agenda, .. } = crate::sittings::view_of(conn, &s, state).await?;
    let current_item = s
        .current_item_id
        .and_then(|id| agenda.into_iter().find(|i| i.id == id))
        .filter(|_| state == SittingState::Open);
    let rows = if state == SittingState::Open {
        active(conn, sitting_id).await?
    } else {
        Vec::new()
    };
    let names = crate::draws::member_labels(conn, rows.iter().map(|r| r.user_id)).await?;
    let name = |r: &floor_request::Model| names.get(&r.user_id).cloned().unwrap_or_default();
    let mine = |r: &floor_request::Model| viewer == Some(r.user_id);
    let speaking = FloorState::Speaking.as_str();
    let speaker = rows
        .iter()
        .find(|r| r.state == speaking)
        .map(|r| SpeakerView {
            request_id: r.id,
            name: name(r),
            mine: mine(r),
            elapsed_secs: r.started_at.map_or(0, |t| {
                u32::try_from((now - t).num_seconds().max(0)).unwrap_or(u32::MAX)
            }),
            allotted_secs: r
                .allotted_secs
                .and_then(|s| u32::try_from(s).ok())
                .unwrap_or(0),
        });
    let queue = rows
        .iter()
        .filter(|r| r.state != speaking)
        .map(|r| QueueLine {
            request_id: r.id,
            name: name(r),
            mine: mine(r),
        })
        .collect();
    let mut hands = sitting_hands::Entity::find()
        .filter(sitting_hands::Column::SittingId.eq(sitting_id))
        .order_by_desc(sitting_hands::Column::Id);
    hands = match current_item.as_ref() {
        Some(item) => hands.filter(sitting_hands::Column::ItemId.eq(item.id)),
        None => hands.filter(sitting_hands::Column::ItemId.is_null()),
    };
    let hands = match hands.one(conn).await? {
        Some(h) if state == SittingState::Open => Some(HandsView {
            tally: Tally {
                pour: u32::try_from(h.pour).unwrap_or(0),
                contre: u32::try_from(h.contre).unwrap_or(0),
                abstention: u32::try_from(h.abstention).unwrap_or(0),
            },
            majority: stored(
                Majority::parse(&h.majority),
                "sitting_hands.majority",
                &h.majority,
            )?,
            outcome: outcome_of(&h.outcome)?,
            reason: h.reason,
            present: u32::try_from(h.present).unwrap_or(0),
            seated: u32::try_from(h.seated).unwrap_or(0),
        }),
        _ => None,
    };
    let vote = match current_item.as_ref().and_then(|i| i.proposal.as_ref()) {
        Some((proposal_id, _)) => screen_vote(conn, *proposal_id).await?,
        None => None,
    };
    Ok(FloorView {
        state,
        current_item,
        speaker,
        queue,
        hands,
        vote,
        attendance,
    })
}

/// The open sittings whose item under way takes up the proposal a vote is
/// on: their screens show the vote, and hear when it changes.
pub async fn sittings_showing_vote(
    conn: &impl ConnectionTrait,
    vote_id: i64,
) -> Result<Vec<i64>, Error> {
    match vote::Entity::find_by_id(vote_id).one(conn).await? {
        Some(v) => crate::sittings::taking_up(conn, v.proposal_id).await,
        None => Ok(Vec::new()),
    }
}
