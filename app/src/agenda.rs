//! Server functions that move a proposal through the assembly and the
//! city: writing it, the facilitators' agenda moves, opening a vote, the
//! city's answer and its progress reports. Each checks the role on the
//! server, validates its input, and makes one call to `db::agenda`.

use leptos::prelude::*;

use crate::error::AppError;

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
    use crate::auth::api_ssr as ssr;
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = crate::request_lang();
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
    let themes = db::themes(&state.db).await?;
    if !themes.iter().any(|t| t.slug == theme) {
        fields.add("theme", crate::i18n::Msg::BadTheme.text(lang).to_owned());
    }
    fields.finish()?;
    let (Some(title), Some(summary), Some(body)) = (title, summary, body) else {
        return ssr::fail(AppError::Internal);
    };
    let new = db::agenda::NewProposal {
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
    db::agenda::create_proposal(&state.db, new)
        .await
        .or_else(|e| ssr::fail(crate::deliberation::write_error(e, lang)))
}

/// The moves made by hand: to amendments and to the city (facilitators),
/// implemented or closed (city officials).
#[server(endpoint = "proposal/advance")]
pub async fn advance_proposal(proposal_id: i64, to: String) -> Result<(), AppError> {
    use crate::auth::api_ssr as ssr;
    use domain::ProposalStatus::*;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let to = domain::ProposalStatus::parse(&to);
    let action = match to {
        Some(Amendments | SentToCity) => domain::Action::ManageAgenda,
        Some(Implemented | Closed) => domain::Action::PostFollowUp,
        _ => {
            return ssr::fail(AppError::invalid("to", crate::i18n::Msg::WrongStage, lang));
        }
    };
    let viewer = ssr::signed_in(action, domain::Resource::Assembly).await?;
    let Some(to) = to else {
        return ssr::fail(AppError::Internal);
    };
    db::agenda::advance(
        &state.db,
        proposal_id,
        to,
        viewer.user_id,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(crate::deliberation::write_error(e, lang)))
}

/// A vote's rule from its form: majority `simple` or `two_thirds`, quorum
/// in percent, named or secret ballots.
#[cfg(feature = "ssr")]
fn vote_setup(
    majority: &str,
    quorum: &str,
    secret: bool,
    lang: domain::Lang,
) -> Result<db::agenda::VoteSetup, AppError> {
    use crate::auth::api_ssr as ssr;
    use crate::i18n::Msg;
    let mut fields = ssr::Fields::new(lang);
    let majority = match majority {
        "simple" => Some(domain::Majority::Simple),
        "two_thirds" => Some(domain::Majority::TwoThirds),
        _ => {
            fields.add("majority", Msg::BadMajority.text(lang).to_owned());
            None
        }
    };
    let quorum = quorum.trim().parse::<u8>().ok().filter(|q| *q <= 100);
    if quorum.is_none() {
        fields.add("quorum", Msg::BadQuorum.text(lang).to_owned());
    }
    fields.finish()?;
    match (majority, quorum) {
        (Some(majority), Some(quorum_percent)) => Ok(db::agenda::VoteSetup {
            majority,
            quorum_percent,
            secret,
        }),
        _ => Err(AppError::Internal),
    }
}

/// Opens the members' vote on a proposal (facilitators).
#[server(endpoint = "vote/open")]
pub async fn open_vote(
    proposal_id: i64,
    majority: String,
    quorum: String,
    secret: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::api_ssr as ssr;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::signed_in(domain::Action::OpenCloseVotes, domain::Resource::Assembly).await?;
    let setup = vote_setup(&majority, &quorum, secret.is_some(), lang).or_else(ssr::fail)?;
    db::agenda::open_vote(
        &state.db,
        proposal_id,
        setup,
        viewer.user_id,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(crate::deliberation::write_error(e, lang)))
}

/// Puts an amendment its proposal's author rejected to the assembly's
/// vote (facilitators).
#[server(endpoint = "amendment/vote")]
pub async fn open_amendment_vote(
    amendment_id: i64,
    majority: String,
    quorum: String,
    secret: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::api_ssr as ssr;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::signed_in(domain::Action::OpenCloseVotes, domain::Resource::Assembly).await?;
    let setup = vote_setup(&majority, &quorum, secret.is_some(), lang).or_else(ssr::fail)?;
    db::agenda::open_amendment_vote(
        &state.db,
        amendment_id,
        setup,
        viewer.user_id,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(crate::deliberation::write_error(e, lang)))
}

/// The city's answer to a proposal sent to it (city officials).
#[server(endpoint = "city/respond")]
pub async fn city_respond(proposal_id: i64, verdict: String, body: String) -> Result<(), AppError> {
    use crate::auth::api_ssr as ssr;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::signed_in(domain::Action::RespondAsCity, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let verdict = domain::CityVerdict::parse(&verdict);
    if verdict.is_none() {
        fields.add(
            "verdict",
            crate::i18n::Msg::BadVerdict.text(lang).to_owned(),
        );
    }
    let body = fields.check(
        "body",
        domain::account::bounded_text(&body, ANSWER.0, ANSWER.1, true),
    );
    fields.finish()?;
    let (Some(verdict), Some(body)) = (verdict, body) else {
        return ssr::fail(AppError::Internal);
    };
    db::agenda::city_respond(
        &state.db,
        proposal_id,
        viewer.user_id,
        verdict,
        &body,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(crate::deliberation::write_error(e, lang)))
}

/// A progress report on an answered proposal (city officials).
#[server(endpoint = "city/milestone")]
pub async fn post_milestone(
    proposal_id: i64,
    title: String,
    progress: String,
) -> Result<(), AppError> {
    use crate::auth::api_ssr as ssr;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::signed_in(domain::Action::PostFollowUp, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let title = fields.check(
        "title",
        domain::account::bounded_text(&title, MILESTONE.0, MILESTONE.1, false),
    );
    let progress = progress.trim().parse::<u8>().ok().filter(|p| *p <= 100);
    if progress.is_none() {
        fields.add(
            "progress",
            crate::i18n::Msg::BadProgress.text(lang).to_owned(),
        );
    }
    fields.finish()?;
    let (Some(title), Some(progress)) = (title, progress) else {
        return ssr::fail(AppError::Internal);
    };
    db::agenda::add_milestone(
        &state.db,
        proposal_id,
        &title,
        progress,
        viewer.user_id,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(crate::deliberation::write_error(e, lang)))
}

/// Limits of an amendment's texts (characters).
pub const PASSAGE: (usize, usize) = (3, 5_000);
pub const RATIONALE: (usize, usize) = (10, 2_000);

#[cfg(feature = "ssr")]
fn amendment_error(e: db::agenda::AmendmentError, lang: domain::Lang) -> AppError {
    use db::agenda::AmendmentError;
    match e {
        AmendmentError::Write(e) => crate::deliberation::write_error(e, lang),
        AmendmentError::NotAuthor => AppError::Forbidden,
        AmendmentError::Text(e) => text_error(e, lang),
    }
}

/// Why a quoted passage cannot be replaced, on the field to correct.
#[cfg(feature = "ssr")]
pub(crate) fn text_error(e: domain::diff::AmendError, lang: domain::Lang) -> AppError {
    use crate::i18n::Msg;
    use domain::diff::AmendError;
    match e {
        AmendError::PassageNotFound => AppError::invalid("passage", Msg::PassageNotFound, lang),
        AmendError::PassageAmbiguous => AppError::invalid("passage", Msg::PassageAmbiguous, lang),
        AmendError::NoChange => AppError::invalid("replacement", Msg::NoChange, lang),
    }
}

/// A member proposes a new wording of one passage (quoted exactly as it
/// stands) of a proposal open for amendments.
#[server(endpoint = "amendment/propose")]
pub async fn propose_amendment(
    proposal_id: i64,
    passage: String,
    replacement: String,
    rationale: String,
) -> Result<i64, AppError> {
    use crate::auth::api_ssr as ssr;
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = crate::request_lang();
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
    fields.finish()?;
    let (Some(passage), Some(replacement), Some(rationale)) = (passage, replacement, rationale)
    else {
        return ssr::fail(AppError::Internal);
    };
    db::agenda::propose_amendment(
        &state.db,
        proposal_id,
        viewer.user_id,
        &passage,
        &replacement,
        &rationale,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(amendment_error(e, lang)))
}

/// The proposal's author accepts (a new version) or rejects an amendment.
#[server(endpoint = "amendment/decide")]
pub async fn decide_amendment(amendment_id: i64, accept: bool) -> Result<(), AppError> {
    use crate::auth::api_ssr as ssr;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    db::agenda::decide_amendment(
        &state.db,
        amendment_id,
        viewer.user_id,
        accept,
        chrono::Utc::now(),
    )
    .await
    .or_else(|e| ssr::fail(amendment_error(e, lang)))
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
    let state = crate::auth::api_ssr::state()?;
    let versions = db::agenda::versions(&state.db, proposal_id).await?;
    if versions.is_empty() {
        crate::pages::set_status(404);
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
    let state = crate::auth::api_ssr::state()?;
    Ok(db::agenda::support_threshold(&state.db).await?)
}

/// Sets that number (facilitators), from 1 to 100,000.
#[server(endpoint = "agenda/threshold/set")]
pub async fn set_support_threshold(supports: String) -> Result<(), AppError> {
    use crate::auth::api_ssr as ssr;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let Some(supports) = supports
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
    else {
        return ssr::fail(AppError::invalid(
            "supports",
            crate::i18n::Msg::BadThreshold,
            lang,
        ));
    };
    Ok(db::agenda::set_support_threshold(&state.db, supports).await?)
}

/// Adds a theme (facilitators): its French and English names; its keyword
/// comes from the French name.
#[server(endpoint = "themes/create")]
pub async fn create_theme(name_fr: String, name_en: String) -> Result<domain::Theme, AppError> {
    use crate::auth::api_ssr as ssr;
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let name_fr = fields.check("name_fr", bounded_text(&name_fr, 2, 80, false));
    let name_en = fields.check("name_en", bounded_text(&name_en, 2, 80, false));
    fields.finish()?;
    let (Some(name_fr), Some(name_en)) = (name_fr, name_en) else {
        return ssr::fail(AppError::Internal);
    };
    match db::agenda::add_theme(&state.db, &name_fr, &name_en).await? {
        Some(theme) => Ok(theme),
        None => ssr::fail(AppError::invalid(
            "name_fr",
            crate::i18n::Msg::ThemeExists,
            lang,
        )),
    }
}
