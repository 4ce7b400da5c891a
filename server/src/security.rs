//! Security headers and the cookie-signing key.

use axum::{
    Router,
    http::{HeaderName, HeaderValue, header},
    response::Response,
};
use tower_http::set_header::SetResponseHeaderLayer;

/// Headers on every response. Pages set their own Content-Security-Policy
/// with the nonce of their inline scripts (see `app::shell`); this default
/// covers everything else.
pub fn with_headers<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let hsts = if https {
        "max-age=31536000; includeSubDomains"
    } else {
        "max-age=0"
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            // Not on pages (they carry their own policy with their nonce)
            // nor on redirects (the page they lead to brings its own).
            |response: &Response| {
                let kind = response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if kind.starts_with("text/html") || response.status().is_redirection() {
                    None
                } else if kind.contains("javascript") {
                    // A script's own policy binds it only when it runs as a
                    // worker: the verifier's worker loads its wasm and the
                    // published record from this site, nothing else.
                    Some(HeaderValue::from_static(
                        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
                         connect-src 'self'; frame-ancestors 'none'",
                    ))
                } else {
                    Some(HeaderValue::from_static(
                        "default-src 'none'; frame-ancestors 'none'",
                    ))
                }
            },
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("strict-transport-security"),
            HeaderValue::from_static(hsts),
        ))
}

/// Pages seen signed in are that person's: no cache (the browser's, a
/// proxy's, the installable app's service worker) may keep them. Public
/// pages may be kept, checked again before each use. A page that set its
/// own `Cache-Control` keeps it.
pub async fn page_caching(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let session = format!("{}=", app::auth::session::COOKIE_NAME);
    let signed_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim_start().starts_with(&session));
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !response.headers().contains_key(header::CACHE_CONTROL) {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if signed_in {
                "private, no-store"
            } else {
                "no-cache"
            }),
        );
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    }
    response
}

/// The key that signs session cookies: given, or kept in a file that is
/// created (mode 0600) the first time.
pub fn secret_key(given: Option<&str>, file: &str) -> Result<Vec<u8>, String> {
    if let Some(key) = given {
        return if key.len() >= 32 {
            Ok(key.as_bytes().to_vec())
        } else {
            Err("KLEROTERION_SECRET_KEY must be at least 32 characters".into())
        };
    }
    match std::fs::read_to_string(file) {
        Ok(key) if key.trim().len() >= 32 => Ok(key.trim().as_bytes().to_vec()),
        Ok(_) => Err(format!(
            "the secret key in {file} is shorter than 32 characters; delete the file to make a new one"
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = hex::encode(app::auth::session::random_bytes());
            write_private(file, &key).map_err(|e| format!("cannot create the secret key file {file}: {e}; set KLEROTERION_SECRET_KEY instead"))?;
            tracing::info!(file, "created a new secret key");
            Ok(key.into_bytes())
        }
        Err(e) => Err(format!("cannot read the secret key file {file}: {e}")),
    }
}

pub(crate) fn write_private(file: &str, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = std::path::Path::new(file)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn policy_of(content_type: &'static str) -> String {
        use tower::ServiceExt;
        let router: Router = with_headers(
            Router::new().route(
                "/",
                axum::routing::get(
                    move || async move { ([(header::CONTENT_TYPE, content_type)], "x") },
                ),
            ),
            false,
        );
        let request = axum::http::Request::get("/")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[tokio::test]
    async fn only_scripts_may_load_from_the_site_when_they_run_as_workers() {
        let worker = policy_of("text/javascript").await;
        assert!(worker.contains("connect-src 'self'"), "{worker}");
        assert!(
            worker.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{worker}"
        );
        assert!(worker.starts_with("default-src 'none'"), "{worker}");
        let data = policy_of("application/json").await;
        assert_eq!(data, "default-src 'none'; frame-ancestors 'none'");
    }

    #[test]
    fn a_short_given_key_is_refused_and_a_missing_file_is_created_once() {
        assert!(secret_key(Some("short"), "unused").is_err());
        let dir = std::env::temp_dir().join(format!("kleroterion-key-{}", std::process::id()));
        let file = dir.join("secret.key");
        let path = file.to_str().unwrap();
        let first = secret_key(None, path).unwrap();
        assert_eq!(
            secret_key(None, path).unwrap(),
            first,
            "the same key on restart"
        );
        assert_eq!(first.len(), 64);
        std::fs::remove_dir_all(dir).ok();
    }
}
