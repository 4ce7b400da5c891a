//! Sittings and their agendas (issue 18).
//!
//! A change to a sitting's details or agenda first touches the sitting's
//! row on the condition that it is still editable: that takes the row (the
//! write lock on SQLite), so a facilitator opening the sitting at the same
//! moment either comes first, and the change is refused, or after.

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat, Utc};
use domain::NotificationKind;
use domain::floor::FloorState;
use domain::ledger::payload as entry;
use domain::schedule::{JobKind, sitting_reminder_time};
use domain::sitting::{
    AgendaItemView, AgendaPurpose, ApprovedMinutes, Attendance, CheckInWay, ConvocationAnswer,
    MinutesView, MyAttendance, OnAgenda, RollCallLine, SittingDetails, SittingState, SittingStep,
    SittingSummary, SittingView,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
    sea_query::{Expr, OnConflict},
};

use crate::entity::{
    agenda_item, draft, floor_request, proposal, sitting, sitting_attendance, sitting_reply, theme,
};
use crate::error::stored;
use crate::jobs::{self, Claim};
use crate::notifications::About;
use crate::{Error, ledger};

/// The sittings a person may see: everyone sees convened ones and after;
/// facilitators also see those in preparation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Public,
    Facilitators,
}

impl Audience {
    fn sees(self, state: SittingState) -> bool {
        self == Audience::Facilitators || state.public()
    }
}

pub(crate) fn state_of(m: &sitting::Model) -> Result<SittingState, Error> {
    Ok(stored(
        SittingState::parse(&m.state),
        "sittings.state",
        &m.state,
    )?)
}

pub async fn create(
    conn: &impl ConnectionTrait,
    by: i64,
    details: &SittingDetails,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let model = sitting::ActiveModel {
        kind: Set("plenary".into()),
        state: Set(SittingState::Planned.as_str().into()),
        starts_at: Set(details.starts_at),
        ends_at: Set(details.ends_at),
        place: Set(details.place.clone()),
        livestream_url: Set(details.livestream_url.clone()),
        created_by: Set(Some(by)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(sitting::Entity::insert(model)
        .exec(conn)
        .await?
        .last_insert_id)
}

/// Takes the sitting's row if it can still be changed: NotFound, or
/// SittingClosedToChanges once it has opened.
async fn hold_editable(
    txn: &DatabaseTransaction,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let editable: Vec<&str> = SittingState::ALL
        .iter()
        .filter(|s| s.editable())
        .map(|s| s.as_str())
        .collect();
    let held = sitting::Entity::update_many()
        .col_expr(sitting::Column::UpdatedAt, Expr::value(now))
        .filter(sitting::Column::Id.eq(id))
        .filter(sitting::Column::State.is_in(editable))
        .exec(txn)
        .await?;
    if held.rows_affected == 1 {
        return Ok(());
    }
    match sitting::Entity::find_by_id(id).one(txn).await? {
        Some(_) => Err(Error::SittingClosedToChanges),
        None => Err(Error::NotFound),
    }
}

pub async fn update(
    conn: &DatabaseConnection,
    id: i64,
    details: &SittingDetails,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    hold_editable(&txn, id, now).await?;
    let before = sitting::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    sitting::Entity::update_many()
        .col_expr(sitting::Column::StartsAt, Expr::value(details.starts_at))
        .col_expr(sitting::Column::EndsAt, Expr::value(details.ends_at))
        .col_expr(sitting::Column::Place, Expr::value(details.place.clone()))
        .col_expr(
            sitting::Column::LivestreamUrl,
            Expr::value(details.livestream_url.clone()),
        )
        .filter(sitting::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let moved = (before.starts_at, before.ends_at, &before.place)
        != (details.starts_at, details.ends_at, &details.place);
    if moved && state_of(&before)? == SittingState::Convened {
        // The members were convened to another day or place: they are told,
        // and the reminder follows the new day.
        // Several changes in a row make one piece of news while the first
        // has not reached its member: it shows the sitting as it is then.
        let kind = NotificationKind::SittingMoved;
        let told = crate::notifications::still_waiting(&txn, kind, About::Sitting(id)).await?;
        let members = crate::notifications::sitting_members(&txn, day_of_start(details.starts_at))
            .await?
            .into_iter()
            .filter(|m| !told.contains(m))
            .collect();
        notify(&txn, members, kind, id, now).await?;
        jobs::reschedule(
            &txn,
            JobKind::RemindSitting,
            id,
            sitting_reminder_time(now, details.starts_at),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves the sitting on by one step (but the minutes' approval, see
/// [`approve_minutes`]), recorded in the ledger with the agenda as it
/// stands. Two facilitators pressing at once: one step is
/// taken, the other refused.
pub async fn step(
    conn: &DatabaseConnection,
    id: i64,
    step: SittingStep,
    now: DateTime<Utc>,
) -> Result<SittingState, Error> {
    let txn = crate::write_txn(conn).await?;
    let s = sitting::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let from = state_of(&s)?;
    // Minutes are approved with their text (`approve_minutes`).
    if step == SittingStep::ApproveMinutes {
        return Err(Error::SittingStepRefused);
    }
    let to = from.after(step).ok_or(Error::SittingStepRefused)?;
    let mut moved = sitting::Entity::update_many()
        .col_expr(sitting::Column::State, Expr::value(to.as_str()))
        .col_expr(sitting::Column::UpdatedAt, Expr::value(now));
    if to == SittingState::Open {
        // The room's codes derive from a secret drawn now: nobody could
        // have read one before the sitting opened.
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the operating system provides randomness");
        moved = moved.col_expr(
            sitting::Column::CheckinSecret,
            Expr::value(hex::encode(secret)),
        );
    }
    let moved = moved
        .filter(sitting::Column::Id.eq(id))
        .filter(sitting::Column::State.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(Error::SittingStepRefused);
    }
    if to == SittingState::Convened {
        let members = crate::notifications::sitting_members(&txn, day_of(&s)).await?;
        notify(&txn, members, NotificationKind::SittingConvened, id, now).await?;
        if let Some(at) = sitting_reminder_time(now, s.starts_at) {
            jobs::schedule(&txn, JobKind::RemindSitting, id, at).await?;
        }
    }
    if to == SittingState::Closed {
        close_floor(&txn, id, now).await?;
    }
    record_step(&txn, s, step, None, now).await?;
    txn.commit().await?;
    Ok(to)
}

/// A sitting's step in the ledger, with its agenda as it stands.
async fn record_step(
    txn: &DatabaseTransaction,
    s: sitting::Model,
    step: SittingStep,
    minutes: Option<entry::MinutesApproval>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let agenda = items_of(txn, s.id)
        .await?
        .into_iter()
        .map(|i| i.title)
        .collect();
    ledger::append(
        txn,
        now,
        entry::SittingStep {
            sitting: s.id,
            step,
            starts_at: s.starts_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            place: s.place,
            agenda,
            minutes,
        },
    )
    .await?;
    Ok(())
}

/// The minutes' draft of a closed sitting, for a facilitator to write:
/// started by the first who asks (who owns it); asking again, by anyone,
/// opens the same draft.
pub async fn start_minutes(
    conn: &DatabaseConnection,
    sitting_id: i64,
    by: i64,
    title: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    closed(&txn, sitting_id, Error::MinutesNotNow).await?;
    if let Some(d) = minutes_draft(&txn, sitting_id).await? {
        return Ok(d.id);
    }
    // A draft files under a theme; minutes never become a proposal, so
    // theirs is the first and never shown.
    let theme = theme::Entity::find()
        .order_by_asc(theme::Column::Position)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let id = crate::drafts::insert(&txn, by, theme.id, title, Some(sitting_id), now).await?;
    txn.commit().await?;
    Ok(id)
}

/// The sitting, if it is closed (its minutes still to approve); else
/// `otherwise`.
async fn closed(
    txn: &DatabaseTransaction,
    sitting_id: i64,
    otherwise: Error,
) -> Result<sitting::Model, Error> {
    let s = sitting::Entity::find_by_id(sitting_id)
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    if state_of(&s)? != SittingState::Closed {
        return Err(otherwise);
    }
    Ok(s)
}

async fn minutes_draft(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
) -> Result<Option<draft::Model>, DbErr> {
    draft::Entity::find()
        .filter(draft::Column::SittingId.eq(sitting_id))
        .one(conn)
        .await
}

/// The minutes as approved, and their hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approved {
    pub sha256: String,
    pub approved_in: i64,
    pub draft_id: i64,
}

/// The assembly approves a closed sitting's minutes, `text` being their
/// draft as it reads now, in a later sitting that is open: the text is
/// frozen on the sitting with its SHA-256, the step is in the ledger with
/// the hash, and the draft takes no more edits.
pub async fn approve_minutes(
    conn: &DatabaseConnection,
    sitting_id: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Approved, Error> {
    use sha2::{Digest, Sha256};
    let txn = crate::write_txn(conn).await?;
    let s = closed(&txn, sitting_id, Error::SittingStepRefused).await?;
    let draft = minutes_draft(&txn, sitting_id)
        .await?
        .ok_or(Error::MinutesNotWritten)?;
    if text.trim().is_empty() {
        return Err(Error::MinutesNotWritten);
    }
    // Approved by the assembly in session: a later sitting under way.
    let approved_in = sitting::Entity::find()
        .filter(sitting::Column::State.eq(SittingState::Open.as_str()))
        .filter(sitting::Column::StartsAt.gt(s.starts_at))
        .order_by_asc(sitting::Column::StartsAt)
        .one(&txn)
        .await?
        .ok_or(Error::NoSittingUnderWay)?;
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let moved = sitting::Entity::update_many()
        .col_expr(
            sitting::Column::State,
            Expr::value(SittingState::MinutesApproved.as_str()),
        )
        .col_expr(sitting::Column::Minutes, Expr::value(text))
        .col_expr(sitting::Column::MinutesSha256, Expr::value(sha256.clone()))
        .col_expr(
            sitting::Column::MinutesApprovedIn,
            Expr::value(approved_in.id),
        )
        .col_expr(sitting::Column::MinutesApprovedAt, Expr::value(now))
        .col_expr(sitting::Column::UpdatedAt, Expr::value(now))
        .filter(sitting::Column::Id.eq(sitting_id))
        .filter(sitting::Column::State.eq(SittingState::Closed.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(Error::SittingStepRefused);
    }
    let approval = entry::MinutesApproval {
        sha256: sha256.clone(),
        approved_in: approved_in.id,
    };
    record_step(&txn, s, SittingStep::ApproveMinutes, Some(approval), now).await?;
    txn.commit().await?;
    Ok(Approved {
        sha256,
        approved_in: approved_in.id,
        draft_id: draft.id,
    })
}

/// A sitting's minutes: their draft, and once approved the frozen text.
pub async fn minutes(conn: &impl ConnectionTrait, sitting_id: i64) -> Result<MinutesView, Error> {
    let Some(s) = sitting::Entity::find_by_id(sitting_id).one(conn).await? else {
        return Err(Error::NotFound);
    };
    if !state_of(&s)?.public() {
        return Err(Error::NotFound);
    }
    let draft_id = minutes_draft(conn, sitting_id).await?.map(|d| d.id);
    let approved = match (
        s.minutes,
        s.minutes_sha256,
        s.minutes_approved_in,
        s.minutes_approved_at,
    ) {
        (Some(text), Some(sha256), Some(approved_in), Some(approved_at)) => {
            let starts = sitting::Entity::find_by_id(approved_in)
                .one(conn)
                .await?
                .map_or(approved_at, |a| a.starts_at);
            let approved_in_local = domain::paris::local(starts);
            Some(ApprovedMinutes {
                html: domain::markdown::render(&text),
                text,
                sha256,
                approved_in,
                approved_in_local,
                approved_at,
            })
        }
        _ => None,
    };
    Ok(MinutesView { draft_id, approved })
}

/// Tells the sitting's members of it; nobody is the actor (0 is no user's
/// id): the facilitator who convened is told too if they sit.
async fn notify(
    txn: &DatabaseTransaction,
    members: Vec<i64>,
    kind: NotificationKind,
    sitting_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    crate::notifications::notify(txn, members, 0, kind, About::Sitting(sitting_id), now).await?;
    Ok(())
}

/// The scheduler's `sitting.remind`: tells the members of a sitting still
/// convened, and still ahead, that it is tomorrow, except those who
/// answered that they will not come. Returns how many were told.
#[tracing::instrument(skip(conn))]
pub async fn remind(
    conn: &DatabaseConnection,
    claim: &Claim,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let txn = crate::write_txn(conn).await?;
    let mut told = 0;
    if let Some(s) = sitting::Entity::find_by_id(claim.subject).one(&txn).await?
        && state_of(&s)? == SittingState::Convened
        && s.starts_at > now
    {
        let away: BTreeSet<i64> = sitting_reply::Entity::find()
            .filter(sitting_reply::Column::SittingId.eq(s.id))
            .filter(sitting_reply::Column::Answer.is_in([
                ConvocationAnswer::Absent.as_str(),
                ConvocationAnswer::Excused.as_str(),
            ]))
            .all(&txn)
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect();
        let expected: Vec<i64> = crate::notifications::sitting_members(&txn, day_of(&s))
            .await?
            .into_iter()
            .filter(|m| !away.contains(m))
            .collect();
        told = expected.len();
        notify(&txn, expected, NotificationKind::SittingReminder, s.id, now).await?;
    }
    if !jobs::finish(&txn, claim, now).await? {
        return Ok(0);
    }
    txn.commit().await?;
    Ok(told)
}

/// The sitting closes: the speaker's turn ends, the queue is let go.
async fn close_floor(
    txn: &DatabaseTransaction,
    sitting_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    for (from, to) in [
        (FloorState::Speaking, FloorState::Spoken),
        (FloorState::Waiting, FloorState::Withdrawn),
    ] {
        floor_request::Entity::update_many()
            .col_expr(floor_request::Column::State, Expr::value(to.as_str()))
            .col_expr(floor_request::Column::EndedAt, Expr::value(Some(now)))
            .filter(floor_request::Column::SittingId.eq(sitting_id))
            .filter(floor_request::Column::State.eq(from.as_str()))
            .exec(txn)
            .await?;
    }
    sitting::Entity::update_many()
        .col_expr(
            sitting::Column::CurrentItemId,
            Expr::value(Option::<i64>::None),
        )
        .filter(sitting::Column::Id.eq(sitting_id))
        .exec(txn)
        .await?;
    Ok(())
}

async fn items_of(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
) -> Result<Vec<agenda_item::Model>, Error> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::SittingId.eq(sitting_id))
        .order_by_asc(agenda_item::Column::Position)
        .order_by_asc(agenda_item::Column::Id)
        .all(conn)
        .await?)
}

/// An agenda item to add.
pub struct NewItem {
    pub title: String,
    pub minutes: u32,
    pub purpose: AgendaPurpose,
    /// A published proposal (not a draft) the item takes up.
    pub proposal_id: Option<i64>,
}

pub async fn add_item(
    conn: &DatabaseConnection,
    sitting_id: i64,
    item: NewItem,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    hold_editable(&txn, sitting_id, now).await?;
    if let Some(proposal_id) = item.proposal_id {
        let published = proposal::Entity::find_by_id(proposal_id)
            .one(&txn)
            .await?
            .is_some_and(|p| p.status != domain::ProposalStatus::Draft.as_str());
        if !published {
            return Err(Error::NotFound);
        }
    }
    let position = items_of(&txn, sitting_id)
        .await?
        .last()
        .map_or(1, |i| i.position + 1);
    let id = agenda_item::Entity::insert(agenda_item::ActiveModel {
        sitting_id: Set(sitting_id),
        position: Set(position),
        title: Set(item.title),
        minutes: Set(i32::try_from(item.minutes).unwrap_or(i32::MAX)),
        purpose: Set(item.purpose.as_str().into()),
        proposal_id: Set(item.proposal_id),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    txn.commit().await?;
    Ok(id)
}

/// What a facilitator does to one agenda item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemChange {
    Remove,
    Up,
    Down,
}

/// Removes or moves an item; the agenda is numbered 1, 2, 3… again.
pub async fn change_item(
    conn: &DatabaseConnection,
    sitting_id: i64,
    item_id: i64,
    change: ItemChange,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    hold_editable(&txn, sitting_id, now).await?;
    let mut items = items_of(&txn, sitting_id).await?;
    let at = items
        .iter()
        .position(|i| i.id == item_id)
        .ok_or(Error::NotFound)?;
    match change {
        ItemChange::Remove => {
            agenda_item::Entity::delete_by_id(item_id)
                .exec(&txn)
                .await?;
            items.remove(at);
        }
        ItemChange::Up if at > 0 => items.swap(at, at - 1),
        ItemChange::Down if at + 1 < items.len() => items.swap(at, at + 1),
        // First up or last down: already there.
        ItemChange::Up | ItemChange::Down => {}
    }
    for (n, item) in items.into_iter().enumerate() {
        let position = i32::try_from(n + 1).unwrap_or(i32::MAX);
        if item.position != position {
            let mut active: agenda_item::ActiveModel = item.into();
            active.position = Set(position);
            active.update(&txn).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

fn summary(m: &sitting::Model, state: SittingState, items: usize) -> SittingSummary {
    SittingSummary {
        id: m.id,
        state,
        starts_local: domain::paris::local(m.starts_at),
        ends_local: domain::paris::local(m.ends_at),
        place: m.place.clone(),
        livestream_url: m.livestream_url.clone(),
        items: u32::try_from(items).unwrap_or(u32::MAX),
    }
}

/// Every sitting the audience sees, soonest first, with its instants (for
/// the calendar feed) and its agenda.
pub async fn all(
    conn: &impl ConnectionTrait,
    audience: Audience,
) -> Result<Vec<(SittingView, DateTime<Utc>, DateTime<Utc>)>, Error> {
    let sittings = sitting::Entity::find()
        .order_by_asc(sitting::Column::StartsAt)
        .order_by_asc(sitting::Column::Id)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(sittings.len());
    for s in sittings {
        let state = state_of(&s)?;
        if !audience.sees(state) {
            continue;
        }
        let view = view_of(conn, &s, state).await?;
        out.push((view, s.starts_at, s.ends_at));
    }
    Ok(out)
}

pub(crate) async fn view_of(
    conn: &impl ConnectionTrait,
    s: &sitting::Model,
    state: SittingState,
) -> Result<SittingView, Error> {
    let items = items_of(conn, s.id).await?;
    let proposal_ids: Vec<i64> = items.iter().filter_map(|i| i.proposal_id).collect();
    let titles: std::collections::HashMap<i64, String> = if proposal_ids.is_empty() {
        Default::default()
    } else {
        proposal::Entity::find()
            .filter(proposal::Column::Id.is_in(proposal_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p.title))
            .collect()
    };
    let agenda = items
        .iter()
        .map(|i| {
            Ok(AgendaItemView {
                id: i.id,
                position: u32::try_from(i.position).unwrap_or(0),
                title: i.title.clone(),
                minutes: u32::try_from(i.minutes).unwrap_or(0),
                purpose: stored(
                    AgendaPurpose::parse(&i.purpose),
                    "agenda_items.purpose",
                    &i.purpose,
                )?,
                proposal: i
                    .proposal_id
                    .and_then(|id| Some((id, titles.get(&id)?.clone()))),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(SittingView {
        summary: summary(s, state, agenda.len()),
        agenda,
    })
}

/// One sitting, if the audience sees it.
pub async fn get(
    conn: &impl ConnectionTrait,
    id: i64,
    audience: Audience,
) -> Result<Option<SittingView>, Error> {
    let Some(s) = sitting::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let state = state_of(&s)?;
    if !audience.sees(state) {
        return Ok(None);
    }
    Ok(Some(view_of(conn, &s, state).await?))
}

/// The public sitting that takes up a proposal: the next one not yet
/// closed, else none.
pub async fn on_agenda(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<Option<OnAgenda>, Error> {
    let items = agenda_item::Entity::find()
        .filter(agenda_item::Column::ProposalId.eq(proposal_id))
        .all(conn)
        .await?;
    let mut best: Option<(sitting::Model, AgendaPurpose)> = None;
    for item in items {
        let Some(s) = sitting::Entity::find_by_id(item.sitting_id)
            .one(conn)
            .await?
        else {
            continue;
        };
        let state = state_of(&s)?;
        let upcoming = matches!(state, SittingState::Convened | SittingState::Open);
        let sooner = best.as_ref().is_none_or(|(b, _)| s.starts_at < b.starts_at);
        if upcoming && sooner {
            let purpose = stored(
                AgendaPurpose::parse(&item.purpose),
                "agenda_items.purpose",
                &item.purpose,
            )?;
            best = Some((s, purpose));
        }
    }
    Ok(best.map(|(s, purpose)| OnAgenda {
        sitting_id: s.id,
        starts_local: domain::paris::local(s.starts_at),
        purpose,
    }))
}

/// The proposals an agenda item can take up: those the assembly is
/// debating, amending or voting on, most recent first.
pub async fn agenda_candidates(conn: &impl ConnectionTrait) -> Result<Vec<(i64, String)>, Error> {
    use domain::ProposalStatus as S;
    let statuses = [S::Deliberation, S::Amendments, S::Vote].map(S::as_str);
    Ok(proposal::Entity::find()
        .filter(proposal::Column::Status.is_in(statuses))
        .order_by_desc(proposal::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect())
}

// --- Convocation and attendance ---------------------------------------------

/// The code shown in the room for one window: six digits from the
/// sitting's secret, which only the server and the facilitators' screen
/// know.
pub fn room_code(secret: &str, window: i64) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("kleroterion room code {secret} {window}"));
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
    format!("{n:06}")
}

/// The sitting's Paris day: whose term covers it sits.
fn day_of(s: &sitting::Model) -> chrono::NaiveDate {
    day_of_start(s.starts_at)
}

/// The day, in Paris, of a sitting starting at `starts_at`: whose members
/// sit in it.
fn day_of_start(starts_at: DateTime<Utc>) -> chrono::NaiveDate {
    domain::paris::local(starts_at).date()
}

pub(crate) async fn sitting_of(
    conn: &impl ConnectionTrait,
    id: i64,
) -> Result<(sitting::Model, SittingState), Error> {
    let s = sitting::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    let state = state_of(&s)?;
    if !state.public() {
        return Err(Error::NotFound);
    }
    Ok((s, state))
}

pub(crate) async fn is_seated(
    conn: &impl ConnectionTrait,
    s: &sitting::Model,
    user_id: i64,
) -> Result<bool, Error> {
    Ok(crate::notifications::sitting_members(conn, day_of(s))
        .await?
        .contains(&user_id))
}

/// The sitting, if it is in `state` and `user_id` sits on its day.
async fn seated_at(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
    user_id: i64,
    state: SittingState,
    otherwise: Error,
) -> Result<sitting::Model, Error> {
    let (s, current) = sitting_of(conn, sitting_id).await?;
    if current != state {
        return Err(otherwise);
    }
    if !is_seated(conn, &s, user_id).await? {
        return Err(Error::NotSeated);
    }
    Ok(s)
}

/// Records a member present (once: a second record changes nothing);
/// returns whether this one was the first.
async fn record_presence(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
    user_id: i64,
    how: CheckInWay,
    marked_by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool, Error> {
    let inserted = sitting_attendance::Entity::insert(sitting_attendance::ActiveModel {
        sitting_id: Set(sitting_id),
        user_id: Set(user_id),
        how: Set(how.as_str().into()),
        at: Set(now),
        marked_by: Set(marked_by),
    })
    .on_conflict(
        OnConflict::columns([
            sitting_attendance::Column::SittingId,
            sitting_attendance::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(inserted == 1)
}

/// A member answers the convocation (and may change the answer) while the
/// sitting is convened.
pub async fn reply(
    conn: &DatabaseConnection,
    sitting_id: i64,
    user_id: i64,
    answer: ConvocationAnswer,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    seated_at(
        conn,
        sitting_id,
        user_id,
        SittingState::Convened,
        Error::SittingNotConvened,
    )
    .await?;
    sitting_reply::Entity::insert(sitting_reply::ActiveModel {
        sitting_id: Set(sitting_id),
        user_id: Set(user_id),
        answer: Set(answer.as_str().into()),
        answered_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            sitting_reply::Column::SittingId,
            sitting_reply::Column::UserId,
        ])
        .update_columns([
            sitting_reply::Column::Answer,
            sitting_reply::Column::AnsweredAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// A member checks in with the code shown in the room, while the sitting
/// is open, once.
pub async fn check_in(
    conn: &DatabaseConnection,
    sitting_id: i64,
    user_id: i64,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let s = seated_at(
        conn,
        sitting_id,
        user_id,
        SittingState::Open,
        Error::SittingNotOpen,
    )
    .await?;
    let secret = s.checkin_secret.as_deref().ok_or(Error::SittingNotOpen)?;
    let valid = domain::sitting::code_windows(now)
        .iter()
        .any(|w| room_code(secret, *w) == code);
    if !valid {
        return Err(Error::WrongRoomCode);
    }
    if !record_presence(conn, sitting_id, user_id, CheckInWay::Code, None, now).await? {
        return Err(Error::AlreadyPresent);
    }
    Ok(())
}

/// A facilitator marks a member present (or takes the mark back) on the
/// roll call, while the sitting is open.
pub async fn mark(
    conn: &DatabaseConnection,
    sitting_id: i64,
    user_id: i64,
    present: bool,
    by: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    seated_at(
        conn,
        sitting_id,
        user_id,
        SittingState::Open,
        Error::SittingNotOpen,
    )
    .await?;
    if present {
        record_presence(
            conn,
            sitting_id,
            user_id,
            CheckInWay::RollCall,
            Some(by),
            now,
        )
        .await?;
    } else {
        sitting_attendance::Entity::delete_many()
            .filter(sitting_attendance::Column::SittingId.eq(sitting_id))
            .filter(sitting_attendance::Column::UserId.eq(user_id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// The code to show in the room now, and until when it is the current one
/// (facilitators only: whoever reads it can check in).
pub async fn current_code(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<(String, DateTime<Utc>)>, Error> {
    let (s, state) = sitting_of(conn, sitting_id).await?;
    let Some(secret) = s.checkin_secret.filter(|_| state == SittingState::Open) else {
        return Ok(None);
    };
    let [window, _] = domain::sitting::code_windows(now);
    let changes_at = DateTime::from_timestamp((window + 1) * domain::sitting::CODE_WINDOW_SECS, 0)
        .unwrap_or(now);
    Ok(Some((room_code(&secret, window), changes_at)))
}

/// The open sittings whose item under way takes up `proposal_id`: where a
/// vote on it is shown on the room's screen, and may count its quorum from
/// the members present.
pub async fn taking_up(conn: &impl ConnectionTrait, proposal_id: i64) -> Result<Vec<i64>, Error> {
    let items: Vec<i64> = agenda_item::Entity::find()
        .filter(agenda_item::Column::ProposalId.eq(proposal_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    if items.is_empty() {
        return Ok(Vec::new());
    }
    sitting::Entity::find()
        .filter(sitting::Column::State.eq(SittingState::Open.as_str()))
        .filter(sitting::Column::CurrentItemId.is_in(items))
        .order_by_asc(sitting::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|s| state_of(&s).map(|_| s.id))
        .collect()
}

/// The counts everyone sees: seated, present, and the answers.
pub async fn attendance(conn: &impl ConnectionTrait, sitting_id: i64) -> Result<Attendance, Error> {
    let (s, _) = sitting_of(conn, sitting_id).await?;
    let seated = crate::notifications::sitting_members(conn, day_of(&s)).await?;
    let present = sitting_attendance::Entity::find()
        .filter(sitting_attendance::Column::SittingId.eq(sitting_id))
        .all(conn)
        .await?
        .into_iter()
        .filter(|a| seated.contains(&a.user_id))
        .count();
    let mut counts = Attendance {
        seated: u32::try_from(seated.len()).unwrap_or(u32::MAX),
        present: u32::try_from(present).unwrap_or(u32::MAX),
        ..Default::default()
    };
    for r in sitting_reply::Entity::find()
        .filter(sitting_reply::Column::SittingId.eq(sitting_id))
        .all(conn)
        .await?
    {
        if !seated.contains(&r.user_id) {
            continue;
        }
        match ConvocationAnswer::parse(&r.answer) {
            Some(ConvocationAnswer::Present) => counts.coming += 1,
            Some(ConvocationAnswer::Absent) => counts.absent += 1,
            Some(ConvocationAnswer::Excused) => counts.excused += 1,
            None => {}
        }
    }
    Ok(counts)
}

/// One member's own part: their answer and whether they were present.
pub async fn my_attendance(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
    user_id: i64,
) -> Result<MyAttendance, Error> {
    let (s, _) = sitting_of(conn, sitting_id).await?;
    let answer = sitting_reply::Entity::find_by_id((sitting_id, user_id))
        .one(conn)
        .await?
        .and_then(|r| ConvocationAnswer::parse(&r.answer));
    let present = sitting_attendance::Entity::find_by_id((sitting_id, user_id))
        .one(conn)
        .await?
        .and_then(|a| CheckInWay::parse(&a.how));
    Ok(MyAttendance {
        seated: is_seated(conn, &s, user_id).await?,
        answer,
        present,
    })
}

/// The facilitators' roll call: every seated member with their name, label,
/// answer and presence, by name.
pub async fn roll_call(
    conn: &impl ConnectionTrait,
    sitting_id: i64,
) -> Result<Vec<RollCallLine>, Error> {
    use crate::entity::{membership, user};
    let (s, _) = sitting_of(conn, sitting_id).await?;
    let day = day_of(&s);
    let members = membership::Entity::find()
        .filter(membership::Column::Status.eq(domain::MembershipStatus::Active.as_str()))
        .filter(membership::Column::TermStart.lte(day))
        .filter(membership::Column::TermEnd.gte(day))
        .filter(membership::Column::UserId.is_not_null())
        .all(conn)
        .await?;
    let ids: Vec<i64> = members.iter().filter_map(|m| m.user_id).collect();
    let names: std::collections::HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let answers: std::collections::HashMap<i64, Option<ConvocationAnswer>> =
        sitting_reply::Entity::find()
            .filter(sitting_reply::Column::SittingId.eq(sitting_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| (r.user_id, ConvocationAnswer::parse(&r.answer)))
            .collect();
    let present: std::collections::HashMap<i64, Option<CheckInWay>> =
        sitting_attendance::Entity::find()
            .filter(sitting_attendance::Column::SittingId.eq(sitting_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|a| (a.user_id, CheckInWay::parse(&a.how)))
            .collect();
    let mut lines: Vec<RollCallLine> = members
        .into_iter()
        .filter_map(|m| {
            let user_id = m.user_id?;
            Some(RollCallLine {
                user_id,
                name: names.get(&user_id).cloned().unwrap_or_default(),
                label: m.label,
                answer: answers.get(&user_id).copied().flatten(),
                present: present.get(&user_id).copied().flatten(),
            })
        })
        .collect();
    lines.sort_by_key(|l| l.name.to_lowercase());
    Ok(lines)
}
