//! Comments, supports and ballots over HTTP: who may, and what is refused.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use db::demo::DEMO_ACCOUNTS;
use domain::ProposalQuery;
use sea_orm::{ConnectionTrait, Statement};

async fn first(app: &TestApp, status: &str, origin: Option<&str>) -> domain::ProposalDetail {
    let query = ProposalQuery::parse(None, Some(status), origin, None, None, None).unwrap();
    let id = db::proposals_page(&app.db.conn, &query)
        .await
        .unwrap()
        .items[0]
        .id;
    db::proposal_detail(&app.db.conn, id)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_comments_and_the_page_shows_it_escaped() {
    let app = TestApp::with_demo().await;
    let p = first(&app, "deliberation", None).await;
    let id = p.summary.id.to_string();
    let anonymous = app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &id),
                ("stance", "pour"),
                ("body", "Bonjour"),
            ],
            "",
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let empty = app
        .call(
            "proposal/comment",
            &[("proposal_id", &id), ("stance", "pour"), ("body", "   ")],
            &resident,
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(
        empty.body.contains("Ce champ est obligatoire."),
        "{}",
        empty.body
    );
    let bad_stance = app
        .call(
            "proposal/comment",
            &[("proposal_id", &id), ("stance", "peut-être"), ("body", "x")],
            &resident,
        )
        .await;
    assert_eq!(bad_stance.status, StatusCode::BAD_REQUEST);

    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> Très bonne idée";
    let posted = app
        .call(
            "proposal/comment",
            &[("proposal_id", &id), ("stance", "pour"), ("body", hostile)],
            &resident,
        )
        .await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let page = app.get(&format!("/proposals/{id}"), "").await;
    assert!(page.body.contains("&lt;script&gt;alert"), "shown as text");
    assert!(!page.body.contains("<script>alert('x')"));
    assert!(!page.body.contains("<img src=x"));
    app.db.remove().await;
}

/// A proposal in the vote whose open vote is secret (or named).
async fn open_vote(app: &TestApp, secret: bool) -> domain::ProposalDetail {
    let query = ProposalQuery::parse(None, Some("vote"), None, None, None, None).unwrap();
    for p in db::proposals_page(&app.db.conn, &query)
        .await
        .unwrap()
        .items
    {
        let detail = db::proposal_detail(&app.db.conn, p.id)
            .await
            .unwrap()
            .unwrap();
        if detail.votes[0].closed_at.is_none() && detail.votes[0].secret == secret {
            return detail;
        }
    }
    panic!("the demo has an open vote with secret = {secret}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_ballot_is_cast_once_and_its_count_is_nobody_s_until_the_close() {
    let app = TestApp::with_demo().await;
    let open = open_vote(&app, true).await;
    let vote = open.votes[0].id.to_string();
    let proposal = open.summary.id.to_string();
    // A sitting member who has not voted in it yet.
    let not_voted = app
        .db
        .conn
        .query_one_raw(Statement::from_string(
            app.db.backend(),
            format!(
                "SELECT user_id FROM memberships WHERE status = 'active' AND user_id IS NOT NULL \
                 AND user_id NOT IN (SELECT member_id FROM ballot_receipts WHERE vote_id = {vote}) \
                 ORDER BY user_id"
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    let member = app.session_for(not_voted).await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let cast = app
        .call(
            "vote/ballot",
            &[("vote_id", &vote), ("choice", "contre")],
            &member,
        )
        .await;
    assert_eq!(cast.status, StatusCode::OK, "{}", cast.body);
    let again = app
        .call(
            "vote/ballot",
            &[("vote_id", &vote), ("choice", "pour")],
            &member,
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(
        again.body.contains("\"choice\"") && again.body.contains("ne peut pas être changé"),
        "{}",
        again.body
    );
    let mine = app
        .call("proposal/me", &[("proposal_id", &proposal)], &member)
        .await;
    assert!(mine.body.contains("\"sealed\""), "{}", mine.body);
    assert!(!mine.body.contains("against"), "{}", mine.body);
    // Nobody reads a count, not even the facilitator who will close it.
    for cookie in ["", member.as_str(), facilitator.as_str()] {
        let page = app.get(&format!("/proposals/{proposal}"), cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("publiés à sa clôture") && !page.body.contains("bar-value"),
            "the page shows a count"
        );
        let detail = common::ok(&app.call("proposal", &[("id", &proposal)], cookie).await);
        assert_eq!(detail["votes"][0]["tally"], serde_json::Value::Null);
        assert_eq!(detail["votes"][0]["voters"], open.votes[0].voters + 1);
    }
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_members_vote_and_only_while_the_vote_is_open() {
    let app = TestApp::with_demo().await;
    let open = open_vote(&app, false).await;
    let vote = open.votes[0].id.to_string();
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    assert_eq!(
        app.call("vote/ballot", &[("vote_id", &vote), ("choice", "pour")], "")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    for cookie in [&resident, &facilitator] {
        assert_eq!(
            app.call(
                "vote/ballot",
                &[("vote_id", &vote), ("choice", "pour")],
                cookie
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }
    let bad = app
        .call(
            "vote/ballot",
            &[("vote_id", &vote), ("choice", "oui")],
            &member,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let cast = app
        .call(
            "vote/ballot",
            &[("vote_id", &vote), ("choice", "contre")],
            &member,
        )
        .await;
    assert_eq!(cast.status, StatusCode::OK, "{}", cast.body);
    let mine = app
        .call(
            "proposal/me",
            &[("proposal_id", &open.summary.id.to_string())],
            &member,
        )
        .await;
    assert!(
        mine.body.contains("\"can_vote\":true") && mine.body.contains("\"against\""),
        "{}",
        mine.body
    );

    let closed = first(&app, "adopted", None).await;
    let late = app
        .call(
            "vote/ballot",
            &[
                ("vote_id", &closed.votes[0].id.to_string()),
                ("choice", "pour"),
            ],
            &member,
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert!(
        late.body.contains("pas possible à cette étape"),
        "{}",
        late.body
    );
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn residents_support_citizen_proposals_once() {
    let app = TestApp::with_demo().await;
    let p = first(&app, "deliberation", Some("citizen")).await;
    let id = p.summary.id.to_string();
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let resident_id = db::accounts::login_of(&app.db.conn, DEMO_ACCOUNTS[3].0)
        .await
        .unwrap()
        .unwrap()
        .0;
    let had = db::supports::supports(&app.db.conn, p.summary.id, resident_id)
        .await
        .unwrap();
    assert_eq!(
        app.call(
            "proposal/support",
            &[("proposal_id", &id), ("supported", "true")],
            ""
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    for _ in 0..3 {
        let reply = app
            .call(
                "proposal/support",
                &[("proposal_id", &id), ("supported", "true")],
                &resident,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let after = db::proposal_detail(&app.db.conn, p.summary.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.summary.supports, p.summary.supports + i64::from(!had));
    let assembly = first(&app, "deliberation", Some("assembly")).await;
    let refused = app
        .call(
            "proposal/support",
            &[
                ("proposal_id", &assembly.summary.id.to_string()),
                ("supported", "true"),
            ],
            &resident,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_facilitators_close_votes() {
    let app = TestApp::with_demo().await;
    let open = first(&app, "vote", None).await;
    let vote = open.votes[0].id.to_string();
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    assert_eq!(
        app.call("vote/close", &[("vote_id", &vote)], "")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("vote/close", &[("vote_id", &vote)], &member)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert!(
        db::proposal_detail(&app.db.conn, open.summary.id)
            .await
            .unwrap()
            .unwrap()
            .votes[0]
            .closed_at
            .is_none()
    );
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let closed = app
        .call("vote/close", &[("vote_id", &vote)], &facilitator)
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let again = app
        .call("vote/close", &[("vote_id", &vote)], &facilitator)
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_volunteers_with_valid_answers_once_and_gets_a_pseudonym() {
    let app = TestApp::with_demo().await;
    let draws = db::draws::open_draws(&app.db.conn, None).await.unwrap();
    let draw = draws[0].id.to_string();
    let form = |year: &'static str, consent: bool| {
        let mut f = vec![
            ("draw_id", draw.clone()),
            ("gender", "female".to_owned()),
            ("birth_year", year.to_owned()),
            ("diploma", "cap_bep".to_owned()),
            ("district", "75119".to_owned()),
        ];
        if consent {
            f.push(("consent", "on".to_owned()));
        }
        f
    };
    let call = |f: Vec<(&'static str, String)>, cookie: String| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("draws/volunteer", &pairs, &cookie).await
        }
    };
    assert_eq!(
        call(form("1980", true), String::new()).await.status,
        StatusCode::UNAUTHORIZED
    );
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let young = call(form("2015", false), resident.clone()).await;
    assert_eq!(young.status, StatusCode::BAD_REQUEST);
    assert!(
        young.body.contains("16 ans") && young.body.contains("Votre accord est nécessaire"),
        "{}",
        young.body
    );
    let ok = call(form("1980", true), resident.clone()).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(
        ok.body.starts_with("\"V-") && ok.body.len() == 12,
        "{}",
        ok.body
    );
    assert_eq!(
        call(form("1980", true), resident).await.status,
        StatusCode::CONFLICT
    );
    app.db.remove().await;
}
