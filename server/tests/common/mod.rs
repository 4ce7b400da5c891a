//! A fresh application on a fresh database, driven without a network.

#![allow(
    dead_code,
    reason = "each test file uses a different part of this helper"
)]

use std::sync::Arc;
use std::time::Duration;

use app::auth::{mailer::OutboxMailer, session::AuthConfig};
use app::ssr::AppState;
use axum::{
    Router,
    body::{Body, to_bytes},
    http::{HeaderMap, Request, StatusCode, header},
};
use db::testing::TestDb;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

const TEST_KEY: &[u8] = b"a test key that is long enough for hmac";

/// The proxy the test server trusts (its `X-Forwarded-For` is believed).
pub const TEST_PROXY: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

pub struct TestApp {
    pub db: TestDb,
    pub router: Router,
    /// What the router serves, for the background tasks under test.
    pub state: AppState,
    /// The lifecycle's clock, which tests move forward.
    pub clock: app::ssr::Clock,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The session cookie value this reply sets (empty when it clears it).
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("kl_session="))
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    }
}

pub fn router_for(db: &TestDb) -> Router {
    router_with_clock(db, app::ssr::Clock::fixed(chrono::Utc::now()))
}

pub fn router_with_clock(db: &TestDb, clock: app::ssr::Clock) -> Router {
    router(state_with_clock(db, clock))
}

/// The pages are listed once for the whole test binary: listing them while
/// another test renders a page would hang that page (see `server::Pages`).
static PAGES: std::sync::LazyLock<server::Pages> = std::sync::LazyLock::new(server::Pages::list);

/// The server's router on a state.
pub fn router(state: AppState) -> Router {
    // Generous: tests run in parallel on two cores; timeouts are not under test here.
    server::router(&PAGES, state, Duration::from_secs(120))
}

pub fn state_with_clock(db: &TestDb, clock: app::ssr::Clock) -> AppState {
    let rooms = app::rooms::Rooms::new(db.conn.clone());
    AppState {
        leptos_options: LeptosOptions::builder()
            .output_name(app::OUTPUT_NAME)
            .site_root("target/site")
            .build(),
        db: db.conn.clone(),
        auth: AuthConfig::new(TEST_KEY, false).with_trusted_proxies(vec![TEST_PROXY]),
        mailer: Arc::new(OutboxMailer),
        public_url: "http://127.0.0.1:3000".into(),
        clock,
        draw_jobs: app::ssr::DrawJobs::default(),
        live: app::live::Hub::new(db.conn.clone(), rooms.instance()),
        rooms,
        operator: Arc::new(app::ssr::Operator {
            name: Some("Ville de Test, 1 place de l'Essai, 75000 Paris".into()),
            contact: Some("donnees@test.example".into()),
            hosting: None,
        }),
        // RFC 8291's example server key: a valid point; tests that push
        // set their own (`with_push_service`).
        push: Arc::new(app::ssr::PushConfig {
            public_key: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8".into(),
            services: domain::push::KNOWN_SERVICES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }),
        board: db::board::Cache::default(),
        assembly: db::composition::Cache::default(),
    }
}

/// The JSON answer of a call that must have succeeded.
#[track_caller]
pub fn ok(reply: &Reply) -> serde_json::Value {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap_or(serde_json::Value::Null)
}

impl TestApp {
    /// A new facilitator's account, signed in, as a cookie header.
    pub async fn facilitator(&self, email: &str) -> String {
        let now = chrono::Utc::now();
        let user = db::accounts::create_account(
            &self.db.conn,
            db::accounts::NewAccount {
                email,
                display_name: "Facilitation",
                password_hash: "unused",
                lang: domain::Lang::Fr,
                now,
            },
        )
        .await
        .unwrap();
        db::accounts::set_role(
            &self.db.conn,
            None,
            user,
            db::accounts::Role::Facilitator,
            true,
            now,
        )
        .await
        .unwrap();
        self.session_for(user).await
    }

    pub async fn with_demo() -> TestApp {
        let db = TestDb::sqlite().await;
        db::demo::load(&db.conn).await.expect("demo loads");
        TestApp::on(db)
    }

    pub async fn empty() -> TestApp {
        TestApp::on(TestDb::sqlite().await)
    }

    /// The app on a given database, its clock at the present.
    pub fn on(db: TestDb) -> TestApp {
        let clock = app::ssr::Clock::fixed(chrono::Utc::now());
        let state = state_with_clock(&db, clock.clone());
        let router = router(state.clone());
        TestApp {
            db,
            router,
            state,
            clock,
        }
    }

    /// The app taking push subscriptions on `service` only, with `key`'s
    /// public half for browsers to subscribe with.
    pub fn with_push_service(
        mut self,
        key: &web_push_native::jwt_simple::algorithms::ES256KeyPair,
        service: &str,
    ) -> TestApp {
        self.state.push = Arc::new(app::ssr::PushConfig {
            public_key: server::pusher::public_key(key),
            services: vec![service.to_owned()],
        });
        self.router = router(self.state.clone());
        self
    }

    /// The account `email` made, by `facilitator`, an official answering
    /// for `department` (its slug).
    pub async fn name_official(&self, department: &str, email: &str, facilitator: &str) {
        let user_id = db::accounts::login_of(&self.db.conn, email)
            .await
            .unwrap()
            .unwrap()
            .0
            .to_string();
        ok(&self
            .call(
                "admin/department/official",
                &[
                    ("department", department),
                    ("user_id", &user_id),
                    ("answers", "true"),
                ],
                facilitator,
            )
            .await);
    }

    /// A signed-in session for a user, made as sign-in makes it (without
    /// its rate limits), as a cookie header.
    pub async fn session_for(&self, user_id: i64) -> String {
        let auth = AuthConfig::new(TEST_KEY, false);
        let (token, cookie) = auth.new_token();
        let now = chrono::Utc::now();
        db::accounts::create_session(
            &self.db.conn,
            user_id,
            &app::auth::session::token_hash(&token),
            now,
            now + chrono::Duration::days(1),
        )
        .await
        .unwrap();
        format!("kl_session={cookie}")
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        send_to(&self.router, request).await
    }

    pub async fn get(&self, uri: &str, cookies: &str) -> Reply {
        let mut request = Request::get(uri);
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// Calls a server function the way the hydrated page does (same-origin
    /// fetch, JSON answer).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)], cookies: &str) -> Reply {
        self.send(
            server_call(endpoint, cookies)
                .body(form_body(form))
                .unwrap(),
        )
        .await
    }

    /// Calls a server function as a client at `peer` reaches it — through
    /// a proxy when `forwarded_for` is set — on `router`: this app's, or
    /// another instance's on the same database.
    pub async fn call_as(
        &self,
        router: &Router,
        peer: std::net::SocketAddr,
        forwarded_for: Option<&str>,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Reply {
        let mut request = server_call(endpoint, "").extension(axum::extract::ConnectInfo(peer));
        if let Some(hops) = forwarded_for {
            request = request.header("x-forwarded-for", hops);
        }
        send_to(router, request.body(form_body(form)).unwrap()).await
    }

    /// Signs in and returns the cookie header to send afterwards.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let reply = self
            .call(
                "auth/signin",
                &[("email", email), ("password", password)],
                "",
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        format!(
            "kl_session={}",
            reply.session_cookie().expect("a session cookie")
        )
    }
}

/// Sends a request to a router and reads the whole answer.
pub async fn send_to(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), 10 * 1024 * 1024)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A server function's request as the hydrated page sends it.
fn server_call(endpoint: &str, cookies: &str) -> axum::http::request::Builder {
    let mut request = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin");
    if !cookies.is_empty() {
        request = request.header(header::COOKIE, cookies);
    }
    request
}

fn form_body(form: &[(&str, &str)]) -> Body {
    Body::from(
        form.iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&"),
    )
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A transport that keeps every message it is given in `dir`.
pub fn keeping_transport(dir: &std::path::Path) -> server::mailer::Transport {
    server::mailer::Transport {
        program: "sh".into(),
        args: vec!["-c".into(), format!("cat > {}/mail-$$.eml", dir.display())],
        from: "Assemblée citoyenne <noreply@paris.example>".into(),
    }
}

/// The messages a keeping transport kept, sorted.
pub fn mails_in(dir: &std::path::Path) -> Vec<String> {
    let mut mails: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    mails.sort();
    mails
}

/// The next chunk of an event stream, if one comes within a second.
pub async fn next_chunk(body: &mut axum::body::BodyDataStream) -> Option<String> {
    use futures::StreamExt;
    let chunk = tokio::time::timeout(Duration::from_secs(1), body.next())
        .await
        .ok()??
        .ok()?;
    Some(String::from_utf8_lossy(&chunk).into_owned())
}

/// A sitting prepared by `facilitator` for `days` ahead, 18:00–21:00 Paris
/// time at the Hôtel de Ville, while the demo's members sit; its id.
pub async fn new_sitting(app: &TestApp, facilitator: &str, days: i64) -> String {
    let day = (chrono::Utc::now() + chrono::Duration::days(days)).date_naive();
    let (starts, ends) = (format!("{day}T18:00"), format!("{day}T21:00"));
    let created = app
        .call(
            "sittings/create",
            &[
                ("starts", &starts),
                ("ends", &ends),
                ("place", "Hôtel de Ville, salle des fêtes"),
                ("livestream", ""),
            ],
            facilitator,
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    created.body.trim().to_owned()
}
