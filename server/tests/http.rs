//! The HTTP surface, on a fresh database per test, without a network:
//! requests go straight into the router.

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, StatusCode, header},
};
use db::testing::TestDb;
use tower::ServiceExt;

mod common;

async fn app_with(db: &TestDb) -> Router {
    common::router_for(db)
}

async fn demo_app() -> (TestDb, Router) {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.expect("demo loads");
    let app = app_with(&db).await;
    (db, app)
}

async fn get(app: &Router, uri: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), 10 * 1024 * 1024)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness_answer() {
    let (db, app) = demo_app().await;
    assert_eq!(
        get(&app, "/healthz", None).await,
        (StatusCode::OK, "ok".into())
    );
    assert_eq!(
        get(&app, "/readyz", None).await,
        (StatusCode::OK, "ready".into())
    );
    db.conn.clone().close().await.unwrap();
    let (status, body) = get(&app, "/readyz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "database unavailable");
    assert_eq!(get(&app, "/healthz", None).await.0, StatusCode::OK);
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_is_french_by_default_and_english_by_choice() {
    let (db, app) = demo_app().await;
    let (status, html) = get(&app, "/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"fr\">"),
        "{}",
        &html[..80]
    );
    assert!(html.contains("<title>Assemblée citoyenne de Paris</title>"));
    assert!(html.contains("membres siègent"));
    assert!(html.contains("href=\"#main\""), "skip link");

    let (_, english) = get(&app, "/", Some("theme=dark; lang=en")).await;
    assert!(english.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(english.contains("members sitting"));
    let (_, unknown) = get(&app, "/", Some("lang=xx")).await;
    assert!(unknown.contains("lang=\"fr\""));
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_a_language_sets_a_lasting_cookie_and_refuses_unknown_ones() {
    let (db, app) = demo_app().await;
    let post = |body: &'static str| {
        Request::post("/api/lang")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    let response = app.clone().oneshot(post("lang=en")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("lang=en;")
            && cookie.contains("Max-Age=31536000")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let response = app.clone().oneshot(post("lang=de")).await.unwrap();
    assert!(response.status().is_client_error() || response.status().is_server_error());
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    assert!(String::from_utf8_lossy(&body).contains("Langue inconnue"));
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proposals_list_filters_and_explains_bad_queries() {
    let (db, app) = demo_app().await;
    let (status, html) = get(&app, "/proposals?theme=environnement&sort=supports", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Planter une forêt urbaine"));
    assert!(
        !html.contains("Cantine à un euro"),
        "another theme leaked in"
    );

    let (status, html) = get(&app, "/proposals?status=bogus", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("Cette étape n'existe pas."));
    let (status, html) = get(&app, "/proposals?page=0", Some("lang=en")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("This page number is not valid."));
    let long = "x".repeat(101);
    let (status, _) = get(&app, &format!("/proposals?q={long}"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_page_shows_its_story_and_missing_ones_are_404() {
    let (db, app) = demo_app().await;
    let (status, html) = get(&app, "/proposals/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Ouvrir les cours d'école"));
    assert!(html.contains("Réponse de la Ville"));
    assert!(html.contains("<h2>Constat</h2>"));
    for missing in ["/proposals/999999", "/proposals/abc", "/nowhere"] {
        let (status, html) = get(&app, missing, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert!(
            html.contains("Page introuvable") || html.contains("Cette proposition"),
            "{missing}"
        );
    }
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_compressed_and_oversized_bodies_refused() {
    let (db, app) = demo_app().await;
    let request = Request::get("/proposals")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");

    let huge = vec![b'a'; server::BODY_LIMIT + 1];
    let request = Request::post("/api/lang")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, huge.len())
        .body(Body::from(huge))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_work_on_postgres_too() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL variant not run");
        return;
    };
    db::demo::load(&db.conn).await.unwrap();
    let app = app_with(&db).await;
    let (status, html) = get(&app, "/proposals?q=piscines", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Rendre les piscines gratuites"));
    assert_eq!(get(&app, "/readyz", None).await.0, StatusCode::OK);
    db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draw_is_public_with_its_record_for_anyone_to_recheck() {
    let (db, app) = demo_app().await;
    let (status, html) = get(&app, "/draws", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Assemblée citoyenne de Paris — cohorte 2026-2027"));
    let id = db::draws::latest_id(&db.conn).await.unwrap().unwrap();
    let (status, html) = get(&app, &format!("/draws/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Vérifier dans mon navigateur"));
    assert!(html.contains("Sièges obtenus"));

    let (status, json) = get(&app, &format!("/draws/{id}/record.json"), None).await;
    assert_eq!(status, StatusCode::OK);
    let record: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(record["draw"]["panel"].as_array().unwrap().len(), 100);
    // No names, e-mails or birth years in the published pool.
    assert!(!json.contains("@demo.kleroterion.fr") && !json.contains("birth"));
    for missing in [
        "/draws/999/record.json",
        "/draws/abc/record.json",
        "/draws/999",
    ] {
        assert_eq!(
            get(&app, missing, None).await.0,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    db.remove().await;
}

/// Regression: reactive page titles made leptos_meta read a signal after the
/// render and panic, dropping about one connection in twelve under load.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_page_loads_all_complete() {
    let (db, app) = demo_app().await;
    let mut loads = tokio::task::JoinSet::new();
    for i in 0..120 {
        let app = app.clone();
        let path = ["/", "/signin", "/nowhere", "/proposals", "/draws"][i % 5];
        loads.spawn(async move { (path, get(&app, path, Some("lang=en")).await) });
    }
    for (path, (status, html)) in loads.join_all().await {
        let expected = if path == "/nowhere" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}");
        assert!(
            html.contains("</footer>") && html.contains("</html>"),
            "{path}: the page was cut short"
        );
    }
    db.remove().await;
}

/// The app serving a site (`name`: one per test) whose bundle is `files`
/// (under `pkg/`), with a file beside the site that nothing may reach.
async fn app_with_site(
    name: &str,
    files: &[(&str, &str)],
) -> (common::TestApp, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("kleroterion-{name}-{}", std::process::id()));
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(dir.join("secret.txt"), "not a site file").unwrap();
    for (name, text) in files {
        std::fs::write(site.join("pkg").join(name), text).unwrap();
    }
    let mut app = common::TestApp::empty().await;
    app.state.leptos_options.site_root = site.to_string_lossy().into_owned().into();
    app.router = common::router(app.state.clone());
    (app, dir)
}

/// The bundle's address as a page links it: `/v/{version}/pkg/…`.
fn bundle_prefix(page: &str) -> String {
    let at = page
        .find("/pkg/kleroterion.css")
        .expect("the page links the style");
    let start = page[..at].rfind('"').expect("an attribute") + 1;
    page[start..at].to_owned()
}

#[tokio::test]
async fn the_bundle_is_kept_a_year_under_its_build_s_address_and_fixed_files_are_checked() {
    let (app, dir) = app_with_site(
        "bundle",
        &[
            ("kleroterion.css", "body { color: black }"),
            ("kleroterion.js", "export default 1;"),
            ("kleroterion.js.br", "brotli of the script"),
        ],
    )
    .await;
    let page = app.get("/", "").await;
    assert_eq!(page.status, StatusCode::OK);
    let prefix = bundle_prefix(&page.body);
    assert!(
        prefix.starts_with("/v/") && prefix.len() == "/v/".len() + 16,
        "{prefix}"
    );
    // The style, the script and the wasm all come from the versioned bundle.
    for file in ["kleroterion.css", "kleroterion.js", "kleroterion.wasm"] {
        assert!(
            page.body.contains(&format!("{prefix}/pkg/{file}")),
            "{file}"
        );
    }

    let style = app.get(&format!("{prefix}/pkg/kleroterion.css"), "").await;
    assert_eq!(style.status, StatusCode::OK);
    assert_eq!(style.body, "body { color: black }");
    assert_eq!(
        style.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    // A browser taking brotli gets the build's own brotli copy.
    let compressed = app
        .send(
            Request::get(format!("{prefix}/pkg/kleroterion.js"))
                .header(header::ACCEPT_ENCODING, "gzip, br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(compressed.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(compressed.body, "brotli of the script");

    // Another build's version, a file outside the bundle, a way out of
    // the site: nothing, and nothing kept.
    for uri in [
        "/v/0123456789abcdef/pkg/kleroterion.css".to_owned(),
        format!("{prefix}/pkg/absent.js"),
        format!("{prefix}/offline.html"),
        format!("{prefix}/pkg/..%2f..%2fsecret.txt"),
        format!("{prefix}/pkg/../../secret.txt"),
    ] {
        let reply = app.get(&uri, "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!reply.body.contains("not a site file"), "{uri}");
        assert_ne!(
            reply
                .headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.as_bytes()),
            Some(&b"public, max-age=31536000, immutable"[..]),
            "{uri}"
        );
    }

    // The same file at its plain address is checked again each time: 304
    // while unchanged.
    let plain = app.get("/pkg/kleroterion.css", "").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.headers[header::CACHE_CONTROL], "no-cache");
    let modified = plain.headers[header::LAST_MODIFIED].clone();
    let again = app
        .send(
            Request::get("/pkg/kleroterion.css")
                .header(header::IF_MODIFIED_SINCE, modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_new_build_moves_the_bundle_s_address() {
    let (first, dir) = app_with_site("rebuild", &[("kleroterion.css", "a {}")]).await;
    let before = bundle_prefix(&first.get("/", "").await.body);
    std::fs::write(dir.join("site/pkg/kleroterion.css"), "a { color: red }").unwrap();
    // The next start of the server (a router built anew) reads the new build.
    let mut next = first;
    next.router = common::router(next.state.clone());
    let after = bundle_prefix(&next.get("/", "").await.body);
    assert_ne!(before, after);
    assert_eq!(
        next.get(&format!("{before}/pkg/kleroterion.css"), "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        next.get(&format!("{after}/pkg/kleroterion.css"), "")
            .await
            .body,
        "a { color: red }"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
