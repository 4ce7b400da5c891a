//! Holding the city to account over HTTP (issue 20): facilitators keep the
//! departments and send each adopted proposal to one; only its officials
//! answer; the public board and its feed of late answers tell the rest.
//! Every refusal names its field and changes nothing.

mod common;

use axum::http::{StatusCode, header};
use common::{TestApp, ok};
use db::demo::DEMO_ACCOUNTS;

const VOIRIE: &str = "direction-de-la-voirie-et-des-deplacements";

async fn adopted(app: &TestApp) -> String {
    let query =
        domain::ProposalQuery::parse(None, Some("adopted"), None, None, None, None).unwrap();
    db::proposals_page(&app.db.conn, &query)
        .await
        .unwrap()
        .items[0]
        .id
        .to_string()
}

async fn send(app: &TestApp, proposal: &str, department: &str, cookies: &str) -> common::Reply {
    app.call(
        "city/send",
        &[("proposal_id", proposal), ("department", department)],
        cookies,
    )
    .await
}

async fn status_of(app: &TestApp, id: &str) -> domain::ProposalStatus {
    db::proposal_detail(&app.db.conn, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .summary
        .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitators_keep_the_departments_and_only_theirs_answer() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let ville = app.sign_in(DEMO_ACCOUNTS[1].0, DEMO_ACCOUNTS[1].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let names = [
        ("name_fr", "Direction de la Propreté et de l'Eau"),
        ("name_en", "Cleanliness and Water Department"),
    ];

    // Only facilitators add a department; its names are checked; a second
    // one of the same name is refused beside the French name.
    assert_eq!(
        app.call("admin/department/add", &names, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("admin/department/add", &names, &resident)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("admin/department/add", &names, &ville)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let short = app
        .call(
            "admin/department/add",
            &[("name_fr", "D"), ("name_en", "")],
            &facilitator,
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    for field in ["name_fr", "name_en"] {
        assert!(
            short.body.contains(&format!("\"field\":\"{field}\"")),
            "{}",
            short.body
        );
    }
    ok(&app.call("admin/department/add", &names, &facilitator).await);
    let again = app.call("admin/department/add", &names, &facilitator).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(
        again.body.contains("\"field\":\"name_fr\"") && again.body.contains("porte déjà ce nom"),
        "{}",
        again.body
    );
    let listed = ok(&app.call("city/departments", &[], "").await);
    assert_eq!(listed.as_array().unwrap().len(), 6, "{listed}");

    // A resident is no official: refused beside the person's choice.
    let resident_id = db::accounts::login_of(&app.db.conn, DEMO_ACCOUNTS[3].0)
        .await
        .unwrap()
        .unwrap()
        .0
        .to_string();
    let not_official = app
        .call(
            "admin/department/official",
            &[
                ("department", VOIRIE),
                ("user_id", &resident_id),
                ("answers", "true"),
            ],
            &facilitator,
        )
        .await;
    assert_eq!(not_official.status, StatusCode::BAD_REQUEST);
    assert!(
        not_official.body.contains("\"field\":\"user_id\""),
        "{}",
        not_official.body
    );
    let admin = ok(&app.call("admin/departments", &[], &facilitator).await);
    assert!(admin["departments"].to_string().contains(VOIRIE));
    assert_eq!(
        app.call("admin/departments", &[], &resident).await.status,
        StatusCode::FORBIDDEN
    );

    // The delay: 1 to 24 months.
    for bad in ["0", "25", "trois", ""] {
        let reply = app
            .call("admin/answer-months", &[("months", bad)], &facilitator)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            reply.body.contains("\"field\":\"months\""),
            "{}",
            reply.body
        );
    }
    assert_eq!(
        app.call("admin/answer-months", &[("months", "6")], &resident)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    ok(&app
        .call("admin/answer-months", &[("months", "6")], &facilitator)
        .await);

    // Sending: facilitators only, to a department that exists.
    let p = adopted(&app).await;
    assert_eq!(
        send(&app, &p, VOIRIE, &resident).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, &p, VOIRIE, &ville).await.status,
        StatusCode::FORBIDDEN
    );
    let unknown = send(&app, &p, "../../etc", &facilitator).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("\"field\":\"department\""),
        "{}",
        unknown.body
    );
    assert_eq!(status_of(&app, &p).await, domain::ProposalStatus::Adopted);
    ok(&send(&app, &p, VOIRIE, &facilitator).await);
    assert_eq!(
        status_of(&app, &p).await,
        domain::ProposalStatus::SentToCity
    );
    let detail = ok(&app.call("proposal", &[("id", &p)], "").await);
    assert_eq!(detail["referral"]["department"]["slug"], VOIRIE);
    assert!(detail["referral"]["days_late"].is_null());

    // The demo official does not answer for the roads department: the
    // answer is refused with why, and the page does not offer the form.
    let part = ok(&app
        .call("proposal/me", &[("proposal_id", &p)], &ville)
        .await);
    assert_eq!(part["can_answer_for_city"], false);
    let answer = [
        ("proposal_id", p.as_str()),
        ("verdict", "accepted"),
        ("body", "La Ville posera ces bancs en 2027."),
    ];
    let refused = app.call("city/respond", &answer, &ville).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("autre direction"), "{}", refused.body);
    assert_eq!(
        status_of(&app, &p).await,
        domain::ProposalStatus::SentToCity
    );
    // Once made an official of it, they answer.
    app.name_official(VOIRIE, DEMO_ACCOUNTS[1].0, &facilitator)
        .await;
    let part = ok(&app
        .call("proposal/me", &[("proposal_id", &p)], &ville)
        .await);
    assert_eq!(part["can_answer_for_city"], true);
    ok(&app.call("city/respond", &answer, &ville).await);

    // The accepted answer's commitments: officials only, each field
    // checked and refused beside itself, nothing written on a refusal.
    let commit = |title: &'static str, due_day: &'static str, who: String| {
        let (app, p) = (&app, p.clone());
        async move {
            app.call(
                "city/commitment",
                &[("proposal_id", &p), ("title", title), ("due_day", due_day)],
                &who,
            )
            .await
        }
    };
    let benches = "Poser les bancs rue de Rivoli";
    assert_eq!(
        commit(benches, "2027-06-30", resident.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    for (title, day, field, words) in [
        (benches, "2020-01-31", "due_day", "Cette date est passée"),
        (benches, "31/06/2027", "due_day", "Indiquez une date"),
        (benches, "2040-01-01", "due_day", "six ans au plus"),
        ("ab", "2027-06-30", "title", ""),
    ] {
        let refused = commit(title, day, ville.clone()).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{day}");
        assert!(
            refused.body.contains(&format!("\"field\":\"{field}\"")),
            "{}",
            refused.body
        );
        assert!(refused.body.contains(words), "{}", refused.body);
    }
    let detail = ok(&app.call("proposal", &[("id", &p)], "").await);
    assert_eq!(detail["commitments"].as_array().unwrap().len(), 0);
    let made = ok(&commit(benches, "2027-06-30", ville.clone()).await);
    let id = made.as_i64().unwrap().to_string();
    let report = |commitment: String, progress: &'static str| {
        let (app, p, ville) = (&app, p.clone(), ville.clone());
        async move {
            app.call(
                "city/milestone",
                &[
                    ("proposal_id", &p),
                    ("title", "Bancs posés"),
                    ("progress", progress),
                    ("commitment", &commitment),
                ],
                &ville,
            )
            .await
        }
    };
    let unknown = report("douze".into(), "100").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("\"field\":\"commitment\""),
        "{}",
        unknown.body
    );
    ok(&report(id.clone(), "100").await);
    let again = report(id.clone(), "100").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("déjà tenu"), "{}", again.body);
    let detail = ok(&app.call("proposal", &[("id", &p)], "").await);
    let shown = &detail["commitments"][0];
    assert_eq!(shown["title"], benches);
    assert_eq!(shown["due_day"], "2027-06-30");
    assert_eq!(shown["progress"], 100);
    assert!(!shown["done_at"].is_null());
    assert_eq!(shown["milestones"][0]["title"], "Bancs posés");
    let csv = app.get("/api/export/commitments.csv", "").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .starts_with("id,proposal_id,title,due,progress,done_at,created_at"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains(benches));
    app.db.remove().await;
}

/// The board's first page, filtered by theme and step, as the page asks.
async fn board(app: &TestApp, theme: &str, statut: &str) -> serde_json::Value {
    let form = [
        ("theme", theme),
        ("direction", ""),
        ("statut", statut),
        ("page", ""),
    ];
    ok(&app.call("board", &form, "").await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_filters_by_its_url_and_refuses_what_names_nothing() {
    let app = TestApp::with_demo().await;
    let page = app.get("/suivi", "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Suivi des propositions adoptées"));
    assert!(
        page.body.contains("Réponse en retard"),
        "the demo has late answers"
    );
    // Every chart is a table with its figures.
    assert!(page.body.matches("<table").count() >= 3);
    assert!(page.body.contains("<svg"));
    // Filtered by theme: only that theme's proposals.
    let themed = board(&app, "environnement", "").await;
    let items = themed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["theme"]["slug"] == "environnement"));
    let late = board(&app, "", "late").await;
    assert!(
        late["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["track"] == "late" && i["days_late"].as_i64().unwrap() >= 0)
    );
    // A filter naming nothing is refused in the visitor's language, on its field.
    for (field, query) in [
        ("theme", "theme=astrologie"),
        ("direction", "direction=nulle-part"),
        ("statut", "statut=perdu"),
        ("page", "page=0"),
    ] {
        let page = app.get(&format!("/suivi?{query}"), "").await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        let parts = [
            ("theme", ""),
            ("direction", ""),
            ("statut", ""),
            ("page", ""),
        ]
        .map(|(k, v)| {
            (
                k,
                if k == field {
                    query.split('=').nth(1).unwrap()
                } else {
                    v
                },
            )
        });
        let reply = app.call("board", &parts, "").await;
        assert!(
            reply.body.contains(&format!("\"field\":\"{field}\"")),
            "{}",
            reply.body
        );
    }
    // The English alias.
    assert_eq!(app.get("/tracking", "").await.status, StatusCode::OK);
    app.db.remove().await;
}

#[tokio::test]
async fn the_feed_of_late_answers_and_commitments_is_atom_with_one_entry_each() {
    let app = TestApp::with_demo().await;
    let feed = app.get("/suivi/retards.atom", "").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(
        feed.headers[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let xml = roxmltree::Document::parse(&feed.body).expect("well-formed XML");
    let root = xml.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(root.tag_name().name(), "feed");
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    // One entry per late answer and one per overdue commitment.
    let items = db::board::items(&app.db.conn, chrono::Utc::now())
        .await
        .unwrap();
    let late: Vec<String> = items
        .iter()
        .filter(|i| i.days_late.is_some())
        .map(|i| format!("/proposals/{}", i.id))
        .chain(items.iter().flat_map(|i| {
            i.overdue
                .iter()
                .map(move |o| format!("/proposals/{}#commitment-{}", i.id, o.commitment))
        }))
        .collect();
    assert!(
        late.iter().any(|l| !l.contains('#')),
        "the demo has late answers"
    );
    assert!(
        late.iter().any(|l| l.contains('#')),
        "and overdue commitments"
    );
    assert_eq!(entries.len(), late.len());
    for entry in entries {
        for child in ["title", "id", "updated", "link", "summary"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(child)),
                "entry without {child}"
            );
        }
        let href = entry
            .children()
            .find(|n| n.has_tag_name("link"))
            .unwrap()
            .attribute("href")
            .unwrap();
        assert!(late.iter().any(|l| href.ends_with(l.as_str())), "{href}");
    }
    // And the open data of what was sent, in both formats.
    let csv = app.get("/api/export/city_referrals.csv", "").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .starts_with("proposal_id,department,sent_at,answer_due,answered_at")
    );
    let json = ok(&app.get("/api/export/departments.json", "").await);
    assert_eq!(json.as_array().unwrap().len(), 5);
    app.db.remove().await;
}

#[tokio::test]
async fn the_assembly_page_shows_who_sits_as_tables_of_totals() {
    let app = TestApp::with_demo().await;
    let page = app.get("/assemblee", "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Composition de l'assemblée"));
    // Four census features, attendance and votes: each chart in its table.
    assert!(page.body.matches("<table").count() >= 6);
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("Paris Centre (1er à 4e)"));
    assert!(page.body.contains("Présence aux séances"));
    assert_eq!(app.get("/assembly", "").await.status, StatusCode::OK);
    let data = ok(&app.call("assembly", &[], "").await);
    assert_eq!(
        (data["seats"].as_u64(), data["sitting"].as_u64()),
        (Some(100), Some(100))
    );
    // The demo's term had its departures and a public round.
    assert_eq!(data["rounds"][0]["replaced"], 4);
    assert!(!page.body.contains("Aucun tour de remplacement"));
    // Totals only: nothing names or labels a member.
    for key in ["label", "name", "user_id", "pseudonym"] {
        assert!(
            !app.call("assembly", &[], "")
                .await
                .body
                .contains(&format!("\"{key}\"")),
            "{key}"
        );
    }
    app.db.remove().await;
}
