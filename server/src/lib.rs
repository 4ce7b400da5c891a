//! The Kleroterion server: configuration, router, start-up and shutdown.

mod assets;
mod calendar;
pub mod config;
mod cowrite;
mod live;
pub mod mailer;
mod one_click;
mod open_data;
mod page_cache;
pub mod pusher;
pub mod scheduler;
mod security;

use std::sync::Arc;
use std::time::Duration;

use app::auth::{mailer::OutboxMailer, session::AuthConfig};
use app::ssr::AppState;
use app::{App, shell};
use axum::handler::Handler;
use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::config::LeptosOptions;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::{
    compression::CompressionLayer, csrf::CsrfLayer, limit::RequestBodyLimitLayer,
    services::ServeDir, timeout::TimeoutLayer, trace::TraceLayer,
};

pub use config::{Command, Config};

/// Request bodies larger than this are refused with 413: no form or server
/// function of the product needs more.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The application's pages, listed once per process and before any page is
/// served: while leptos lists them it suspends every resource load in the
/// process (leptos #4773), so a page rendered at that moment by another
/// router would wait forever.
#[derive(Clone)]
pub struct Pages(Vec<AxumRouteListing>);

impl Pages {
    pub fn list() -> Self {
        Self(generate_route_list(App))
    }
}

/// The whole HTTP surface of the product.
pub fn router(pages: &Pages, state: AppState, request_timeout: Duration) -> Router {
    let routes = pages.0.clone();
    let options = state.leptos_options.clone();
    let assets = Arc::new(assets::Assets::of(std::path::Path::new(
        options.site_root.as_ref(),
    )));
    let prefix = assets.prefix();
    let page_shell = move |options| shell(options, prefix.clone());
    let https = state.public_url.starts_with("https://");
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/account/export.json", get(export_account))
        .route("/draws/{id}/record.json", get(draw_record))
        .route("/draws/{id}/inputs.json", get(draw_inputs))
        .route("/api/export", get(open_data::index))
        .route("/api/export/{file}", get(open_data::dataset))
        .route("/feed.atom", get(open_data::feed))
        .route("/suivi/retards.atom", get(open_data::late_feed))
        .route("/seances.ics", get(calendar::feed))
        .route("/sittings.ics", get(calendar::feed))
        .route(
            "/unsubscribe/one-click",
            get(one_click::show).post(one_click::post),
        )
        .route(
            "/v/{version}/{*path}",
            get(move |path, request| assets.clone().serve(path, request)),
        )
        .leptos_routes(&state, routes, {
            let page_shell = page_shell.clone();
            move || page_shell(options.clone())
        })
        // The site's files (the wasm and its chunks, styles, the workers)
        // are served here, outside leptos: its file handler can take the
        // status and headers a page being rendered at the same moment set
        // (a chunk once came back 404 with a page's headers, and the page
        // never hydrated). Only what is not a file goes to leptos's 404.
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(axum::middleware::from_fn(assets::fixed_caching))
                .map_response(|r: http::Response<_>| r.map(axum::body::Body::new))
                .service(
                    ServeDir::new(state.leptos_options.site_root.as_ref())
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(
                            leptos_axum::file_and_error_handler::<AppState, _>(page_shell)
                                .with_state(state.clone()),
                        ),
                ),
        )
        .layer(axum::middleware::map_response(error_status))
        .layer(axum::middleware::from_fn(security::page_caching))
        .layer(CompressionLayer::new())
        // Outside the compression: a kept page is kept compressed.
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), page_cache::PageCache::default()),
            page_cache::serve,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // State changes from another origin are refused (Origin and
        // Sec-Fetch-Site); GET never changes state.
        .layer(CsrfLayer::new());
    // Streams last: outside the request timeout and the compression.
    let streams = Router::new()
        .route("/proposals/{id}/events", get(live::proposal))
        .route("/drafts/{id}/events", get(live::draft))
        .route("/seances/{id}/events", get(live::sitting))
        .route("/sittings/{id}/events", get(live::sitting))
        .route("/drafts/{id}/ws", get(cowrite::socket));
    security::with_headers(router, https)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .merge(security::with_headers(streams, https))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Server functions answer every error with 500 unless the function itself
/// set a status; errors raised before it runs (arguments that do not parse,
/// a body that is not UTF-8) would stay 500. The status follows the error.
async fn error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Everything the platform holds about the signed-in person, as a download.
async fn export_account(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let user = match app::auth::session::user_of(&state.db, &state.auth, &headers).await {
        Ok(Some((user_id, _))) => user_id,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "sign in required").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the session of an account export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match db::accounts::export_account(&state.db, user).await {
        Ok(Some(export)) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"kleroterion-account.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&export).unwrap_or_default(),
        )
            .into_response(),
        Ok(None) => (StatusCode::UNAUTHORIZED, "sign in required").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The published record of a draw: every input and output, for anyone to
/// re-check (`lottery verify`, or the verification page in a browser).
async fn draw_record(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, "no such draw").into_response();
    };
    public_json(
        db::draws::record_json(&state.db, id).await,
        "no record for this draw",
    )
}

/// The committed inputs of a draw (its pseudonymised pool, quotas, k and
/// objective), public from the commitment on: volunteers find their
/// pseudonym in it, and anyone can check its hash before the draw.
async fn draw_inputs(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, "no such draw").into_response();
    };
    public_json(
        db::lifecycle::committed_inputs(&state.db, id).await,
        "the pool of this draw is not committed yet",
    )
}

/// A stored JSON document, served to anyone (and any origin).
fn public_json(stored: Result<Option<String>, db::DbErr>, missing: &'static str) -> Response {
    match stored {
        Ok(Some(json)) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            json,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, missing).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a published document");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Why the server could not start, in one line saying what to fix.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Database(#[from] db::ConnectError),
    #[error("cannot load the demo data: {0}")]
    Demo(db::DbErr),
    #[error(
        "cannot listen on {addr}: {reason}; choose another address with --addr or LEPTOS_SITE_ADDR"
    )]
    Listen {
        addr: std::net::SocketAddr,
        reason: String,
    },
    #[error("{0}")]
    SecretKey(String),
    #[error("{0}")]
    Command(String),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Runs what the command line asks: serve (default) or a one-off command.
pub async fn run(config: Config) -> Result<(), StartError> {
    let settings = db::PoolSettings {
        max_connections: config.db_max_connections,
        ..db::PoolSettings::default()
    };
    let conn = db::connect(&config.database_url, &settings).await?;
    match &config.command {
        Some(Command::CreateFacilitator { email, name }) => {
            create_facilitator(&conn, &config, email, name).await
        }
        None | Some(Command::Serve) => serve(conn, config).await,
    }
}

async fn serve(conn: db::DatabaseConnection, config: Config) -> Result<(), StartError> {
    if config.demo {
        let outcome = db::demo::load(&conn).await.map_err(StartError::Demo)?;
        tracing::info!(?outcome, "demo data");
    }
    let secret = security::secret_key(config.secret_key.as_deref(), &config.secret_key_file)
        .map_err(StartError::SecretKey)?;
    let vapid = pusher::vapid_key(config.vapid_key.as_deref(), &config.vapid_key_file)
        .map_err(StartError::SecretKey)?;
    let pusher = pusher::Pusher::new(vapid, config.push_contact(), config.push_services());
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| StartError::Listen {
            addr: config.site_addr,
            reason: e.to_string(),
        })?;
    let public_url = config.public_url();
    let rooms = app::rooms::Rooms::new(conn.clone());
    let state = AppState {
        leptos_options: LeptosOptions::builder()
            .output_name(app::OUTPUT_NAME)
            .site_root(config.site_root.as_str())
            .site_addr(config.site_addr)
            .build(),
        db: conn.clone(),
        auth: AuthConfig::new(&secret, public_url.starts_with("https://"))
            .with_trusted_proxies(config.trusted_proxies.clone()),
        mailer: Arc::new(OutboxMailer),
        public_url: public_url.into(),
        clock: app::ssr::Clock::system(),
        draw_jobs: app::ssr::DrawJobs::default(),
        live: app::live::Hub::new(conn.clone(), rooms.instance()),
        rooms,
        operator: Arc::new(app::ssr::Operator {
            name: config.operator.clone(),
            contact: config.contact.clone(),
            hosting: config.hosting.clone(),
        }),
        push: Arc::new(app::ssr::PushConfig {
            public_key: pusher.public_key(),
            services: config.push_services(),
        }),
        board: db::board::Cache::default(),
        assembly: db::composition::Cache::default(),
    };
    let purge = tokio::spawn(purge_expired_sessions(conn.clone()));
    let transport = config
        .sendmail
        .as_deref()
        .and_then(|command| mailer::Transport::parse(command, &config.mail_from));
    if transport.is_none() {
        tracing::info!("no --sendmail: mail stays in the outbox table");
    }
    let mail = tokio::spawn(mailer::run(
        state.clone(),
        transport,
        Duration::from_secs(config.mail_interval_secs),
    ));
    let pushes = tokio::spawn(pusher::run(
        state.clone(),
        pusher,
        Duration::from_secs(config.mail_interval_secs),
    ));
    let jobs = tokio::spawn(scheduler::run(state.clone(), scheduler::EVERY));
    let live_hub = state.live.clone();
    let rooms = state.rooms.clone();
    let relay = tokio::spawn(relay(conn.clone(), rooms.clone(), live_hub.clone()));
    let app = router(
        &Pages::list(),
        state,
        Duration::from_secs(config.request_timeout_secs),
    );
    tracing::info!(addr = %config.site_addr, "listening on http://{}", config.site_addr);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        // Open event streams would hold the shutdown until they end.
        let live = live_hub.clone();
        async move {
            shutdown_signal().await;
            live.close();
            rooms.close_all("server restarting");
        }
    })
    .await
    .map_err(StartError::Serve)?;
    tracing::info!("shutting down");
    purge.abort();
    mail.abort();
    pushes.abort();
    jobs.abort();
    relay.abort();
    conn.close().await.ok();
    Ok(())
}

async fn create_facilitator(
    conn: &db::DatabaseConnection,
    config: &Config,
    email: &str,
    name: &str,
) -> Result<(), StartError> {
    let email = domain::account::Email::parse(email)
        .map_err(|e| StartError::Command(format!("--email is not a valid address ({e:?})")))?;
    let name = domain::account::DisplayName::parse(name)
        .map_err(|e| StartError::Command(format!("--name is not a valid display name ({e:?})")))?;
    let now = chrono::Utc::now();
    let user_id = db::accounts::ensure_facilitator(conn, email.as_str(), name.as_str(), now)
        .await
        .map_err(|e| StartError::Command(format!("cannot create the facilitator: {e}")))?;
    let token = hex::encode(app::auth::session::random_bytes());
    db::accounts::create_reset(
        conn,
        user_id,
        &app::auth::session::token_hash(&token),
        now,
        now + chrono::Duration::hours(24),
    )
    .await
    .map_err(|e| StartError::Command(format!("cannot create the password link: {e}")))?;
    println!(
        "{} is a facilitator. To choose the password, open within 24 hours:\n{}/reset-password?token={token}",
        email.as_str(),
        config.public_url()
    );
    Ok(())
}

/// Applies the draft edits other instances store and passes on the changes
/// they announce (PostgreSQL only; with SQLite there is one instance and
/// nothing to relay).
async fn relay(conn: db::DatabaseConnection, rooms: app::rooms::Rooms, live: app::live::Hub) {
    let mut listener = match db::relay::listen(&conn).await {
        Ok(Some(listener)) => listener,
        Ok(None) => return,
        Err(e) => {
            tracing::error!(error = %e, "nothing from other instances will be relayed");
            return;
        }
    };
    tracing::info!(
        instance = rooms.instance(),
        "relaying draft edits and changes between instances"
    );
    loop {
        match listener.recv().await {
            Ok(notification) if notification.channel() == db::relay::LIVE_CHANNEL => {
                live.relayed(notification.payload())
            }
            Ok(notification) => rooms.relayed(notification.payload()).await,
            Err(e) => {
                // The listener reconnects on its next call.
                tracing::warn!(error = %e, "relay between instances interrupted");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Expired sessions and reset tokens are deleted every hour.
async fn purge_expired_sessions(conn: db::DatabaseConnection) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match db::accounts::purge_expired(&conn, chrono::Utc::now()).await {
            Ok(n) => tracing::debug!(removed = n, "expired sessions purged"),
            Err(e) => tracing::warn!(error = %e, "could not purge expired sessions"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
