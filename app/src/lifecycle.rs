//! Server functions of a draw's lifecycle: set-up, CSV import, commitment,
//! the seed ceremony, the background draw with its progress, invitations
//! and replacements. Each checks who asks, parses its input, and makes one
//! call to `db::lifecycle`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// Where a draw stands, for its page and for the person looking at it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DrawStanding {
    pub status: String,
    pub pool_size: u64,
    pub inputs_hash: Option<String>,
    pub commit_until: Option<chrono::DateTime<chrono::Utc>>,
    pub reveal_until: Option<chrono::DateTime<chrono::Utc>>,
    pub public_value_description: Option<String>,
    pub public_value: Option<String>,
    /// The announced value's format and when it becomes known.
    pub public_value_format: Option<lottery::ceremony::ValueFormat>,
    pub public_value_after: Option<chrono::DateTime<chrono::Utc>>,
    /// A replacement round announced and waiting for its public value.
    pub announced_round: Option<AnnouncedRound>,
    pub commitments: u64,
    pub reveals: u64,
    /// The ceremony takes commitments now, or reveals now (server time).
    pub committing: bool,
    pub revealing: bool,
    /// The viewer's label in the ceremony (what their commitment binds).
    pub my_label: Option<String>,
    pub my_commitment: Option<String>,
    pub my_secret_revealed: bool,
    /// Where the viewer stands, when they were drawn.
    pub my_membership: Option<domain::MembershipStatus>,
    pub my_respond_by: Option<chrono::DateTime<chrono::Utc>>,
    /// The background draw's progress while it runs (0–100).
    pub progress: Option<u8>,
    pub can_manage: bool,
}

/// A replacement round as announced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnouncedRound {
    pub round: i32,
    pub leavers: Vec<String>,
    pub description: String,
    pub format: lottery::ceremony::ValueFormat,
    pub available_after: chrono::DateTime<chrono::Utc>,
}

/// A public value's announcement from a form: its source and date
/// (3–200 characters), its format's keyword, and when it becomes known
/// (`YYYY-MM-DDTHH:MM`, UTC, as a datetime-local field sends it).
#[cfg(feature = "ssr")]
fn announcement(
    description: &str,
    format: &str,
    after: &str,
    lang: domain::Lang,
) -> Result<db::lifecycle::Announcement, AppError> {
    use crate::i18n::Msg;
    let description = description.trim();
    if !(3..=200).contains(&description.chars().count()) {
        return Err(AppError::invalid(
            "public_value",
            Msg::PublicValueNeeded,
            lang,
        ));
    }
    let format = lottery::ceremony::ValueFormat::from_keyword(format.trim())
        .ok_or_else(|| AppError::invalid("public_value_format", Msg::UnknownValueFormat, lang))?;
    let after = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(after.trim(), f).ok())
        .ok_or_else(|| AppError::invalid("public_value_after", Msg::BadDateTime, lang))?;
    Ok(db::lifecycle::Announcement {
        description: description.to_owned(),
        format,
        available_after: after.and_utc(),
    })
}

/// The caller, who must be a facilitator.
#[cfg(feature = "ssr")]
async fn facilitator() -> Result<domain::Viewer, AppError> {
    ssr::signed_in(domain::Action::ManageDraws, domain::Resource::Assembly).await
}

/// Creates a draw (facilitators): its pool opens at once. Quotas default to
/// the Paris census shares (±1 seat).
#[server(endpoint = "draws/create")]
pub async fn create_draw(
    title: String,
    seats: String,
    term_start: String,
    term_end: String,
) -> Result<i64, AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    let lang = ssr::lang();
    facilitator().await?;
    let mut fields = ssr::Fields::new(lang);
    let title = title.trim();
    if !valid_title(title) {
        fields.refuse("title", Msg::BadDrawTitle);
    }
    let seats = seats
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|s| (2..=500).contains(s));
    if seats.is_none() {
        fields.refuse("seats", Msg::BadSeats);
    }
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let term = match (date(&term_start), date(&term_end)) {
        (Some(start), Some(end)) if end > start && end <= start + chrono::Months::new(36) => {
            Some((start, end))
        }
        _ => {
            fields.refuse("term_end", Msg::BadTerm);
            None
        }
    };
    let (seats, (term_start, term_end)) = fields.finish((seats, term))?;
    let setup = db::lifecycle::Setup {
        title: title.to_owned(),
        seats,
        term_start,
        term_end,
        quotas: db::demo::paris_quotas(seats),
        objective: lottery::Objective::Leximin,
        respond_days: 14,
    };
    Ok(db::lifecycle::create(&state.db, &setup, state.clock.now()).await?)
}

#[cfg(feature = "ssr")]
fn valid_title(title: &str) -> bool {
    (3..=200).contains(&title.chars().count())
}

/// Prepares the draw of the next cohort (facilitators), once this draw is
/// done: same seats and quotas, the next term, its pool open at once.
#[server(endpoint = "draws/renew")]
pub async fn prepare_renewal(draw_id: i64, title: String) -> Result<i64, AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    facilitator().await?;
    let title = title.trim();
    if !valid_title(title) {
        return Err(AppError::invalid("title", Msg::BadDrawTitle, ssr::lang()));
    }
    db::lifecycle::prepare_renewal(&state.db, draw_id, title, state.clock.now())
        .await
        .map_err(AppError::from)
}

/// A draw's quota sheet for its editor: the rules, the seats, and how many
/// volunteers have each value so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaSheet {
    pub editable: bool,
    pub seats: u32,
    pub rules: Vec<domain::census::QuotaRule>,
    pub pool_size: u32,
    /// `(feature, value, volunteers)`.
    pub pool: Vec<(String, String, u32)>,
}

impl QuotaSheet {
    pub fn pool_counts(&self) -> domain::quotas::PoolCounts {
        self.pool
            .iter()
            .map(|(f, v, n)| ((f.clone(), v.clone()), *n))
            .collect()
    }
}

/// The quota sheet of a draw (facilitators).
#[server(endpoint = "draws/quotas")]
pub async fn get_quota_sheet(draw_id: i64) -> Result<QuotaSheet, AppError> {
    let state = ssr::state()?;
    facilitator().await?;
    let sheet = db::lifecycle::quota_sheet(&state.db, draw_id).await?;
    Ok(QuotaSheet {
        editable: sheet.status == db::lifecycle::POOL_OPEN,
        seats: sheet.seats,
        rules: sheet.rules,
        pool_size: sheet.pool_size,
        pool: sheet
            .pool
            .into_iter()
            .map(|((f, v), n)| (f, v, n))
            .collect(),
    })
}

/// Replaces the quotas while the pool is open (facilitators). `quotas` is
/// the sheet as JSON (`[{feature, value, min, max}]`), every census value
/// once; a sheet with any problem changes nothing.
#[server(endpoint = "draws/quotas/save")]
pub async fn save_quotas(draw_id: i64, quotas: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    facilitator().await?;
    let lang = ssr::lang();
    let rules: Vec<domain::census::QuotaRule> = match serde_json::from_str(&quotas) {
        Ok(rules) if quotas.len() <= 16_384 => rules,
        _ => {
            let problem = domain::quotas::QuotaProblem::WrongValues;
            return Err(AppError::Invalid(vec![crate::error::FieldIssue {
                field: "quotas".into(),
                message: crate::quota_text::problem_text(&problem, lang),
            }]));
        }
    };
    db::lifecycle::set_quotas(&state.db, draw_id, &rules)
        .await
        .map_err(AppError::from)
}

/// Asks the engine whether some panel meets the quotas with the pool as it
/// is now (facilitators): `Ok`, or why not and the smallest fix.
#[server(endpoint = "draws/quotas/check")]
pub async fn check_quotas(draw_id: i64) -> Result<(), AppError> {
    let state = ssr::state()?;
    facilitator().await?;
    db::lifecycle::feasibility(&state.db, draw_id)
        .await
        .map_err(AppError::from)
}

/// Adds a letter campaign's respondents (facilitators): all rows, or none
/// and a line-by-line report.
#[server(endpoint = "draws/import")]
pub async fn import_respondents(draw_id: i64, csv: String) -> Result<usize, AppError> {
    use chrono::Datelike;
    let state = ssr::state()?;
    let lang = ssr::lang();
    facilitator().await?;
    let year = db::draws::view(&state.db, draw_id)
        .await?
        .ok_or(AppError::NotFound)?
        .term_start
        .year();
    let rows = match domain::import::parse_respondents(csv.as_bytes(), year) {
        Ok(rows) => rows,
        Err(errors) => {
            let issues = errors
                .iter()
                .take(50)
                .map(|e| crate::error::FieldIssue {
                    field: "csv".into(),
                    message: crate::i18n::import_error(e, lang),
                })
                .collect();
            return Err(AppError::Invalid(issues));
        }
    };
    let pseudonyms: Vec<String> = rows
        .iter()
        .map(|_| domain::census::pseudonym(crate::auth::session::random_bytes()))
        .collect();
    db::lifecycle::import_respondents(&state.db, draw_id, &rows, &pseudonyms, state.clock.now())
        .await
        .map_err(AppError::from)
}

/// Closes the pool and publishes its commitment (facilitators); the seed
/// ceremony takes commitments for `commit_hours`, then reveals for
/// `reveal_hours`; the public value announced (its source, format and the
/// moment it becomes known, after the reveals) joins the seed once known.
#[server(endpoint = "draws/commit")]
pub async fn commit_pool(
    draw_id: i64,
    commit_hours: String,
    reveal_hours: String,
    public_value: String,
    public_value_format: String,
    public_value_after: String,
) -> Result<String, AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    let lang = ssr::lang();
    facilitator().await?;
    let hours = |s: &str| {
        s.trim()
            .parse::<i64>()
            .ok()
            .filter(|h| (1..=720).contains(h))
    };
    let (Some(commit), Some(reveal)) = (hours(&commit_hours), hours(&reveal_hours)) else {
        return Err(AppError::invalid("commit_hours", Msg::BadHours, lang));
    };
    let public_value = announcement(
        &public_value,
        &public_value_format,
        &public_value_after,
        lang,
    )?;
    let now = state.clock.now();
    let ceremony = db::lifecycle::Ceremony {
        commit_until: now + chrono::Duration::hours(commit),
        reveal_until: now + chrono::Duration::hours(commit + reveal),
        public_value,
    };
    db::lifecycle::commit_pool(&state.db, draw_id, &ceremony, now)
        .await
        .map_err(AppError::from)
}

/// The label the viewer's commitment binds in this draw's ceremony.
#[cfg(feature = "ssr")]
fn label_of(state: &ssr::AppState, draw_id: i64, user_id: i64) -> String {
    format!(
        "C-{}",
        &state.auth.derive(&format!("ceremony:{draw_id}:{user_id}"))[..10]
    )
}

/// Publishes the hash of a secret made in the browser (any signed-in
/// person). The server never sees the secret before the reveal.
#[server(endpoint = "draws/seed/commit")]
pub async fn commit_seed(draw_id: i64, commitment: String) -> Result<String, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ContributeSeed, domain::Resource::Assembly).await?;
    let label = label_of(&state, draw_id, viewer.user_id);
    let commitment = commitment.trim().to_ascii_lowercase();
    db::lifecycle::commit_seed(
        &state.db,
        draw_id,
        viewer.user_id,
        &label,
        &commitment,
        state.clock.now(),
    )
    .await?;
    Ok(label)
}

#[server(endpoint = "draws/seed/reveal")]
pub async fn reveal_seed(draw_id: i64, secret: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ContributeSeed, domain::Resource::Assembly).await?;
    db::lifecycle::reveal_seed(
        &state.db,
        draw_id,
        viewer.user_id,
        &secret,
        state.clock.now(),
    )
    .await
    .map_err(AppError::from)
}

/// Enters the public value announced at the commitment (facilitators).
#[server(endpoint = "draws/public-value")]
pub async fn set_public_value(draw_id: i64, value: String) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    facilitator().await?;
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 600 {
        return Err(AppError::invalid("value", Msg::FieldEmpty, ssr::lang()));
    }
    db::lifecycle::set_public_value(&state.db, draw_id, value, state.clock.now())
        .await
        .map_err(AppError::from)
}

/// Starts the draw in the background (facilitators); its progress shows in
/// [`draw_state`].
#[server(endpoint = "draws/run")]
pub async fn run_draw(draw_id: i64) -> Result<(), AppError> {
    let state = ssr::state()?;
    facilitator().await?;
    let ready = db::lifecycle::start_draw(&state.db, draw_id, state.clock.now()).await?;
    state.draw_jobs.set(draw_id, 0);
    let jobs = state.draw_jobs.clone();
    tokio::spawn(async move {
        let progress_jobs = jobs.clone();
        let inputs = ready.inputs;
        let seed = ready.seed;
        let result = tokio::task::spawn_blocking(move || {
            lottery::select(&inputs, &seed, &mut |p| {
                // The record is written after the optimisation: 99 % at most.
                let percent = (p.fraction() * 99.0).round().clamp(0.0, 99.0) as u8;
                progress_jobs.set(draw_id, percent);
            })
        })
        .await;
        let finished = match result {
            Ok(Ok(mut record)) => {
                record.ceremony = Some(ready.transcript);
                db::lifecycle::finish_draw(&state.db, draw_id, &record, state.clock.now())
                    .await
                    .map_err(|e| e.to_string())
            }
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = finished {
            tracing::error!(draw_id, error = %e, "the draw failed; it can be run again");
            db::lifecycle::abort_draw(&state.db, draw_id).await.ok();
        }
        jobs.finish(draw_id);
    });
    Ok(())
}

/// Accepts or declines a seat (the invited person), before the deadline.
#[server(endpoint = "draws/respond")]
pub async fn respond(
    draw_id: i64,
    accept: bool,
    public_name: Option<String>,
) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    db::lifecycle::respond(
        &state.db,
        draw_id,
        viewer.user_id,
        accept,
        public_name.is_some(),
        state.clock.now(),
    )
    .await
    .map_err(AppError::from)
}

/// A sitting member leaves the assembly (their own choice); the next
/// replacement round fills the seat.
#[server(endpoint = "draws/leave")]
pub async fn leave(draw_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    if confirm.is_none() {
        return Err(AppError::invalid(
            "confirm",
            crate::i18n::Msg::ConfirmLeaving,
            ssr::lang(),
        ));
    }
    db::lifecycle::leave(&state.db, draw_id, viewer.user_id, state.clock.now())
        .await
        .map_err(AppError::from)
}

/// Announces the next replacement round (facilitators): everyone who
/// declined, stayed silent past the deadline or left is frozen as its
/// leavers, with the public value that will pick their replacements.
#[server(endpoint = "draws/replace/announce")]
pub async fn announce_replacement(
    draw_id: i64,
    public_value: String,
    public_value_format: String,
    public_value_after: String,
) -> Result<AnnouncedRound, AppError> {
    let state = ssr::state()?;
    facilitator().await?;
    let announcement = announcement(
        &public_value,
        &public_value_format,
        &public_value_after,
        ssr::lang(),
    )?;
    let round = db::lifecycle::announce_replacement_round(
        &state.db,
        draw_id,
        &announcement,
        state.clock.now(),
    )
    .await?;
    Ok(round_view(round))
}

#[cfg(feature = "ssr")]
fn round_view(r: db::lifecycle::AnnouncedRound) -> AnnouncedRound {
    AnnouncedRound {
        round: r.round,
        leavers: r.leavers,
        description: r.announcement.description,
        format: r.announcement.format,
        available_after: r.announcement.available_after,
    }
}

/// Runs the announced replacement round with its public value, once known
/// (facilitators). Returns (leaver, newcomer).
#[server(endpoint = "draws/replace")]
pub async fn replacement_round(
    draw_id: i64,
    public_value: String,
) -> Result<Vec<(String, String)>, AppError> {
    let state = ssr::state()?;
    facilitator().await?;
    if public_value.chars().count() > 600 {
        return Err(AppError::invalid(
            "public_value",
            crate::i18n::Msg::FieldTooLong,
            ssr::lang(),
        ));
    }
    db::lifecycle::replacement_round(&state.db, draw_id, &public_value, state.clock.now())
        .await
        .map_err(AppError::from)
}

/// Where a draw stands, and where the viewer stands in it.
#[server(endpoint = "draws/state")]
pub async fn draw_state(draw_id: i64) -> Result<DrawStanding, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?;
    let actor = ssr::actor(viewer.as_ref());
    let user = viewer.map(|v| v.user_id);
    let facts = db::lifecycle::facts(&state.db, draw_id, user)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let ceremony = facts.status == db::lifecycle::COMMITTED;
    let committing = ceremony && facts.commit_until.is_some_and(|d| now < d);
    let revealing = ceremony && !committing && facts.reveal_until.is_some_and(|d| now < d);
    Ok(DrawStanding {
        committing,
        revealing,
        status: facts.status,
        pool_size: facts.pool_size,
        inputs_hash: facts.inputs_hash,
        commit_until: facts.commit_until,
        reveal_until: facts.reveal_until,
        public_value_description: facts.public_value_description,
        public_value: facts.public_value,
        public_value_format: facts
            .public_value_format
            .as_deref()
            .and_then(lottery::ceremony::ValueFormat::from_keyword),
        public_value_after: facts.public_value_after,
        announced_round: db::lifecycle::announced_round(&state.db, draw_id)
            .await?
            .map(round_view),
        commitments: facts.commitments,
        reveals: facts.reveals,
        my_label: user.map(|u| label_of(&state, draw_id, u)),
        my_commitment: facts.my_commitment,
        my_secret_revealed: facts.my_secret_revealed,
        my_membership: facts.my_membership,
        my_respond_by: facts.my_respond_by,
        progress: state.draw_jobs.get(draw_id),
        can_manage: domain::can(
            &actor,
            domain::Action::ManageDraws,
            domain::Resource::Assembly,
        ),
    })
}
