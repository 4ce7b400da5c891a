//! Web Push: the devices a signed-in person turns push notifications on
//! for (the browser subscribes with this instance's public key, RFC 8292,
//! and the page sends the subscription here), and what a push says.
//! Sending is the server's pusher; the service worker shows them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// What the page needs to offer push on this device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushOffer {
    /// The instance's VAPID public key (base64url): the browser subscribes
    /// with it, and push services accept only pushes it signed.
    pub public_key: String,
    /// How many devices the person is notified on.
    pub devices: u64,
}

/// The instance's key, and the signed-in person's number of devices.
#[server(endpoint = "push/setup")]
pub async fn push_setup() -> Result<PushOffer, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    Ok(PushOffer {
        public_key: state.push.public_key.clone(),
        devices: db::push::devices(&state.db, viewer.user_id).await?,
    })
}

/// Notifies the signed-in person on the device whose browser gave this
/// subscription. Refused, and nothing stored, unless the endpoint is on a
/// known push service and the keys are a P-256 point and a 16-byte secret.
#[server(endpoint = "push/subscribe")]
pub async fn push_subscribe(
    endpoint: String,
    p256dh: String,
    auth: String,
) -> Result<u64, AppError> {
    use crate::i18n::Msg;
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    ssr::limit(
        &format!("push:subscribe:{}", viewer.user_id),
        20,
        chrono::Duration::hours(1),
    )
    .await?;
    let mut fields = ssr::Fields::new(ssr::lang());
    let endpoint = fields.require(
        "push",
        domain::push::endpoint_allowed(&endpoint, &state.push.services).then_some(endpoint),
        Msg::PushServiceRefused,
    );
    let keys = fields.require("push", keys::check(&p256dh, &auth), Msg::PushKeysBad);
    let (endpoint, ()) = fields.finish((endpoint, keys))?;
    let device = domain::push::Subscription {
        endpoint,
        p256dh,
        auth,
    };
    db::push::subscribe(&state.db, viewer.user_id, &device, state.clock.now()).await?;
    Ok(db::push::devices(&state.db, viewer.user_id).await?)
}

/// Stops pushes to the signed-in person's device at `endpoint` (another
/// person's device is never touched).
#[server(endpoint = "push/unsubscribe")]
pub async fn push_unsubscribe(endpoint: String) -> Result<u64, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    db::push::unsubscribe(&state.db, viewer.user_id, &endpoint).await?;
    Ok(db::push::devices(&state.db, viewer.user_id).await?)
}

/// A browser's keys, checked as RFC 8291 needs them.
#[cfg(feature = "ssr")]
pub mod keys {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    /// Base64url with or without its padding, as browsers differ.
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
    }

    /// `Some(())` when `p256dh` is a point of P-256 and `auth` 16 bytes.
    pub fn check(p256dh: &str, auth: &str) -> Option<()> {
        let point = decode(p256dh)?;
        web_push_native::p256::PublicKey::from_sec1_bytes(&point).ok()?;
        (decode(auth)?.len() == 16).then_some(())
    }
}

/// What a push says of a notification, in its reader's language: what
/// happened as the title, what about as the text, and the page it opens.
#[cfg(feature = "ssr")]
pub fn payload(pending: &db::notifications::Pending) -> String {
    use crate::i18n::{notification_about, notification_text};
    let lang = domain::Lang::parse(&pending.lang).unwrap_or_default();
    let mut body = notification_about(&pending.about, lang);
    if body.len() > 300 {
        let cut = (0..=300)
            .rev()
            .find(|i| body.is_char_boundary(*i))
            .unwrap_or(0);
        body.truncate(cut);
        body.push('…');
    }
    let payload = domain::push::Payload {
        title: notification_text(pending.kind, lang).to_owned(),
        body,
        path: pending.about.path(),
    };
    serde_json::to_string(&payload).expect("a payload is plain strings")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn keys_are_a_curve_point_and_sixteen_bytes() {
        // RFC 8291, section 5: the user agent's public key and secret.
        let p256dh = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
        let auth = "BTBZMqHH6r4Tts7J_aSIgg";
        assert_eq!(keys::check(p256dh, auth), Some(()));
        assert_eq!(keys::check(p256dh, "BTBZMqHH6r4Tts7J_aSIgg=="), Some(()));
        // A point off the curve, a short key, a short secret, not base64.
        let off_curve = format!("{}A", &p256dh[..p256dh.len() - 1]);
        assert_eq!(keys::check(&off_curve, auth), None);
        assert_eq!(keys::check(&p256dh[..40], auth), None);
        assert_eq!(keys::check(p256dh, "BTBZMqHH6r4T"), None);
        assert_eq!(keys::check("<script>", auth), None);
    }

    #[test]
    fn a_push_says_what_happened_about_what_in_the_readers_language() {
        let pending = |lang: &str, title: String| db::notifications::Pending {
            id: 1,
            user_id: 2,
            email: "m@example.org".into(),
            lang: lang.into(),
            kind: domain::NotificationKind::VoteOpened,
            about: domain::NotificationAbout::Proposal { id: 7, title },
            created_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        };
        let fr: domain::push::Payload =
            serde_json::from_str(&payload(&pending("fr", "Des arbres".into()))).unwrap();
        assert_eq!(fr.path, "/proposals/7");
        assert!(fr.body.contains("Des arbres"));
        let en: domain::push::Payload =
            serde_json::from_str(&payload(&pending("en", "Des arbres".into()))).unwrap();
        assert_ne!(fr.title, en.title);
        // A long title is cut on a character, and the whole stays small.
        let long = payload(&pending("fr", "é".repeat(5_000)));
        assert!(long.len() < domain::push::PAYLOAD_MAX, "{}", long.len());
        let cut: domain::push::Payload = serde_json::from_str(&long).unwrap();
        assert!(cut.body.ends_with('…'));
    }
}
