//! Work due at a set time: a vote's close and its reminder, a sitting's
//! reminder, the daily and weekly digests. Jobs live in the `jobs` table (`db::jobs`), so they
//! survive a restart; every instance runs this loop, and a job's claim (a
//! conditional update with a lease) lets exactly one of them run it. A job
//! whose instance dies is taken again when its lease ends; its effects and
//! its "done" mark are one transaction, so it never runs twice.

use std::time::Duration;

use app::ssr::AppState;
use chrono::{DateTime, Utc, Weekday};
use db::jobs::{self, Claim};
use domain::Delivery;
use domain::schedule::JobKind;

/// How often an instance looks for due jobs: a vote closes at most this
/// late.
pub const EVERY: Duration = Duration::from_secs(15);
/// Jobs taken per round.
const BATCH: u64 = 20;
/// Notifications read at once when writing digests.
const DIGEST_BATCH: u64 = 500;
/// Digests leave at this Paris hour.
const DIGEST_HOUR: u32 = 8;
/// A failed job is tried again after this long.
const RETRY: chrono::Duration = chrono::Duration::minutes(5);

/// A name for this instance's claims, unique per process.
pub fn worker_name() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        hex::encode(&app::auth::session::random_bytes()[..6])
    )
}

/// Every `every`: runs the jobs that are due.
pub async fn run(state: AppState, every: Duration) {
    let worker = worker_name();
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = round(&state, &worker).await {
            tracing::warn!(error = %e, "scheduler round failed; it will be retried");
        }
    }
}

/// The next daily and weekly digests (idempotent: every instance does it
/// every round, one job each remains).
pub async fn schedule_digests(
    conn: &db::DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(), db::DbErr> {
    let daily = domain::paris::next_at_hour(now, DIGEST_HOUR);
    let weekly = domain::paris::next_weekday_at_hour(now, Weekday::Mon, DIGEST_HOUR);
    jobs::schedule(conn, JobKind::DailyDigest, daily.timestamp(), daily).await?;
    jobs::schedule(conn, JobKind::WeeklyDigest, weekly.timestamp(), weekly).await
}

/// One round: makes sure the next digests are scheduled (a digest that
/// failed for good must not stop the ones after it), then claims what is
/// due and runs it; returns how many ran.
pub async fn round(state: &AppState, worker: &str) -> Result<usize, db::DbErr> {
    let now = state.clock.now();
    schedule_digests(&state.db, now).await?;
    let claims = jobs::claim_due(&state.db, worker, now, BATCH).await?;
    for claim in &claims {
        if let Err(e) = run_one(state, claim, now).await {
            tracing::warn!(job = claim.id, kind = %claim.kind, error = %e, "job failed; it will be retried");
            jobs::failed(&state.db, claim, &e.to_string(), now + RETRY).await?;
        }
    }
    Ok(claims.len())
}

async fn run_one(state: &AppState, claim: &Claim, now: DateTime<Utc>) -> Result<(), db::Error> {
    match claim.kind {
        JobKind::CloseVote => {
            if let Some(outcome) = db::votes::close_at_closing_time(&state.db, claim, now).await? {
                tracing::info!(
                    vote = claim.subject,
                    ?outcome,
                    "vote closed at its closing time"
                );
                state.live.announce_vote(claim.subject).await;
            }
        }
        JobKind::RemindVote => {
            let reminded = db::votes::remind(&state.db, claim, now).await?;
            tracing::info!(vote = claim.subject, reminded, "vote reminder");
        }
        JobKind::RemindSitting => {
            let reminded = db::sittings::remind(&state.db, claim, now).await?;
            tracing::info!(sitting = claim.subject, reminded, "sitting reminder");
        }
        JobKind::AnswerDueSoon | JobKind::AnswerDue => {
            let reminded = db::departments::remind(&state.db, claim, now).await?;
            tracing::info!(proposal = claim.subject, reminded, kind = %claim.kind, "answer reminder");
        }
        JobKind::CommitmentDueSoon | JobKind::CommitmentDue => {
            let reminded = db::departments::remind(&state.db, claim, now).await?;
            tracing::info!(commitment = claim.subject, reminded, kind = %claim.kind, "commitment reminder");
        }
        JobKind::DailyDigest | JobKind::WeeklyDigest => {
            let digest = match claim.kind {
                JobKind::WeeklyDigest => Delivery::Weekly,
                _ => Delivery::Daily,
            };
            let sent = digests(state, digest, claim.run_at, now).await?;
            jobs::finish(&state.db, claim, now).await?;
            tracing::info!(?digest, sent, "digests queued");
        }
    }
    Ok(())
}

/// Writes every person's digest of what waited for it until `until`;
/// each digest is queued with its notifications marked delivered in one
/// transaction, so a digest interrupted halfway resumes where it stopped.
pub async fn digests(
    state: &AppState,
    digest: Delivery,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, db::DbErr> {
    let site = app::mail::Site {
        public_url: &state.public_url,
        auth: &state.auth,
    };
    let mut sent = 0;
    loop {
        let batch = db::notifications::pending(&state.db, digest, until, DIGEST_BATCH).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        let full = batch.len() as u64 == DIGEST_BATCH;
        let mut people = app::mail::by_person(batch);
        // The last person's news may go on in the next batch: their digest
        // waits for it, unless they are the whole batch.
        if full && people.len() > 1 {
            people.pop();
        }
        for items in people {
            let ids: Vec<i64> = items.iter().map(|p| p.id).collect();
            if let Some(mail) = app::mail::digest_mail(&items, digest, &site, now)
                && db::notifications::queue_mail(&state.db, &ids, &mail, now).await?
            {
                sent += 1;
            }
        }
    }
}
