//! Sessions on the server: signed cookies, hashed tokens, rate limits.

use std::net::IpAddr;
use std::sync::Arc;

use chrono::Utc;
use hmac::{Hmac, Mac};
use http::header::{COOKIE, HeaderValue, SET_COOKIE};
use sha2::{Digest, Sha256};

use crate::error::AppError;

pub const COOKIE_NAME: &str = "kl_session";
/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 30;

/// Secrets and settings for sessions, made once at start-up.
#[derive(Clone)]
pub struct AuthConfig {
    secret: Arc<[u8]>,
    /// Cookies get `Secure` when the site is served over https.
    pub secure_cookies: bool,
    /// A real argon2 hash checked when an e-mail is unknown, so that
    /// sign-in takes the same time whether or not the account exists.
    pub decoy_hash: Arc<str>,
    /// Proxies whose `X-Forwarded-For` is believed (`real_client`).
    pub trusted_proxies: Arc<[IpAddr]>,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("secure_cookies", &self.secure_cookies)
            .finish_non_exhaustive()
    }
}

impl AuthConfig {
    pub fn new(secret: &[u8], secure_cookies: bool) -> AuthConfig {
        AuthConfig {
            secret: secret.into(),
            secure_cookies,
            decoy_hash: db::passwords::hash(&hex::encode(random_bytes())).into(),
            trusted_proxies: Arc::from([]),
        }
    }

    /// Believes these proxies' `X-Forwarded-For` (the HTTPS proxy in front
    /// of the server: without it, every resident would share its address).
    pub fn with_trusted_proxies(mut self, proxies: Vec<IpAddr>) -> AuthConfig {
        self.trusted_proxies = proxies.into();
        self
    }

    fn sign(&self, token: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any length");
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A stable, unguessable value derived from the server's key (labels
    /// that must not reveal whom they stand for).
    pub fn derive(&self, purpose: &str) -> String {
        self.sign(purpose)
    }

    /// Whether `value` is [`Self::derive`]`(purpose)`, compared in constant
    /// time (links that carry a derived value as their credential).
    pub fn verify_derived(&self, purpose: &str, value: &str) -> bool {
        let Ok(given) = hex::decode(value) else {
            return false;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.secret) else {
            return false;
        };
        mac.update(purpose.as_bytes());
        mac.verify_slice(&given).is_ok()
    }

    /// A new session token and the cookie value that carries it.
    pub fn new_token(&self) -> (String, String) {
        let token = hex::encode(random_bytes());
        let cookie = format!("{token}.{}", self.sign(&token));
        (token, cookie)
    }

    /// The token of a cookie value whose signature is right.
    pub fn verify_cookie(&self, value: &str) -> Option<String> {
        let (token, signature) = value.split_once('.')?;
        let expected = hex::decode(signature).ok()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).ok()?;
        mac.update(token.as_bytes());
        mac.verify_slice(&expected).ok()?;
        Some(token.to_owned())
    }

    pub fn set_cookie(&self, value: &str, max_age_secs: i64) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{COOKIE_NAME}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}"
        ))
        .unwrap_or_else(|_| HeaderValue::from_static("kl_session=; Path=/; Max-Age=0"))
    }
}

/// The token is a secret: the database keeps only its hash.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// The session cookie's value in a request's headers.
pub fn session_cookie(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

/// The signed-in user of a request, if any.
pub async fn user_of(
    conn: &db::DatabaseConnection,
    auth: &AuthConfig,
    headers: &http::HeaderMap,
) -> Result<Option<(i64, String)>, AppError> {
    let Some(token) = session_cookie(headers).and_then(|c| auth.verify_cookie(&c)) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    Ok(db::accounts::session_user(conn, &hash, Utc::now())
        .await?
        .map(|id| (id, hash)))
}

/// Starts a session and returns the `Set-Cookie` header that carries it.
pub async fn start_session(
    conn: &db::DatabaseConnection,
    auth: &AuthConfig,
    user_id: i64,
) -> Result<HeaderValue, AppError> {
    let (token, cookie) = auth.new_token();
    let now = Utc::now();
    db::accounts::create_session(
        conn,
        user_id,
        &token_hash(&token),
        now,
        now + chrono::Duration::days(SESSION_DAYS),
    )
    .await?;
    Ok(auth.set_cookie(&cookie, SESSION_DAYS * 86_400))
}

pub fn clear_cookie(auth: &AuthConfig) -> HeaderValue {
    auth.set_cookie("", 0)
}

pub fn set_response_cookie(value: HeaderValue) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(SET_COOKIE, value);
    }
}

/// The address a request came from: the peer's, or — when the peer is
/// one of our trusted proxies — the nearest address in `X-Forwarded-For`
/// that is not one of them. Entries further left are whatever the client
/// wrote, so they are never believed; a peer that is not a trusted proxy
/// is believed about nothing.
pub fn real_client(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for
        .iter()
        .flat_map(|header| header.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            // Our proxy wrote something we cannot read: the proxy is all
            // we know.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AuthConfig {
        AuthConfig {
            secret: Arc::from(&b"0123456789abcdef0123456789abcdef"[..]),
            secure_cookies: true,
            decoy_hash: Arc::from("x"),
            trusted_proxies: Arc::from([]),
        }
    }

    #[test]
    fn a_cookie_verifies_only_with_its_own_signature() {
        let auth = config();
        let (token, cookie) = auth.new_token();
        assert_eq!(auth.verify_cookie(&cookie), Some(token.clone()));
        let forged = format!("{}.{}", "0".repeat(64), cookie.split_once('.').unwrap().1);
        assert_eq!(auth.verify_cookie(&forged), None);
        assert_eq!(auth.verify_cookie(&token), None);
        assert_eq!(auth.verify_cookie("a.zz"), None);
        let other = AuthConfig {
            secret: Arc::from(&b"another secret key of 32 bytes!!"[..]),
            ..config()
        };
        assert_eq!(other.verify_cookie(&cookie), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let header = config().set_cookie("v", 60);
        let text = header.to_str().unwrap();
        assert!(
            text.contains("HttpOnly") && text.contains("SameSite=Lax") && text.contains("Secure")
        );
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_only_about_its_own_hop() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.2");
        let trusted = [proxy, ip("10.0.0.3")];
        // Straight from the Internet: X-Forwarded-For is the client's own words.
        assert_eq!(
            real_client(ip("203.0.113.7"), &["198.51.100.1"], &trusted),
            ip("203.0.113.7")
        );
        // Through our proxy: the address it saw.
        assert_eq!(
            real_client(proxy, &["198.51.100.1"], &trusted),
            ip("198.51.100.1")
        );
        // A client writing its own X-Forwarded-For: the proxy appends the
        // real address, the made-up ones to its left are ignored.
        assert_eq!(
            real_client(proxy, &["1.2.3.4, 5.6.7.8", "198.51.100.1"], &trusted),
            ip("198.51.100.1")
        );
        // Two of our proxies in a row, and IPv6.
        assert_eq!(
            real_client(proxy, &["2001:db8::1, 10.0.0.3"], &trusted),
            ip("2001:db8::1")
        );
        // Nothing readable, or nothing at all: the proxy is all we know.
        assert_eq!(real_client(proxy, &["garbage"], &trusted), proxy);
        assert_eq!(real_client(proxy, &[], &trusted), proxy);
        assert_eq!(
            real_client(proxy, &["198.51.100.1"], &[]),
            proxy,
            "no proxy trusted unless configured"
        );
    }
}
