//! Web Push (RFC 8030): a device's subscription as its browser gives it,
//! and which push services the server agrees to send to. The endpoint is an
//! address the server will POST to, so it is checked against a list of
//! push services before it is stored: a subscription can never make the
//! server call an address inside the city's network.

use serde::{Deserialize, Serialize};

/// The longest endpoint stored (the services' are far shorter).
pub const ENDPOINT_MAX: usize = 2048;
/// Devices one person may be notified on; subscribing one more forgets
/// the oldest.
pub const DEVICES_MAX: usize = 10;

/// The browsers' push services: an origin, or `https://*.` and a domain
/// for a service with many hosts.
pub const KNOWN_SERVICES: &[&str] = &[
    "https://fcm.googleapis.com",
    "https://updates.push.services.mozilla.com",
    "https://web.push.apple.com",
    "https://*.notify.windows.com",
];

/// A device's subscription: where to send, and the keys the payload is
/// encrypted to (RFC 8291), both base64url as the browser gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// What the service worker shows: the notification's title and text, and
/// the page it opens, from the site's root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub title: String,
    pub body: String,
    pub path: String,
}

/// The largest payload in bytes: RFC 8291 allows 3,993 bytes of plain text
/// in one 4,096-byte record; the rest is kept for the JSON around it.
pub const PAYLOAD_MAX: usize = 3_000;

/// Whether `endpoint` is an address on one of the `services` (see
/// [`KNOWN_SERVICES`]): the service's origin then a path, nothing hidden
/// in between (no user name, no other port, no look-alike host).
pub fn endpoint_allowed(endpoint: &str, services: &[String]) -> bool {
    if endpoint.len() > ENDPOINT_MAX
        || endpoint
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    services.iter().any(|service| on_service(endpoint, service))
}

fn on_service(endpoint: &str, service: &str) -> bool {
    if let Some(domain) = service.strip_prefix("https://*.") {
        let Some(rest) = endpoint.strip_prefix("https://") else {
            return false;
        };
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let plain_host = host
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        return plain_host
            && path.len() > 1
            && host.len() > domain.len() + 1
            && host.ends_with(domain)
            && host[..host.len() - domain.len()].ends_with('.');
    }
    endpoint
        .strip_prefix(service)
        .is_some_and(|path| path.len() > 1 && path.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        KNOWN_SERVICES.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_browsers_services_are_allowed() {
        for endpoint in [
            "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",
            "https://updates.push.services.mozilla.com/wpush/v2/gAAAAA",
            "https://web.push.apple.com/QGuQyavXutnMH7xHx",
            "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
        ] {
            assert!(endpoint_allowed(endpoint, &known()), "{endpoint}");
        }
    }

    #[test]
    fn addresses_elsewhere_are_refused() {
        for endpoint in [
            "http://fcm.googleapis.com/fcm/send/x",
            "https://fcm.googleapis.com",
            "https://fcm.googleapis.com/",
            "https://fcm.googleapis.com.evil.example/x",
            "https://fcm.googleapis.com@127.0.0.1/x",
            "https://fcm.googleapis.com:8443/x",
            "https://127.0.0.1/x",
            "http://169.254.169.254/latest/meta-data",
            "https://notify.windows.com/x",
            "https://evilnotify.windows.com/x",
            "https://a.notify.windows.com:444/x",
            "https://user@a.notify.windows.com/x",
            "https://a.notify.windows.com",
            "https://fcm.googleapis.com/x\r\nHost: intranet",
            "https://fcm.googleapis.com/x y",
            "",
        ] {
            assert!(!endpoint_allowed(endpoint, &known()), "{endpoint}");
        }
        let long = format!("https://fcm.googleapis.com/{}", "a".repeat(ENDPOINT_MAX));
        assert!(!endpoint_allowed(&long, &known()));
    }

    #[test]
    fn a_service_named_by_configuration_is_the_only_one_then() {
        let local = vec!["http://127.0.0.1:4100".to_owned()];
        assert!(endpoint_allowed("http://127.0.0.1:4100/push/1", &local));
        assert!(!endpoint_allowed("http://127.0.0.1:4101/push/1", &local));
        assert!(!endpoint_allowed("http://127.0.0.1:41000/push/1", &local));
        assert!(!endpoint_allowed(
            "https://fcm.googleapis.com/fcm/send/x",
            &local
        ));
    }
}
