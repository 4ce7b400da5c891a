//! Notifications: what concerns the signed-in person (their proposal
//! amended, a vote opened, the city's answer), how they choose to hear of
//! each kind, and the e-mailed links that stop a kind of mail.

use domain::{Delivery, NotificationKind, NotificationPref, NotificationView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

/// How the signed-in person hears of each kind of event.
#[server(endpoint = "notifications/prefs")]
pub async fn notification_prefs() -> Result<Vec<NotificationPref>, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    Ok(db::notifications::prefs(&state.db, viewer.user_id).await?)
}

/// Changes how the signed-in person hears of one kind of event.
#[server(endpoint = "notifications/pref")]
pub async fn set_notification_pref(kind: String, delivery: String) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    let mut fields = ssr::Fields::new(ssr::lang());
    let kind = fields.require(
        "kind",
        NotificationKind::parse(&kind),
        Msg::BadNotificationKind,
    );
    let delivery = fields.require("delivery", Delivery::parse(&delivery), Msg::BadDelivery);
    let (kind, delivery) = fields.finish((kind, delivery))?;
    let now = state.clock.now();
    Ok(db::notifications::set_pref(&state.db, viewer.user_id, kind, delivery, now).await?)
}

/// Follows (or stops following) a proposal: its news reaches the signed-in
/// person as it reaches its supporters.
#[server(endpoint = "follow/proposal")]
pub async fn follow_proposal(proposal_id: i64, on: bool) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    let now = state.clock.now();
    Ok(db::follows::follow_proposal(&state.db, viewer.user_id, proposal_id, on, now).await?)
}

/// Follows (or stops following) a theme: each new proposal in it, and the
/// news of its proposals, reach the signed-in person.
#[server(endpoint = "follow/theme")]
pub async fn follow_theme(theme: String, on: bool) -> Result<(), AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    let now = state.clock.now();
    db::follows::follow_theme(&state.db, viewer.user_id, &theme, on, now)
        .await
        .map_err(|e| match e {
            db::Error::NotFound => AppError::invalid("theme", Msg::BadTheme, ssr::lang()),
            other => other.into(),
        })
}

/// What the signed-in person follows.
#[server(endpoint = "follow/list")]
pub async fn following() -> Result<domain::Following, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    Ok(db::follows::following(&state.db, viewer.user_id).await?)
}

/// What an unsubscribe link stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailStopped {
    /// The e-mails of one kind of event.
    Kind(NotificationKind),
    /// A digest (daily or weekly).
    Digest(Delivery),
}

/// What following the link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnsubscribeOutcome {
    Done,
    /// That mail was stopped already.
    Already,
    /// The person chose that mail again after the link was sent: the old
    /// link does not undo the newer choice.
    Stale,
}

#[cfg(feature = "ssr")]
fn read_link(state: &ssr::AppState, token: &str) -> Result<crate::mail::Unsubscribe, AppError> {
    use crate::i18n::Msg;
    use crate::mail::{LinkError, Unsubscribe};
    Unsubscribe::read(&state.auth, token, state.clock.now()).map_err(|e| {
        let msg = match e {
            LinkError::Forged => Msg::UnsubscribeInvalid,
            LinkError::Expired => Msg::UnsubscribeExpired,
        };
        AppError::invalid("token", msg, ssr::lang())
    })
}

/// What a link would stop (anyone holding the link; nothing changes).
#[server(endpoint = "unsubscribe/get")]
pub async fn unsubscribe_link(token: String) -> Result<MailStopped, AppError> {
    use db::notifications::MailScope;
    let state = ssr::state()?;
    Ok(match read_link(&state, &token)?.scope {
        MailScope::Kind(kind) => MailStopped::Kind(kind),
        MailScope::Digest(digest) => MailStopped::Digest(digest),
    })
}

/// Stops the mail a link stands for, without signing in: the link is the
/// credential (the server signed the person, the kind and the time).
#[server(endpoint = "unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<UnsubscribeOutcome, AppError> {
    let state = ssr::state()?;
    stop_mail(&state, &token).await
}

/// Follows an unsubscribe link (the page's button, and RFC 8058's
/// one-click POST that mail programs send).
#[cfg(feature = "ssr")]
pub async fn stop_mail(state: &ssr::AppState, token: &str) -> Result<UnsubscribeOutcome, AppError> {
    use db::notifications::Unsubscribed;
    let link = read_link(state, token)?;
    let done = db::notifications::unsubscribe(
        &state.db,
        link.user_id,
        link.scope,
        link.issued_at,
        state.clock.now(),
    )
    .await?;
    Ok(match done {
        Unsubscribed::Done => UnsubscribeOutcome::Done,
        Unsubscribed::Already => UnsubscribeOutcome::Already,
        Unsubscribed::Stale => UnsubscribeOutcome::Stale,
    })
}
