//! The public accountability board (`/suivi`): every adopted proposal,
//! where it stands with the city, its department and the dates of its
//! timeline; and the open data of what the city owes. The items are kept
//! between requests ([`Cache`]) for as long as they are exactly true.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::accountability::{self, Board, BoardFilter, BoardItem, Department, Overdue, Track};
use domain::{CityVerdict, ProposalStatus, Theme};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{
    city_referral, city_response, commitment, department, milestone, proposal, proposal_event,
};
use crate::error::stored;
use crate::kept::Kept;

/// A commitment as the board reads it: its proposal, id, title, due
/// instant, and when it was met.
type CommitmentRow = (i64, i64, String, DateTime<Utc>, Option<DateTime<Utc>>);

/// The stages a proposal is on the board in.
const ON_BOARD: [ProposalStatus; 6] = [
    ProposalStatus::Adopted,
    ProposalStatus::SentToCity,
    ProposalStatus::CityResponded,
    ProposalStatus::InProgress,
    ProposalStatus::Implemented,
    ProposalStatus::Closed,
];

/// Every adopted proposal at `now`, late answers first (the longest
/// late first), then those with overdue commitments, then by step and newest.
pub async fn items(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<BoardItem>, DbErr> {
    Ok(items_until(conn, now).await?.0)
}

/// The items at `now`, and the first instant after which they would read
/// differently with nothing written: an answer or commitment falls due, or
/// a late one turns a day later (none if nothing is awaited).
async fn items_until(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(Vec<BoardItem>, Option<DateTime<Utc>>), DbErr> {
    // Only the columns the board shows: the texts of thousands of
    // proposals would be read for nothing.
    let proposals: Vec<(i64, String, i64, String)> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::Title,
            proposal::Column::ThemeId,
            proposal::Column::Status,
        ])
        .filter(proposal::Column::Status.is_in(ON_BOARD.map(ProposalStatus::as_str)))
        .order_by_desc(proposal::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    let ids: Vec<i64> = proposals.iter().map(|p| p.0).collect();
    let themes = crate::themes::themes_by_id(conn).await?;
    let departments: BTreeMap<i64, Department> = department::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|d| {
            (
                d.id,
                Department {
                    slug: d.slug,
                    name_fr: d.name_fr,
                    name_en: d.name_en,
                },
            )
        })
        .collect();
    let mut referrals: BTreeMap<i64, city_referral::Model> = BTreeMap::new();
    let mut responses: BTreeMap<i64, city_response::Model> = BTreeMap::new();
    let mut progress: BTreeMap<i64, (DateTime<Utc>, i16)> = BTreeMap::new();
    let mut events: BTreeMap<(i64, String), DateTime<Utc>> = BTreeMap::new();
    // Per proposal: its commitments (id, title, due, met).
    type Promise = (i64, String, DateTime<Utc>, bool);
    let mut promises: BTreeMap<i64, Vec<Promise>> = BTreeMap::new();
    // Within every backend's bound on parameters.
    for chunk in ids.chunks(500) {
        for r in city_referral::Entity::find()
            .filter(city_referral::Column::ProposalId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            referrals.insert(r.proposal_id, r);
        }
        for r in city_response::Entity::find()
            .filter(city_response::Column::ProposalId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            responses.insert(r.proposal_id, r);
        }
        for m in milestone::Entity::find()
            .filter(milestone::Column::ProposalId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            let latest = progress.entry(m.proposal_id).or_insert((m.at, m.progress));
            if m.at >= latest.0 {
                *latest = (m.at, m.progress);
            }
        }
        for e in proposal_event::Entity::find()
            .filter(proposal_event::Column::ProposalId.is_in(chunk.to_vec()))
            .filter(proposal_event::Column::Status.is_in([
                ProposalStatus::Adopted.as_str(),
                ProposalStatus::SentToCity.as_str(),
                ProposalStatus::Implemented.as_str(),
            ]))
            .all(conn)
            .await?
        {
            events.insert((e.proposal_id, e.status), e.at);
        }
        let rows: Vec<CommitmentRow> = commitment::Entity::find()
            .select_only()
            .columns([
                commitment::Column::ProposalId,
                commitment::Column::Id,
                commitment::Column::Title,
                commitment::Column::Due,
                commitment::Column::DoneAt,
            ])
            .filter(commitment::Column::ProposalId.is_in(chunk.to_vec()))
            .order_by_asc(commitment::Column::Due)
            .into_tuple()
            .all(conn)
            .await?;
        for (proposal_id, id, title, due, done_at) in rows {
            promises
                .entry(proposal_id)
                .or_default()
                .push((id, title, due, done_at.is_some()));
        }
    }
    let event = |id: i64, s: ProposalStatus| events.get(&(id, s.as_str().to_owned())).copied();
    let mut until: Option<DateTime<Utc>> = None;
    let mut changes_at = |due: DateTime<Utc>| {
        let next = accountability::next_change(due, now);
        until = Some(until.map_or(next, |u| u.min(next)));
    };
    let mut items = Vec::with_capacity(proposals.len());
    for (id, title, theme_id, status) in proposals {
        let status = stored(ProposalStatus::parse(&status), "proposals.status", &status)?;
        let referral = referrals.get(&id);
        let response = responses.get(&id);
        let verdict = response
            .map(|r| {
                stored(
                    CityVerdict::parse(&r.verdict),
                    "city_responses.verdict",
                    &r.verdict,
                )
            })
            .transpose()?;
        let answer_due = referral.map(|r| r.answer_due);
        if let (ProposalStatus::SentToCity, Some(due)) = (status, answer_due) {
            changes_at(due);
        }
        let Some(track) = accountability::track(status, verdict, answer_due, now) else {
            continue;
        };
        let Some(theme) = themes.get(&theme_id).cloned() else {
            continue;
        };
        let promised = promises.remove(&id).unwrap_or_default();
        let at_work = matches!(
            status,
            ProposalStatus::CityResponded | ProposalStatus::InProgress
        );
        for (_, _, due, _) in promised.iter().filter(|p| at_work && !p.3) {
            changes_at(*due);
        }
        let overdue: Vec<Overdue> = promised
            .iter()
            .filter(|(_, _, due, met)| at_work && !met && now >= *due)
            .map(|(commitment, title, due, _)| Overdue {
                commitment: *commitment,
                title: title.clone(),
                due: *due,
                days_late: accountability::days_late(*due, now),
            })
            .collect();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        items.push(BoardItem {
            id,
            title,
            theme,
            department: referral.and_then(|r| departments.get(&r.department_id).cloned()),
            track,
            adopted_at: event(id, ProposalStatus::Adopted),
            sent_at: referral
                .map(|r| r.sent_at)
                .or_else(|| event(id, ProposalStatus::SentToCity)),
            answer_due,
            due_day: answer_due.map(domain::paris::due_day),
            days_late: answer_due
                .filter(|_| track == Track::Late)
                .map(|due| accountability::days_late(due, now)),
            answered_at: response.map(|r| r.created_at),
            verdict,
            progress: progress.get(&id).map(|(_, n)| crate::city::percent(*n)),
            implemented_at: event(id, ProposalStatus::Implemented),
            commitments: count(promised.len()),
            commitments_met: count(promised.iter().filter(|p| p.3).count()),
            overdue,
        });
    }
    let order = |t: Track| {
        Track::ALL
            .iter()
            .position(|x| *x == t)
            .unwrap_or(usize::MAX)
    };
    // Then the proposals with overdue commitments, the longest overdue
    // first.
    let first_overdue = |i: &BoardItem| i.overdue.iter().map(|o| o.due).min();
    items.sort_by(|a, b| match (a.track, b.track) {
        (Track::Late, Track::Late) => a.answer_due.cmp(&b.answer_due),
        (Track::Late, _) => std::cmp::Ordering::Less,
        (_, Track::Late) => std::cmp::Ordering::Greater,
        (x, y) => match (first_overdue(a), first_overdue(b)) {
            (Some(p), Some(q)) => p.cmp(&q),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => order(x).cmp(&order(y)).then(b.id.cmp(&a.id)),
        },
    });
    Ok((items, until))
}

/// The board's items kept between requests (see [`crate::kept`]): a
/// crowd opening `/suivi` costs one read of the version each instead of
/// reading every adopted proposal's timeline.
#[derive(Clone)]
pub struct Cache(Kept<Vec<BoardItem>>);

impl Default for Cache {
    fn default() -> Self {
        Cache(Kept::new("board"))
    }
}

impl Cache {
    /// What [`items`] reads at `now`.
    pub async fn items(
        &self,
        conn: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<Arc<Vec<BoardItem>>, DbErr> {
        self.0.get(conn, now, || items_until(conn, now)).await
    }
}

/// What the board's filters choose from: read once per request, to parse
/// the URL's filter and then to show the choices.
pub struct Choices {
    pub themes: Vec<Theme>,
    pub departments: Vec<Department>,
}

/// The themes and departments, in their display order.
pub async fn choices(conn: &impl ConnectionTrait) -> Result<Choices, DbErr> {
    Ok(Choices {
        themes: crate::themes::list(conn).await?,
        departments: crate::departments::list(conn).await?,
    })
}

/// The board as filtered: the figures of its items, the page of them
/// asked for, and the choices.
pub async fn board(
    conn: &impl ConnectionTrait,
    cache: &Cache,
    filter: &BoardFilter,
    choices: Choices,
    now: DateTime<Utc>,
) -> Result<Board, DbErr> {
    let kept = cache.items(conn, now).await?;
    let items: Vec<&BoardItem> = kept.iter().filter(|i| filter.keeps(i)).collect();
    Ok(Board::of(
        &items,
        filter.clone(),
        choices.themes,
        choices.departments,
        now,
    ))
}
