//! Public pages kept for anonymous visitors (issue 23). When a vote closes
//! or a draw is announced, thousands open the same few pages: rendering
//! each costs about a millisecond of CPU, serving a kept copy almost
//! nothing.
//!
//! - **Only anonymous visitors**: a request carrying a session cookie (even
//!   a stale one) is rendered for its person and never kept; a response
//!   that sets a cookie is never kept either. What an anonymous page
//!   depends on is its address, its language (the `lang` cookie) and the
//!   encoding it is sent in: those are the key.
//! - **Exact**: a kept page carries the version of everything public pages
//!   show (`data_versions.pages`, moved by the database on every write to
//!   a shown table, see `db::kept::UNSHOWN`), read *before* rendering; it
//!   is served only to requests that read no newer version, so the first
//!   anonymous read after any write renders again. What the clock alone changes
//!   (a deadline passing) is at most [`KEEP_FOR`] late.
//! - **Revalidation**: each kept page has an `ETag`; a browser asking
//!   again with it gets `304 Not Modified` and no body.
//! - The page's CSP nonce is kept with it. A nonce only matters to markup
//!   injected into the page, and injected data changes the version (or,
//!   in the address, the key), so the copy that would carry an injection
//!   is always rendered afresh, with a nonce nobody has seen.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::ssr::AppState;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::Lang;
use sha2::{Digest, Sha256};

/// What the clock alone may change on a kept page, at most this late.
pub const KEEP_FOR: Duration = Duration::from_secs(2);

/// Kept pages at most; past it, pages of older versions go first, then
/// all (a crawler walking every page of every filter must not grow the
/// memory without bound).
const MOST_PAGES: usize = 4096;

/// A page longer than this is served but not kept.
const LONGEST_PAGE: usize = 4 * 1024 * 1024;

/// The pages anyone sees alike. Not the draw's own pages: they show a
/// running draw's progress, which lives in memory and has no version.
fn public(path: &str) -> bool {
    let Some(path) = path.strip_prefix('/') else {
        return false;
    };
    let segments: Vec<&str> = path.split('/').collect();
    let id = |s: &str| !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit());
    match segments.as_slice() {
        [""] => true,
        [page] => matches!(
            *page,
            "proposals"
                | "draws"
                | "seances"
                | "sittings"
                | "suivi"
                | "tracking"
                | "assemblee"
                | "assembly"
                | "members"
                | "ledger"
                | "accessibility"
                | "legal"
                | "privacy"
        ),
        ["proposals", n] => id(n),
        ["proposals", n, "versions"] => id(n),
        ["seances" | "sittings", n] => id(n),
        ["seances", n, "ecran"] | ["sittings", n, "screen"] => id(n),
        _ => false,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    uri: String,
    lang: Lang,
    encoding: String,
}

struct Page {
    version: i64,
    at: Instant,
    etag: HeaderValue,
    headers: HeaderMap,
    body: Bytes,
}

/// Renderings of missing pages at once at most (by the key's hash): when
/// a kept page goes stale under a crowd, one request renders it and the
/// others wait for it, instead of all rendering it together.
const RENDERINGS: usize = 64;

/// The kept pages of one server (cheap to clone: clones share them).
#[derive(Clone)]
pub struct PageCache {
    pages: Arc<Mutex<HashMap<Key, Arc<Page>>>>,
    rendering: Arc<[tokio::sync::Mutex<()>]>,
    hasher: RandomState,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            pages: Arc::default(),
            rendering: (0..RENDERINGS)
                .map(|_| tokio::sync::Mutex::new(()))
                .collect(),
            hasher: RandomState::new(),
        }
    }
}

impl PageCache {
    /// The lock under which `key` is rendered.
    fn rendering(&self, key: &Key) -> &tokio::sync::Mutex<()> {
        let slot = self.hasher.hash_one(key) % RENDERINGS as u64;
        &self.rendering[usize::try_from(slot).unwrap_or(0)]
    }

    fn get(&self, key: &Key, version: i64) -> Option<Arc<Page>> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            // Rendered after every write up to `version`, if not later.
            .filter(|p| p.version >= version && p.at.elapsed() < KEEP_FOR)
            .cloned()
    }

    fn keep(&self, key: Key, page: Arc<Page>) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MOST_PAGES {
            let version = page.version;
            pages.retain(|_, p| p.version == version);
            if pages.len() >= MOST_PAGES {
                pages.clear();
            }
        }
        pages.insert(key, page);
    }
}

/// The key of a request that may be served from the cache, if it may.
fn key_of(request: &Request) -> Option<Key> {
    if request.method() != Method::GET {
        return None;
    }
    let cookies: Vec<&str> = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let session = format!("{}=", app::auth::session::COOKIE_NAME);
    if cookies
        .iter()
        .flat_map(|c| c.split(';'))
        .any(|c| c.trim_start().starts_with(&session))
    {
        return None;
    }
    let uri = request.uri();
    if !public(uri.path()) || uri.query().is_some_and(|q| q.len() > 256) {
        return None;
    }
    let encoding = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .map_or(Some(""), |v| v.to_str().ok())?;
    if encoding.len() > 128 {
        return None;
    }
    Some(Key {
        uri: uri.path_and_query().map_or("/", |p| p.as_str()).to_owned(),
        lang: cookies
            .iter()
            .find_map(|c| Lang::from_cookie_header(c))
            .unwrap_or_default(),
        encoding: encoding.to_owned(),
    })
}

/// Serves a public page to an anonymous visitor from the cache, or renders
/// and keeps it.
pub async fn serve(
    State((state, cache)): State<(AppState, PageCache)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    // Before rendering: a write landing during the rendering leaves the
    // page under the older version, to be rendered again.
    let Ok(version) = db::kept::version(&state.db, db::kept::PAGES).await else {
        return next.run(request).await;
    };
    let asked = request.headers().get(header::IF_NONE_MATCH).cloned();
    let page = match cache.get(&key, version) {
        Some(page) => page,
        None => match render_alone(&cache, (key, version), request, next).await {
            Ok(page) => page,
            Err(response) => return response,
        },
    };
    if asked.is_some_and(|a| a == page.etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            for value in page.headers.get_all(&name) {
                response.headers_mut().append(&name, value.clone());
            }
        }
        return response;
    }
    let mut response = Response::new(Body::from(page.body.clone()));
    *response.headers_mut() = page.headers.clone();
    response
}

/// Renders a missing page, one request per key at a time; those that
/// waited get the page it kept. The response as it came when it may not
/// be kept.
async fn render_alone(
    cache: &PageCache,
    (key, version): (Key, i64),
    request: Request,
    next: Next,
) -> Result<Arc<Page>, Response> {
    let _alone = cache.rendering(&key).lock().await;
    // Whoever rendered meanwhile kept a page at least as new as the
    // version read before waiting; no read again (the waiters pass the
    // lock one by one: each must be quick).
    if let Some(page) = cache.get(&key, version) {
        return Ok(page);
    }
    let page = Arc::new(keepable(next.run(request).await, version).await?);
    cache.keep(key, page.clone());
    Ok(page)
}

/// The rendered page as kept, or the response as it came when it may not
/// be kept (an error, not a page, a cookie set, too long).
async fn keepable(response: Response, version: i64) -> Result<Page, Response> {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !html
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, LONGEST_PAGE).await else {
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    let digest = Sha256::digest(&body);
    let etag = format!("\"{version}-{}\"", hex::encode(&digest[..8]));
    let Ok(etag) = HeaderValue::from_str(&etag) else {
        return Err(Response::from_parts(parts, Body::from(body)));
    };
    let mut headers = parts.headers;
    headers.insert(header::ETAG, etag.clone());
    Ok(Page {
        version,
        at: Instant::now(),
        etag,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pages_everyone_sees_alike_are_kept() {
        for path in [
            "/",
            "/proposals",
            "/proposals/12",
            "/proposals/12/versions",
            "/seances/3",
            "/seances/3/ecran",
            "/sittings/3/screen",
            "/suivi",
            "/assemblee",
            "/members",
            "/ledger",
            "/draws",
        ] {
            assert!(public(path), "{path}");
        }
        for path in [
            "/account",
            "/notifications",
            "/drafts",
            "/drafts/4",
            "/moderation",
            "/admin/users",
            "/signin",
            "/invitations/abc",
            "/draws/1",
            "/draws/1/verify",
            "/proposals/new",
            "/proposals/x",
            "/proposals/12/edit",
            "/seances/3/ecran/x",
            "/pkg/kleroterion.js",
            "//proposals",
        ] {
            assert!(!public(path), "{path}");
        }
    }
}
