//! Server functions that move a proposal through the assembly and the
//! city: writing it, the facilitators' agenda moves, opening a vote, the
//! city's answer and its progress reports. Each checks the role on the
//! server, validates its input, and makes one call to `db::agenda`.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::ssr;

/// Limits of a proposal's texts (characters).
pub const TITLE: (usize, usize) = (5, 140);
pub const SUMMARY: (usize, usize) = (10, 300);
pub const BODY: (usize, usize) = (20, 20_000);
pub const ANSWER: (usize, usize) = (10, 10_000);
pub const MILESTONE: (usize, usize) = (3, 200);

/// Publishes a proposal: an assembly proposal when a member writes it, a
/// citizen proposal (to gather supports) when another resident does.
#[server(endpoint = "proposal/create")]
pub async fn create_proposal(
    theme: String,
    title: String,
    summary: String,
    body: String,
) -> Result<i64, AppError> {
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(
        domain::Action::ProposeCitizenProposal,
        domain::Resource::Assembly,
    )
    .await?;
    let actor = ssr::actor(Some(&viewer));
    let mut fields = ssr::Fields::new(lang);
    let title = fields.check("title", bounded_text(&title, TITLE.0, TITLE.1, false));
    let summary = fields.check(
        "summary",
        bounded_text(&summary, SUMMARY.0, SUMMARY.1, false),
    );
    let body = fields.check("body", bounded_text(&body, BODY.0, BODY.1, true));
    let themes = db::themes::list(&state.db).await?;
    if !themes.iter().any(|t| t.slug == theme) {
        fields.refuse("theme", Msg::BadTheme);
    }
    let (title, summary, body) = fields.finish((title, summary, body))?;
    let new = db::stage::NewProposal {
        author_id: viewer.user_id,
        origin: if actor.member {
            domain::Origin::Assembly
        } else {
            domain::Origin::Citizen
        },
        theme: &theme,
        title: &title,
        summary: &summary,
        body: &body,
        now: chrono::Utc::now(),
    };
    db::stage::create_proposal(&state.db, new)
        .await
        .map_err(AppError::from)
}

/// The moves made by hand: to amendments (facilitators), implemented or
/// closed (city officials); sending to the city is `city/send`.
#[server(endpoint = "proposal/advance")]
pub async fn advance_proposal(proposal_id: i64, to: String) -> Result<(), AppError> {
    use domain::ProposalStatus::*;
    let state = ssr::state()?;
    let (to, action) = match domain::ProposalStatus::parse(&to) {
        Some(Amendments) => (Amendments, domain::Action::ManageAgenda),
        Some(to @ (Implemented | Closed)) => (to, domain::Action::PostFollowUp),
        _ => {
            let lang = ssr::lang();
            return Err(AppError::invalid("to", crate::i18n::Msg::WrongStage, lang));
        }
    };
    let viewer = ssr::signed_in(action, domain::Resource::Assembly).await?;
    db::stage::advance(
        &state.db,
        proposal_id,
        to,
        viewer.user_id,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

/// A vote's rule from its form: majority `simple` or `two_thirds`, quorum
/// in percent (of the members present when `in_sitting`), named or secret
/// ballots, and an optional closing time typed in Paris time
/// (`datetime-local`).
#[cfg(feature = "ssr")]
fn vote_setup(
    majority: &str,
    quorum: &str,
    secret: bool,
    in_sitting: bool,
    closes_at: &str,
    lang: domain::Lang,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<db::votes::VoteSetup, AppError> {
    use crate::i18n::Msg;
    use domain::schedule::{ClosingError, closing_time};
    let mut fields = ssr::Fields::new(lang);
    let majority = fields.require(
        "majority",
        domain::Majority::parse(majority),
        Msg::BadMajority,
    );
    let quorum = quorum.trim().parse::<u8>().ok().filter(|q| *q <= 100);
    let quorum = fields.require("quorum", quorum, Msg::BadQuorum);
    let closes_at = match closes_at.trim() {
        "" => Some(None),
        typed => {
            let checked = domain::paris::parse_local(typed)
                .ok_or(Msg::BadClosingTime)
                .and_then(|at| {
                    closing_time(at, now).map_err(|e| match e {
                        ClosingError::TooSoon => Msg::ClosingTooSoon,
                        ClosingError::TooLate => Msg::ClosingTooLate,
                    })
                });
            match checked {
                Ok(at) => Some(Some(at)),
                Err(msg) => {
                    fields.refuse("closes_at", msg);
                    None
                }
            }
        }
    };
    let (majority, quorum_percent, closes_at) = fields.finish((majority, quorum, closes_at))?;
    Ok(db::votes::VoteSetup {
        majority,
        quorum_percent,
        secret,
        closes_at,
        in_sitting,
    })
}

/// Opens the members' vote on a proposal (facilitators).
#[server(endpoint = "vote/open")]
pub async fn open_vote(
    proposal_id: i64,
    majority: String,
    quorum: String,
    secret: Option<String>,
    #[server(default)] in_sitting: Option<String>,
    #[server(default)] closes_at: String,
) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::OpenCloseVotes, domain::Resource::Assembly).await?;
    let now = state.clock.now();
    let setup = vote_setup(
        &majority,
        &quorum,
        secret.is_some(),
        in_sitting.is_some(),
        &closes_at,
        lang,
        now,
    )?;
    let vote_id = db::votes::open_vote(&state.db, proposal_id, setup, viewer.user_id, now).await?;
    state.live.announce_vote(vote_id).await;
    Ok(vote_id)
}

/// Puts an amendment its proposal's author rejected to the assembly's
/// vote (facilitators).
#[server(endpoint = "amendment/vote")]
pub async fn open_amendment_vote(
    amendment_id: i64,
    majority: String,
    quorum: String,
    secret: Option<String>,
    #[server(default)] closes_at: String,
) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::OpenCloseVotes, domain::Resource::Assembly).await?;
    let now = state.clock.now();
    let setup = vote_setup(
        &majority,
        &quorum,
        secret.is_some(),
        false,
        &closes_at,
        lang,
        now,
    )?;
    db::votes::open_amendment_vote(&state.db, amendment_id, setup, viewer.user_id, now)
        .await
        .map_err(AppError::from)
}

/// The city's answer to a proposal sent to it (city officials).
#[server(endpoint = "city/respond")]
pub async fn city_respond(proposal_id: i64, verdict: String, body: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::RespondAsCity, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let verdict = domain::CityVerdict::parse(&verdict);
    if verdict.is_none() {
        fields.refuse("verdict", Msg::BadVerdict);
    }
    let body = fields.check(
        "body",
        domain::account::bounded_text(&body, ANSWER.0, ANSWER.1, true),
    );
    let (verdict, body) = fields.finish((verdict, body))?;
    db::city::city_respond(
        &state.db,
        proposal_id,
        viewer.user_id,
        verdict,
        &body,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

/// A progress report on an answered proposal, on the whole or on one of
/// its commitments (`commitment`: its id, empty for the whole) (city
/// officials).
#[server(endpoint = "city/milestone")]
pub async fn post_milestone(
    proposal_id: i64,
    title: String,
    progress: String,
    #[server(default)] commitment: String,
) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::PostFollowUp, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let title = fields.check(
        "title",
        domain::account::bounded_text(&title, MILESTONE.0, MILESTONE.1, false),
    );
    let progress = progress.trim().parse::<u8>().ok().filter(|p| *p <= 100);
    if progress.is_none() {
        fields.refuse("progress", Msg::BadProgress);
    }
    let commitment = match commitment.trim() {
        "" => Some(None),
        id => id.parse::<i64>().ok().map(Some),
    };
    let commitment = fields.require("commitment", commitment, Msg::NoSuchCommitment);
    let (title, progress, commitment) = fields.finish((title, progress, commitment))?;
    db::city::add_milestone(
        &state.db,
        proposal_id,
        commitment,
        &title,
        progress,
        viewer.user_id,
        state.clock.now(),
    )
    .await
    .map_err(AppError::from)
}

/// A dated commitment of the city's favourable answer (city officials of
/// the answering department): what, and the Paris day it is due by
/// (`YYYY-MM-DD`, today to six years ahead).
#[server(endpoint = "city/commitment")]
pub async fn add_commitment(
    proposal_id: i64,
    title: String,
    due_day: String,
) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::PostFollowUp, domain::Resource::Assembly).await?;
    let now = state.clock.now();
    let mut fields = ssr::Fields::new(lang);
    let title = fields.check(
        "title",
        domain::account::bounded_text(&title, MILESTONE.0, MILESTONE.1, false),
    );
    let due_day = match domain::paris::due_day_from(&due_day, now) {
        Ok(day) => Some(day),
        Err(e) => {
            use domain::paris::DueDayError as E;
            let msg = match e {
                E::Unreadable => Msg::BadDueDay,
                E::Past => Msg::DueDayPast,
                E::TooFar => Msg::DueDayTooFar,
            };
            fields.refuse("due_day", msg);
            None
        }
    };
    let (title, due_day) = fields.finish((title, due_day))?;
    db::city::add_commitment(&state.db, proposal_id, &title, due_day, viewer.user_id, now)
        .await
        .map_err(AppError::from)
}

/// Limits of an amendment's texts (characters).
pub const PASSAGE: (usize, usize) = (3, 5_000);
pub const RATIONALE: (usize, usize) = (10, 2_000);

/// A member proposes a new wording of one passage (quoted exactly as it
/// stands) of a proposal open for amendments.
#[server(endpoint = "amendment/propose")]
pub async fn propose_amendment(
    proposal_id: i64,
    passage: String,
    replacement: String,
    rationale: String,
) -> Result<i64, AppError> {
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Amend, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    // The passage is matched as typed: only the ends' spaces go.
    let passage = fields.check(
        "passage",
        bounded_text(&passage, PASSAGE.0, PASSAGE.1, true).map(|_| passage.trim().to_owned()),
    );
    let replacement = fields.check(
        "replacement",
        bounded_text(&replacement, 1, PASSAGE.1, true),
    );
    let rationale = fields.check(
        "rationale",
        bounded_text(&rationale, RATIONALE.0, RATIONALE.1, true),
    );
    let (passage, replacement, rationale) = fields.finish((passage, replacement, rationale))?;
    db::amendments::propose_amendment(
        &state.db,
        proposal_id,
        viewer.user_id,
        &passage,
        &replacement,
        &rationale,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

/// The proposal's author accepts (a new version) or rejects an amendment.
#[server(endpoint = "amendment/decide")]
pub async fn decide_amendment(amendment_id: i64, accept: bool) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    db::amendments::decide_amendment(
        &state.db,
        amendment_id,
        viewer.user_id,
        accept,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

/// One version of a proposal's text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VersionView {
    pub number: i32,
    pub title: String,
    pub body: String,
    pub amendment_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Every version of a proposal's text (public).
#[server(endpoint = "proposal/versions")]
pub async fn proposal_versions(proposal_id: i64) -> Result<Vec<VersionView>, AppError> {
    let state = ssr::state()?;
    let versions = db::amendments::versions(&state.db, proposal_id).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(versions
        .into_iter()
        .map(|v| VersionView {
            number: v.number,
            title: v.title,
            body: v.body,
            amendment_id: v.amendment_id,
            created_at: v.created_at,
        })
        .collect())
}

/// Supports a citizen proposal needs to reach the assembly's agenda (public).
#[server(endpoint = "agenda/threshold")]
pub async fn support_threshold() -> Result<u32, AppError> {
    let state = ssr::state()?;
    Ok(db::stage::support_threshold(&state.db).await?)
}

/// Sets that number (facilitators), from 1 to 100,000.
#[server(endpoint = "agenda/threshold/set")]
pub async fn set_support_threshold(supports: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let Some(supports) = supports
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
    else {
        return Err(AppError::invalid(
            "supports",
            crate::i18n::Msg::BadThreshold,
            lang,
        ));
    };
    Ok(db::stage::set_support_threshold(&state.db, supports).await?)
}

/// Adds a theme (facilitators): its French and English names; its keyword
/// comes from the French name.
#[server(endpoint = "themes/create")]
pub async fn create_theme(name_fr: String, name_en: String) -> Result<domain::Theme, AppError> {
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = ssr::lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let name_fr = fields.check("name_fr", bounded_text(&name_fr, 2, 80, false));
    let name_en = fields.check("name_en", bounded_text(&name_en, 2, 80, false));
    let (name_fr, name_en) = fields.finish((name_fr, name_en))?;
    match db::themes::add_theme(&state.db, &name_fr, &name_en).await? {
        Some(theme) => Ok(theme),
        None => Err(AppError::invalid(
            "name_fr",
            crate::i18n::Msg::ThemeExists,
            lang,
        )),
    }
}
