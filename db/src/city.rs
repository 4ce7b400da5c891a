//! The city's side: its answer to an adopted proposal, the dated
//! commitments a favourable answer makes, and the progress reports
//! (milestones) that follow, on the whole or on one commitment.

use chrono::{DateTime, NaiveDate, Utc};
use domain::ledger::payload as entry;
use domain::schedule::JobKind;
use domain::{CityVerdict, Commitment, MilestoneView, NotificationKind, ProposalStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::entity::{city_response, commitment, milestone};
use crate::stage::{locked, step};
use crate::{Error, departments, ledger, notifications};

/// A facilitator sends an adopted proposal to the city: to the department
/// that will answer for it, with its answer due the set number of months
/// later (`departments::answer_months`, end of that Paris day). The due date goes in the ledger, and the
/// department's officials will be reminded a week before and on the day.
pub async fn send_to_city(
    conn: &DatabaseConnection,
    proposal_id: i64,
    department: &str,
    facilitator_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    let d = departments::by_slug(&txn, department).await?;
    step(&txn, &p, ProposalStatus::SentToCity, facilitator_id, now).await?;
    let months = departments::answer_months(&txn).await?;
    let answer_due = domain::paris::answer_due(now, months);
    departments::refer(&txn, p.id, &d, now, answer_due).await?;
    ledger::append(
        &txn,
        now,
        entry::CityReferral {
            proposal: p.id,
            department: d.slug,
            answer_due,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The city's answer to a proposal sent to it.
pub async fn city_respond(
    conn: &DatabaseConnection,
    proposal_id: i64,
    official_id: i64,
    verdict: CityVerdict,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    departments::check_answers_for(&txn, p.id, official_id).await?;
    step(&txn, &p, ProposalStatus::CityResponded, official_id, now).await?;
    city_response::Entity::insert(city_response::ActiveModel {
        proposal_id: Set(p.id),
        official_id: Set(official_id),
        verdict: Set(verdict.as_str().to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        entry::CityResponse {
            proposal: p.id,
            verdict,
            body: body.to_owned(),
        },
    )
    .await?;
    let concerned = notifications::concerned(&txn, &p).await?;
    notifications::notify(
        &txn,
        concerned,
        official_id,
        NotificationKind::CityAnswered,
        notifications::About::Proposal(p.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The stages in which the city works on its answer: commitments are
/// made and progress reported then.
const AT_WORK: [ProposalStatus; 2] = [ProposalStatus::CityResponded, ProposalStatus::InProgress];

/// A dated commitment of the city's accepted (or partly accepted) answer,
/// due by the end of the Paris day `due_day`; it goes in the ledger, and
/// the department's officials will be reminded a week before and on the
/// day. Returns its id.
pub async fn add_commitment(
    conn: &DatabaseConnection,
    proposal_id: i64,
    title: &str,
    due_day: NaiveDate,
    official_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    departments::check_answers_for(&txn, p.id, official_id).await?;
    if !AT_WORK.iter().any(|s| s.as_str() == p.status) {
        return Err(Error::WrongStage);
    }
    let verdict = city_response::Entity::find()
        .filter(city_response::Column::ProposalId.eq(p.id))
        .one(&txn)
        .await?
        .map(|r| r.verdict);
    if verdict.as_deref() == Some(CityVerdict::Rejected.as_str()) {
        return Err(Error::NothingPromised);
    }
    let due = domain::paris::end_of(due_day);
    let id = commitment::Entity::insert(commitment::ActiveModel {
        proposal_id: Set(p.id),
        title: Set(title.to_owned()),
        due: Set(due),
        progress: Set(0),
        done_at: Set(None),
        created_by: Set(official_id),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    ledger::append(
        &txn,
        now,
        entry::CityCommitment {
            proposal: p.id,
            commitment: id,
            title: title.to_owned(),
            due,
        },
    )
    .await?;
    crate::jobs::schedule_reminders(
        &txn,
        [JobKind::CommitmentDueSoon, JobKind::CommitmentDue],
        id,
        due,
        now,
    )
    .await?;
    tell_progress(&txn, &p, official_id, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// A progress report on an answered proposal, on the whole or on one of
/// its commitments (`commitment`); the first one puts it in progress, and
/// a report of 100 % on a commitment marks it done (no report follows).
pub async fn add_milestone(
    conn: &DatabaseConnection,
    proposal_id: i64,
    commitment: Option<i64>,
    title: &str,
    progress: u8,
    official_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    departments::check_answers_for(&txn, p.id, official_id).await?;
    match ProposalStatus::parse(&p.status) {
        Some(ProposalStatus::CityResponded) => {
            step(&txn, &p, ProposalStatus::InProgress, official_id, now).await?;
        }
        Some(ProposalStatus::InProgress) => {}
        _ => return Err(Error::WrongStage),
    }
    let progress = progress.min(100);
    if let Some(id) = commitment {
        let c = commitment::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|c| c.proposal_id == p.id)
            .ok_or(Error::NoSuchCommitment)?;
        if c.done_at.is_some() {
            return Err(Error::CommitmentDone);
        }
        let mut c = c.into_active_model();
        c.progress = Set(i16::from(progress));
        c.done_at = Set((progress == 100).then_some(now));
        c.update(&txn).await?;
    }
    milestone::Entity::insert(milestone::ActiveModel {
        proposal_id: Set(p.id),
        title: Set(title.to_owned()),
        progress: Set(i16::from(progress)),
        at: Set(now),
        commitment_id: Set(commitment),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        entry::Milestone {
            proposal: p.id,
            title: title.to_owned(),
            progress,
            commitment,
        },
    )
    .await?;
    tell_progress(&txn, &p, official_id, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The proposal's author and supporters hear of the city's progress.
async fn tell_progress(
    txn: &impl ConnectionTrait,
    p: &crate::entity::proposal::Model,
    official_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let concerned = notifications::concerned(txn, p).await?;
    notifications::notify(
        txn,
        concerned,
        official_id,
        NotificationKind::CityProgress,
        notifications::About::Proposal(p.id),
        now,
    )
    .await
}

/// A proposal's progress reports: those on no commitment, and its
/// commitments by due date, each with its own reports (oldest first).
/// Overdue is for the reader's clock (`Commitment::late_at`).
pub async fn follow_up(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<(Vec<MilestoneView>, Vec<Commitment>), DbErr> {
    let reports = milestone::Entity::find()
        .filter(milestone::Column::ProposalId.eq(proposal_id))
        .order_by_asc(milestone::Column::At)
        .order_by_asc(milestone::Column::Id)
        .all(conn)
        .await?;
    let mut commitments: Vec<Commitment> = commitment::Entity::find()
        .filter(commitment::Column::ProposalId.eq(proposal_id))
        .order_by_asc(commitment::Column::Due)
        .order_by_asc(commitment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| Commitment {
            id: c.id,
            title: c.title,
            due: c.due,
            due_day: domain::paris::due_day(c.due),
            progress: percent(c.progress),
            done_at: c.done_at,
            milestones: vec![],
            days_late: None,
        })
        .collect();
    let mut general = vec![];
    for m in reports {
        let view = MilestoneView {
            title: m.title,
            progress: percent(m.progress),
            at: m.at,
        };
        match commitments
            .iter_mut()
            .find(|c| Some(c.id) == m.commitment_id)
        {
            Some(c) => c.milestones.push(view),
            None => general.push(view),
        }
    }
    Ok((general, commitments))
}

/// A stored percentage (0 to 100).
pub(crate) fn percent(stored: i16) -> u8 {
    u8::try_from(stored.clamp(0, 100)).unwrap_or(0)
}
