//! A draw from set-up to a seated assembly:
//!
//! `pool_open` → (commit the pool) → `committed` → seed ceremony (commit
//! until `commit_until`, reveal until `reveal_until`) → `drawing` → `done`,
//! then invitations, answers before a deadline, and replacement rounds.
//!
//! Replacement rounds: a round is announced first — its leavers (everyone
//! who declined, did not answer in time, or left) frozen, and its public
//! value's source, format and date fixed (e.g. the next national lottery
//! draw) — then run once that value is known, with a seed derived from the
//! ceremony's seed, the round number, the sorted leavers and the value
//! written canonically. Nobody who leaves can know who would replace them,
//! and nobody running the round has a value to choose: it is the one
//! announced, entered once.

use chrono::{DateTime, Datelike, Duration, Utc};
use domain::MembershipStatus;
use domain::census;
use domain::import::Respondent;
use domain::ledger::payload as entry;
use lottery::ceremony::{self, SeedCommitment, SeedTranscript, ValueFormat};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::entity::{draw, membership, replacement, replacement_round, seed_commitment, volunteer};
use crate::{Error, ledger};

pub const POOL_OPEN: &str = crate::draws::POOL_OPEN;
pub const COMMITTED: &str = "committed";
pub const DRAWING: &str = "drawing";
pub const DONE: &str = "done";

/// What a facilitator sets up.
#[derive(Clone, Debug)]
pub struct Setup {
    pub title: String,
    pub seats: u32,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    pub quotas: lottery::Quotas,
    pub objective: lottery::Objective,
    /// Days an invited person has to answer.
    pub respond_days: u32,
}

fn json(value: &impl Serialize) -> Result<String, DbErr> {
    serde_json::to_string(value).map_err(|e| DbErr::Custom(e.to_string()))
}

async fn find(conn: &impl ConnectionTrait, id: i64) -> Result<draw::Model, Error> {
    draw::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)
}

/// Creates a draw whose pool is open to volunteers.
pub async fn create(
    conn: &impl ConnectionTrait,
    setup: &Setup,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(draw::Entity::insert(draw::ActiveModel {
        title: Set(setup.title.clone()),
        seats: Set(i32::try_from(setup.seats).unwrap_or(i32::MAX)),
        term_start: Set(setup.term_start),
        term_end: Set(setup.term_end),
        status: Set(POOL_OPEN.to_owned()),
        quotas: Set(Some(json(&setup.quotas)?)),
        objective: Set(Some(
            match setup.objective {
                lottery::Objective::Leximin => "leximin",
                lottery::Objective::Maximin => "maximin",
            }
            .to_owned(),
        )),
        respond_days: Set(i32::try_from(setup.respond_days).unwrap_or(14)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id)
}

/// Prepares the draw of the cohort after `draw_id`'s: the same seats,
/// quotas and rules, the next term (from the day after, as long), and its
/// pool open at once. Each cohort has at most one renewal.
pub async fn prepare_renewal(
    conn: &DatabaseConnection,
    draw_id: i64,
    title: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    if d.status != DONE {
        return Err(Error::DrawStage);
    }
    let (term_start, term_end) =
        domain::term::next_term(d.term_start, d.term_end).ok_or(Error::DrawStage)?;
    let renewal = draw::ActiveModel {
        title: Set(title.to_owned()),
        seats: Set(d.seats),
        term_start: Set(term_start),
        term_end: Set(term_end),
        status: Set(POOL_OPEN.to_owned()),
        quotas: Set(d.quotas),
        objective: Set(d.objective),
        respond_days: Set(d.respond_days),
        created_at: Set(now),
        renews_draw_id: Set(Some(draw_id)),
        ..Default::default()
    };
    let id = match draw::Entity::insert(renewal).exec(&txn).await {
        Ok(inserted) => inserted.last_insert_id,
        // The unique index: someone prepared it a moment ago.
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(Error::Already);
        }
        Err(e) => return Err(e.into()),
    };
    txn.commit().await?;
    Ok(id)
}

/// Adds the respondents of a letter campaign to an open pool, all or none.
pub async fn import_respondents(
    conn: &DatabaseConnection,
    draw_id: i64,
    respondents: &[Respondent],
    pseudonyms: &[String],
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let txn = crate::write_txn(conn).await?;
    if find(&txn, draw_id).await?.status != POOL_OPEN {
        return Err(Error::DrawStage);
    }
    let rows: Vec<volunteer::ActiveModel> = respondents
        .iter()
        .zip(pseudonyms)
        .map(|(r, pseudonym)| volunteer::ActiveModel {
            draw_id: Set(draw_id),
            user_id: Set(None),
            pseudonym: Set(pseudonym.clone()),
            gender: Set(r.answers.gender.to_owned()),
            birth_year: Set(r.answers.birth_year),
            diploma: Set(r.answers.diploma.to_owned()),
            district: Set(r.answers.district.to_owned()),
            weight: Set(r.weight.unwrap_or(1.0)),
            consented_at: Set(now),
            name: Set(Some(r.name.clone())),
            email: Set(r.email.as_ref().map(|e| e.as_str().to_owned())),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        volunteer::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows.len())
}

/// The lottery's inputs from a draw's pool: pseudonyms and features only.
pub fn inputs_of(
    volunteers: &[volunteer::Model],
    quotas: lottery::Quotas,
    k: u32,
    objective: lottery::Objective,
    draw_year: i32,
) -> lottery::Inputs {
    let pool = volunteers
        .iter()
        .map(|v| lottery::Person {
            id: v.pseudonym.clone(),
            features: [
                (census::GENDER, v.gender.as_str()),
                (
                    census::AGE_BAND,
                    census::age_band(v.birth_year, draw_year).unwrap_or("75+"),
                ),
                (census::DIPLOMA, v.diploma.as_str()),
                (census::DISTRICT, v.district.as_str()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
            weight: (v.weight != 1.0).then_some(v.weight),
        })
        .collect();
    lottery::Inputs {
        pool,
        quotas,
        k,
        objective,
    }
}

/// Quick checks before committing: enough people, quotas that add up, and
/// enough volunteers for every minimum. (The engine proves the rest.)
pub fn precheck(inputs: &lottery::Inputs) -> Result<(), String> {
    let k = inputs.k;
    if inputs.pool.len() < k as usize {
        return Err(format!("{} volunteers for {k} seats", inputs.pool.len()));
    }
    for (feature, values) in &inputs.quotas {
        let (min, max) = values
            .values()
            .fold((0, 0), |(a, b), q| (a + q.min, b + q.max));
        if min > k || max < k {
            return Err(format!(
                "{feature}: minimums add up to {min} and maximums to {max}, for {k} seats"
            ));
        }
        for (value, quota) in values {
            let have = inputs
                .pool
                .iter()
                .filter(|p| p.features.get(feature) == Some(value))
                .count() as u32;
            if have < quota.min {
                return Err(format!(
                    "{feature} = {value}: at least {} seats, {have} volunteers",
                    quota.min
                ));
            }
        }
    }
    Ok(())
}

/// The engine's quotas from a sheet's rules.
pub fn lottery_quotas(rules: &[census::QuotaRule]) -> lottery::Quotas {
    let mut quotas = lottery::Quotas::new();
    for rule in rules {
        quotas.entry(rule.feature.clone()).or_default().insert(
            rule.value.clone(),
            lottery::Quota {
                min: rule.min,
                max: rule.max,
            },
        );
    }
    quotas
}

/// A sheet's rules from the engine's quotas, in the census's display order.
pub fn quota_rules(quotas: &lottery::Quotas) -> Vec<census::QuotaRule> {
    domain::quotas::FEATURES
        .iter()
        .flat_map(|(feature, shares)| shares.iter().map(move |s| (*feature, s.value)))
        .filter_map(|(feature, value)| {
            let q = quotas.get(feature)?.get(value)?;
            Some(census::QuotaRule {
                feature: feature.to_owned(),
                value: value.to_owned(),
                min: q.min,
                max: q.max,
            })
        })
        .collect()
}

/// A draw's quotas as they stand, and its pool so far counted per value.
#[derive(Clone, Debug)]
pub struct QuotaSheet {
    pub status: String,
    pub seats: u32,
    pub rules: Vec<census::QuotaRule>,
    pub pool_size: u32,
    pub pool: domain::quotas::PoolCounts,
}

async fn pool_inputs(
    conn: &impl ConnectionTrait,
    d: &draw::Model,
) -> Result<lottery::Inputs, Error> {
    let quotas: lottery::Quotas = d
        .quotas
        .as_deref()
        .and_then(|q| serde_json::from_str(q).ok())
        .ok_or_else(|| Error::Infeasible("no quotas".into()))?;
    let volunteers = volunteer::Entity::find()
        .filter(volunteer::Column::DrawId.eq(d.id))
        .order_by_asc(volunteer::Column::Pseudonym)
        .all(conn)
        .await?;
    let objective = match d.objective.as_deref() {
        Some("maximin") => lottery::Objective::Maximin,
        _ => lottery::Objective::Leximin,
    };
    let k = u32::try_from(d.seats).unwrap_or(0);
    Ok(inputs_of(
        &volunteers,
        quotas,
        k,
        objective,
        d.term_start.year(),
    ))
}

pub async fn quota_sheet(conn: &impl ConnectionTrait, draw_id: i64) -> Result<QuotaSheet, Error> {
    let d = find(conn, draw_id).await?;
    let inputs = pool_inputs(conn, &d).await?;
    let mut pool = domain::quotas::PoolCounts::new();
    for person in &inputs.pool {
        for (feature, value) in &person.features {
            *pool.entry((feature.clone(), value.clone())).or_default() += 1;
        }
    }
    Ok(QuotaSheet {
        status: d.status,
        seats: inputs.k,
        rules: quota_rules(&inputs.quotas),
        pool_size: u32::try_from(inputs.pool.len()).unwrap_or(u32::MAX),
        pool,
    })
}

/// Replaces the quotas of a draw whose pool is still open. A sheet with
/// problems (other than a pool still short of a minimum) changes nothing.
pub async fn set_quotas(
    conn: &DatabaseConnection,
    draw_id: i64,
    rules: &[census::QuotaRule],
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    let seats = u32::try_from(d.seats).unwrap_or(0);
    let problems = domain::quotas::check(rules, seats, None);
    if !problems.is_empty() {
        return Err(Error::Quotas(problems));
    }
    let updated = draw::Entity::update_many()
        .col_expr(
            draw::Column::Quotas,
            Expr::value(json(&lottery_quotas(rules))?),
        )
        .filter(draw::Column::Id.eq(draw_id))
        .filter(draw::Column::Status.eq(POOL_OPEN))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::DrawStage);
    }
    txn.commit().await?;
    Ok(())
}

/// Whether some panel meets the quotas with the pool as it is now: the
/// quick checks, then the engine's proof (or its smallest fix).
pub async fn feasibility(conn: &impl ConnectionTrait, draw_id: i64) -> Result<(), Error> {
    let d = find(conn, draw_id).await?;
    let inputs = pool_inputs(conn, &d).await?;
    precheck(&inputs).map_err(Error::Infeasible)?;
    engine_feasibility(inputs).await
}

/// The engine's proof, off the async workers (a MIP may take a second).
async fn engine_feasibility(inputs: lottery::Inputs) -> Result<(), Error> {
    let proof = tokio::task::spawn_blocking(move || lottery::check_feasible(&inputs))
        .await
        .map_err(|e| Error::Infeasible(e.to_string()))?;
    match proof {
        Ok(()) => Ok(()),
        Err(lottery::LotteryError::Infeasible(diagnosis)) => Err(Error::Diagnosis(diagnosis)),
        Err(e) => Err(Error::Infeasible(e.to_string())),
    }
}

/// When the seed ceremony runs, and what public value joins it.
#[derive(Clone, Debug)]
pub struct Ceremony {
    pub commit_until: DateTime<Utc>,
    pub reveal_until: DateTime<Utc>,
    /// Announced now, entered once known. Required: without a value known
    /// only after the reveals close, whoever reveals last could choose
    /// between two seeds by withholding their secret.
    pub public_value: Announcement,
}

/// A public value announced before anyone could know it.
#[derive(Clone, Debug)]
pub struct Announcement {
    /// What it is and where to check it, e.g. "Loto du 12 mai 2027, fdj.fr".
    pub description: String,
    pub format: ValueFormat,
    /// When it becomes known (the lottery's draw).
    pub available_after: DateTime<Utc>,
}

/// Closes the pool and publishes its commitment: the pseudonymised pool,
/// the quotas, k and the engine version, hashed; then the ceremony opens.
pub async fn commit_pool(
    conn: &DatabaseConnection,
    draw_id: i64,
    ceremony: &Ceremony,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    if !(now < ceremony.commit_until && ceremony.commit_until < ceremony.reveal_until) {
        return Err(Error::TooLate);
    }
    if ceremony.public_value.available_after < ceremony.reveal_until {
        return Err(Error::KnownTooSoon);
    }
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    if d.status != POOL_OPEN {
        return Err(Error::DrawStage);
    }
    let inputs = pool_inputs(&txn, &d).await?;
    let k = inputs.k;
    precheck(&inputs).map_err(Error::Infeasible)?;
    // Nobody should wait through a ceremony for a draw that cannot happen.
    engine_feasibility(inputs.clone()).await?;
    let hash = lottery::inputs_hash(&inputs);
    // Locks the row: only one commitment happens.
    let updated = draw::Entity::update_many()
        .col_expr(draw::Column::Status, Expr::value(COMMITTED))
        .col_expr(draw::Column::Inputs, Expr::value(json(&inputs)?))
        .col_expr(draw::Column::InputsHash, Expr::value(hash.clone()))
        .col_expr(draw::Column::CommittedAt, Expr::value(now))
        .col_expr(
            draw::Column::CommitUntil,
            Expr::value(ceremony.commit_until),
        )
        .col_expr(
            draw::Column::RevealUntil,
            Expr::value(ceremony.reveal_until),
        )
        .col_expr(
            draw::Column::PublicValueDescription,
            Expr::value(ceremony.public_value.description.clone()),
        )
        .col_expr(
            draw::Column::PublicValueFormat,
            Expr::value(ceremony.public_value.format.keyword()),
        )
        .col_expr(
            draw::Column::PublicValueAfter,
            Expr::value(ceremony.public_value.available_after),
        )
        .filter(draw::Column::Id.eq(draw_id))
        .filter(draw::Column::Status.eq(POOL_OPEN))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::DrawStage);
    }
    ledger::append(
        &txn,
        now,
        entry::DrawCommitment {
            draw: draw_id,
            title: d.title.clone(),
            seats: k,
            pool_size: inputs.pool.len() as u64,
            inputs_hash: hash.clone(),
            engine_version: lottery::ENGINE_VERSION.to_owned(),
            commit_until: ceremony.commit_until.to_rfc3339(),
            reveal_until: ceremony.reveal_until.to_rfc3339(),
            public_value: Some(ceremony.public_value.description.clone()),
            public_value_format: Some(ceremony.public_value.format.keyword()),
            public_value_after: Some(ceremony.public_value.available_after.to_rfc3339()),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(hash)
}

/// The committed inputs, as published at `/draws/{id}/inputs.json`.
pub async fn committed_inputs(
    conn: &impl ConnectionTrait,
    draw_id: i64,
) -> Result<Option<String>, DbErr> {
    Ok(draw::Entity::find_by_id(draw_id)
        .one(conn)
        .await?
        .and_then(|d| d.inputs))
}

fn is_hex64(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A contributor publishes the hash of their secret (round 0: the draw).
pub async fn commit_seed(
    conn: &impl ConnectionTrait,
    draw_id: i64,
    user_id: i64,
    contributor: &str,
    commitment: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    use sea_orm::SqlErr;
    let d = find(conn, draw_id).await?;
    if d.status != COMMITTED {
        return Err(Error::DrawStage);
    }
    if d.commit_until.is_none_or(|until| now >= until) {
        return Err(Error::TooLate);
    }
    if !is_hex64(commitment) {
        return Err(Error::BadReveal);
    }
    let row = seed_commitment::ActiveModel {
        draw_id: Set(draw_id),
        round: Set(0),
        user_id: Set(Some(user_id)),
        contributor: Set(contributor.to_owned()),
        commitment: Set(commitment.to_owned()),
        committed_at: Set(now),
        ..Default::default()
    };
    match seed_commitment::Entity::insert(row).exec(conn).await {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(Error::Already)
        }
        Err(e) => Err(e.into()),
    }
}

/// A contributor reveals their secret, which must match their commitment.
pub async fn reveal_seed(
    conn: &DatabaseConnection,
    draw_id: i64,
    user_id: i64,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    if d.status != COMMITTED {
        return Err(Error::DrawStage);
    }
    match (d.commit_until, d.reveal_until) {
        (Some(from), _) if now < from => return Err(Error::TooEarly),
        (_, Some(until)) if now >= until => return Err(Error::TooLate),
        (Some(_), Some(_)) => {}
        _ => return Err(Error::DrawStage),
    }
    let c = seed_commitment::Entity::find()
        .filter(seed_commitment::Column::DrawId.eq(draw_id))
        .filter(seed_commitment::Column::Round.eq(0))
        .filter(seed_commitment::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if c.secret.is_some() {
        return Err(Error::Already);
    }
    if !ceremony::valid_secret(secret)
        || ceremony::commitment(&c.contributor, secret) != c.commitment
    {
        return Err(Error::BadReveal);
    }
    seed_commitment::Entity::update(seed_commitment::ActiveModel {
        id: Set(c.id),
        secret: Set(Some(secret.to_owned())),
        revealed_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        entry::SeedReveal {
            draw: draw_id,
            contributor: c.contributor.clone(),
            commitment: c.commitment.clone(),
            secret: secret.to_owned(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Enters the public value announced at the commitment, once it is known
/// (after the reveals closed, so nobody could commit or reveal knowing
/// it), written canonically by its format, once.
pub async fn set_public_value(
    conn: &DatabaseConnection,
    draw_id: i64,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    let (Some(description), Some(format), Some(after)) = (
        d.public_value_description,
        d.public_value_format
            .as_deref()
            .and_then(ValueFormat::from_keyword),
        d.public_value_after,
    ) else {
        return Err(Error::DrawStage);
    };
    if d.status != COMMITTED {
        return Err(Error::DrawStage);
    }
    if now < after || d.reveal_until.is_none_or(|until| now < until) {
        return Err(Error::TooEarly);
    }
    let value = format.canonical(typed).map_err(Error::PublicValue)?;
    let entered = draw::Entity::update_many()
        .col_expr(draw::Column::PublicValue, Expr::value(value.clone()))
        .col_expr(draw::Column::PublicValueAt, Expr::value(now))
        .filter(draw::Column::Id.eq(draw_id))
        .filter(draw::Column::PublicValue.is_null())
        .exec(&txn)
        .await?;
    if entered.rows_affected == 0 {
        return Err(Error::Already);
    }
    ledger::append(
        &txn,
        now,
        entry::PublicValue {
            draw: draw_id,
            description,
            value,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The ceremony so far, as the record will publish it.
pub async fn transcript(
    conn: &impl ConnectionTrait,
    draw_id: i64,
) -> Result<SeedTranscript, Error> {
    let d = find(conn, draw_id).await?;
    let commitments = seed_commitment::Entity::find()
        .filter(seed_commitment::Column::DrawId.eq(draw_id))
        .filter(seed_commitment::Column::Round.eq(0))
        .order_by_asc(seed_commitment::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| SeedCommitment {
            contributor: c.contributor,
            commitment: c.commitment,
            secret: c.secret,
        })
        .collect();
    let public_values = match (d.public_value_description, d.public_value) {
        (Some(description), Some(value)) => vec![ceremony::PublicValue {
            description,
            value,
            format: d
                .public_value_format
                .as_deref()
                .and_then(ValueFormat::from_keyword),
            available_after: d.public_value_after,
            entered_at: d.public_value_at,
        }],
        _ => Vec::new(),
    };
    let timeline = match (d.committed_at, d.commit_until, d.reveal_until) {
        (Some(announced_at), Some(commit_until), Some(reveal_until)) => Some(ceremony::Timeline {
            announced_at,
            commit_until,
            reveal_until,
        }),
        _ => None,
    };
    Ok(SeedTranscript {
        inputs_hash: d.inputs_hash.unwrap_or_default(),
        commitments,
        public_values,
        timeline,
    })
}

/// Everything the background draw needs, once the ceremony is over. Marks
/// the draw as drawing, so that it starts once.
pub struct Ready {
    pub inputs: lottery::Inputs,
    pub transcript: SeedTranscript,
    pub seed: [u8; 32],
}

pub async fn start_draw(
    conn: &DatabaseConnection,
    draw_id: i64,
    now: DateTime<Utc>,
) -> Result<Ready, Error> {
    let d = find(conn, draw_id).await?;
    if d.status != COMMITTED {
        return Err(Error::DrawStage);
    }
    if d.reveal_until.is_none_or(|until| now < until) {
        return Err(Error::TooEarly);
    }
    if d.public_value.is_none() {
        return Err(Error::TooEarly);
    }
    let inputs: lottery::Inputs = d
        .inputs
        .as_deref()
        .and_then(|i| serde_json::from_str(i).ok())
        .ok_or(Error::DrawStage)?;
    let transcript = transcript(conn, draw_id).await?;
    // The server draws only on a chain nobody could have steered, the one
    // the verifier checks.
    ceremony::check_chain(&transcript).map_err(Error::Steerable)?;
    let derivation =
        ceremony::derive_seed(&transcript).map_err(|e| Error::Infeasible(e.to_string()))?;
    let seed =
        lottery::parse_seed(&derivation.seed).map_err(|e| Error::Infeasible(e.to_string()))?;
    let started = draw::Entity::update_many()
        .col_expr(draw::Column::Status, Expr::value(DRAWING))
        .filter(draw::Column::Id.eq(draw_id))
        .filter(draw::Column::Status.eq(COMMITTED))
        .exec(conn)
        .await?;
    if started.rows_affected == 0 {
        return Err(Error::Already);
    }
    Ok(Ready {
        inputs,
        transcript,
        seed,
    })
}

/// A draw that failed in the engine goes back to `committed`, to be retried.
pub async fn abort_draw(conn: &impl ConnectionTrait, draw_id: i64) -> Result<(), DbErr> {
    draw::Entity::update_many()
        .col_expr(draw::Column::Status, Expr::value(COMMITTED))
        .filter(draw::Column::Id.eq(draw_id))
        .filter(draw::Column::Status.eq(DRAWING))
        .exec(conn)
        .await?;
    Ok(())
}

/// Publishes the record, invites the panel, and records the result.
pub async fn finish_draw(
    conn: &DatabaseConnection,
    draw_id: i64,
    record: &lottery::DrawRecord,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    if d.status != DRAWING {
        return Err(Error::DrawStage);
    }
    let record_sha256 = crate::draws::store_record(&txn, draw_id, record).await?;
    invite(&txn, &d, &record.draw.panel, now).await?;
    draw::Entity::update(draw::ActiveModel {
        id: Set(draw_id),
        status: Set(DONE.to_owned()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        entry::DrawResult {
            draw: draw_id,
            inputs_hash: record.inputs_hash.clone(),
            seed: record.draw.seed.clone(),
            picked_index: record.draw.index,
            panel: record.draw.panel.clone(),
            record_sha256,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn invite(
    txn: &impl ConnectionTrait,
    d: &draw::Model,
    pseudonyms: &[String],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let volunteers = volunteer::Entity::find()
        .filter(volunteer::Column::DrawId.eq(d.id))
        .filter(volunteer::Column::Pseudonym.is_in(pseudonyms.iter().cloned()))
        .all(txn)
        .await?;
    let respond_by = now + Duration::days(i64::from(d.respond_days));
    // A replacement sits from the day they are invited, not from the
    // term's first day: the sittings held before were not theirs.
    let term_start = d.term_start.max(domain::paris::local(now).date());
    let rows: Vec<membership::ActiveModel> = volunteers
        .into_iter()
        .map(|v| membership::ActiveModel {
            draw_id: Set(d.id),
            volunteer_id: Set(v.id),
            user_id: Set(v.user_id),
            status: Set(MembershipStatus::Invited.as_str().to_owned()),
            public_name: Set(false),
            term_start: Set(term_start),
            term_end: Set(d.term_end),
            invited_at: Set(Some(now)),
            respond_by: Set(Some(respond_by)),
            label: Set(fresh_member_label()),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        membership::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

/// A member's public label from the operating system's randomness: one in
/// 31^8 (about 10^12) chances of meeting another, which the unique index
/// would refuse rather than merge.
fn fresh_member_label() -> String {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    domain::census::member_label(random)
}

/// An invited person accepts (and says whether their name may be shown) or
/// declines, before the deadline.
pub async fn respond(
    conn: &impl ConnectionTrait,
    draw_id: i64,
    user_id: i64,
    accept: bool,
    public_name: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let m = membership::Entity::find()
        .filter(membership::Column::DrawId.eq(draw_id))
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Invited.as_str()))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    answer(conn, &m, accept, public_name, now).await
}

/// Records the answer to an invitation that is still open.
pub(crate) async fn answer(
    conn: &impl ConnectionTrait,
    m: &membership::Model,
    accept: bool,
    public_name: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if m.status != MembershipStatus::Invited.as_str() {
        return Err(Error::Already);
    }
    if m.respond_by.is_some_and(|by| now >= by) {
        return Err(Error::TooLate);
    }
    let answered = membership::Entity::update_many()
        .col_expr(
            membership::Column::Status,
            Expr::value(
                if accept {
                    MembershipStatus::Active
                } else {
                    MembershipStatus::Declined
                }
                .as_str(),
            ),
        )
        .col_expr(
            membership::Column::PublicName,
            Expr::value(accept && public_name),
        )
        .col_expr(membership::Column::RespondedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(m.id))
        .filter(membership::Column::Status.eq(MembershipStatus::Invited.as_str()))
        .exec(conn)
        .await?;
    if answered.rows_affected == 0 {
        return Err(Error::Already);
    }
    Ok(())
}

/// A sitting member leaves mid-term, on the Paris day of `now`; a later
/// replacement round fills the seat.
pub async fn leave(
    conn: &impl ConnectionTrait,
    draw_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let left = membership::Entity::update_many()
        .col_expr(
            membership::Column::Status,
            Expr::value(MembershipStatus::Left.as_str()),
        )
        .col_expr(
            membership::Column::LeftOn,
            Expr::value(domain::paris::local(now).date()),
        )
        .filter(membership::Column::DrawId.eq(draw_id))
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .exec(conn)
        .await?;
    if left.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// The seed of a replacement round: the ceremony's seed, the round, the
/// sorted leavers and the public value (see the module's documentation).
pub fn replacement_seed(
    draw_seed: &str,
    round: i32,
    leavers: &[String],
    public_value: &str,
) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(format!("kleroterion-replacement/1\n{draw_seed}\n{round}\n").as_bytes());
    for leaver in leavers {
        hasher.update(format!("{}:{leaver}\n", leaver.len()).as_bytes());
    }
    hasher.update(format!("{}:{public_value}\n", public_value.len()).as_bytes());
    hasher.finalize().into()
}

/// The round a draw has announced and not run yet.
#[derive(Clone, Debug)]
pub struct AnnouncedRound {
    pub round: i32,
    pub leavers: Vec<String>,
    pub announcement: Announcement,
}

async fn open_round(
    conn: &impl ConnectionTrait,
    draw_id: i64,
) -> Result<Option<replacement_round::Model>, DbErr> {
    replacement_round::Entity::find()
        .filter(replacement_round::Column::DrawId.eq(draw_id))
        .filter(replacement_round::Column::Value.is_null())
        .one(conn)
        .await
}

fn announced(r: replacement_round::Model) -> Result<AnnouncedRound, Error> {
    Ok(AnnouncedRound {
        round: r.round,
        leavers: serde_json::from_str(&r.leavers).map_err(|e| DbErr::Custom(e.to_string()))?,
        announcement: Announcement {
            description: r.description,
            format: crate::error::stored(
                ValueFormat::from_keyword(&r.format),
                "replacement_rounds.format",
                &r.format,
            )?,
            available_after: r.available_after,
        },
    })
}

/// The round announced and waiting for its public value, if any.
pub async fn announced_round(
    conn: &impl ConnectionTrait,
    draw_id: i64,
) -> Result<Option<AnnouncedRound>, Error> {
    open_round(conn, draw_id).await?.map(announced).transpose()
}

/// Who was drawn and how they stand: memberships, the pseudonym of each
/// volunteer, and the leavers already replaced.
struct Seating {
    memberships: Vec<membership::Model>,
    pseudonym_of: std::collections::BTreeMap<i64, String>,
    replaced: std::collections::BTreeSet<String>,
}

async fn seating(conn: &impl ConnectionTrait, draw_id: i64) -> Result<Seating, DbErr> {
    Ok(Seating {
        memberships: membership::Entity::find()
            .filter(membership::Column::DrawId.eq(draw_id))
            .all(conn)
            .await?,
        pseudonym_of: volunteer::Entity::find()
            .filter(volunteer::Column::DrawId.eq(draw_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|v| (v.id, v.pseudonym))
            .collect(),
        replaced: replacement::Entity::find()
            .filter(replacement::Column::DrawId.eq(draw_id))
            .all(conn)
            .await?
            .into_iter()
            .map(|r| r.leaver)
            .collect(),
    })
}

/// Announces the next replacement round (facilitators): everyone who
/// declined, did not answer by the deadline, or left, frozen as its
/// leavers, and the public value that will pick their replacements, known
/// only later. One round at a time; those who leave afterwards wait for
/// the next.
pub async fn announce_replacement_round(
    conn: &DatabaseConnection,
    draw_id: i64,
    announcement: &Announcement,
    now: DateTime<Utc>,
) -> Result<AnnouncedRound, Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    if d.status != DONE {
        return Err(Error::DrawStage);
    }
    if announcement.available_after <= now {
        return Err(Error::KnownTooSoon);
    }
    if open_round(&txn, draw_id).await?.is_some() {
        return Err(Error::Already);
    }
    // Silence past the deadline counts as declining.
    membership::Entity::update_many()
        .col_expr(
            membership::Column::Status,
            Expr::value(MembershipStatus::Declined.as_str()),
        )
        .filter(membership::Column::DrawId.eq(draw_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Invited.as_str()))
        .filter(membership::Column::RespondBy.lte(now))
        .exec(&txn)
        .await?;
    let Seating {
        memberships,
        pseudonym_of,
        replaced,
    } = seating(&txn, draw_id).await?;
    if memberships
        .iter()
        .any(|m| m.status == MembershipStatus::Invited.as_str())
    {
        return Err(Error::TooEarly);
    }
    let mut leavers: Vec<String> = memberships
        .iter()
        .filter(|m| {
            [MembershipStatus::Declined, MembershipStatus::Left]
                .iter()
                .any(|s| m.status == s.as_str())
        })
        .filter_map(|m| pseudonym_of.get(&m.volunteer_id).cloned())
        .filter(|p| !replaced.contains(p))
        .collect();
    leavers.sort();
    if leavers.is_empty() {
        return Err(Error::NobodyToReplace);
    }
    let round = replacement_round::Entity::find()
        .filter(replacement_round::Column::DrawId.eq(draw_id))
        .all(&txn)
        .await?
        .iter()
        .map(|r| r.round)
        .max()
        .unwrap_or(0)
        + 1;
    let announced = insert_round(&txn, draw_id, round, &leavers, announcement, now, None).await?;
    ledger::append(&txn, now, announced).await?;
    txn.commit().await?;
    Ok(AnnouncedRound {
        round,
        leavers,
        announcement: announcement.clone(),
    })
}

/// Runs the announced round with its public value, once known: written
/// canonically by the announced format and entered once, so that a value
/// cannot be tried, nor respelt, until a wanted person comes up. Returns
/// (leaver, replacement) pseudonyms.
pub async fn replacement_round(
    conn: &DatabaseConnection,
    draw_id: i64,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(String, String)>, Error> {
    let txn = crate::write_txn(conn).await?;
    let d = find(&txn, draw_id).await?;
    if d.status != DONE {
        return Err(Error::DrawStage);
    }
    let record: lottery::DrawRecord = d
        .record
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .ok_or(Error::DrawStage)?;
    let row = open_round(&txn, draw_id).await?.ok_or(Error::DrawStage)?;
    let row_id = row.id;
    let AnnouncedRound {
        round,
        leavers,
        announcement,
    } = announced(row)?;
    if now < announcement.available_after {
        return Err(Error::TooEarly);
    }
    let public_value = announcement
        .format
        .canonical(typed)
        .map_err(Error::PublicValue)?;
    let entered = replacement_round::Entity::update_many()
        .col_expr(
            replacement_round::Column::Value,
            Expr::value(public_value.clone()),
        )
        .col_expr(replacement_round::Column::EnteredAt, Expr::value(now))
        .filter(replacement_round::Column::Id.eq(row_id))
        .filter(replacement_round::Column::Value.is_null())
        .exec(&txn)
        .await?;
    if entered.rows_affected == 0 {
        return Err(Error::Already);
    }
    let seating = seating(&txn, draw_id).await?;
    let drawn = replace_leavers(draw_id, &record, &seating, round, &leavers, &public_value)?;
    for r in &drawn {
        insert_replacement(&txn, draw_id, r, now).await?;
        ledger::append(&txn, now, r.clone()).await?;
    }
    let newcomers: Vec<String> = drawn.iter().map(|r| r.replacement.clone()).collect();
    invite(&txn, &d, &newcomers, now).await?;
    txn.commit().await?;
    Ok(drawn
        .into_iter()
        .map(|r| (r.leaver, r.replacement))
        .collect())
}

/// Draws the replacements of a round's leavers, one after the other, each
/// from its own seed derived from the round's (`replacement_seed`), among
/// the pool's volunteers never drawn; the panel after each is the next's.
/// Pure: what the ledger's `draw.replacement` entries publish, so anyone
/// can recompute them.
fn replace_leavers(
    draw_id: i64,
    record: &lottery::DrawRecord,
    seating: &Seating,
    round: i32,
    leavers: &[String],
    public_value: &str,
) -> Result<Vec<entry::Replacement>, Error> {
    let round_seed = replacement_seed(&record.draw.seed, round, leavers, public_value);
    // Everyone ever drawn stays out of the candidates.
    let mut excluded: Vec<String> = seating
        .memberships
        .iter()
        .filter_map(|m| seating.pseudonym_of.get(&m.volunteer_id).cloned())
        .collect();
    // The current panel (k seats): everyone drawn but those already replaced.
    let mut panel: Vec<String> = excluded
        .iter()
        .filter(|p| !seating.replaced.contains(p.as_str()))
        .cloned()
        .collect();
    panel.sort();
    let mut drawn = Vec::new();
    for (i, leaver) in leavers.iter().enumerate() {
        let seed: [u8; 32] =
            Sha256::digest([&round_seed[..], &(i as u64).to_be_bytes()].concat()).into();
        let r = lottery::replace(&record.inputs, &panel, leaver, &excluded, &seed)
            .map_err(|e| Error::Infeasible(e.to_string()))?;
        excluded.push(r.replacement.clone());
        panel = r.panel.clone();
        drawn.push(entry::Replacement {
            draw: draw_id,
            round,
            public_value: public_value.to_owned(),
            seed: hex::encode(seed),
            leaver: leaver.clone(),
            replacement: r.replacement,
            panel: r.panel,
        });
    }
    Ok(drawn)
}

async fn insert_replacement(
    txn: &impl ConnectionTrait,
    draw_id: i64,
    r: &entry::Replacement,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    replacement::Entity::insert(replacement::ActiveModel {
        draw_id: Set(draw_id),
        round: Set(r.round),
        leaver: Set(r.leaver.clone()),
        replacement: Set(r.replacement.clone()),
        seed: Set(r.seed.clone()),
        at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// A replacement round that ran in the past, as the demo tells it: its
/// announcement and public value stored, its replacements drawn exactly as
/// `replacement_round` draws them (so that the ledger's entries verify).
/// The caller has marked the leavers' memberships left, seats the
/// newcomers and writes the ledger's entries in their order in time.
pub(crate) async fn past_round(
    txn: &impl ConnectionTrait,
    draw_id: i64,
    record: &lottery::DrawRecord,
    leavers: &[String],
    announcement: &Announcement,
    (announced_at, ran_at): (DateTime<Utc>, DateTime<Utc>),
    typed: &str,
) -> Result<(entry::ReplacementAnnounced, Vec<entry::Replacement>), Error> {
    let public_value = announcement
        .format
        .canonical(typed)
        .map_err(Error::PublicValue)?;
    let round = 1;
    let entered = Some((public_value.clone(), ran_at));
    let announced = insert_round(
        txn,
        draw_id,
        round,
        leavers,
        announcement,
        announced_at,
        entered,
    )
    .await?;
    let seating = seating(txn, draw_id).await?;
    let drawn = replace_leavers(draw_id, record, &seating, round, leavers, &public_value)?;
    for r in &drawn {
        insert_replacement(txn, draw_id, r, ran_at).await?;
    }
    Ok((announced, drawn))
}

/// Stores an announced round (with its public value and when it was
/// entered, for a round told after the fact); returns its ledger entry.
async fn insert_round(
    txn: &impl ConnectionTrait,
    draw_id: i64,
    round: i32,
    leavers: &[String],
    announcement: &Announcement,
    announced_at: DateTime<Utc>,
    entered: Option<(String, DateTime<Utc>)>,
) -> Result<entry::ReplacementAnnounced, DbErr> {
    let (value, entered_at) = entered.unzip();
    replacement_round::Entity::insert(replacement_round::ActiveModel {
        draw_id: Set(draw_id),
        round: Set(round),
        leavers: Set(json(&leavers)?),
        description: Set(announcement.description.clone()),
        format: Set(announcement.format.keyword()),
        available_after: Set(announcement.available_after),
        announced_at: Set(announced_at),
        value: Set(value),
        entered_at: Set(entered_at),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(entry::ReplacementAnnounced {
        draw: draw_id,
        round,
        leavers: leavers.to_vec(),
        public_value: announcement.description.clone(),
        format: announcement.format.keyword(),
        available_after: announcement.available_after.to_rfc3339(),
    })
}

/// Where a draw stands, and where one user stands in it.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub status: String,
    pub pool_size: u64,
    pub inputs_hash: Option<String>,
    pub commit_until: Option<DateTime<Utc>>,
    pub reveal_until: Option<DateTime<Utc>>,
    pub public_value_description: Option<String>,
    pub public_value: Option<String>,
    pub public_value_format: Option<String>,
    pub public_value_after: Option<DateTime<Utc>>,
    pub commitments: u64,
    pub reveals: u64,
    pub my_commitment: Option<String>,
    pub my_secret_revealed: bool,
    pub my_membership: Option<MembershipStatus>,
    pub my_respond_by: Option<DateTime<Utc>>,
}

pub async fn facts(
    conn: &impl ConnectionTrait,
    draw_id: i64,
    user_id: Option<i64>,
) -> Result<Option<Facts>, DbErr> {
    use sea_orm::PaginatorTrait;
    let Some(d) = draw::Entity::find_by_id(draw_id).one(conn).await? else {
        return Ok(None);
    };
    let pool_size = volunteer::Entity::find()
        .filter(volunteer::Column::DrawId.eq(draw_id))
        .count(conn)
        .await?;
    let commitments = seed_commitment::Entity::find()
        .filter(seed_commitment::Column::DrawId.eq(draw_id))
        .filter(seed_commitment::Column::Round.eq(0))
        .all(conn)
        .await?;
    let mine = user_id.and_then(|u| commitments.iter().find(|c| c.user_id == Some(u)));
    let membership = match user_id {
        Some(u) => {
            membership::Entity::find()
                .filter(membership::Column::DrawId.eq(draw_id))
                .filter(membership::Column::UserId.eq(u))
                .one(conn)
                .await?
        }
        None => None,
    };
    Ok(Some(Facts {
        status: d.status,
        pool_size,
        inputs_hash: d.inputs_hash,
        commit_until: d.commit_until,
        reveal_until: d.reveal_until,
        public_value_description: d.public_value_description,
        public_value: d.public_value,
        public_value_format: d.public_value_format,
        public_value_after: d.public_value_after,
        commitments: commitments.len() as u64,
        reveals: commitments.iter().filter(|c| c.secret.is_some()).count() as u64,
        my_commitment: mine.map(|c| c.commitment.clone()),
        my_secret_revealed: mine.is_some_and(|c| c.secret.is_some()),
        my_respond_by: membership.as_ref().and_then(|m| m.respond_by),
        my_membership: membership
            .map(|m| {
                crate::error::stored(
                    MembershipStatus::parse(&m.status),
                    "memberships.status",
                    &m.status,
                )
            })
            .transpose()?,
    }))
}
