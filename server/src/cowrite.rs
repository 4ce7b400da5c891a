//! `GET /drafts/{id}/ws`: the live co-writing websocket (Yjs sync
//! protocol, binary frames). Checked before the upgrade: the page's
//! origin, the session, and the person's role in the draft (its authors
//! edit; other sitting members read and suggest). Checked on every frame:
//! size, rate, shape, and that only authors send edits. A refusal closes
//! the connection with a code and a reason; the document never sees it.

use std::sync::Arc;

use app::rooms::{CLOSING, Room};
use app::ssr::AppState;
use axum::{
    extract::{
        Path, State,
        ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade},
    },
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use cowrite::{FrameError, Incoming, RateLimiter, frame, limits::MAX_FRAME_BYTES};
use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast::error::RecvError;

/// Close codes (RFC 6455 and the private range).
const POLICY: u16 = 1008;
const TOO_BIG: u16 = 1009;
const UNSUPPORTED: u16 = 1003;
const SERVER_ERROR: u16 = 1011;
const RESTARTING: u16 = 1012;
const READ_ONLY: u16 = 4403;
const TOO_FAST: u16 = 4429;
/// How long a closing connection waits for the client's answer.
const CLOSING_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// How often an open connection's rights are read again: signing out,
/// leaving the assembly, losing authorship or the draft's publication
/// reach every open socket, on every instance, within this time.
const RECHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Who is connected, and whether they may edit.
struct Writer {
    user_id: i64,
    name: String,
    edits: bool,
    draft_id: i64,
    /// The request's session cookie, to check that the session still holds.
    cookies: HeaderMap,
}

/// Browsers send the page's origin on every websocket handshake; another
/// site's page (whose visitor's cookies would come along) is refused.
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    origin.trim_end_matches('/') == public_url.trim_end_matches('/')
        || (host.is_some() && origin_host == host)
}

pub async fn socket(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let Some(id) = path_id(&id) else {
        return (StatusCode::NOT_FOUND, "no such draft").into_response();
    };
    if !same_origin(&headers, &state.public_url) {
        return (StatusCode::FORBIDDEN, "cross-origin websocket refused").into_response();
    }
    let user_id = match caller(&state, &headers).await {
        Ok(user_id) => user_id,
        Err(refused) => return refused,
    };
    let (me, role, published) = match who(&state, id, user_id).await {
        Ok(found) => found,
        Err(status) => return status.into_response(),
    };
    let Some(role) = role else {
        return (StatusCode::FORBIDDEN, "members only").into_response();
    };
    let room = match state.rooms.open(id).await {
        Ok(Some(room)) => room,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such draft").into_response(),
        Err(e) => {
            tracing::error!(error = %e, draft = id, "draft not loaded");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut cookies = HeaderMap::new();
    for cookie in headers.get_all(axum::http::header::COOKIE) {
        cookies.append(axum::http::header::COOKIE, cookie.clone());
    }
    let writer = Writer {
        user_id,
        name: me,
        edits: role.edits() && !published,
        draft_id: id,
        cookies,
    };
    let conn = state.rooms.next_connection();
    // Past the frame limit, the frame is refused with its reason (1009);
    // far past it, the socket does not even read it.
    ws.max_message_size(2 * MAX_FRAME_BYTES)
        .max_frame_size(2 * MAX_FRAME_BYTES)
        .on_upgrade(move |socket| connection(socket, state, room, writer, conn))
}

/// The id in a path (`/drafts/{id}/…`), if it could be one.
pub(crate) fn path_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}

/// The signed-in caller, or the answer refusing them.
pub(crate) async fn caller(state: &AppState, headers: &HeaderMap) -> Result<i64, Response> {
    match app::auth::session::user_of(&state.db, &state.auth, headers).await {
        Ok(Some((user_id, _))) => Ok(user_id),
        Ok(None) => Err((StatusCode::UNAUTHORIZED, "sign in required").into_response()),
        Err(e) => {
            tracing::error!(error = ?e, "cannot read the caller's session");
            Err(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

/// The person's name, role in the draft and whether it is published.
pub(crate) async fn who(
    state: &AppState,
    draft_id: i64,
    user_id: i64,
) -> Result<(String, Option<domain::DraftRole>, bool), StatusCode> {
    let today = chrono::Utc::now().date_naive();
    let me = db::accounts::me(&state.db, user_id, today)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let role = db::drafts::role(&state.db, draft_id, &me.actor)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let published = db::drafts::published(&state.db, draft_id)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::NOT_FOUND)?;
    Ok((me.display_name, role, published))
}

fn now_ms() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

/// What ends a connection: a close frame to send, or the other side gone.
enum End {
    Close(u16, String),
    Gone,
}

/// Reads the connection's rights again: closed (with a reason the editor
/// shows) when the session ended, the person no longer sits or the draft
/// was published; read-only when they are no longer its author.
async fn recheck(state: &AppState, writer: &mut Writer) -> Result<(), End> {
    let gone = |reason: &str| End::Close(READ_ONLY, reason.into());
    let user_id = match app::auth::session::user_of(&state.db, &state.auth, &writer.cookies).await {
        Ok(Some((user_id, _))) => user_id,
        Ok(None) => return Err(gone("signed out")),
        Err(e) => {
            tracing::error!(error = ?e, "cannot read the caller's session");
            return Err(End::Close(SERVER_ERROR, "server error, reconnect".into()));
        }
    };
    if user_id != writer.user_id {
        return Err(gone("signed out"));
    }
    match who(state, writer.draft_id, user_id).await {
        Ok((_, None, _)) => Err(gone("no longer a member of the assembly")),
        Ok((_, Some(_), true)) => Err(gone("draft published")),
        Ok((_, Some(role), false)) => {
            writer.edits = role.edits();
            Ok(())
        }
        Err(StatusCode::UNAUTHORIZED) => Err(gone("signed out")),
        Err(_) => Err(End::Close(SERVER_ERROR, "server error, reconnect".into())),
    }
}

async fn connection(
    socket: WebSocket,
    state: AppState,
    room: Arc<Room>,
    mut writer: Writer,
    conn: u64,
) {
    let (mut sink, mut stream) = socket.split();
    let mut relays = room.subscribe();
    let mut limit = RateLimiter::for_connection(now_ms());
    let mut rights = tokio::time::interval(RECHECK_EVERY);
    rights.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first tick is at once: the rights were just read.
    rights.tick().await;
    let mut end = End::Gone;
    for greeting in room.greeting().await {
        if sink.send(Message::Binary(greeting.into())).await.is_err() {
            room.leave(conn).await;
            return;
        }
    }
    loop {
        let replies = tokio::select! {
            incoming = stream.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break,
                Some(Err(e)) => {
                    tracing::debug!(error = %e, "unreadable websocket frame");
                    end = End::Close(POLICY, "unreadable frame".into());
                    break;
                }
                Some(Ok(Message::Binary(bytes))) => {
                    if !limit.allow(now_ms()) {
                        end = End::Close(TOO_FAST, "too many messages".into());
                        break;
                    }
                    match receive(&room, &writer, conn, &bytes).await {
                        Ok(replies) => replies,
                        Err(close) => {
                            end = close;
                            break;
                        }
                    }
                }
                Some(Ok(Message::Text(_))) => {
                    end = End::Close(UNSUPPORTED, "binary frames only".into());
                    break;
                }
                Some(Ok(_)) => Vec::new(),
            },
            _ = rights.tick() => match recheck(&state, &mut writer).await {
                Ok(()) => Vec::new(),
                Err(close) => {
                    end = close;
                    break;
                }
            },
            relay = relays.recv() => match relay {
                Ok(relay) if relay.from == CLOSING => {
                    end = End::Close(RESTARTING, String::from_utf8_lossy(&relay.frame).into_owned());
                    break;
                }
                Ok(relay) if relay.from == conn => Vec::new(),
                Ok(relay) => vec![relay.frame.to_vec()],
                // Fell behind: the whole document catches up at once.
                Err(RecvError::Lagged(_)) => vec![room.whole().await],
                Err(RecvError::Closed) => break,
            },
        };
        for reply in replies {
            if sink.send(Message::Binary(reply.into())).await.is_err() {
                room.leave(conn).await;
                return;
            }
        }
    }
    room.leave(conn).await;
    if let End::Close(code, reason) = end {
        let _ = sink
            .send(Message::Close(Some(CloseFrame {
                code,
                reason: Utf8Bytes::from(reason),
            })))
            .await;
        // The closing handshake: read what the client still sends until it
        // answers. Dropping the socket with unread data would reset the
        // connection, and the client might never read our reason.
        let _ = tokio::time::timeout(CLOSING_WAIT, async {
            while let Some(Ok(message)) = stream.next().await {
                if matches!(message, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
}

/// Handles one frame; returns the replies to this connection, or why it
/// must close.
async fn receive(
    room: &Arc<Room>,
    writer: &Writer,
    conn: u64,
    bytes: &[u8],
) -> Result<Vec<Vec<u8>>, End> {
    let messages = frame::decode(bytes).map_err(|e| {
        let code = if matches!(e, FrameError::TooLarge(_)) {
            TOO_BIG
        } else {
            POLICY
        };
        End::Close(code, e.close_reason().into())
    })?;
    let mut replies = Vec::new();
    for message in messages {
        match message {
            Incoming::SyncStep1(sv) => replies.push(room.missing(&sv).await),
            Incoming::Update { empty: true, .. } => {}
            Incoming::Update { .. } if !writer.edits => {
                return Err(End::Close(
                    READ_ONLY,
                    "read only: suggest a change instead".into(),
                ));
            }
            Incoming::Update { bytes, .. } => {
                room.edit(conn, Some(writer.user_id), bytes)
                    .await
                    .map_err(|e| {
                        let code = if matches!(e, app::rooms::EditError::Db(_)) {
                            SERVER_ERROR
                        } else {
                            POLICY
                        };
                        End::Close(code, e.close_reason().into())
                    })?;
            }
            Incoming::Awareness(update) => {
                room.presence(conn, writer.user_id, &writer.name, update)
                    .await
            }
            Incoming::AwarenessQuery => replies.push(room.everyone().await),
        }
    }
    Ok(replies)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, host.parse().unwrap());
        if let Some(o) = origin {
            h.insert(header::ORIGIN, o.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_the_site_s_own_pages_may_open_a_socket() {
        let public = "https://assemblee.example.org";
        assert!(same_origin(
            &headers(Some("https://assemblee.example.org"), "x"),
            public
        ));
        assert!(same_origin(
            &headers(Some("http://127.0.0.1:3000"), "127.0.0.1:3000"),
            public
        ));
        assert!(!same_origin(
            &headers(Some("https://evil.example"), "127.0.0.1:3000"),
            public
        ));
        assert!(!same_origin(&headers(None, "127.0.0.1:3000"), public));
        assert!(!same_origin(&headers(Some("null"), "null"), public));
    }
}
