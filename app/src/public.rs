//! Server functions: who is asking, parse the input, one call, a domain type.

use domain::{
    DrawView, Lang, LedgerQuery, Overview, Page, ProposalDetail, ProposalQuery, ProposalSummary,
    Theme,
};
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// The database pool from the server's state (one accessor for every
/// server function: `auth::api::ssr::state`).
#[cfg(feature = "ssr")]
fn db() -> Result<db::DatabaseConnection, AppError> {
    ssr::state().map(|s| s.db)
}

#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    let state = ssr::state()?;
    let mut overview = db::overview(&state.db).await?;
    let now = state.clock.now();
    overview.latest = overview
        .latest
        .into_iter()
        .map(|p| p.late_at(now))
        .collect();
    Ok(overview)
}

#[server(endpoint = "themes")]
pub async fn get_themes() -> Result<Vec<Theme>, AppError> {
    Ok(db::themes::list(&db()?).await?)
}

#[server(endpoint = "proposals")]
pub async fn list_proposals(query: ProposalQuery) -> Result<Page<ProposalSummary>, AppError> {
    // The query type is only built by `parse`, but a hand-made request can
    // still carry any values: re-parse them.
    let query = ProposalQuery::parse(
        query.theme(),
        query.status().map(|s| s.as_str()),
        query.origin().map(|o| o.as_str()),
        query.text(),
        Some(query.sort().as_str()),
        Some(&query.page().to_string()),
    )
    .map_err(|e| AppError::invalid("query", crate::i18n::query_error(e), ssr::lang()))?;
    let state = ssr::state()?;
    let mut page = db::proposals_page(&state.db, &query).await?;
    let now = state.clock.now();
    page.items = page.items.into_iter().map(|p| p.late_at(now)).collect();
    Ok(page)
}

#[server(endpoint = "proposal")]
pub async fn get_proposal(id: i64) -> Result<ProposalDetail, AppError> {
    let state = ssr::state()?;
    let mut detail = db::proposal_detail(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let status = detail.summary.status;
    let awaited = status == domain::ProposalStatus::SentToCity;
    detail.referral = detail.referral.map(|r| r.late_at(awaited, now));
    let at_work = matches!(
        status,
        domain::ProposalStatus::CityResponded | domain::ProposalStatus::InProgress
    );
    detail.commitments = std::mem::take(&mut detail.commitments)
        .into_iter()
        .map(|c| c.late_at(at_work, now))
        .collect();
    Ok(detail)
}

/// Remembers the visitor's language in a cookie for a year.
#[server(endpoint = "lang")]
pub async fn set_lang(lang: String) -> Result<Lang, AppError> {
    use http::header::{HeaderValue, SET_COOKIE};
    let lang = Lang::parse(&lang)
        .ok_or_else(|| AppError::invalid("lang", crate::i18n::Msg::BadLanguage, ssr::lang()))?;
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        Lang::COOKIE,
        lang.code()
    );
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.insert_header(
        SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
    );
    Ok(lang)
}

#[server(endpoint = "draws")]
pub async fn list_draws() -> Result<Vec<DrawView>, AppError> {
    Ok(db::draws::list(&db()?).await?)
}

#[server(endpoint = "draw")]
pub async fn get_draw(id: i64) -> Result<DrawView, AppError> {
    let state = ssr::state()?;
    let mut view = db::draws::view(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    view.renewal_due = domain::term::renewal_due(view.term_end, state.clock.now().date_naive());
    Ok(view)
}

/// One page of the public ledger, newest first, optionally about one
/// proposal or draw.
#[server(endpoint = "ledger")]
pub async fn get_ledger(query: LedgerQuery) -> Result<Page<ledger::Entry>, AppError> {
    // Re-checked: a hand-made request can carry any values.
    let subject = query.subject().map(|s| s.to_string());
    let query = LedgerQuery::parse(subject.as_deref(), Some(&query.page().to_string()))
        .map_err(|e| AppError::invalid("query", crate::i18n::ledger_query_error(e), ssr::lang()))?;
    Ok(db::ledger::page(&db()?, query.subject(), query.page()).await?)
}

/// Every cohort of the assembly, the newest first.
#[server(endpoint = "roster")]
pub async fn get_roster() -> Result<Vec<domain::Cohort>, AppError> {
    let state = ssr::state()?;
    Ok(db::draws::roster(&state.db, state.clock.now().date_naive()).await?)
}
