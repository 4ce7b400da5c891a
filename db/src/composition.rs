//! The sitting cohort's composition and participation (`/assemblee`), read
//! from the draw's published record (every volunteer's census profile, the
//! quotas, the panel drawn), the memberships today, the replacements, the
//! sittings' attendance and the votes' counts. Counts only. Kept between
//! requests ([`Cache`]) while exactly true.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use domain::MembershipStatus;
use domain::composition::{
    self, Composition, Profile, QuotaLine, Round, SittingTurnout, VoteTurnout,
};
use domain::sitting::SittingState;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::Error;
use crate::entity::{draw, membership, proposal, replacement, sitting, volunteer, vote};
use crate::kept::Kept;

/// The composition kept between requests (see [`crate::kept`]): computing
/// it reads the draw's whole record (every volunteer's profile) and each
/// sitting's and vote's counts.
#[derive(Clone)]
pub struct Cache(Kept<Option<Composition>>);

impl Default for Cache {
    fn default() -> Self {
        Cache(Kept::new("assembly"))
    }
}

impl Cache {
    /// What [`composition`] reads at `now`, whose Paris day is `today`;
    /// it holds until the day ends.
    pub async fn composition(
        &self,
        conn: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<Arc<Option<Composition>>, Error> {
        let today = domain::paris::local(now).date();
        self.0
            .get(conn, now, || async move {
                Ok((
                    composition(conn, today).await?,
                    Some(domain::paris::end_of(today)),
                ))
            })
            .await
    }
}

/// The cohort whose term runs on `today` (the latest to have started),
/// or `None` before the first draw.
pub async fn composition(
    conn: &impl ConnectionTrait,
    today: NaiveDate,
) -> Result<Option<Composition>, Error> {
    let Some(d) = draw::Entity::find()
        .filter(draw::Column::Status.eq(crate::lifecycle::DONE))
        .filter(draw::Column::TermStart.lte(today))
        .order_by_desc(draw::Column::TermStart)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(record) = d.record.as_deref() else {
        return Ok(None);
    };
    let record: lottery::DrawRecord =
        serde_json::from_str(record).map_err(|e| DbErr::Custom(format!("draw record: {e}")))?;
    let profiles: BTreeMap<&str, &Profile> = record
        .inputs
        .pool
        .iter()
        .map(|p| (p.id.as_str(), &p.features))
        .collect();
    let at_draw = profiles_of(&profiles, record.draw.panel.iter().map(String::as_str));

    let seated_volunteers: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::DrawId.eq(d.id))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.volunteer_id)
        .collect();
    let pseudonyms: Vec<String> = volunteer::Entity::find()
        .filter(volunteer::Column::Id.is_in(seated_volunteers))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| v.pseudonym)
        .collect();
    let today_profiles = profiles_of(&profiles, pseudonyms.iter().map(String::as_str));

    let quotas: Vec<QuotaLine> = record
        .inputs
        .quotas
        .iter()
        .flat_map(|(feature, values)| {
            values.iter().map(move |(value, q)| QuotaLine {
                feature: feature.clone(),
                value: value.clone(),
                min: q.min,
                max: q.max,
            })
        })
        .collect();
    let seats = record.inputs.k;
    let sitting = u32::try_from(pseudonyms.len()).unwrap_or(u32::MAX);
    Ok(Some(Composition {
        draw_id: d.id,
        title: d.title,
        term_start: d.term_start,
        term_end: d.term_end,
        seats,
        sitting,
        empty: seats.saturating_sub(sitting),
        categories: composition::categories(&quotas, seats, &at_draw, &today_profiles),
        rounds: rounds(conn, d.id).await?,
        sittings: sittings(conn, d.term_start, d.term_end.min(today)).await?,
        votes: votes(conn, d.term_start, d.term_end).await?,
    }))
}

/// The census profiles of these pseudonyms, as the record publishes them.
fn profiles_of<'a>(
    profiles: &BTreeMap<&str, &Profile>,
    pseudonyms: impl Iterator<Item = &'a str>,
) -> Vec<Profile> {
    pseudonyms
        .filter_map(|p| profiles.get(p).map(|f| (*f).clone()))
        .collect()
}

/// Each replacement round of the draw: when it ran, how many it replaced.
async fn rounds(conn: &impl ConnectionTrait, draw_id: i64) -> Result<Vec<Round>, DbErr> {
    let mut rounds: Vec<Round> = Vec::new();
    for r in replacement::Entity::find()
        .filter(replacement::Column::DrawId.eq(draw_id))
        .order_by_asc(replacement::Column::Round)
        .all(conn)
        .await?
    {
        match rounds.last_mut() {
            Some(last) if last.round == r.round => last.replaced += 1,
            _ => rounds.push(Round {
                round: r.round,
                at: r.at,
                replaced: 1,
            }),
        }
    }
    Ok(rounds)
}

/// The sittings held from `from` to `to` (Paris days), with how many of
/// the members seated that day were present.
async fn sittings(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SittingTurnout>, Error> {
    let held = sitting::Entity::find()
        .filter(sitting::Column::State.is_in([
            SittingState::Closed.as_str(),
            SittingState::MinutesApproved.as_str(),
        ]))
        .order_by_asc(sitting::Column::StartsAt)
        .all(conn)
        .await?;
    let mut turnout = Vec::new();
    for s in held {
        let day = domain::paris::local(s.starts_at).date();
        if day < from || day > to {
            continue;
        }
        let counts = crate::sittings::attendance(conn, s.id).await?;
        turnout.push(SittingTurnout {
            id: s.id,
            day,
            seated: counts.seated,
            present: counts.present,
        });
    }
    Ok(turnout)
}

/// The closed votes on proposals in the term, with how many voted of
/// those who could.
async fn votes(
    conn: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<VoteTurnout>, DbErr> {
    let closed = vote::Entity::find()
        .filter(vote::Column::ClosedAt.is_not_null())
        .filter(vote::Column::AmendmentId.is_null())
        .order_by_asc(vote::Column::ClosedAt)
        .all(conn)
        .await?;
    let titles: BTreeMap<i64, String> = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(closed.iter().map(|v| v.proposal_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let mut turnout = Vec::new();
    for v in closed {
        let Some(closed_at) = v.closed_at else {
            continue;
        };
        let day = domain::paris::local(closed_at).date();
        if day < from || day > to {
            continue;
        }
        let (_, cast) = crate::votes::public_count(conn, &v).await?;
        turnout.push(VoteTurnout {
            proposal_id: v.proposal_id,
            title: titles.get(&v.proposal_id).cloned().unwrap_or_default(),
            closed_at,
            eligible: u32::try_from(v.present.unwrap_or(v.eligible)).unwrap_or(0),
            cast,
        });
    }
    Ok(turnout)
}
