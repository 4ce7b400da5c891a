//! New comments are pushed to the pages open on their proposal (server-sent
//! events), and to those pages only.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use db::demo::DEMO_ACCOUNTS;
use futures::StreamExt;
use tower::ServiceExt;

/// The next chunk of an event stream, if one comes within a second.
async fn next_chunk(body: &mut axum::body::BodyDataStream) -> Option<String> {
    let chunk = tokio::time::timeout(std::time::Duration::from_secs(1), body.next())
        .await
        .ok()??
        .ok()?;
    Some(String::from_utf8_lossy(&chunk).into_owned())
}

async fn open_stream(app: &TestApp, proposal: i64) -> axum::body::BodyDataStream {
    let request = Request::get(format!("/proposals/{proposal}/events"))
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    response.into_body().into_data_stream()
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
