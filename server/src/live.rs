//! Server-sent events telling open pages what to reload:
//! `GET /proposals/{id}/events` (public; `event: comment` when its comments
//! change), `GET /seances/{id}/events` (public; `event: sitting` when its
//! floor, attendance or state change) and `GET /drafts/{id}/events` (the draft's members; `event:
//! draft` when its suggestions, versions or co-authors change). An event
//! carries only the id as data: what changed is read through the usual, checked,
//! server functions. Outside the request timeout and the compression (a
//! stream must flow as it comes).

use std::convert::Infallible;
use std::time::Duration;

use app::live::Change;
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use tokio::sync::broadcast::error::RecvError;

use crate::cowrite::{caller, path_id, who};

/// A stream ends after this long; the browser reconnects by itself.
const LIFETIME: Duration = Duration::from_secs(600);

pub async fn proposal(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(id) = path_id(&id) else {
        return (StatusCode::NOT_FOUND, "no such proposal").into_response();
    };
    stream(&state, Change::Comments(id), "comment", id)
}

pub async fn sitting(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(id) = path_id(&id) else {
        return (StatusCode::NOT_FOUND, "no such sitting").into_response();
    };
    stream(&state, Change::Sitting(id), "sitting", id)
}

pub async fn draft(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(id) = path_id(&id) else {
        return (StatusCode::NOT_FOUND, "no such draft").into_response();
    };
    let user_id = match caller(&state, &headers).await {
        Ok(user_id) => user_id,
        Err(refused) => return refused,
    };
    match who(&state, id, user_id).await {
        Ok((_, Some(_), _)) => stream(&state, Change::Draft(id), "draft", id),
        Ok((_, None, _)) => (StatusCode::FORBIDDEN, "members only").into_response(),
        Err(status) => status.into_response(),
    }
}

/// The events announcing `watched`, named `event` with the id as data,
/// until the lifetime ends or the server stops.
fn stream(state: &AppState, watched: Change, event: &'static str, id: i64) -> Response {
    let updates = state.live.subscribe();
    let deadline = tokio::time::Instant::now() + LIFETIME;
    let stream = futures::stream::unfold(updates, move |mut updates| async move {
        loop {
            let next = tokio::time::timeout_at(deadline, updates.recv()).await;
            let announce = match next {
                Err(_) | Ok(Err(RecvError::Closed)) | Ok(Ok(Change::Closing)) => return None,
                Ok(Ok(changed)) => changed == watched,
                // Fell behind: something may have changed here.
                Ok(Err(RecvError::Lagged(_))) => true,
            };
            if announce {
                let event = Event::default()
                    .event(event)
                    .data(id.to_string())
                    .retry(Duration::from_secs(2));
                return Some((Ok::<_, Infallible>(event), updates));
            }
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response()
}
