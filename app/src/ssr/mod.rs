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

use domain::{Action, Actor, Lang, Resource, Viewer};
use leptos::prelude::*;

use crate::auth::session;
use crate::error::AppError;

pub use errors::{amendment_text, field_message, hands_message, sitting_message};
pub use fields::Fields;
pub use state::{AppState, Clock, DrawJobs, Operator, PushConfig};

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

/// The caller's address, for rate limits: the peer's, or the one a trusted
/// proxy forwarded ("unknown" when there is no peer, in in-process tests).
pub fn client_ip() -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return "unknown".into();
    };
    let Some(peer) = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".into();
    };
    let trusted = state()
        .map(|s| s.auth.trusted_proxies)
        .unwrap_or_else(|_| std::sync::Arc::from([]));
    let forwarded: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    session::real_client(peer, &forwarded, &trusted).to_string()
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

/// A rate limit's key as stored: an HMAC under the server's key, so that
/// the table of attempts holds no address and no e-mail.
fn limit_key(state: &AppState, key: &str) -> String {
    state.auth.derive(&format!("rate-limit:{key}"))
}

/// Counts an attempt against a limit shared by every instance on the
/// database; refuses with the wait in seconds.
pub async fn limit(key: &str, max: u32, window: chrono::Duration) -> Result<(), AppError> {
    let state = state()?;
    match db::limits::take(
        &state.db,
        &limit_key(&state, key),
        max,
        window,
        chrono::Utc::now(),
    )
    .await?
    {
        Ok(()) => Ok(()),
        Err(wait) => Err(db::Error::TooMany { wait }.into()),
    }
}

/// Takes back the latest attempt against a limit (it succeeded).
pub async fn limit_take_back(key: &str) -> Result<(), AppError> {
    let state = state()?;
    Ok(db::limits::take_back(&state.db, &limit_key(&state, key)).await?)
}

/// Forgets the attempts against a limit.
pub async fn limit_reset(key: &str) -> Result<(), AppError> {
    let state = state()?;
    Ok(db::limits::reset(&state.db, &limit_key(&state, key)).await?)
}

/// Runs slow CPU work (password hashing) off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(AppError::internal)
}
