//! What the server shares with every request handler and server function.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use leptos::prelude::LeptosOptions;

use crate::auth::{mailer::Mailer, session::AuthConfig};

/// Provided through context by the server (no globals); read it with
/// [`super::state`].
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: db::DatabaseConnection,
    pub auth: AuthConfig,
    pub mailer: Arc<dyn Mailer>,
    /// The address residents use, for links in e-mails
    /// (`https://assemblee.example.org`, no trailing slash).
    pub public_url: Arc<str>,
    /// The lifecycle's clock (the system's, or a test's).
    pub clock: Clock,
    /// Draws computing in the background.
    pub draw_jobs: DrawJobs,
    /// Announcements to the pages open on a proposal.
    pub live: crate::live::Hub,
    /// Drafts being written live on this instance.
    pub rooms: crate::rooms::Rooms,
    /// Who runs this instance, for the legal notices and the privacy and
    /// accessibility statements.
    pub operator: Arc<Operator>,
    /// Web Push: the key browsers subscribe with, the services allowed.
    pub push: Arc<PushConfig>,
    /// The accountability board's items, kept while true.
    pub board: db::board::Cache,
    /// The assembly's composition and turnout, kept while true.
    pub assembly: db::composition::Cache,
}

/// Who runs this instance, as its operator configured it (`--operator`,
/// `--contact`, `--hosting`); the notices say what is not configured.
#[derive(Clone, Debug, Default)]
pub struct Operator {
    pub name: Option<String>,
    pub contact: Option<String>,
    pub hosting: Option<String>,
}

/// Where pushes may go and what browsers subscribe with (Web Push).
#[derive(Clone, Debug)]
pub struct PushConfig {
    /// The VAPID public key, uncompressed P-256 point in base64url.
    pub public_key: String,
    /// The push services a subscription may name
    /// (`domain::push::KNOWN_SERVICES` unless configured).
    pub services: Vec<String>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The time the lifecycle runs on: the system clock, or a clock that
/// tests move forward (ceremony deadlines are hours apart).
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Clock {
        Clock(None)
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Some(at) = &self.0 {
            *at.lock().unwrap_or_else(|e| e.into_inner()) += by;
        }
    }
}

/// Draws being computed in the background, with their progress.
#[derive(Clone, Default)]
pub struct DrawJobs(Arc<Mutex<BTreeMap<i64, u8>>>);

impl DrawJobs {
    pub fn set(&self, draw_id: i64, percent: u8) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(draw_id, percent);
    }

    pub fn get(&self, draw_id: i64) -> Option<u8> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&draw_id)
            .copied()
    }

    pub fn finish(&self, draw_id: i64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&draw_id);
    }
}
