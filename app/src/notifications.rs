//! Notifications in the app: what concerns the signed-in person (their
//! proposal amended, a vote opened, the city's answer).

use domain::NotificationView;
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// The signed-in person's latest notifications.
#[server(endpoint = "notifications/list")]
pub async fn notifications() -> Result<Vec<NotificationView>, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    Ok(db::notifications::list(&state.db, viewer.user_id).await?)
}

/// Marks all of the signed-in person's notifications read.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read() -> Result<u64, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    Ok(db::notifications::mark_all_read(&state.db, viewer.user_id, chrono::Utc::now()).await?)
}
