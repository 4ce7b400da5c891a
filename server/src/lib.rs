//! The Kleroterion server: configuration, router, start-up and shutdown.

pub mod config;

use std::time::Duration;

use app::{App, AppState, shell};
use axum::{Router, extract::State, http::StatusCode, routing::get};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{
    compression::CompressionLayer, limit::RequestBodyLimitLayer, timeout::TimeoutLayer,
    trace::TraceLayer,
};

pub use config::Config;

/// Request bodies larger than this are refused with 413: no form or server
/// function of the product needs more.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The whole HTTP surface of the product.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
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
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Opens the database, loads the demo if asked, and serves until SIGINT or
/// SIGTERM; in-flight requests finish before the pool closes.
pub async fn run(config: Config) -> Result<(), StartError> {
    let settings = db::PoolSettings {
        max_connections: config.db_max_connections,
        ..db::PoolSettings::default()
    };
    let conn = db::connect(&config.database_url, &settings).await?;
    if config.demo {
        let outcome = db::demo::load(&conn).await.map_err(StartError::Demo)?;
        tracing::info!(?outcome, "demo data");
    }
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| StartError::Listen {
            addr: config.site_addr,
            reason: e.to_string(),
        })?;
    let leptos_options = LeptosOptions::builder()
        .output_name(app::OUTPUT_NAME)
        .site_root(config.site_root.as_str())
        .site_addr(config.site_addr)
        .build();
    let state = AppState {
        leptos_options,
        db: conn.clone(),
    };
    let app = router(state, Duration::from_secs(config.request_timeout_secs));
    tracing::info!(addr = %config.site_addr, "listening on http://{}", config.site_addr);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)?;
    tracing::info!("shutting down");
    conn.close().await.ok();
    Ok(())
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
