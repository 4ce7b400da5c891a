//! The city's side: its answer to an adopted proposal and the progress
//! reports (milestones) that follow.

use chrono::{DateTime, Utc};
use domain::ledger::payload as entry;
use domain::{CityVerdict, NotificationKind, ProposalStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::entity::{city_response, milestone};
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

/// A progress report on an answered proposal; the first one puts it in
/// progress.
pub async fn add_milestone(
    conn: &DatabaseConnection,
    proposal_id: i64,
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
    milestone::Entity::insert(milestone::ActiveModel {
        proposal_id: Set(p.id),
        title: Set(title.to_owned()),
        progress: Set(i16::from(progress)),
        at: Set(now),
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
        },
    )
    .await?;
    let concerned = notifications::concerned(&txn, &p).await?;
    notifications::notify(
        &txn,
        concerned,
        official_id,
        NotificationKind::CityProgress,
        notifications::About::Proposal(p.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
