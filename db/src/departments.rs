//! The city's departments (the directions facilitators list), the officials
//! who answer for each, and what each proposal sent to the city is owed:
//! its department and the date its answer is due.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::accountability::{Department, Referral};
use domain::schedule::JobKind;
use domain::{NotificationKind, ProposalStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::Error;
use crate::entity::{city_referral, commitment, department, department_official, proposal, user};
use crate::jobs::{self, Claim};

const ANSWER_MONTHS_KEY: &str = "answer_months";
/// The months the city has to answer, unless facilitators set otherwise.
pub const DEFAULT_ANSWER_MONTHS: u32 = 3;
/// The longest delay facilitators may give (two years: past a term).
pub const MAX_ANSWER_MONTHS: u32 = 24;

/// The months the city has to answer a proposal sent to it.
pub async fn answer_months(conn: &impl ConnectionTrait) -> Result<u32, DbErr> {
    crate::settings::number(conn, ANSWER_MONTHS_KEY, DEFAULT_ANSWER_MONTHS).await
}

/// Sets it (1 to `MAX_ANSWER_MONTHS`, checked by the caller); proposals
/// sent already keep their due date.
pub async fn set_answer_months(conn: &impl ConnectionTrait, months: u32) -> Result<(), DbErr> {
    crate::settings::set_number(conn, ANSWER_MONTHS_KEY, months).await
}

/// Every department, by French name.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<Department>, DbErr> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::NameFr)
        .all(conn)
        .await?
        .into_iter()
        .map(to_department)
        .collect())
}

/// Every department with the officials who answer for it (id, name), for
/// the facilitators' page. Someone who lost the official's role is left out.
pub async fn with_officials(
    conn: &impl ConnectionTrait,
) -> Result<Vec<(Department, Vec<(i64, String)>)>, DbErr> {
    let officials: BTreeMap<i64, String> = user::Entity::find()
        .filter(user::Column::IsCityOfficial.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut members: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for m in department_official::Entity::find().all(conn).await? {
        if let Some(name) = officials.get(&m.user_id) {
            members
                .entry(m.department_id)
                .or_default()
                .push((m.user_id, name.clone()));
        }
    }
    Ok(department::Entity::find()
        .order_by_asc(department::Column::NameFr)
        .all(conn)
        .await?
        .into_iter()
        .map(|d| {
            let mut people = members.remove(&d.id).unwrap_or_default();
            people.sort_by(|a, b| a.1.cmp(&b.1));
            (to_department(d), people)
        })
        .collect())
}

/// Adds a department; `None` when one with the same keyword exists (or the
/// name makes no keyword).
pub async fn add(
    conn: &DatabaseConnection,
    name_fr: &str,
    name_en: &str,
) -> Result<Option<Department>, DbErr> {
    let Some(slug) = Department::slug_of(name_fr) else {
        return Ok(None);
    };
    let inserted = department::Entity::insert(department::ActiveModel {
        slug: Set(slug.clone()),
        name_fr: Set(name_fr.to_owned()),
        name_en: Set(name_en.to_owned()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(department::Column::Slug)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok((inserted == 1).then(|| Department {
        slug,
        name_fr: name_fr.to_owned(),
        name_en: name_en.to_owned(),
    }))
}

/// Makes `user_id` answer for the department `slug`, or no longer.
/// Only city officials answer for a department.
pub async fn set_official(
    conn: &DatabaseConnection,
    slug: &str,
    user_id: i64,
    answers: bool,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let d = by_slug(&txn, slug).await?;
    if answers {
        let official = user::Entity::find_by_id(user_id)
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?;
        if !official.is_city_official {
            return Err(Error::NotOfficial);
        }
        department_official::Entity::insert(department_official::ActiveModel {
            department_id: Set(d.id),
            user_id: Set(user_id),
        })
        .on_conflict(
            OnConflict::columns([
                department_official::Column::DepartmentId,
                department_official::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    } else {
        department_official::Entity::delete_many()
            .filter(department_official::Column::DepartmentId.eq(d.id))
            .filter(department_official::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn by_slug(
    conn: &impl ConnectionTrait,
    slug: &str,
) -> Result<department::Model, Error> {
    department::Entity::find()
        .filter(department::Column::Slug.eq(slug))
        .one(conn)
        .await?
        .ok_or(Error::NoSuchDepartment)
}

/// What the city owes for a proposal, if it was sent to a department.
pub async fn referral(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<Option<Referral>, DbErr> {
    let Some(r) = city_referral::Entity::find_by_id(proposal_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let d = department::Entity::find_by_id(r.department_id)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("department {}", r.department_id)))?;
    Ok(Some(Referral {
        department: to_department(d),
        sent_at: r.sent_at,
        answer_due: r.answer_due,
        due_day: domain::paris::due_day(r.answer_due),
        days_late: None,
    }))
}

/// Whether `user_id` answers for the proposal: an official of the
/// department it was sent to (any official for a proposal sent before
/// departments existed).
pub async fn answers_for(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
) -> Result<bool, DbErr> {
    let Some(r) = city_referral::Entity::find_by_id(proposal_id)
        .one(conn)
        .await?
    else {
        return Ok(true);
    };
    Ok(department_official::Entity::find()
        .filter(department_official::Column::DepartmentId.eq(r.department_id))
        .filter(department_official::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .is_some())
}

/// Refuses an official of another department.
pub(crate) async fn check_answers_for(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
) -> Result<(), Error> {
    if answers_for(conn, proposal_id, user_id).await? {
        Ok(())
    } else {
        Err(Error::OtherDepartment)
    }
}

/// Records where a proposal was sent and when its answer is due, and
/// schedules the reminders of its officials.
pub(crate) async fn refer(
    txn: &impl ConnectionTrait,
    proposal_id: i64,
    department: &department::Model,
    now: DateTime<Utc>,
    answer_due: DateTime<Utc>,
) -> Result<(), DbErr> {
    city_referral::Entity::insert(city_referral::ActiveModel {
        proposal_id: Set(proposal_id),
        department_id: Set(department.id),
        sent_at: Set(now),
        answer_due: Set(answer_due),
    })
    .exec_without_returning(txn)
    .await?;
    jobs::schedule_reminders(
        txn,
        [JobKind::AnswerDueSoon, JobKind::AnswerDue],
        proposal_id,
        answer_due,
        now,
    )
    .await
}

/// A reminder's job: the department's officials are told an answer (or
/// a commitment of their answer) is due in a week, or today, if it is
/// still owed.
pub async fn remind(
    conn: &DatabaseConnection,
    claim: &Claim,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let txn = crate::write_txn(conn).await?;
    let (owed, kind) = match claim.kind {
        JobKind::CommitmentDueSoon => (
            commitment_owed(&txn, claim.subject).await?,
            NotificationKind::CommitmentDueSoon,
        ),
        JobKind::CommitmentDue => (
            commitment_owed(&txn, claim.subject).await?,
            NotificationKind::CommitmentDue,
        ),
        JobKind::AnswerDueSoon => (
            answer_owed(&txn, claim.subject).await?,
            NotificationKind::AnswerDueSoon,
        ),
        _ => (
            answer_owed(&txn, claim.subject).await?,
            NotificationKind::AnswerDue,
        ),
    };
    let mut told = 0;
    if let Some((proposal_id, officials)) = owed {
        told = officials.len();
        // The platform reminds: no actor (0) to leave out.
        crate::notifications::notify(
            &txn,
            officials,
            0,
            kind,
            crate::notifications::About::Proposal(proposal_id),
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

/// The officials of a department.
async fn officials_of(conn: &impl ConnectionTrait, department_id: i64) -> Result<Vec<i64>, DbErr> {
    Ok(department_official::Entity::find()
        .filter(department_official::Column::DepartmentId.eq(department_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// The proposal and the officials to remind while its answer is awaited.
async fn answer_owed(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<Option<(i64, Vec<i64>)>, DbErr> {
    let awaited = proposal::Entity::find_by_id(proposal_id)
        .one(conn)
        .await?
        .is_some_and(|p| p.status == ProposalStatus::SentToCity.as_str());
    let referral = city_referral::Entity::find_by_id(proposal_id)
        .one(conn)
        .await?;
    Ok(match referral {
        Some(r) if awaited => Some((proposal_id, officials_of(conn, r.department_id).await?)),
        _ => None,
    })
}

/// The proposal and the officials to remind while a commitment is not
/// met and the city works on the proposal: its department's, or the
/// official who made it for a proposal sent before departments existed.
async fn commitment_owed(
    conn: &impl ConnectionTrait,
    commitment_id: i64,
) -> Result<Option<(i64, Vec<i64>)>, DbErr> {
    let Some(c) = commitment::Entity::find_by_id(commitment_id)
        .one(conn)
        .await?
        .filter(|c| c.done_at.is_none())
    else {
        return Ok(None);
    };
    let at_work = proposal::Entity::find_by_id(c.proposal_id)
        .one(conn)
        .await?
        .is_some_and(|p| {
            [ProposalStatus::CityResponded, ProposalStatus::InProgress]
                .iter()
                .any(|s| s.as_str() == p.status)
        });
    if !at_work {
        return Ok(None);
    }
    let officials = match city_referral::Entity::find_by_id(c.proposal_id)
        .one(conn)
        .await?
    {
        Some(r) => officials_of(conn, r.department_id).await?,
        None => vec![c.created_by],
    };
    Ok(Some((c.proposal_id, officials)))
}

fn to_department(d: department::Model) -> Department {
    Department {
        slug: d.slug,
        name_fr: d.name_fr,
        name_en: d.name_en,
    }
}
