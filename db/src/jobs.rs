//! The durable scheduler: work due at a set time (a vote's close, a
//! reminder, the digests) is a row, so that it survives a restart and runs
//! once however many instances share the database.
//!
//! An instance *claims* a due job for a lease (a conditional update: one
//! claimant wins); the job's effects and its `finish` are one transaction,
//! and `finish` only marks a job still unfinished, so that if a lease ran
//! out and a second instance ran the job too, one of the two commits and
//! the other rolls back. A job whose instance died is claimed again when
//! its lease ends.

use chrono::{DateTime, Duration, Utc};
use domain::schedule::JobKind;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entity::job;

/// How long a claim holds a job before another instance may take it.
pub const LEASE: Duration = Duration::minutes(5);
/// Attempts after which a failing job is left for an operator (the log
/// and `last_error` say why).
pub const MAX_ATTEMPTS: i32 = 8;

/// A job this instance holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    pub kind: JobKind,
    pub subject: i64,
    pub run_at: DateTime<Utc>,
    pub worker: String,
}

/// Schedules a job; a job of that kind for that subject that exists stays
/// as it is (scheduling is idempotent: every instance may schedule the
/// next digest at start-up).
pub async fn schedule(
    conn: &impl ConnectionTrait,
    kind: JobKind,
    subject: i64,
    run_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    job::Entity::insert(job::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        subject: Set(subject),
        run_at: Set(run_at),
        attempts: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([job::Column::Kind, job::Column::Subject])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Schedules the reminders of something owed by `due` (an answer, a
/// commitment): `[week, day]` are the jobs a week before and on the due
/// day, at the moments `paris::due_reminders` gives (those past at `now`
/// left out).
pub async fn schedule_reminders(
    conn: &impl ConnectionTrait,
    [week, day]: [JobKind; 2],
    subject: i64,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let [week_at, day_at] = domain::paris::due_reminders(due, now);
    for (kind, at) in [(week, week_at), (day, day_at)] {
        if let Some(at) = at {
            schedule(conn, kind, subject, at).await?;
        }
    }
    Ok(())
}

/// Moves a job to `run_at`, to run again even if it ran already (a
/// reminder of a sitting moved to another day), or, with None, removes it
/// if it has not run.
pub async fn reschedule(
    conn: &impl ConnectionTrait,
    kind: JobKind,
    subject: i64,
    run_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let Some(run_at) = run_at else {
        job::Entity::delete_many()
            .filter(job::Column::Kind.eq(kind.as_str()))
            .filter(job::Column::Subject.eq(subject))
            .filter(job::Column::DoneAt.is_null())
            .exec(conn)
            .await?;
        return Ok(());
    };
    job::Entity::insert(job::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        subject: Set(subject),
        run_at: Set(run_at),
        attempts: Set(0),
        claimed_by: Set(None),
        claimed_until: Set(None),
        last_error: Set(None),
        done_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([job::Column::Kind, job::Column::Subject])
            .update_columns([
                job::Column::RunAt,
                job::Column::Attempts,
                job::Column::ClaimedBy,
                job::Column::ClaimedUntil,
                job::Column::LastError,
                job::Column::DoneAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due jobs for `worker`, oldest first.
pub async fn claim_due(
    conn: &impl ConnectionTrait,
    worker: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Claim>, DbErr> {
    let free = || {
        Condition::any()
            .add(job::Column::ClaimedUntil.is_null())
            .add(job::Column::ClaimedUntil.lt(now))
    };
    let due = job::Entity::find()
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::RunAt.lte(now))
        .filter(job::Column::Attempts.lt(MAX_ATTEMPTS))
        .filter(free())
        .order_by_asc(job::Column::RunAt)
        .order_by_asc(job::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let mut claims = Vec::new();
    for j in due {
        let won = job::Entity::update_many()
            .col_expr(job::Column::ClaimedBy, Expr::value(worker))
            .col_expr(job::Column::ClaimedUntil, Expr::value(now + LEASE))
            .col_expr(
                job::Column::Attempts,
                Expr::col(job::Column::Attempts).add(1),
            )
            .filter(job::Column::Id.eq(j.id))
            .filter(job::Column::DoneAt.is_null())
            .filter(free())
            .exec(conn)
            .await?
            .rows_affected
            == 1;
        // An unknown kind (written by a newer version) is left alone.
        if let (true, Some(kind)) = (won, JobKind::parse(&j.kind)) {
            claims.push(Claim {
                id: j.id,
                kind,
                subject: j.subject,
                run_at: j.run_at,
                worker: worker.to_owned(),
            });
        }
    }
    Ok(claims)
}

/// Marks a claimed job done, inside the transaction of its effects. False
/// when it is done already (another instance ran it after this claim's
/// lease ended): the caller then rolls its transaction back.
pub async fn finish(
    txn: &impl ConnectionTrait,
    claim: &Claim,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(job::Entity::update_many()
        .col_expr(job::Column::DoneAt, Expr::value(now))
        .col_expr(
            job::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(job::Column::Id.eq(claim.id))
        .filter(job::Column::DoneAt.is_null())
        .exec(txn)
        .await?
        .rows_affected
        == 1)
}

/// A claimed job failed: it is released and tried again at `retry_at`.
pub async fn failed(
    conn: &impl ConnectionTrait,
    claim: &Claim,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let error: String = error.chars().take(500).collect();
    job::Entity::update_many()
        .col_expr(job::Column::LastError, Expr::value(error))
        .col_expr(job::Column::RunAt, Expr::value(retry_at))
        .col_expr(
            job::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(job::Column::Id.eq(claim.id))
        .filter(job::Column::ClaimedBy.eq(claim.worker.as_str()))
        .filter(job::Column::DoneAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// A scheduled job as tests and operators see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobView {
    pub kind: String,
    pub subject: i64,
    pub run_at: DateTime<Utc>,
    pub attempts: i32,
    pub done_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// The jobs about one subject, oldest first.
pub async fn of_subject(
    conn: &impl ConnectionTrait,
    kind: JobKind,
    subject: i64,
) -> Result<Vec<JobView>, DbErr> {
    Ok(job::Entity::find()
        .filter(job::Column::Kind.eq(kind.as_str()))
        .filter(job::Column::Subject.eq(subject))
        .order_by_asc(job::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|j| JobView {
            kind: j.kind,
            subject: j.subject,
            run_at: j.run_at,
            attempts: j.attempts,
            done_at: j.done_at,
            last_error: j.last_error,
        })
        .collect())
}
