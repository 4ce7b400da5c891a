//! A proposal's way through the assembly and the city, over HTTP, by role:
//! a resident and a member write proposals; a facilitator moves the agenda
//! and opens the vote; members vote; the city answers and reports progress.
//! Every forbidden or malformed step is refused and changes nothing.

mod common;

use axum::http::StatusCode;
use common::{TestApp, ok};
use db::demo::DEMO_ACCOUNTS;

async fn status_of(app: &TestApp, id: i64) -> String {
    db::proposal_detail(&app.db.conn, id)
        .await
        .unwrap()
        .unwrap()
        .summary
        .status
        .as_str()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_resident_s_idea_to_the_city_s_progress_report() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let official = app.sign_in(DEMO_ACCOUNTS[1].0, DEMO_ACCOUNTS[1].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let entries_before = db::ledger::all(&app.db.conn).await.unwrap().len();

    // Writing: anonymous visitors cannot; bad fields are named; markup is sanitised.
    let body = "Des **fontaines** dans chaque square.<script>alert(1)</script>";
    let form = |title: &'static str, summary: &'static str, body: &'static str| {
        [
            ("theme", "environnement"),
            ("title", title),
            ("summary", summary),
            ("body", body),
        ]
    };
    let good = form(
        "Des fontaines dans les squares",
        "Une fontaine d'eau potable dans chaque square.",
        body,
    );
    assert_eq!(
        app.call("proposal/create", &good, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    let bad = app
        .call(
            "proposal/create",
            &[
                ("theme", "astrologie"),
                ("title", "Oui"),
                ("summary", "Ligne\nbrisée ici"),
                ("body", ""),
            ],
            &resident,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for field in ["theme", "title", "summary", "body"] {
        assert!(
            bad.body.contains(&format!("\"field\":\"{field}\"")),
            "{}",
            bad.body
        );
    }
    let citizen = ok(&app.call("proposal/create", &good, &resident).await)
        .as_i64()
        .unwrap();
    let detail = db::proposal_detail(&app.db.conn, citizen)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.summary.origin, domain::Origin::Citizen);
    assert_eq!(detail.summary.status, domain::ProposalStatus::Deliberation);
    assert!(detail.body_html.contains("<strong>fontaines</strong>"));
    assert!(
        !detail.body_html.contains("<script"),
        "{}",
        detail.body_html
    );
    let assembly = ok(&app
        .call(
            "proposal/create",
            &form(
                "Un budget participatif par quartier",
                "Chaque conseil de quartier décide d'une part du budget.",
                "Chaque conseil de quartier vote l'usage de 5 % du budget d'investissement local.",
            ),
            &member,
        )
        .await)
    .as_i64()
    .unwrap();
    let detail = db::proposal_detail(&app.db.conn, assembly)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.summary.origin, domain::Origin::Assembly);

    // The agenda is the facilitators'; each stage allows its own moves.
    let id = assembly.to_string();
    let to = |stage: &'static str| [("proposal_id", id.clone()), ("to", stage.to_owned())];
    let call_to = |stage: &'static str, who: &str| {
        let form = to(stage);
        let who = who.to_owned();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("proposal/advance", &pairs, &who).await
        }
    };
    assert_eq!(
        call_to("amendments", &member).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call_to("vote", &facilitator).await.status,
        StatusCode::BAD_REQUEST
    );
    let send = |who: String| {
        let id = id.clone();
        let app = &app;
        async move {
            let form = [
                ("proposal_id", id.as_str()),
                ("department", "direction-de-l-urbanisme"),
            ];
            app.call("city/send", &form, &who).await
        }
    };
    assert_eq!(
        call_to("sent_to_city", &facilitator).await.status,
        StatusCode::BAD_REQUEST,
        "sent through city/send only, with its department"
    );
    let early = send(facilitator.clone()).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert!(
        early.body.contains("pas possible à cette étape"),
        "{}",
        early.body
    );
    assert_eq!(status_of(&app, assembly).await, "deliberation");
    ok(&call_to("amendments", &facilitator).await);

    // The vote: opened by a facilitator with its rules, then members vote.
    let open = |quorum: &'static str, who: String| {
        let id = id.clone();
        let app = &app;
        async move {
            app.call(
                "vote/open",
                &[
                    ("proposal_id", &id),
                    ("majority", "two_thirds"),
                    ("quorum", quorum),
                ],
                &who,
            )
            .await
        }
    };
    assert_eq!(
        open("0", member.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let bad_quorum = open("150", facilitator.clone()).await;
    assert_eq!(bad_quorum.status, StatusCode::BAD_REQUEST);
    assert!(
        bad_quorum.body.contains("\"field\":\"quorum\""),
        "{}",
        bad_quorum.body
    );
    let vote = ok(&open("0", facilitator.clone()).await).as_i64().unwrap();
    assert_eq!(status_of(&app, assembly).await, "vote");
    assert_eq!(
        open("0", facilitator.clone()).await.status,
        StatusCode::BAD_REQUEST
    );
    let vote_s = vote.to_string();
    ok(&app
        .call(
            "vote/ballot",
            &[("vote_id", &vote_s), ("choice", "pour")],
            &member,
        )
        .await);
    assert_eq!(
        ok(&app
            .call("vote/close", &[("vote_id", &vote_s)], &facilitator)
            .await),
        "adopted"
    );

    // The city: sent by a facilitator, answered and followed up by an official.
    ok(&send(facilitator.clone()).await);
    let answer = |verdict: &'static str, body: &'static str, who: String| {
        let id = id.clone();
        let app = &app;
        async move {
            app.call(
                "city/respond",
                &[("proposal_id", &id), ("verdict", verdict), ("body", body)],
                &who,
            )
            .await
        }
    };
    let reasons = "La Ville accepte et lance une expérimentation dans trois quartiers.";
    assert_eq!(
        answer("accepted", reasons, resident.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = answer("peut-être", "court", official.clone()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("\"field\":\"verdict\"") && bad.body.contains("\"field\":\"body\""));
    ok(&answer("partly", reasons, official.clone()).await);
    assert_eq!(status_of(&app, assembly).await, "city_responded");
    let milestone = |progress: &'static str| {
        let id = id.clone();
        let official = official.clone();
        let app = &app;
        async move {
            app.call(
                "city/milestone",
                &[
                    ("proposal_id", &id),
                    ("title", "Trois quartiers pilotes désignés"),
                    ("progress", progress),
                ],
                &official,
            )
            .await
        }
    };
    assert_eq!(milestone("101").await.status, StatusCode::BAD_REQUEST);
    ok(&milestone("30").await);
    assert_eq!(status_of(&app, assembly).await, "in_progress");
    assert_eq!(
        call_to("implemented", &facilitator).await.status,
        StatusCode::FORBIDDEN
    );
    ok(&call_to("implemented", &official).await);
    assert_eq!(status_of(&app, assembly).await, "implemented");

    // Everything public is in the ledger, in order.
    let entries = db::ledger::all(&app.db.conn).await.unwrap();
    let kinds: Vec<&str> = entries[entries_before..]
        .iter()
        .filter(|e| e.subject == format!("proposal/{assembly}"))
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "proposal.status",
            "proposal.status",
            "proposal.status",
            "vote.opened",
            "vote.result",
            "proposal.status",
            "proposal.status",
            "city.referral",
            "proposal.status",
            "city.response",
            "proposal.status",
            "city.milestone",
            "proposal.status",
        ]
    );
    assert!(db::ledger::verify(&app.db.conn).await.unwrap().ok);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_amend_a_passage_and_the_author_makes_a_new_version() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let id = ok(&app
        .call(
            "proposal/create",
            &[
                ("theme", "urbanisme"),
                ("title", "Des rues aux écoles"),
                ("summary", "Fermer aux voitures les rues devant les écoles."),
                ("body", "Fermer aux voitures les rues des écoles aux heures d'entrée. Les rues des écoles deviennent des places."),
            ],
            &member,
        )
        .await)
    .as_i64()
    .unwrap();
    let id_s = id.to_string();
    let amend = |passage: &'static str, replacement: &'static str, who: &str| {
        let (id_s, who) = (id_s.clone(), who.to_owned());
        let app = &app;
        async move {
            app.call(
                "amendment/propose",
                &[
                    ("proposal_id", id_s.as_str()),
                    ("passage", passage),
                    ("replacement", replacement),
                    ("rationale", "Les sorties comptent autant que les entrées."),
                ],
                &who,
            )
            .await
        }
    };
    // Closed for amendments until a facilitator opens them.
    let early = amend(
        "aux heures d'entrée",
        "aux heures d'entrée et de sortie",
        &member,
    )
    .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    ok(&app
        .call(
            "proposal/advance",
            &[("proposal_id", id_s.as_str()), ("to", "amendments")],
            &facilitator,
        )
        .await);
    assert_eq!(
        amend("aux heures d'entrée", "x", &resident).await.status,
        StatusCode::FORBIDDEN
    );
    let missing = amend("aux heures de pointe", "x", &member).await;
    assert!(
        missing.body.contains("\"field\":\"passage\"")
            && missing.body.contains("copiez-le exactement"),
        "{}",
        missing.body
    );
    let ambiguous = amend("rues des écoles", "rues scolaires", &member).await;
    assert!(
        ambiguous.body.contains("plusieurs fois"),
        "{}",
        ambiguous.body
    );
    let same = amend("aux heures d'entrée", "aux heures d'entrée", &member).await;
    assert!(
        same.body.contains("\"field\":\"replacement\""),
        "{}",
        same.body
    );
    let amendment = ok(&amend(
        "aux heures d'entrée",
        "aux heures d'entrée et de sortie",
        &member,
    )
    .await)
    .as_i64()
    .unwrap()
    .to_string();

    // Only the author decides; accepting makes version 2.
    let decide = |who: &str, accept: &'static str| {
        let (amendment, who) = (amendment.clone(), who.to_owned());
        let app = &app;
        async move {
            app.call(
                "amendment/decide",
                &[("amendment_id", amendment.as_str()), ("accept", accept)],
                &who,
            )
            .await
        }
    };
    assert_eq!(
        decide(&facilitator, "true").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(decide("", "true").await.status, StatusCode::UNAUTHORIZED);
    ok(&decide(&member, "true").await);
    assert_eq!(
        decide(&member, "false").await.status,
        StatusCode::BAD_REQUEST
    );
    let versions = ok(&app
        .call("proposal/versions", &[("proposal_id", id_s.as_str())], "")
        .await);
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[1]["body"],
        "Fermer aux voitures les rues des écoles aux heures d'entrée et de sortie. Les rues des écoles deviennent des places."
    );
    assert_eq!(
        versions[1]["amendment_id"].as_i64().unwrap().to_string(),
        amendment
    );
    let detail = db::proposal_detail(&app.db.conn, id)
        .await
        .unwrap()
        .unwrap();
    assert!(detail.body_html.contains("et de sortie"));
    assert_eq!(
        detail.amendments[0].status,
        domain::AmendmentStatus::Accepted
    );
    let entries = db::ledger::all(&app.db.conn).await.unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.kind, "amendment.accepted");
    assert!(last.payload.contains("\"version\":2"), "{}", last.payload);
    let page = app
        .get(&format!("/proposals/{id}/versions?from=1&to=2"), "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // "d'entrée." became "d'entrée et de sortie.": whole words, marked.
    let inserted = page
        .body
        .split("<ins>")
        .nth(1)
        .and_then(|s| s.split("</ins>").next());
    assert!(
        inserted.is_some_and(|s| s.contains("et de sortie.")),
        "{inserted:?}"
    );
    assert_eq!(
        app.call("proposal/versions", &[("proposal_id", "999999")], "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_proposal_reaches_the_agenda_with_enough_supports() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let id = ok(&app
        .call(
            "proposal/create",
            &[
                ("theme", "services-publics"),
                ("title", "Des bibliothèques ouvertes le dimanche"),
                (
                    "summary",
                    "Ouvrir une bibliothèque par arrondissement le dimanche.",
                ),
                (
                    "body",
                    "Une bibliothèque par arrondissement ouverte le dimanche de 10 h à 18 h.",
                ),
            ],
            &resident,
        )
        .await)
    .as_i64()
    .unwrap()
    .to_string();
    let open_vote = || {
        let (id, facilitator) = (id.clone(), facilitator.clone());
        let app = &app;
        async move {
            app.call(
                "vote/open",
                &[
                    ("proposal_id", id.as_str()),
                    ("majority", "simple"),
                    ("quorum", "0"),
                ],
                &facilitator,
            )
            .await
        }
    };
    let early = open_vote().await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert!(
        early.body.contains("0 soutiens sur les 100 nécessaires"),
        "{}",
        early.body
    );
    let amendments = app
        .call(
            "proposal/advance",
            &[("proposal_id", id.as_str()), ("to", "amendments")],
            &facilitator,
        )
        .await;
    assert_eq!(amendments.status, StatusCode::BAD_REQUEST);

    // Facilitators set the threshold; residents cannot; it stays sensible.
    let set = |value: &'static str, who: &str| {
        let who = who.to_owned();
        let app = &app;
        async move {
            app.call("agenda/threshold/set", &[("supports", value)], &who)
                .await
        }
    };
    assert_eq!(set("1", &resident).await.status, StatusCode::FORBIDDEN);
    assert_eq!(set("0", &facilitator).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        set("dix", &facilitator).await.status,
        StatusCode::BAD_REQUEST
    );
    ok(&set("1", &facilitator).await);
    assert_eq!(ok(&app.call("agenda/threshold", &[], "").await), 1);
    ok(&app
        .call(
            "proposal/support",
            &[("proposal_id", id.as_str()), ("supported", "true")],
            &resident,
        )
        .await);
    ok(&open_vote().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facilitators_add_themes_that_proposals_then_use() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let add = |fr: &'static str, en: &'static str, who: &str| {
        let who = who.to_owned();
        let app = &app;
        async move {
            app.call("themes/create", &[("name_fr", fr), ("name_en", en)], &who)
                .await
        }
    };
    assert_eq!(
        add("Culture", "Culture", &resident).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = add("x", "", &facilitator).await;
    assert!(
        bad.body.contains("\"field\":\"name_fr\"") && bad.body.contains("\"field\":\"name_en\""),
        "{}",
        bad.body
    );
    let theme = ok(&add("Culture et sport", "Culture and sport", &facilitator).await);
    assert_eq!(theme["slug"], "culture-et-sport");
    let again = add("Culture et Sport", "Culture and sport", &facilitator).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.body.contains("déjà ce nom"), "{}", again.body);
    let themes = db::themes::list(&app.db.conn).await.unwrap();
    assert_eq!(themes.last().unwrap().slug, "culture-et-sport");
    ok(&app
        .call(
            "proposal/create",
            &[
                ("theme", "culture-et-sport"),
                ("title", "Des gymnases ouverts le soir"),
                ("summary", "Ouvrir les gymnases municipaux jusqu'à 23 h."),
                (
                    "body",
                    "Les gymnases municipaux restent ouverts aux associations jusqu'à 23 h.",
                ),
            ],
            &resident,
        )
        .await);
}
