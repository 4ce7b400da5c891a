//! New comments are pushed to the pages open on their proposal (server-sent
//! events), and to those pages only; a draft's changes to its members'
//! open pages, and to nobody else.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, next_chunk};
use db::demo::DEMO_ACCOUNTS;
use tower::ServiceExt;

async fn open_stream(app: &TestApp, proposal: i64) -> axum::body::BodyDataStream {
    open(app, &format!("/proposals/{proposal}/events"), "").await
}

async fn open(app: &TestApp, path: &str, cookies: &str) -> axum::body::BodyDataStream {
    let response = app
        .router
        .clone()
        .oneshot(events(path, cookies))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    response.into_body().into_data_stream()
}

fn events(path: &str, cookies: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_comment_is_announced_to_the_pages_open_on_its_proposal_only() {
    let app = TestApp::with_demo().await;
    let query =
        domain::ProposalQuery::parse(None, Some("deliberation"), None, None, None, None).unwrap();
    let page = db::proposals_page(&app.db.conn, &query).await.unwrap();
    let (here, elsewhere) = (page.items[0].id, page.items[1].id);
    let mut watching = open_stream(&app, here).await;
    let mut other = open_stream(&app, elsewhere).await;
    assert_eq!(
        next_chunk(&mut watching).await,
        None,
        "nothing happened yet"
    );

    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let reply = app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &here.to_string()),
                ("stance", "pour"),
                ("body", "Une idée à soutenir."),
            ],
            &resident,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let announced = next_chunk(&mut watching).await.expect("an announcement");
    assert!(announced.contains("event: comment"), "{announced}");
    assert!(announced.contains(&format!("data: {here}")), "{announced}");
    assert_eq!(next_chunk(&mut other).await, None);

    // The page then reloads the comments alone, the new one included.
    let comments = app
        .call(
            "proposal/comments",
            &[("proposal_id", &here.to_string())],
            "",
        )
        .await;
    assert!(
        comments.body.contains("Une idée à soutenir."),
        "{}",
        comments.body
    );

    // A refused comment announces nothing.
    let refused = app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &here.to_string()),
                ("stance", "pour"),
                ("body", ""),
            ],
            &resident,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(next_chunk(&mut watching).await, None);

    // Not a proposal id: no stream.
    let bad = app
        .router
        .clone()
        .oneshot(
            Request::get("/proposals/x/events")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drafts_changes_are_announced_to_its_members_pages_only() {
    let app = TestApp::with_demo().await;
    let owner = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let reader = app.sign_in(DEMO_ACCOUNTS[4].0, DEMO_ACCOUNTS[4].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let created = app
        .call(
            "drafts/create",
            &[("theme", "environnement"), ("title", "Des fontaines")],
            &owner,
        )
        .await;
    let draft = common::ok(&created).as_i64().unwrap();
    let path = format!("/drafts/{draft}/events");

    // Only the draft's members may listen.
    for (cookies, refused) in [
        ("", StatusCode::UNAUTHORIZED),
        (resident.as_str(), StatusCode::FORBIDDEN),
    ] {
        let response = app
            .router
            .clone()
            .oneshot(events(&path, cookies))
            .await
            .unwrap();
        assert_eq!(response.status(), refused);
    }
    let missing = app
        .router
        .clone()
        .oneshot(events("/drafts/999999/events", &owner))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let mut owners_page = open(&app, &path, &owner).await;
    let mut proposal_page = open_stream(&app, 1).await;
    assert_eq!(next_chunk(&mut owners_page).await, None);

    // The text is empty: a suggestion needs a passage it contains, so the
    // owner saves a version first, which the reader's page would hear of.
    let saved = app
        .call(
            "drafts/version",
            &[("draft_id", &draft.to_string())],
            &owner,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let announced = next_chunk(&mut owners_page).await.expect("an announcement");
    assert!(announced.contains("event: draft"), "{announced}");
    assert!(announced.contains(&format!("data: {draft}")), "{announced}");

    // A refused action announces nothing.
    let refused = app
        .call(
            "drafts/suggest",
            &[
                ("draft_id", &draft.to_string()),
                ("passage", "absent"),
                ("replacement", "présent"),
            ],
            &reader,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert_eq!(next_chunk(&mut owners_page).await, None);

    // A co-author invited: announced, to the draft's pages only.
    let members = app
        .call("drafts/get", &[("draft_id", &draft.to_string())], &owner)
        .await;
    let invitable = common::ok(&members)["invitable"][0][0].as_i64().unwrap();
    let invited = app
        .call(
            "drafts/invite",
            &[
                ("draft_id", &draft.to_string()),
                ("user_id", &invitable.to_string()),
            ],
            &owner,
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    let announced = next_chunk(&mut owners_page).await.expect("an announcement");
    assert!(announced.contains("event: draft"), "{announced}");
    assert_eq!(next_chunk(&mut proposal_page).await, None);
}
