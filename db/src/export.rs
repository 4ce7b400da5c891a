//! Open data: every public table as flat rows, published as JSON and CSV at
//! `/api/export/{name}.{json,csv}`.
//!
//! Rows carry only what the site already shows in public: display names
//! that people chose to show with their words, members' names only where
//! they agreed (otherwise their member label), never an e-mail, a password
//! hash, a birth year, or an address. Hidden comments keep their place and
//! the moderator's reason, not their text.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::{Tally, VoteRule};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::entity::{
    amendment, ballot, city_referral, city_response, comment, comment_upvote, commitment,
    department, draw, milestone, proposal, proposal_version, support, theme, user, volunteer, vote,
};

/// The published datasets, by the name in their URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dataset {
    Proposals,
    ProposalVersions,
    Comments,
    Amendments,
    Votes,
    Ballots,
    Draws,
    Departments,
    CityReferrals,
    CityResponses,
    Commitments,
    Milestones,
    Sittings,
    AgendaItems,
    Attendance,
    Ledger,
}

impl Dataset {
    pub const ALL: [Dataset; 16] = [
        Dataset::Proposals,
        Dataset::ProposalVersions,
        Dataset::Comments,
        Dataset::Amendments,
        Dataset::Votes,
        Dataset::Ballots,
        Dataset::Draws,
        Dataset::Departments,
        Dataset::CityReferrals,
        Dataset::CityResponses,
        Dataset::Commitments,
        Dataset::Milestones,
        Dataset::Sittings,
        Dataset::AgendaItems,
        Dataset::Attendance,
        Dataset::Ledger,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Proposals => "proposals",
            Dataset::ProposalVersions => "proposal_versions",
            Dataset::Comments => "comments",
            Dataset::Amendments => "amendments",
            Dataset::Votes => "votes",
            Dataset::Ballots => "ballots",
            Dataset::Draws => "draws",
            Dataset::Departments => "departments",
            Dataset::CityReferrals => "city_referrals",
            Dataset::CityResponses => "city_responses",
            Dataset::Commitments => "commitments",
            Dataset::Milestones => "milestones",
            Dataset::Sittings => "sittings",
            Dataset::AgendaItems => "agenda_items",
            Dataset::Attendance => "attendance",
            Dataset::Ledger => "ledger",
        }
    }

    pub fn parse(name: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.name() == name)
    }
}

/// The two formats of every dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    pub fn parse(extension: &str) -> Option<Format> {
        match extension {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalRow {
    pub id: i64,
    pub theme: String,
    pub origin: String,
    pub status: String,
    pub title: String,
    pub summary: String,
    /// Markdown, as written.
    pub body: String,
    /// The author's display name; empty once the account is deleted.
    pub author: Option<String>,
    pub supports: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalVersionRow {
    pub proposal_id: i64,
    pub number: i32,
    pub title: String,
    pub body: String,
    /// The accepted amendment that made this version (none for the first).
    pub amendment_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentRow {
    pub id: i64,
    pub proposal_id: i64,
    pub parent_id: Option<i64>,
    pub author: Option<String>,
    pub stance: String,
    /// Empty when a moderator hid the comment.
    pub body: Option<String>,
    pub hidden_reason: Option<String>,
    pub upvotes: i64,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AmendmentRow {
    pub id: i64,
    pub proposal_id: i64,
    pub author: Option<String>,
    pub original: String,
    pub replacement: String,
    pub rationale: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoteRow {
    pub id: i64,
    pub proposal_id: i64,
    pub majority: String,
    pub quorum_percent: i16,
    pub secret: bool,
    pub eligible: i32,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Totals and outcome once the vote is closed; empty while it is open.
    pub pour: Option<u32>,
    pub contre: Option<u32>,
    pub abstention: Option<u32>,
    pub outcome: Option<String>,
    /// The contested amendment voted on; empty for a vote on the proposal.
    /// After the columns of the first release, so that those keep their
    /// places; each later column comes after it.
    pub amendment_id: Option<i64>,
    /// The sitting the vote was taken in, on its item under way.
    pub sitting_id: Option<i64>,
    /// A sitting's vote, once closed: the members present, its quorum's base.
    pub present: Option<i32>,
}

/// One member's ballot in a closed, named vote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BallotRow {
    pub vote_id: i64,
    /// The member's name if they agreed to publish it, else their member
    /// label (`M-…`), never their pool pseudonym.
    pub member: String,
    pub choice: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawRow {
    pub id: i64,
    pub title: String,
    pub seats: i32,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub status: String,
    pub pool_size: i64,
    pub inputs_hash: Option<String>,
    pub seed: Option<String>,
    pub picked_index: Option<i32>,
    /// Where the full record is, once the draw is done.
    pub record_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentRow {
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
}

/// A proposal sent to the city: the department answering, when the
/// answer is due, and when it came.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CityReferralRow {
    pub proposal_id: i64,
    pub department: String,
    pub sent_at: DateTime<Utc>,
    pub answer_due: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CityResponseRow {
    pub id: i64,
    pub proposal_id: i64,
    pub verdict: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub id: i64,
    pub proposal_id: i64,
    pub title: String,
    pub progress: i16,
    pub at: DateTime<Utc>,
    /// The commitment it reports on; empty for a report on the whole.
    pub commitment_id: Option<i64>,
}

/// A commitment of the city's answer to a proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentRow {
    pub id: i64,
    pub proposal_id: i64,
    pub title: String,
    /// The first instant it is overdue (the end of its Paris due day).
    pub due: DateTime<Utc>,
    /// The latest progress reported against it, in percent.
    pub progress: i16,
    /// When it was reported met; empty until then.
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingRow {
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub livestream_url: Option<String>,
    /// Once approved: the minutes' text (Markdown), its SHA-256 (as in the
    /// ledger) and the sitting that approved it.
    pub minutes: Option<String>,
    pub minutes_sha256: Option<String>,
    pub minutes_approved_in: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItemRow {
    pub id: i64,
    pub sitting_id: i64,
    pub position: u32,
    pub title: String,
    pub minutes: u32,
    pub purpose: String,
    pub proposal_id: Option<i64>,
}

/// A sitting's attendance in counts: never a member's own answer or presence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub sitting_id: i64,
    pub seated: u32,
    pub present: u32,
    pub quorum: u32,
    pub coming: u32,
    pub excused: u32,
    pub absent: u32,
    pub unanswered: u32,
}

/// A dataset serialised in a format.
#[tracing::instrument(skip(conn))]
pub async fn render(
    conn: &impl ConnectionTrait,
    dataset: Dataset,
    format: Format,
) -> Result<String, DbErr> {
    match dataset {
        Dataset::Proposals => encode(&proposals(conn).await?, format),
        Dataset::ProposalVersions => encode(&proposal_versions(conn).await?, format),
        Dataset::Comments => encode(&comments(conn).await?, format),
        Dataset::Amendments => encode(&amendments(conn).await?, format),
        Dataset::Votes => encode(&votes(conn).await?, format),
        Dataset::Ballots => encode(&ballots(conn).await?, format),
        Dataset::Draws => encode(&draws(conn).await?, format),
        Dataset::Departments => encode(&departments(conn).await?, format),
        Dataset::CityReferrals => encode(&city_referrals(conn).await?, format),
        Dataset::CityResponses => encode(&city_responses(conn).await?, format),
        Dataset::Commitments => encode(&commitments(conn).await?, format),
        Dataset::Milestones => encode(&milestones(conn).await?, format),
        Dataset::Sittings => encode(&sittings(conn).await?.0, format),
        Dataset::AgendaItems => encode(&sittings(conn).await?.1, format),
        Dataset::Attendance => encode(&sittings(conn).await?.2, format),
        Dataset::Ledger => encode(&crate::ledger::all(conn).await?, format),
    }
}

fn encode<T: Serialize>(rows: &[T], format: Format) -> Result<String, DbErr> {
    let fail = |e: &dyn std::fmt::Display| DbErr::Custom(format!("export: {e}"));
    match format {
        Format::Json => serde_json::to_string(rows).map_err(|e| fail(&e)),
        Format::Csv => {
            // Serialised once, then every cell made safe for spreadsheets
            // (`domain::spreadsheet`): the rows' fields are many and typed,
            // the cells are all text.
            let mut plain = csv::Writer::from_writer(Vec::new());
            for row in rows {
                plain.serialize(row).map_err(|e| fail(&e))?;
            }
            let plain = plain.into_inner().map_err(|e| fail(&e))?;
            let mut safe = csv::Writer::from_writer(Vec::new());
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(plain.as_slice());
            for record in reader.records() {
                let record = record.map_err(|e| fail(&e))?;
                safe.write_record(
                    record
                        .iter()
                        .map(|cell| domain::spreadsheet::neutralise(cell).into_owned()),
                )
                .map_err(|e| fail(&e))?;
            }
            let bytes = safe.into_inner().map_err(|e| fail(&e))?;
            String::from_utf8(bytes).map_err(|e| fail(&e))
        }
    }
}

/// Display names of accounts that still exist (one query for all rows).
async fn public_names(conn: &impl ConnectionTrait) -> Result<BTreeMap<i64, String>, DbErr> {
    let rows: Vec<(i64, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::DeletedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

#[derive(FromQueryResult)]
struct Count {
    key: i64,
    n: i64,
}

pub async fn proposals(conn: &impl ConnectionTrait) -> Result<Vec<ProposalRow>, DbErr> {
    let names = public_names(conn).await?;
    let themes: BTreeMap<i64, String> = theme::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t.slug))
        .collect();
    let supports: BTreeMap<i64, i64> = support::Entity::find()
        .select_only()
        .column_as(support::Column::ProposalId, "key")
        .column_as(support::Column::Id.count(), "n")
        .group_by(support::Column::ProposalId)
        .into_model::<Count>()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.key, c.n))
        .collect();
    Ok(proposal::Entity::find()
        .filter(proposal::Column::Status.ne(domain::ProposalStatus::Draft.as_str()))
        .order_by_asc(proposal::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|p| ProposalRow {
            id: p.id,
            theme: themes.get(&p.theme_id).cloned().unwrap_or_default(),
            origin: p.origin,
            status: p.status,
            title: p.title,
            summary: p.summary,
            body: p.body,
            author: names.get(&p.author_id).cloned(),
            supports: supports.get(&p.id).copied().unwrap_or(0),
            created_at: p.created_at,
            updated_at: p.updated_at,
        })
        .collect())
}

/// Ids of proposals the public can see (drafts are their authors' own).
async fn public_proposal_ids(
    conn: &impl ConnectionTrait,
) -> Result<std::collections::BTreeSet<i64>, DbErr> {
    let ids: Vec<i64> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .filter(proposal::Column::Status.ne(domain::ProposalStatus::Draft.as_str()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().collect())
}

pub async fn proposal_versions(
    conn: &impl ConnectionTrait,
) -> Result<Vec<ProposalVersionRow>, DbErr> {
    let public = public_proposal_ids(conn).await?;
    Ok(proposal_version::Entity::find()
        .order_by_asc(proposal_version::Column::ProposalId)
        .order_by_asc(proposal_version::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .filter(|v| public.contains(&v.proposal_id))
        .map(|v| ProposalVersionRow {
            proposal_id: v.proposal_id,
            number: v.number,
            title: v.title,
            body: v.body,
            amendment_id: v.amendment_id,
            created_at: v.created_at,
        })
        .collect())
}

pub async fn comments(conn: &impl ConnectionTrait) -> Result<Vec<CommentRow>, DbErr> {
    let names = public_names(conn).await?;
    let upvotes: BTreeMap<i64, i64> = comment_upvote::Entity::find()
        .select_only()
        .column_as(comment_upvote::Column::CommentId, "key")
        .column_as(comment_upvote::Column::Id.count(), "n")
        .group_by(comment_upvote::Column::CommentId)
        .into_model::<Count>()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.key, c.n))
        .collect();
    Ok(comment::Entity::find()
        .order_by_asc(comment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| {
            let hidden = c.hidden_reason.is_some();
            CommentRow {
                id: c.id,
                proposal_id: c.proposal_id,
                parent_id: c.parent_id,
                author: names.get(&c.author_id).cloned(),
                stance: c.stance,
                body: (!hidden).then_some(c.body),
                hidden_reason: c.hidden_reason,
                upvotes: upvotes.get(&c.id).copied().unwrap_or(0),
                created_at: c.created_at,
                edited_at: c.edited_at,
            }
        })
        .collect())
}

pub async fn amendments(conn: &impl ConnectionTrait) -> Result<Vec<AmendmentRow>, DbErr> {
    let names = public_names(conn).await?;
    Ok(amendment::Entity::find()
        .order_by_asc(amendment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|a| AmendmentRow {
            id: a.id,
            proposal_id: a.proposal_id,
            author: names.get(&a.author_id).cloned(),
            original: a.original,
            replacement: a.replacement,
            rationale: a.rationale,
            status: a.status,
            created_at: a.created_at,
            decided_at: a.decided_at,
        })
        .collect())
}

pub async fn votes(conn: &impl ConnectionTrait) -> Result<Vec<VoteRow>, DbErr> {
    let mut rows = Vec::new();
    for v in vote::Entity::find()
        .order_by_asc(vote::Column::Id)
        .all(conn)
        .await?
    {
        // Counts are published when the vote closes, named or secret.
        let closed = v.closed_at.is_some();
        let tally = if closed {
            crate::votes::count(conn, &v).await?
        } else {
            Tally::default()
        };
        let rule = VoteRule {
            majority: crate::error::stored(
                domain::Majority::parse(&v.majority),
                "votes.majority",
                &v.majority,
            )?,
            quorum_percent: u8::try_from(v.quorum_percent).unwrap_or(100),
        };
        // A sitting's vote counts its quorum from the members present.
        let base = v.present.unwrap_or(v.eligible);
        let outcome = tally.outcome(rule, u32::try_from(base).unwrap_or(0));
        rows.push(VoteRow {
            id: v.id,
            proposal_id: v.proposal_id,
            majority: v.majority,
            quorum_percent: v.quorum_percent,
            secret: v.secret,
            eligible: v.eligible,
            opened_at: v.opened_at,
            closed_at: v.closed_at,
            pour: closed.then_some(tally.pour),
            contre: closed.then_some(tally.contre),
            abstention: closed.then_some(tally.abstention),
            outcome: closed.then(|| outcome.as_str().to_owned()),
            amendment_id: v.amendment_id,
            sitting_id: v.sitting_id,
            present: v.present,
        });
    }
    Ok(rows)
}

pub async fn ballots(conn: &impl ConnectionTrait) -> Result<Vec<BallotRow>, DbErr> {
    let named_closed: Vec<i64> = vote::Entity::find()
        .select_only()
        .column(vote::Column::Id)
        .filter(vote::Column::Secret.eq(false))
        .filter(vote::Column::ClosedAt.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    let rows = ballot::Entity::find()
        .filter(ballot::Column::VoteId.is_in(named_closed))
        .order_by_asc(ballot::Column::VoteId)
        .order_by_asc(ballot::Column::Id)
        .all(conn)
        .await?;
    let labels =
        crate::draws::member_labels(conn, rows.iter().map(|b| b.member_id).collect::<Vec<_>>())
            .await?;
    Ok(rows
        .into_iter()
        .map(|b| BallotRow {
            vote_id: b.vote_id,
            member: labels.get(&b.member_id).cloned().unwrap_or_default(),
            choice: b.choice,
        })
        .collect())
}

pub async fn draws(conn: &impl ConnectionTrait) -> Result<Vec<DrawRow>, DbErr> {
    let sizes: BTreeMap<i64, i64> = volunteer::Entity::find()
        .select_only()
        .column_as(volunteer::Column::DrawId, "key")
        .column_as(volunteer::Column::Id.count(), "n")
        .group_by(volunteer::Column::DrawId)
        .into_model::<Count>()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.key, c.n))
        .collect();
    Ok(draw::Entity::find()
        .select_only()
        .columns([
            draw::Column::Id,
            draw::Column::Title,
            draw::Column::Seats,
            draw::Column::TermStart,
            draw::Column::TermEnd,
            draw::Column::Status,
            draw::Column::InputsHash,
            draw::Column::SeedHex,
            draw::Column::PickedIndex,
        ])
        .order_by_asc(draw::Column::Id)
        .into_tuple::<(
            i64,
            String,
            i32,
            NaiveDate,
            NaiveDate,
            String,
            Option<String>,
            Option<String>,
            Option<i32>,
        )>()
        .all(conn)
        .await?
        .into_iter()
        .map(
            |(id, title, seats, term_start, term_end, status, inputs_hash, seed, picked_index)| {
                DrawRow {
                    id,
                    title,
                    seats,
                    term_start,
                    term_end,
                    record_url: seed.is_some().then(|| format!("/draws/{id}/record.json")),
                    status,
                    pool_size: sizes.get(&id).copied().unwrap_or(0),
                    inputs_hash,
                    seed,
                    picked_index,
                }
            },
        )
        .collect())
}

pub async fn departments(conn: &impl ConnectionTrait) -> Result<Vec<DepartmentRow>, DbErr> {
    Ok(crate::departments::list(conn)
        .await?
        .into_iter()
        .map(|d| DepartmentRow {
            slug: d.slug,
            name_fr: d.name_fr,
            name_en: d.name_en,
        })
        .collect())
}

pub async fn city_referrals(conn: &impl ConnectionTrait) -> Result<Vec<CityReferralRow>, DbErr> {
    let slugs: BTreeMap<i64, String> = department::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d.slug))
        .collect();
    let answered: BTreeMap<i64, DateTime<Utc>> = city_response::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.proposal_id, r.created_at))
        .collect();
    Ok(city_referral::Entity::find()
        .order_by_asc(city_referral::Column::ProposalId)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| CityReferralRow {
            proposal_id: r.proposal_id,
            department: slugs.get(&r.department_id).cloned().unwrap_or_default(),
            sent_at: r.sent_at,
            answer_due: r.answer_due,
            answered_at: answered.get(&r.proposal_id).copied(),
        })
        .collect())
}

pub async fn city_responses(conn: &impl ConnectionTrait) -> Result<Vec<CityResponseRow>, DbErr> {
    Ok(city_response::Entity::find()
        .order_by_asc(city_response::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| CityResponseRow {
            id: r.id,
            proposal_id: r.proposal_id,
            verdict: r.verdict,
            body: r.body,
            created_at: r.created_at,
        })
        .collect())
}

pub async fn milestones(conn: &impl ConnectionTrait) -> Result<Vec<MilestoneRow>, DbErr> {
    Ok(milestone::Entity::find()
        .order_by_asc(milestone::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| MilestoneRow {
            id: m.id,
            proposal_id: m.proposal_id,
            title: m.title,
            progress: m.progress,
            at: m.at,
            commitment_id: m.commitment_id,
        })
        .collect())
}

pub async fn commitments(conn: &impl ConnectionTrait) -> Result<Vec<CommitmentRow>, DbErr> {
    Ok(commitment::Entity::find()
        .order_by_asc(commitment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| CommitmentRow {
            id: c.id,
            proposal_id: c.proposal_id,
            title: c.title,
            due: c.due,
            progress: c.progress,
            done_at: c.done_at,
            created_at: c.created_at,
        })
        .collect())
}

/// The public sittings (convened and after), their agendas, and their
/// attendance in counts.
pub async fn sittings(
    conn: &impl ConnectionTrait,
) -> Result<(Vec<SittingRow>, Vec<AgendaItemRow>, Vec<AttendanceRow>), DbErr> {
    let all = crate::sittings::all(conn, crate::sittings::Audience::Public)
        .await
        .map_err(crate::Error::into_db)?;
    let (mut sittings, mut items, mut attendance) = (Vec::new(), Vec::new(), Vec::new());
    for (view, starts_at, ends_at) in all {
        let s = &view.summary;
        let counts = crate::sittings::attendance(conn, s.id)
            .await
            .map_err(crate::Error::into_db)?;
        attendance.push(AttendanceRow {
            sitting_id: s.id,
            seated: counts.seated,
            present: counts.present,
            quorum: counts.quorum(),
            coming: counts.coming,
            excused: counts.excused,
            absent: counts.absent,
            unanswered: counts.unanswered(),
        });
        items.extend(view.agenda.iter().map(|i| AgendaItemRow {
            id: i.id,
            sitting_id: s.id,
            position: i.position,
            title: i.title.clone(),
            minutes: i.minutes,
            purpose: i.purpose.as_str().to_owned(),
            proposal_id: i.proposal.as_ref().map(|(id, _)| *id),
        }));
        let approved = crate::sittings::minutes(conn, s.id)
            .await
            .map_err(crate::Error::into_db)?
            .approved;
        sittings.push(SittingRow {
            id: s.id,
            kind: "plenary".into(),
            state: s.state.as_str().to_owned(),
            starts_at,
            ends_at,
            place: s.place.clone(),
            livestream_url: s.livestream_url.clone(),
            minutes_approved_in: approved.as_ref().map(|a| a.approved_in),
            minutes_sha256: approved.as_ref().map(|a| a.sha256.clone()),
            minutes: approved.map(|a| a.text),
        });
    }
    Ok((sittings, items, attendance))
}
