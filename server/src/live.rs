//! `GET /proposals/{id}/events`: server-sent events announcing new comments
//! on a proposal to the pages open on it (`event: comment`). Outside the
//! request timeout and the compression (a stream must flow as it comes).

use std::convert::Infallible;
use std::time::Duration;

use app::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use tokio::sync::broadcast::error::RecvError;

/// A stream ends after this long; the browser reconnects by itself.
const LIFETIME: Duration = Duration::from_secs(600);

pub async fn events(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return (StatusCode::NOT_FOUND, "no such proposal").into_response();
    };
    let updates = state.live.subscribe();
    let deadline = tokio::time::Instant::now() + LIFETIME;
    let stream = futures::stream::unfold(updates, move |mut updates| async move {
        loop {
            let next = tokio::time::timeout_at(deadline, updates.recv()).await;
            let announce = match next {
                Err(_) | Ok(Err(RecvError::Closed)) => return None,
                Ok(Ok(app::live::CLOSING)) => return None,
                Ok(Ok(changed)) => changed == id,
                // Fell behind: something may have changed here.
                Ok(Err(RecvError::Lagged(_))) => true,
            };
            if announce {
                let event = Event::default()
                    .event("comment")
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
