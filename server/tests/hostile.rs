//! A corpus of malicious inputs sent to every server function, every public
//! route with a parameter and every page with a query string: no 5xx, no
//! panic, no file served from outside the site, and no markup of an
//! attacker's reaching a page unescaped.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};

mod common;
use common::TestApp;

/// Values an attacker tries in every field.
fn corpus() -> Vec<String> {
    let mut values: Vec<String> = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "javascript:alert(1)",
        "[clic](javascript:alert(1))",
        "' OR '1'='1' --",
        "'; DROP TABLE users; --",
        "1; DELETE FROM ballots",
        "../../../../etc/passwd",
        "..%2F..%2Fdata%2Fsecret.key",
        "\u{0}",
        "\u{202e}gnp.exe",
        "-1",
        "0",
        "99999999999999999999999",
        "1e309",
        "NaN",
        "true",
        "null",
        "[]",
        "{}",
        "{{7*7}}${7*7}",
        "",
    ]
    .map(str::to_owned)
    .to_vec();
    values.push("A".repeat(20_000));
    values.push("é🙂".repeat(2_000));
    values
}

/// Every argument name of every server function, so that each one meets
/// each hostile value.
const FIELDS: [&str; 30] = [
    "proposal_id",
    "parent_id",
    "stance",
    "body",
    "vote_id",
    "choice",
    "supported",
    "email",
    "password",
    "new_password",
    "current",
    "display_name",
    "lang",
    "age_confirmed",
    "token",
    "draw_id",
    "gender",
    "birth_year",
    "diploma",
    "district",
    "consent",
    "user_id",
    "role",
    "granted",
    "query[theme]",
    "query[page]",
    "query[subject]",
    "id",
    "confirm",
    "page",
];

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn post(path: &str, content_type: &str, body: Vec<u8>, cookies: &str) -> Request<Body> {
    let mut request = Request::post(path)
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin");
    if !cookies.is_empty() {
        request = request.header(header::COOKIE, cookies);
    }
    request.body(Body::from(body)).unwrap()
}

/// The server functions the app registers.
fn endpoints() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    paths.sort();
    paths
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_values_in_every_field_of_every_server_function_get_no_5xx() {
    let app = TestApp::with_demo().await;
    let paths = endpoints();
    assert!(paths.len() >= 20, "{paths:?}");
    let facilitator = app
        .sign_in(db::demo::DEMO_ACCOUNTS[0].0, db::demo::DEMO_ACCOUNTS[0].1)
        .await;
    let member = app
        .sign_in(db::demo::DEMO_ACCOUNTS[2].0, db::demo::DEMO_ACCOUNTS[2].1)
        .await;
    let mut failures = Vec::new();
    for cookies in ["", member.as_str(), facilitator.as_str()] {
        // Signing out takes no input; it would end the sessions under test.
        for path in paths
            .iter()
            .filter(|p| cookies.is_empty() || !p.ends_with("/signout"))
        {
            let mut bodies: Vec<(&str, Vec<u8>)> = corpus()
                .iter()
                .map(|v| {
                    let form: Vec<String> = FIELDS
                        .iter()
                        .map(|f| format!("{}={}", urlencode(f), urlencode(v)))
                        .collect();
                    (
                        "application/x-www-form-urlencoded",
                        form.join("&").into_bytes(),
                    )
                })
                .collect();
            // Invalid UTF-8, deeply nested JSON, and wrong content types.
            bodies.push((
                "application/x-www-form-urlencoded",
                b"body=\xff\xfe\xfd&proposal_id=\xc3\x28".to_vec(),
            ));
            bodies.push((
                "application/json",
                format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            ));
            bodies.push((
                "application/json",
                b"{\"proposal_id\": {\"$gt\": 0}}".to_vec(),
            ));
            bodies.push(("text/xml", b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".to_vec()));
            for (content_type, body) in bodies {
                let reply = app.send(post(path, content_type, body, cookies)).await;
                if reply.status.is_server_error() {
                    failures.push(format!(
                        "{path} ({content_type}): {} {}",
                        reply.status,
                        &reply.body[..reply.body.len().min(200)]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );

    // A body over the limit is refused before any handler reads it.
    let huge = app
        .send(post(
            "/api/proposal/comment",
            "application/x-www-form-urlencoded",
            vec![b'a'; 2 * 1024 * 1024],
            &member,
        ))
        .await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Markup posted where it is allowed (a comment's text) is kept as text.
    let proposals: Vec<serde_json::Value> =
        serde_json::from_str(&app.get("/api/export/proposals.json", "").await.body).unwrap();
    let open = proposals
        .iter()
        .find(|p| p["status"] == "deliberation")
        .unwrap()["id"]
        .to_string();
    for value in corpus()
        .iter()
        .filter(|v| v.contains('<') || v.contains("javascript"))
    {
        let reply = app
            .call(
                "proposal/comment",
                &[("proposal_id", &open), ("stance", "pour"), ("body", value)],
                &member,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    // Whatever was accepted is shown escaped: no attacker markup on any page.
    let exports = app.get("/api/export/comments.json", "").await.body;
    let comments: Vec<serde_json::Value> = serde_json::from_str(&exports).unwrap();
    let proposals: std::collections::BTreeSet<i64> = comments
        .iter()
        .filter(|c| c["body"].as_str().is_some_and(|b| b.contains("alert(1)")))
        .map(|c| c["proposal_id"].as_i64().unwrap())
        .collect();
    assert!(
        !proposals.is_empty(),
        "some hostile comments were stored as text"
    );
    for id in proposals {
        let page = app.get(&format!("/proposals/{id}"), "").await.body;
        for raw in [
            "<script>alert(1)",
            "<img src=x onerror",
            "<svg onload",
            "href=\"javascript:",
        ] {
            assert!(!page.contains(raw), "/proposals/{id} shows {raw} unescaped");
        }
    }
    // The data is intact.
    let users = app.get("/api/export/proposals.json", "").await;
    assert_eq!(users.status, StatusCode::OK);
    app.db.remove().await;
}

#[tokio::test]
async fn hostile_paths_and_query_strings_get_no_5xx_and_no_files() {
    let app = TestApp::with_demo().await;
    let corpus = corpus();
    let mut uris: Vec<String> = [
        "/pkg/../../Cargo.toml",
        "/pkg/..%2F..%2FCargo.toml",
        "/pkg/%2e%2e/%2e%2e/data/secret.key",
        "/verifier/..%2f..%2f..%2fCargo.toml",
        "/draws/..%2F..%2Fetc%2Fpasswd/record.json",
        "/draws/1%20OR%201=1/record.json",
        "/draws/-1/record.json",
        "/draws/99999999999999999999/record.json",
        "/api/export/..%2F..%2Fdata%2Fsecret.key",
        "/api/export/%2e%2e.json",
        "/style/..%2f..%2fREADME.md",
        "/proposals/1'%20OR%20'1'='1",
        "/proposals/%00",
        "/draws/abc",
        "//etc/passwd",
    ]
    .map(str::to_owned)
    .to_vec();
    for value in corpus.iter().filter(|v| v.len() < 1000) {
        let v = urlencode(value);
        for page in [
            "/proposals?q=",
            "/proposals?theme=",
            "/proposals?status=",
            "/proposals?sort=",
            "/proposals?page=",
            "/ledger?subject=",
            "/ledger?page=",
            "/proposals/",
            "/draws/",
        ] {
            uris.push(format!("{page}{v}"));
        }
    }
    for uri in uris {
        let reply = app.get(&uri, "").await;
        assert!(!reply.status.is_server_error(), "{uri}: {}", reply.status);
        for secret in ["[workspace]", "rust-version", "root:x:0:0"] {
            assert!(!reply.body.contains(secret), "{uri} served a file");
        }
        for raw in ["<script>alert(1)", "<img src=x onerror", "<svg onload"] {
            assert!(!reply.body.contains(raw), "{uri} reflects {raw}");
        }
    }
    app.db.remove().await;
}
