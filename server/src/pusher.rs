//! Web Push out (RFC 8030): the notifications people chose to have pushed
//! are queued as push messages (one per device, in the transaction that
//! marks the notification delivered), then each is encrypted to its
//! browser's keys (RFC 8291), signed with this instance's VAPID key
//! (RFC 8292) and posted to the device's push service. A device its push
//! service says is gone (404, 410) is forgotten; a refused message is
//! retried in the next rounds, up to `db::push::MAX_PUSH_ATTEMPTS` times.

use std::time::Duration;

use app::ssr::AppState;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use db::push::{Answer, Outgoing};
use web_push_native::jwt_simple::algorithms::{ECDSAP256PublicKeyLike, ES256KeyPair};
use web_push_native::{Auth, WebPushBuilder, p256};

/// Notifications and messages handled per round.
const BATCH: u64 = 50;
/// How long a push service may take to answer.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a push service keeps a message for a device that is offline.
const TIME_TO_LIVE: Duration = Duration::from_secs(24 * 60 * 60);

/// What signs and sends the pushes.
pub struct Pusher {
    key: ES256KeyPair,
    /// Who push services can reach about this instance (VAPID `sub`): a
    /// `mailto:` or `https:` address.
    contact: String,
    client: reqwest::Client,
    /// The push services a device may be on (checked again at sending,
    /// in case the configuration changed since it subscribed).
    services: Vec<String>,
}

impl Pusher {
    pub fn new(key: ES256KeyPair, contact: String, services: Vec<String>) -> Pusher {
        let client = reqwest::Client::builder()
            // A push service answers; it never sends the server elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(SEND_TIMEOUT)
            .build()
            .expect("the TLS backend is compiled in");
        Pusher {
            key,
            contact,
            client,
            services,
        }
    }

    /// The public key browsers subscribe with (uncompressed P-256 point,
    /// base64url).
    pub fn public_key(&self) -> String {
        public_key(&self.key)
    }
}

/// The public half of a VAPID key, as browsers take it.
pub fn public_key(key: &ES256KeyPair) -> String {
    URL_SAFE_NO_PAD.encode(key.public_key().public_key().to_bytes_uncompressed())
}

/// This instance's VAPID key: given (the private scalar in base64url), or
/// kept in a file that is created (mode 0600) the first time. Every
/// instance must share it: browsers subscribed with its public half.
pub fn vapid_key(given: Option<&str>, file: &str) -> Result<ES256KeyPair, String> {
    let parse = |text: &str, source: &str| {
        URL_SAFE_NO_PAD
            .decode(text.trim())
            .ok()
            .and_then(|bytes| ES256KeyPair::from_bytes(&bytes).ok())
            .ok_or_else(|| format!("{source} is not a P-256 private key in base64url"))
    };
    if let Some(key) = given {
        return parse(key, "KLEROTERION_VAPID_KEY");
    }
    match std::fs::read_to_string(file) {
        Ok(key) => parse(&key, file),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = ES256KeyPair::generate();
            match crate::security::write_private(file, &URL_SAFE_NO_PAD.encode(key.to_bytes())) {
                Ok(()) => {
                    tracing::info!(file, "created a new VAPID key for Web Push");
                    Ok(key)
                }
                // Another instance starting at the same time made it first.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    std::fs::read_to_string(file)
                        .map_err(|e| format!("cannot read the VAPID key file {file}: {e}"))
                        .and_then(|key| parse(&key, file))
                }
                Err(e) => Err(format!(
                    "cannot create the VAPID key file {file}: {e}; set KLEROTERION_VAPID_KEY instead"
                )),
            }
        }
        Err(e) => Err(format!("cannot read the VAPID key file {file}: {e}")),
    }
}

/// Every `every`: queues the new pushes, then sends what is queued.
pub async fn run(state: AppState, pusher: Pusher, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = round(&state, &pusher).await {
            tracing::warn!(error = %e, "push round failed; it will be retried");
        }
    }
}

/// One round: the notifications queued as pushes, and the messages the
/// push services took.
pub async fn round(state: &AppState, pusher: &Pusher) -> Result<(usize, usize), db::DbErr> {
    let now = state.clock.now();
    let mut queued = 0;
    for pending in db::notifications::pending(&state.db, domain::Delivery::Push, now, BATCH).await?
    {
        let payload = app::push::payload(&pending);
        if db::push::queue(&state.db, pending.id, pending.user_id, &payload, now).await? {
            queued += 1;
        }
    }
    let mut sent = 0;
    for message in db::push::unsent(&state.db, BATCH).await? {
        let answer = send(pusher, &message).await;
        if matches!(answer, Answer::Accepted(_)) {
            sent += 1;
        }
        db::push::answered(&state.db, &message, answer).await?;
    }
    Ok((queued, sent))
}

/// Encrypts, signs and posts one message; what the push service said.
async fn send(pusher: &Pusher, message: &Outgoing) -> Answer {
    let device = &message.device;
    if !domain::push::endpoint_allowed(&device.endpoint, &pusher.services) {
        tracing::warn!(
            subscription = message.subscription_id,
            "push endpoint no longer on an allowed service: forgotten"
        );
        return Answer::Gone;
    }
    let keys = app::push::keys::decode(&device.p256dh)
        .and_then(|point| p256::PublicKey::from_sec1_bytes(&point).ok())
        .zip(
            app::push::keys::decode(&device.auth)
                .and_then(|a| <[u8; 16]>::try_from(a).ok())
                .map(Auth::from),
        );
    let (Some((ua_public, auth)), Ok(endpoint)) = (keys, device.endpoint.parse::<http::Uri>())
    else {
        return Answer::Gone;
    };
    let request = WebPushBuilder::new(endpoint, ua_public, auth)
        .with_valid_duration(TIME_TO_LIVE)
        .with_vapid(&pusher.key, &pusher.contact)
        .build(message.payload.as_bytes());
    let request = match request.map(reqwest::Request::try_from) {
        Ok(Ok(request)) => request,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "push request not sendable");
            return Answer::Refused;
        }
        Err(e) => {
            tracing::warn!(error = %e, "push message not encrypted");
            return Answer::Refused;
        }
    };
    match pusher.client.execute(request).await {
        Ok(response) if response.status().is_success() => Answer::Accepted(chrono::Utc::now()),
        Ok(response) if matches!(response.status().as_u16(), 404 | 410) => Answer::Gone,
        Ok(response) => {
            tracing::warn!(status = %response.status(), subscription = message.subscription_id, "the push service refused a message");
            Answer::Refused
        }
        Err(e) => {
            tracing::warn!(error = %e, "the push service could not be reached");
            Answer::Refused
        }
    }
}
