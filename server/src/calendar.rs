//! `GET /seances.ics` (alias `/sittings.ics`): the assembly's public
//! sittings as an iCalendar feed (RFC 5545) a phone's calendar subscribes
//! to, each with its agenda. French by default, `?lang=en` for English.

use app::ssr::AppState;
use axum::{
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::Lang;
use domain::ical::{Event, calendar};
use domain::sitting::SittingView;

#[derive(serde::Deserialize)]
pub struct Params {
    lang: Option<String>,
}

pub async fn feed(State(state): State<AppState>, Query(params): Query<Params>) -> Response {
    let lang = params
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let sittings = match db::sittings::all(&state.db, db::sittings::Audience::Public).await {
        Ok(sittings) => sittings,
        Err(e) => {
            tracing::error!(error = %e, "calendar failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let host = state
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or(&state.public_url)
        .trim_end_matches('/');
    let events: Vec<Event> = sittings
        .iter()
        .map(|(view, start, end)| Event {
            uid: format!("sitting-{}@{host}", view.summary.id),
            start: *start,
            end: *end,
            summary: app::i18n::Msg::SittingCalendarName.text(lang).to_owned(),
            location: view.summary.place.clone(),
            description: agenda_text(view, lang),
            url: format!("{}/seances/{}", state.public_url, view.summary.id),
            cancelled: false,
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        calendar(
            app::i18n::Msg::SittingsTitle.text(lang),
            state.clock.now(),
            &events,
        ),
    )
        .into_response()
}

/// The agenda as numbered lines, each with its purpose and time.
fn agenda_text(view: &SittingView, lang: Lang) -> String {
    let mut lines = vec![format!("{} :", app::i18n::Msg::SittingAgenda.text(lang))];
    if view.agenda.is_empty() {
        lines.push(app::i18n::Msg::SittingAgendaEmpty.text(lang).to_owned());
    }
    for item in &view.agenda {
        lines.push(format!(
            "{}. {} ({}, {} min)",
            item.position,
            item.title,
            app::i18n::agenda_purpose_label(item.purpose, lang),
            item.minutes
        ));
    }
    if let Some(url) = &view.summary.livestream_url {
        lines.push(format!(
            "{} : {url}",
            app::i18n::Msg::SittingLivestream.text(lang)
        ));
    }
    lines.join("\n")
}
