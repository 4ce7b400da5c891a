//! A small co-writing client for the tests: connects like a browser (the
//! page's origin, the session cookie), speaks the Yjs frames.

#![allow(
    dead_code,
    reason = "each test file uses a different part of this helper"
)]

use std::time::Duration;

use cowrite::{Draft, Splice, frame};
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/drafts/{id}/ws` on `addr`; `Err` is the refused handshake's
/// HTTP status.
pub async fn open(
    addr: &str,
    draft: i64,
    cookie: &str,
    origin: Option<&str>,
) -> Result<Socket, u16> {
    let mut request = format!("ws://{addr}/drafts/{draft}/ws")
        .into_client_request()
        .unwrap();
    if !cookie.is_empty() {
        request
            .headers_mut()
            .insert("cookie", HeaderValue::from_str(cookie).unwrap());
    }
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", HeaderValue::from_str(origin).unwrap());
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(e) => panic!("websocket: {e}"),
    }
}

/// A client's copy of the draft, kept in step with what it receives.
pub struct Client {
    pub socket: Socket,
    pub draft: Draft,
}

impl Client {
    pub async fn join(addr: &str, draft: i64, cookie: &str) -> Client {
        let socket = open(addr, draft, cookie, Some(&format!("http://{addr}")))
            .await
            .expect("the socket opens");
        let mut client = Client {
            socket,
            draft: Draft::new(),
        };
        let hello = frame::sync_step1(&client.draft.state_vector());
        client.send(hello).await;
        client
    }

    pub async fn send(&mut self, bytes: Vec<u8>) {
        self.socket
            .send(Message::Binary(bytes.into()))
            .await
            .unwrap();
    }

    /// Types `text` at `index` and sends the edit.
    pub async fn type_at(&mut self, index: u32, text: &str) {
        let update = self.draft.edit(&Splice {
            index,
            delete: 0,
            insert: text.into(),
        });
        self.send(frame::update(update)).await;
    }

    /// Reads frames until the text reads `expected` (or panics after 10 s).
    pub async fn until_text(&mut self, expected: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.draft.text() != expected {
            let next = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("still {:?}, not {expected:?}", self.draft.text()));
            match next {
                Some(Ok(Message::Binary(bytes))) => self.receive(&bytes).await,
                Some(Ok(_)) => {}
                other => panic!("the socket ended: {other:?}"),
            }
        }
    }

    async fn receive(&mut self, bytes: &[u8]) {
        let Ok(messages) = frame::decode(bytes) else {
            return;
        };
        for message in messages {
            match message {
                cowrite::Incoming::SyncStep1(sv) => {
                    let reply = frame::sync_step2(self.draft.missing(&sv));
                    self.send(reply).await;
                }
                cowrite::Incoming::Update { bytes, .. } => {
                    let _ = self.draft.apply(&bytes);
                }
                _ => {}
            }
        }
    }

    /// Reads frames until one tells who is here; returns how many cursors
    /// it lists (or panics after 10 s).
    pub async fn next_presence(&mut self) -> usize {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let next = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .expect("a presence frame within 10 s");
            let Some(Ok(Message::Binary(bytes))) = next else {
                continue;
            };
            for message in frame::decode(&bytes).unwrap_or_default() {
                if let cowrite::Incoming::Awareness(update) = message {
                    return update.clients.len();
                }
            }
            self.receive(&bytes).await;
        }
    }

    /// Reads until the server closes the connection; returns its code and
    /// reason.
    pub async fn closed(&mut self) -> (u16, String) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            match tokio::time::timeout_at(deadline, self.socket.next()).await {
                Ok(Some(Ok(Message::Close(Some(frame))))) => {
                    return (frame.code.into(), frame.reason.to_string());
                }
                Ok(Some(Ok(_))) => {}
                other => panic!("no close frame: {other:?}"),
            }
        }
    }
}
