//! The site's files and how long a browser may keep them.
//!
//! The page bundle (`pkg/`: the wasm, its chunks, the script that loads
//! them, the style) is served under an address naming its build,
//! `/v/{version}/pkg/…`, where `version` is a hash of those files: the
//! address changes whenever one byte does, so a browser keeps them a year
//! without asking again (`immutable`), and a phone does not fetch 400 KB
//! on every visit. Only the running build's version is served: a page
//! from the previous build asking for its own bundle after a deploy gets
//! 404 (and stays readable, being rendered on the server) rather than the
//! new bundle under the old name, which caches would then keep a year.
//!
//! Everything else (`/pkg/…` at its plain address, the workers, the
//! verifier's and the editor's wasm, icons) keeps a fixed address, so it
//! is checked again before each use (`no-cache`: a 304 when unchanged).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::{
    body::Body,
    extract::{Path as UrlPath, Request},
    http::{HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The directory of the page bundle, inside the site's root.
const BUNDLE: &str = "pkg";

/// A year: the longest a browser keeps anything.
const KEEP_VERSIONED: &str = "public, max-age=31536000, immutable";
/// Fixed addresses: kept, but checked again before each use.
const KEEP_FIXED: &str = "no-cache";

/// The running build's bundle.
#[derive(Clone, Debug)]
pub struct Assets {
    version: String,
    site_root: PathBuf,
}

impl Assets {
    /// The bundle under `site_root`, versioned by its content.
    pub fn of(site_root: &Path) -> Self {
        Self {
            version: version_of(&site_root.join(BUNDLE)),
            site_root: site_root.to_path_buf(),
        }
    }

    /// What the page's addresses of the bundle start with:
    /// `/v/{version}`, before `/pkg/…`.
    pub fn prefix(&self) -> String {
        format!("/v/{}", self.version)
    }

    /// `GET /v/{version}/{*path}`: a file of the bundle, if `version` is the
    /// running build's.
    pub async fn serve(
        self: Arc<Self>,
        UrlPath((version, path)): UrlPath<(String, String)>,
        request: Request,
    ) -> Response {
        let in_bundle = path
            .strip_prefix(BUNDLE)
            .is_some_and(|rest| rest.starts_with('/'));
        if version != self.version || !in_bundle {
            return StatusCode::NOT_FOUND.into_response();
        }
        // ServeDir resolves the path itself, refusing `..` and anything
        // outside the site's root.
        let (mut parts, body) = request.into_parts();
        let Ok(uri) = format!("/{path}").parse::<Uri>() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        parts.uri = uri;
        let files = ServeDir::new(&self.site_root)
            .precompressed_br()
            .precompressed_gzip();
        let Ok(response) = files.oneshot(Request::from_parts(parts, body)).await;
        let mut response = response.map(Body::new);
        if response.status().is_success() {
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(KEEP_VERSIONED),
            );
        }
        response
    }
}

/// Files at fixed addresses are checked again before each use, unless
/// their handler said otherwise. Only files: what is not one (leptos's
/// 404 page, which may be a signed-in person's) keeps the pages' rules
/// (`security::page_caching`).
pub async fn fixed_caching(request: Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(KEEP_FIXED));
    }
    response
}

/// The first 16 hex digits of a SHA-256 over the bundle's files (each
/// one's path and length, then its bytes, in path order). An absent
/// bundle (a server built without its site, as in the HTTP tests) has
/// the hash of nothing.
fn version_of(dir: &Path) -> String {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    let mut buffer = Vec::new();
    for file in files {
        buffer.clear();
        if std::fs::File::open(&file)
            .and_then(|mut f| f.read_to_end(&mut buffer))
            .is_err()
        {
            continue;
        }
        let name = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy();
        hasher.update(format!("{}:{name}\n{}\n", name.len(), buffer.len()).as_bytes());
        hasher.update(&buffer);
    }
    hex::encode(&hasher.finalize()[..8])
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_every_byte_and_name_of_the_bundle() {
        let site = std::env::temp_dir().join(format!("kleroterion-assets-{}", std::process::id()));
        let bundle = site.join(BUNDLE);
        std::fs::create_dir_all(bundle.join("snippets")).unwrap();
        std::fs::write(bundle.join("kleroterion.wasm"), b"\0asm one").unwrap();
        std::fs::write(bundle.join("snippets/a.js"), b"export {}").unwrap();
        let first = version_of(&bundle);
        assert_eq!(first.len(), 16);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            version_of(&bundle),
            first,
            "the same files, the same version"
        );

        std::fs::write(bundle.join("kleroterion.wasm"), b"\0asm two").unwrap();
        let second = version_of(&bundle);
        assert_ne!(second, first, "a changed byte");

        std::fs::rename(bundle.join("snippets/a.js"), bundle.join("snippets/b.js")).unwrap();
        assert_ne!(version_of(&bundle), second, "a renamed file");

        assert_ne!(version_of(&site.join("absent")), second);
        std::fs::remove_dir_all(&site).unwrap();
    }
}
