//! Public views kept between requests while exactly true. A view is
//! computed from the database at an instant and says until when it holds
//! with nothing written; it is served again while its version is the same
//! and the clock is within that window. The version is a row of
//! `data_versions` the database moves itself, by triggers on every table
//! the view reads (migration `data_versions`): no write path can forget
//! it, and every instance on one PostgreSQL sees it. A crowd opening the
//! page costs one read of the version each; when the view is not true any
//! more one request computes it again, and the others wait for it rather
//! than all reading the database at once.

use std::future::Future;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// A view's version (a name of `data_versions`).
pub async fn version(conn: &impl ConnectionTrait, view: &str) -> Result<i64, DbErr> {
    crate::entity::data_version::Entity::find_by_id(view)
        .one(conn)
        .await?
        .map(|v| v.n)
        .ok_or_else(|| DbErr::RecordNotFound(format!("data_versions: {view}")))
}

/// One view, kept (cheap to clone: clones share it).
pub struct Kept<T> {
    view: &'static str,
    inner: Arc<Inner<T>>,
}

impl<T> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept {
            view: self.view,
            inner: self.inner.clone(),
        }
    }
}

struct Inner<T> {
    computed: RwLock<Option<Computed<T>>>,
    computing: tokio::sync::Mutex<()>,
}

struct Computed<T> {
    version: i64,
    at: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    value: Arc<T>,
}

impl<T> Kept<T> {
    /// The view of `data_versions` named `view`.
    pub fn new(view: &'static str) -> Self {
        Kept {
            view,
            inner: Arc::new(Inner {
                computed: RwLock::new(None),
                computing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The view at `now`: kept, or computed by `compute`, which returns it
    /// and the first instant after `now` at which it would read
    /// differently with nothing written (none: only a write changes it).
    pub async fn get<F, Fut, E>(
        &self,
        conn: &impl ConnectionTrait,
        now: DateTime<Utc>,
        compute: F,
    ) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(T, Option<DateTime<Utc>>), E>>,
        E: From<DbErr>,
    {
        if let Some(value) = self.kept(version(conn, self.view).await?, now) {
            return Ok(value);
        }
        let _alone = self.inner.computing.lock().await;
        // Read after waiting: whoever computed meanwhile may have read it.
        // Read before the view: if a write lands between, the view is kept
        // under the older version and computed again next time.
        let version = version(conn, self.view).await?;
        if let Some(value) = self.kept(version, now) {
            return Ok(value);
        }
        let (value, until) = compute().await?;
        let value = Arc::new(value);
        *self
            .inner
            .computed
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(Computed {
            version,
            at: now,
            until,
            value: value.clone(),
        });
        Ok(value)
    }

    fn kept(&self, version: i64, now: DateTime<Utc>) -> Option<Arc<T>> {
        let computed = self
            .inner
            .computed
            .read()
            .unwrap_or_else(|e| e.into_inner());
        computed
            .as_ref()
            .filter(|c| c.version == version && c.at <= now && c.until.is_none_or(|u| now < u))
            .map(|c| c.value.clone())
    }
}

/// The version of everything public pages show (migration
/// `page_versions`): the server's page cache keeps anonymous pages under
/// it.
pub const PAGES: &str = "pages";

/// The tables no public page shows: writes to them leave [`PAGES`] alone.
/// Every other table moves it (a test holds each table to one side).
pub const UNSHOWN: &[&str] = &[
    "app_meta",
    "comment_reports",
    "data_versions",
    "draft_suggestions",
    "draft_updates",
    "jobs",
    "notification_prefs",
    "notifications",
    "outbox",
    "password_resets",
    "push_messages",
    "push_subscriptions",
    "rate_attempts",
    "sessions",
    "signups",
];
