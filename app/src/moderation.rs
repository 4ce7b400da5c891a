//! The moderation queue: facilitators hide reported comments with a
//! public reason, or keep them.

use domain::ModerationItem;
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// The reported comments waiting for a facilitator.
#[server(endpoint = "moderation/queue")]
pub async fn moderation_queue() -> Result<Vec<ModerationItem>, AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::Moderate, domain::Resource::Assembly).await?;
    Ok(db::moderation::queue(&state.db).await?)
}

/// Hides a comment with a reason everyone will read.
#[server(endpoint = "moderation/hide")]
pub async fn hide_comment(comment_id: i64, reason: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Moderate, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let reason = fields.check(
        "reason",
        domain::account::bounded_text(&reason, 3, domain::notification::HIDE_REASON_MAX, false),
    );
    let reason = fields.finish(reason)?;
    let proposal_id = db::moderation::hide_comment(
        &state.db,
        comment_id,
        viewer.user_id,
        &reason,
        chrono::Utc::now(),
    )
    .await?;
    state
        .live
        .announce(crate::live::Change::Comments(proposal_id))
        .await;
    Ok(())
}

/// Keeps a reported comment and closes its reports.
#[server(endpoint = "moderation/dismiss")]
pub async fn dismiss_reports(comment_id: i64) -> Result<(), AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::Moderate, domain::Resource::Assembly).await?;
    db::moderation::dismiss_reports(&state.db, comment_id, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}
