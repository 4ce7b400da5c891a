//! The co-writing benchmark (not a test): simulated editors on one draft,
//! each sending edits through a running server's websocket; reports the
//! fan-out latency (from an edit sent to each other editor receiving it)
//! and how many sockets one instance holds.
//!
//!   cowrite_bench ADDR DATABASE_URL SECRET [EDITORS...]
//!
//! The server at ADDR must use DATABASE_URL (with the demo loaded) and the
//! secret key SECRET (sessions are made directly in the database).
//! Environment: EDITS (per editor, default 20), RATE (edits per second per
//! editor, default 5), SOCKETS (idle sockets to try, default 5000).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cowrite::{Draft, Splice, frame};
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Sent = Arc<Mutex<HashMap<Vec<u8>, Instant>>>;
type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn open(addr: &str, draft: i64, cookie: &str) -> Result<Socket, String> {
    let mut request = format!("ws://{addr}/drafts/{draft}/ws")
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let header = |v: &str| HeaderValue::from_str(v).map_err(|e| e.to_string());
    request.headers_mut().insert("cookie", header(cookie)?);
    request
        .headers_mut()
        .insert("origin", header(&format!("http://{addr}"))?);
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(s, _)| s)
        .map_err(|e| e.to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// `editors` authors of one new draft edit it at once; returns the
/// latency of every delivery and how many deliveries were expected.
async fn fan_out(
    addr: &str,
    conn: &db::DatabaseConnection,
    cookies: &[(i64, String)],
    editors: usize,
) -> (Vec<Duration>, usize) {
    let (owner, _) = cookies[0];
    let title = format!("Banc d'essai, {editors} auteurs");
    let draft = db::drafts::create(conn, owner, "environnement", &title, chrono::Utc::now())
        .await
        .expect("a draft");
    for (user, _) in &cookies[..editors] {
        db::drafts::add_author(conn, draft, *user, chrono::Utc::now())
            .await
            .expect("an author");
    }
    let edits = env("EDITS", 20);
    let rate = env("RATE", 5).max(1);
    let sent: Sent = Arc::default();
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let mut sockets = Vec::new();
    for (_, cookie) in &cookies[..editors] {
        sockets.push(open(addr, draft, cookie).await.expect("a socket"));
    }
    let start = Instant::now() + Duration::from_millis(500);
    let period = Duration::from_millis(1000 / rate as u64);
    let mut tasks = Vec::new();
    for (n, socket) in sockets.into_iter().enumerate() {
        let (mut sink, mut stream) = socket.split();
        let (sent_by_others, latencies) = (sent.clone(), latencies.clone());
        let expected = edits * (editors - 1);
        // Each editor reads what the others send.
        let reader = tokio::spawn(async move {
            let mut got = 0;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
            while got < expected {
                match tokio::time::timeout_at(deadline, stream.next()).await {
                    Ok(Some(Ok(Message::Binary(bytes)))) => {
                        let at = Instant::now();
                        if let Some(t) = sent_by_others.lock().unwrap().get(bytes.as_ref()) {
                            latencies.lock().unwrap().push(at - *t);
                            got += 1;
                        }
                    }
                    Ok(Some(Ok(_))) => {}
                    _ => break,
                }
            }
        });
        let sent = sent.clone();
        let writer = tokio::spawn(async move {
            let doc = Draft::new();
            // Editors start at different moments within one period.
            let offset = period.mul_f64(n as f64 / editors as f64);
            tokio::time::sleep_until((start + offset).into()).await;
            let mut every = tokio::time::interval(period);
            for i in 0..edits {
                every.tick().await;
                let update = doc.edit(&Splice {
                    index: 0,
                    delete: 0,
                    insert: format!("e{n}.{i} "),
                });
                let bytes = frame::update(update);
                sent.lock().unwrap().insert(bytes.clone(), Instant::now());
                if sink.send(Message::Binary(bytes.into())).await.is_err() {
                    break;
                }
            }
            // Stay connected while the others finish.
            tokio::time::sleep(Duration::from_secs(3)).await;
            let _ = sink.close().await;
        });
        tasks.push((reader, writer));
    }
    for (reader, writer) in tasks {
        let _ = reader.await;
        let _ = writer.await;
    }
    let mut all = latencies.lock().unwrap().clone();
    all.sort();
    (all, edits * editors * (editors - 1))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, url, secret, ..] = args.as_slice() else {
        eprintln!("usage: cowrite_bench ADDR DATABASE_URL SECRET [EDITORS...]");
        std::process::exit(2);
    };
    let editors: Vec<usize> = args[4..].iter().filter_map(|a| a.parse().ok()).collect();
    let conn = db::connect(url, &db::PoolSettings::default())
        .await
        .expect("the database");
    let today = chrono::Utc::now().date_naive();
    let members = db::notifications::sitting_members(&conn, today)
        .await
        .expect("members");
    let auth = app::auth::session::AuthConfig::new(secret.as_bytes(), false);
    let mut cookies = Vec::new();
    for user in members {
        let (token, cookie) = auth.new_token();
        let now = chrono::Utc::now();
        let hash = app::auth::session::token_hash(&token);
        db::accounts::create_session(&conn, user, &hash, now, now + chrono::Duration::hours(2))
            .await
            .expect("a session");
        cookies.push((user, format!("kl_session={cookie}")));
    }
    println!("| editors | edits delivered | p50 | p90 | p99 | max |");
    println!("|---|---|---|---|---|---|");
    for n in editors {
        let n = n.min(cookies.len());
        let (latencies, expected) = fan_out(addr, &conn, &cookies, n).await;
        println!(
            "| {n} | {} / {expected} | {} | {} | {} | {} |",
            latencies.len(),
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.9)),
            ms(percentile(&latencies, 0.99)),
            ms(latencies.last().copied().unwrap_or_default()),
        );
    }
    // Idle sockets on one draft, like pages left open.
    let target = env("SOCKETS", 5000);
    let (owner, cookie) = cookies[0].clone();
    let draft = db::drafts::create(
        &conn,
        owner,
        "environnement",
        "Banc d'essai, sockets",
        chrono::Utc::now(),
    )
    .await
    .expect("a draft");
    let began = Instant::now();
    let mut held = Vec::new();
    while held.len() < target {
        match open(addr, draft, &cookie).await {
            Ok(socket) => held.push(socket),
            Err(e) => {
                eprintln!("socket {} refused: {e}", held.len() + 1);
                break;
            }
        }
    }
    println!();
    println!("SOCKETS {} {}", held.len(), ms(began.elapsed()));
}
