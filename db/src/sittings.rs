//! Sittings and their agendas (issue 18).
//!
//! A change to a sitting's details or agenda first touches the sitting's
//! row on the condition that it is still editable: that takes the row (the
//! write lock on SQLite), so a facilitator opening the sitting at the same
//! moment either comes first, and the change is refused, or after.

use chrono::{DateTime, SecondsFormat, Utc};
use domain::ledger::payload as entry;
use domain::sitting::{
    AgendaItemView, AgendaPurpose, OnAgenda, SittingDetails, SittingState, SittingStep,
    SittingSummary, SittingView,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use crate::entity::{agenda_item, proposal, sitting};
use crate::error::stored;
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

fn state_of(m: &sitting::Model) -> Result<SittingState, Error> {
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
    txn.commit().await?;
    Ok(())
}

/// Moves the sitting on by one step, recorded in the ledger with the
/// agenda as it stands. Two facilitators pressing at once: one step is
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
    let to = from.after(step).ok_or(Error::SittingStepRefused)?;
    let moved = sitting::Entity::update_many()
        .col_expr(sitting::Column::State, Expr::value(to.as_str()))
        .col_expr(sitting::Column::UpdatedAt, Expr::value(now))
        .filter(sitting::Column::Id.eq(id))
        .filter(sitting::Column::State.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(Error::SittingStepRefused);
    }
    let agenda = items_of(&txn, id)
        .await?
        .into_iter()
        .map(|i| i.title)
        .collect();
    ledger::append(
        &txn,
        now,
        entry::SittingStep {
            sitting: id,
            step,
            starts_at: s.starts_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            place: s.place,
            agenda,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(to)
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

async fn view_of(
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
