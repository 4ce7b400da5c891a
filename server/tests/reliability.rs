//! The real binary under stress: killed with SIGKILL in the middle of
//! sustained voting, read by a thousand clients while a hundred write, and
//! run as two instances on one PostgreSQL (votes, live draft edits and
//! comment announcements relayed between them). Each test is bounded in time.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use db::testing::TestDb;
use http_body_util::{BodyExt, Full};
use hyper::{Request, StatusCode, client::conn::http1::SendRequest};
use hyper_util::rt::TokioIo;
use sea_orm::{ConnectionTrait, Statement};

#[path = "common/ws.rs"]
mod ws;

const SECRET: &str = "the reliability tests' secret key, long enough";

/// One stress test at a time: each measures the server under its own load,
/// not under the CPU its neighbours take to start theirs (on two cores, a
/// thousand readers then time out in the pool).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A server process on a database of its own.
struct Server {
    child: Child,
    addr: SocketAddr,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    async fn start(database_url: &str, demo: bool) -> Server {
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_kleroterion"))
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", addr.to_string())
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("KLEROTERION_SECRET_KEY", SECRET)
            // RFC 8291's example private key: the same on every instance.
            .env(
                "KLEROTERION_VAPID_KEY",
                "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
            )
            .env("KLEROTERION_DEMO", if demo { "1" } else { "0" })
            .env("RUST_LOG", "error")
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(mut c) = connect(addr).await
                && let Ok((StatusCode::OK, _)) = get(&mut c, addr, "/readyz").await
            {
                return server;
            }
            assert!(Instant::now() < deadline, "the server did not get ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, nothing.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().ok();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

type Conn = SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> Result<Conn, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    Ok(sender)
}

async fn send(
    conn: &mut Conn,
    request: Request<Full<Bytes>>,
) -> Result<(StatusCode, Bytes), String> {
    conn.ready().await.map_err(|e| e.to_string())?;
    let response = conn
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, body))
}

async fn get(conn: &mut Conn, addr: SocketAddr, path: &str) -> Result<(StatusCode, Bytes), String> {
    let request = Request::get(path)
        .header("host", addr.to_string())
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    send(conn, request).await
}

/// A server-sent event stream (its connection, kept open, and its body as
/// it comes).
async fn event_stream(addr: SocketAddr, path: &str) -> (Conn, hyper::body::Incoming) {
    let mut conn = connect(addr).await.unwrap();
    let request = Request::get(path)
        .header("host", addr.to_string())
        .header("accept", "text/event-stream")
        .body(Full::new(Bytes::new()))
        .unwrap();
    conn.ready().await.unwrap();
    let response = conn.send_request(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    (conn, response.into_body())
}

/// Calls a server function as the hydrated page does.
async fn call(
    conn: &mut Conn,
    addr: SocketAddr,
    endpoint: &str,
    form: &str,
    cookie: &str,
) -> Result<(StatusCode, Bytes), String> {
    let request = Request::post(format!("/api/{endpoint}"))
        .header("host", addr.to_string())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .body(Full::new(Bytes::from(form.to_owned())))
        .map_err(|e| e.to_string())?;
    send(conn, request).await
}

async fn ids(db: &TestDb, sql: &str) -> Vec<i64> {
    db.conn
        .query_all_raw(Statement::from_string(db.backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get_by_index::<i64>(0).unwrap())
        .collect()
}

/// A signed session cookie for each user, made the way sign-in makes them.
async fn sessions(db: &TestDb, users: &[i64]) -> BTreeMap<i64, String> {
    let auth = app::auth::session::AuthConfig::new(SECRET.as_bytes(), false);
    let now = chrono::Utc::now();
    let mut cookies = BTreeMap::new();
    for &user in users {
        let (token, cookie) = auth.new_token();
        db::accounts::create_session(
            &db.conn,
            user,
            &app::auth::session::token_hash(&token),
            now,
            now + chrono::Duration::days(1),
        )
        .await
        .unwrap();
        cookies.insert(user, format!("kl_session={cookie}"));
    }
    cookies
}

async fn members(db: &TestDb) -> Vec<i64> {
    ids(
        db,
        "SELECT user_id FROM memberships WHERE status = 'active' AND user_id IS NOT NULL ORDER BY user_id",
    )
    .await
}

async fn open_votes(db: &TestDb) -> Vec<i64> {
    ids(
        db,
        "SELECT id FROM votes WHERE closed_at IS NULL ORDER BY id",
    )
    .await
}

/// Open votes by named ballot, where a member may vote again.
async fn open_named_votes(db: &TestDb) -> Vec<i64> {
    ids(
        db,
        "SELECT id FROM votes WHERE closed_at IS NULL AND NOT secret ORDER BY id",
    )
    .await
}

/// Every ballot as stored: named ones with their choice; for secret votes
/// the receipts, and the counters by choice.
struct StoredBallots {
    named: BTreeMap<(i64, i64), String>,
    receipts: std::collections::BTreeSet<(i64, i64)>,
    counters: BTreeMap<(i64, String), i64>,
}

async fn stored_ballots(db: &TestDb) -> StoredBallots {
    let rows = |sql: &str| {
        db.conn
            .query_all_raw(Statement::from_string(db.backend(), sql.to_owned()))
    };
    let named = rows("SELECT vote_id, member_id, choice FROM ballots")
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                (
                    row.try_get_by_index::<i64>(0).unwrap(),
                    row.try_get_by_index::<i64>(1).unwrap(),
                ),
                row.try_get_by_index::<String>(2).unwrap(),
            )
        })
        .collect();
    let receipts = rows("SELECT vote_id, member_id FROM ballot_receipts")
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                row.try_get_by_index::<i64>(0).unwrap(),
                row.try_get_by_index::<i64>(1).unwrap(),
            )
        })
        .collect();
    let counters = rows("SELECT vote_id, choice, count FROM secret_tallies")
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                (
                    row.try_get_by_index::<i64>(0).unwrap(),
                    row.try_get_by_index::<String>(1).unwrap(),
                ),
                i64::from(row.try_get_by_index::<i32>(2).unwrap()),
            )
        })
        .collect();
    StoredBallots {
        named,
        receipts,
        counters,
    }
}

fn choice_for(member: i64, vote: i64) -> &'static str {
    ["pour", "contre", "abstention"][usize::try_from((member * 7 + vote) % 3).unwrap_or(0)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_ballot_survives_a_sigkill() {
    let _alone = ONE_AT_A_TIME.lock().await;
    for db in TestDb::all().await {
        let server = Server::start(&db.url, true).await;
        let addr = server.addr;
        let members = members(&db).await;
        let votes = open_votes(&db).await;
        assert!(!votes.is_empty() && members.len() >= 50);
        // Ballots not cast yet, so that each acknowledged one is new.
        let mut pending = Vec::new();
        for &vote in &votes {
            let voted = ids(
                &db,
                &format!(
                    "SELECT member_id FROM ballots WHERE vote_id = {vote} \
                     UNION SELECT member_id FROM ballot_receipts WHERE vote_id = {vote}"
                ),
            )
            .await;
            pending.extend(
                members
                    .iter()
                    .filter(|m| !voted.contains(m))
                    .map(|&m| (vote, m)),
            );
        }
        assert!(pending.len() >= 50, "{}", pending.len());
        let cookies = Arc::new(sessions(&db, &members).await);
        let acknowledged = Arc::new(std::sync::Mutex::new(Vec::new()));
        let killed = Arc::new(AtomicBool::new(false));
        let mut writers = tokio::task::JoinSet::new();
        for chunk in pending.chunks(pending.len().div_ceil(8)) {
            let (chunk, cookies) = (chunk.to_vec(), cookies.clone());
            let (acknowledged, killed) = (acknowledged.clone(), killed.clone());
            writers.spawn(async move {
                let Ok(mut conn) = connect(addr).await else {
                    return;
                };
                for (vote, member) in chunk {
                    if killed.load(Ordering::Relaxed) {
                        return;
                    }
                    let choice = choice_for(member, vote);
                    let form = format!("vote_id={vote}&choice={choice}");
                    match call(&mut conn, addr, "vote/ballot", &form, &cookies[&member]).await {
                        Ok((StatusCode::OK, _)) => {
                            acknowledged.lock().unwrap().push((vote, member, choice));
                        }
                        Ok((status, body)) => panic!("{status}: {body:?}"),
                        // The connection died with the server.
                        Err(_) => return,
                    }
                }
            });
        }
        // Kill in the middle of the stream of ballots.
        let total = pending.len();
        let deadline = Instant::now() + Duration::from_secs(60);
        while acknowledged.lock().unwrap().len() < total / 3 {
            assert!(Instant::now() < deadline, "ballots are too slow");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        killed.store(true, Ordering::Relaxed);
        writers.join_all().await;
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert!(
            acknowledged.len() < total,
            "the kill came after the last ballot"
        );

        let restarted = Server::start(&db.url, false).await;
        let stored = stored_ballots(&db).await;
        let mut secret_acknowledged: BTreeMap<(i64, String), i64> = BTreeMap::new();
        for (vote, member, choice) in &acknowledged {
            if stored.receipts.contains(&(*vote, *member)) {
                *secret_acknowledged
                    .entry((*vote, (*choice).to_owned()))
                    .or_default() += 1;
                continue;
            }
            assert_eq!(
                stored.named.get(&(*vote, *member)).map(String::as_str),
                Some(*choice),
                "{:?}: ballot of member {member} in vote {vote} lost",
                db.backend()
            );
        }
        // A secret ballot acknowledged is in its counter (which may hold
        // more: ballots stored whose answer the kill cut off), and the
        // counters hold as many ballots as there are receipts.
        for (key, n) in &secret_acknowledged {
            assert!(
                stored.counters.get(key).copied().unwrap_or(0) >= *n,
                "{:?}: secret ballots lost in {key:?}",
                db.backend()
            );
        }
        for vote in secret_acknowledged.keys().map(|(vote, _)| *vote) {
            let counted: i64 = stored
                .counters
                .iter()
                .filter(|((v, _), _)| *v == vote)
                .map(|(_, n)| n)
                .sum();
            let receipts = stored.receipts.iter().filter(|(v, _)| *v == vote).count();
            assert_eq!(counted, i64::try_from(receipts).unwrap(), "vote {vote}");
        }
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);
        drop(restarted);
        db.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_readers_and_a_hundred_writers_see_no_errors() {
    let _alone = ONE_AT_A_TIME.lock().await;
    const READERS: usize = 1000;
    const WRITERS: usize = 100;
    let run_for = Duration::from_secs(12);
    let db = TestDb::sqlite().await;
    let server = Server::start(&db.url, true).await;
    let addr = server.addr;
    let members = members(&db).await;
    let votes = open_named_votes(&db).await;
    let proposals = ids(
        &db,
        "SELECT id FROM proposals WHERE status = 'deliberation' ORDER BY id",
    )
    .await;
    let writers: Vec<i64> = members.iter().copied().take(WRITERS).collect();
    assert_eq!(writers.len(), WRITERS);
    let cookies = Arc::new(sessions(&db, &writers).await);
    let pages = [
        "/",
        "/proposals",
        "/proposals?theme=environnement&sort=supports",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain(
        proposals
            .iter()
            .take(3)
            .map(|id| format!("/proposals/{id}")),
    )
    .collect::<Vec<_>>();
    let errors = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let served = Arc::new(AtomicUsize::new(0));
    let stop = Instant::now() + run_for;
    let mut tasks = tokio::task::JoinSet::new();
    for reader in 0..READERS {
        let (pages, errors, served) = (pages.clone(), errors.clone(), served.clone());
        tasks.spawn(async move {
            // Spread the connections over the first five seconds, as people
            // arrive. (All thousand in one second asked the unoptimised
            // build, ~10 ms of CPU a page, for five seconds of work at once:
            // the pool's 5-second wait then decided the result, and a busy
            // 2-core machine failed the test with the code unchanged.)
            tokio::time::sleep(Duration::from_millis((reader as u64 * 7) % 5000)).await;
            let mut conn = match connect(addr).await {
                Ok(c) => c,
                Err(e) => return errors.lock().unwrap().push(format!("connect: {e}")),
            };
            let mut i = reader;
            let mut first = true;
            while Instant::now() < stop || first {
                let page = &pages[i % pages.len()];
                match get(&mut conn, addr, page).await {
                    Ok((StatusCode::OK, _)) => {
                        if first {
                            served.fetch_add(1, Ordering::Relaxed);
                            first = false;
                        }
                    }
                    Ok((status, _)) => {
                        return errors.lock().unwrap().push(format!("{page}: {status}"));
                    }
                    Err(e) => return errors.lock().unwrap().push(format!("{page}: {e}")),
                }
                i += 1;
                // A person reads a page for a few seconds before the next
                // click. (Throughput is measured by bench/run.sh on a
                // release build; this test is about errors under
                // concurrency, on the unoptimised test build: at one click
                // a second, a thousand readers asked more of it than two
                // cores give, and the CI machine's load decided the result.)
                tokio::time::sleep(Duration::from_millis(2000 + (i as u64 * 37) % 2000)).await;
            }
        });
    }
    for (k, member) in writers.into_iter().enumerate() {
        let (cookies, votes, proposals, errors) = (
            cookies.clone(),
            votes.clone(),
            proposals.clone(),
            errors.clone(),
        );
        tasks.spawn(async move {
            let mut conn = match connect(addr).await {
                Ok(c) => c,
                Err(e) => return errors.lock().unwrap().push(format!("connect: {e}")),
            };
            let cookie = &cookies[&member];
            let mut n = k;
            while Instant::now() < stop {
                let (endpoint, form) = if n % 2 == 0 {
                    let vote = votes[n % votes.len()];
                    (
                        "vote/ballot",
                        format!("vote_id={vote}&choice={}", choice_for(member, n as i64)),
                    )
                } else {
                    let proposal = proposals[n % proposals.len()];
                    (
                        "proposal/comment",
                        format!("proposal_id={proposal}&stance=neutre&body=Message+de+charge+{n}"),
                    )
                };
                match call(&mut conn, addr, endpoint, &form, cookie).await {
                    Ok((StatusCode::OK, _)) => {}
                    Ok((status, body)) => errors
                        .lock()
                        .unwrap()
                        .push(format!("{endpoint}: {status} {body:?}")),
                    Err(e) => return errors.lock().unwrap().push(format!("{endpoint}: {e}")),
                }
                n += 1;
                // A member acts about once a second: a hundred writes a
                // second in all, far past a sitting's pace. (At five a
                // second each, the unoptimised build's writers queued past
                // the pool's timeouts whenever the machine was busy: the
                // test measured the CI machine, not the code.)
                tokio::time::sleep(Duration::from_millis(700 + (n as u64 * 53) % 600)).await;
            }
        });
    }
    tasks.join_all().await;
    let errors = errors.lock().unwrap().clone();
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    // Every reader was served, not just connected.
    assert_eq!(served.load(Ordering::Relaxed), READERS);
    drop(server);
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_see_each_others_votes_drafts_and_comments() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_POSTGRES_URL is not set: two-instance check skipped");
        return;
    };
    let (a, b) = (
        Server::start(&db.url, true).await,
        Server::start(&db.url, true).await,
    );
    let member = db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[2].0)
        .await
        .unwrap()
        .unwrap()
        .0;
    let cookie = sessions(&db, &[member]).await.remove(&member).unwrap();
    let vote = open_named_votes(&db).await[0];
    let proposal = ids(
        &db,
        &format!("SELECT proposal_id FROM votes WHERE id = {vote}"),
    )
    .await[0];
    let (mut to_a, mut to_b) = (
        connect(a.addr).await.unwrap(),
        connect(b.addr).await.unwrap(),
    );
    // Cast through one instance, read back through the other.
    for (choice, as_json) in [("contre", "against"), ("pour", "for")] {
        let form = format!("vote_id={vote}&choice={choice}");
        let (status, body) = call(&mut to_a, a.addr, "vote/ballot", &form, &cookie)
            .await
            .unwrap();
        assert_eq!(status, StatusCode::OK, "{body:?}");
        let form = format!("proposal_id={proposal}");
        let (status, body) = call(&mut to_b, b.addr, "proposal/me", &form, &cookie)
            .await
            .unwrap();
        assert_eq!(status, StatusCode::OK);
        let part: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            part["ballots"],
            serde_json::json!([[vote, { "named": as_json }]]),
            "{part}"
        );
    }

    // Live co-writing: an edit through one instance reaches a client of
    // the other (PostgreSQL's NOTIFY), both ways, and was stored.
    let draft = db::drafts::create(
        &db.conn,
        member,
        "environnement",
        "Des fontaines",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (a_addr, b_addr) = (a.addr.to_string(), b.addr.to_string());
    let mut on_a = ws::Client::join(&a_addr, draft, &cookie).await;
    let mut on_b = ws::Client::join(&b_addr, draft, &cookie).await;
    on_a.type_at(0, "Une fontaine par square.").await;
    on_b.until_text("Une fontaine par square.").await;
    on_b.type_at(0, "Proposition : ").await;
    on_a.until_text("Proposition : Une fontaine par square.")
        .await;
    let mut late = ws::Client::join(&a_addr, draft, &cookie).await;
    late.until_text("Proposition : Une fontaine par square.")
        .await;

    // Live comments: a page open on one instance hears of a comment made
    // through the other.
    let open = ids(
        &db,
        "SELECT id FROM proposals WHERE status = 'deliberation' ORDER BY id",
    )
    .await[0];
    let (_kept, mut events) = event_stream(b.addr, &format!("/proposals/{open}/events")).await;
    let form = format!("proposal_id={open}&stance=pour&body=Relayée+entre+instances");
    let (status, body) = call(&mut to_a, a.addr, "proposal/comment", &form, &cookie)
        .await
        .unwrap();
    assert_eq!(status, StatusCode::OK, "{body:?}");
    let announced = tokio::time::timeout(Duration::from_secs(10), async {
        let mut seen = String::new();
        while !seen.contains("event: comment") {
            let frame = events.frame().await.expect("the stream ended").unwrap();
            if let Ok(data) = frame.into_data() {
                seen.push_str(&String::from_utf8_lossy(&data));
            }
        }
        seen
    })
    .await
    .expect("the other instance's page was not told");
    assert!(announced.contains(&format!("data: {open}")), "{announced}");
    drop((a, b));
    db.remove().await;
}
