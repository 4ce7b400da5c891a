//! The server-function kernel: what every server function needs, in one
//! place, so that each one is a few lines — parse, check, call `db`, answer.
//!
//! - [`state`]: the server's shared state; [`lang`]: the request's language.
//! - [`caller`] / [`signed_in`]: who asks, allowed to do what they ask
//!   (`domain::can`), in one call.
//! - [`Fields`]: field validation that collects every refusal in the user's
//!   language and hands back the parsed values.
//! - Errors: `?` turns a `db::Error` into an `AppError` worded in the
//!   request's language (`errors.rs`); causes the user is not shown are
//!   logged there.
//! - HTTP status: a server function only returns its `AppError`; the server
//!   sets the response's status from it (`server::error_status`), and a page
//!   showing an error sets its own from it (`components::ErrorBox`).

mod errors;
mod fields;
mod state;

use std::time::Duration;

use domain::{Action, Actor, Lang, Resource, Viewer};
use leptos::prelude::*;

use crate::auth::session::{self, AuthConfig};
use crate::error::AppError;

pub use errors::{amendment_text, field_message};
pub use fields::Fields;
pub use state::{AppState, Clock, DrawJobs};

/// The server's shared state, from the request's context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// The language the request is answered in.
pub fn lang() -> Lang {
    crate::i18n::request_lang()
}

pub fn headers() -> http::HeaderMap {
    use_context::<http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

/// The caller's address, for rate limits ("unknown" in in-process tests).
pub fn client_ip() -> String {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Who is asking: their roles today, or anonymous.
pub async fn viewer() -> Result<Option<Viewer>, AppError> {
    let state = state()?;
    let Some((user_id, _)) = session::user_of(&state.db, &state.auth, &headers()).await? else {
        return Ok(None);
    };
    viewer_of(&state.db, user_id).await
}

/// A user's roles today.
pub async fn viewer_of(
    conn: &db::DatabaseConnection,
    user_id: i64,
) -> Result<Option<Viewer>, AppError> {
    Ok(
        db::accounts::me(conn, user_id, chrono::Utc::now().date_naive())
            .await?
            .map(|me| Viewer {
                user_id,
                display_name: me.display_name,
                email: me.email,
                lang: me.lang,
                member: me.actor.member,
                facilitator: me.actor.facilitator,
                city_official: me.actor.city_official,
                unread: 0,
            }),
    )
}

pub fn actor(viewer: Option<&Viewer>) -> Actor {
    viewer.map_or_else(Actor::anonymous, |v| Actor {
        user_id: Some(v.user_id),
        member: v.member,
        facilitator: v.facilitator,
        city_official: v.city_official,
    })
}

/// The caller, who must be allowed to do `action` on `resource` (anonymous
/// when the action is open to anyone).
pub async fn caller(action: Action, resource: Resource) -> Result<Option<Viewer>, AppError> {
    let viewer = viewer().await?;
    if domain::can(&actor(viewer.as_ref()), action, resource) {
        Ok(viewer)
    } else if viewer.is_none() {
        Err(AppError::Unauthorized)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in caller, who must be allowed to do `action` on `resource`.
pub async fn signed_in(action: Action, resource: Resource) -> Result<Viewer, AppError> {
    caller(action, resource)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// Counts an attempt against a limit; refuses with the wait in seconds.
pub fn limit(auth: &AuthConfig, key: &str, max: usize, window: Duration) -> Result<(), AppError> {
    auth.limiter
        .check(key, max, window)
        .map_err(|wait| AppError::TooManyRequests(wait.as_secs().max(1)))
}

/// Runs slow CPU work (password hashing) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(AppError::internal)
}
