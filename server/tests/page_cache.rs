//! Public pages kept for anonymous visitors (issue 23): never stale after
//! a write they show, never anyone's own page.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Reply, TestApp, ok};
use db::demo::DEMO_ACCOUNTS;
use db::testing::scalar;
use domain::ProposalQuery;
use sea_orm::ConnectionTrait;

const VOIRIE: &str = "direction-de-la-voirie-et-des-deplacements";

/// A page as anyone would read it twice: its nonce (fresh per rendering)
/// and leptos's text markers set aside.
fn content(page: &Reply) -> String {
    let text = page.body.replace("<!>", "");
    let Some(at) = text.find("'nonce-") else {
        return text;
    };
    let start = at + "'nonce-".len();
    let nonce = &text[start..start + text[start..].find('\'').unwrap()];
    text.replace(nonce, "NONCE")
}

async fn first(app: &TestApp, status: &str, origin: Option<&str>) -> i64 {
    let query = ProposalQuery::parse(None, Some(status), origin, None, None, None).unwrap();
    db::proposals_page(&app.db.conn, &query)
        .await
        .unwrap()
        .items[0]
        .id
}

/// Reads `uri` anonymously after a write that it shows: the page has
/// changed, equals a rendering by a server that kept nothing, and is then
/// kept (asked again with its ETag: 304).
async fn shows_the_write(app: &TestApp, uri: &str, before: &str, what: &str) -> String {
    let after = app.get(uri, "").await;
    assert_eq!(after.status, StatusCode::OK, "{what}");
    let text = content(&after);
    assert_ne!(text, before, "{what}: the page did not change");
    let fresh = common::send_to(
        &common::router(app.state.clone()),
        Request::get(uri).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(text, content(&fresh), "{what}: not what a rendering shows");
    let etag = after.headers[header::ETAG].clone();
    let again = app
        .send(
            Request::get(uri)
                .header(header::IF_NONE_MATCH, etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{what}");
    assert!(again.body.is_empty());
    text
}

/// The page as kept: read once, then asked with its ETag (304).
async fn kept(app: &TestApp, uri: &str) -> String {
    let page = app.get(uri, "").await;
    assert_eq!(page.status, StatusCode::OK);
    let again = app
        .send(
            Request::get(uri)
                .header(header::IF_NONE_MATCH, page.headers[header::ETAG].clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri} is kept");
    content(&page)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_a_public_page_shows_is_on_the_next_anonymous_read() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let ville = app.sign_in(DEMO_ACCOUNTS[1].0, DEMO_ACCOUNTS[1].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;

    // A comment, a support, a moderator hiding the comment.
    let citizen = first(&app, "deliberation", Some("citizen"))
        .await
        .to_string();
    let page = format!("/proposals/{citizen}");
    let before = kept(&app, &page).await;
    ok(&app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &citizen),
                ("stance", "pour"),
                ("body", "Un commentaire témoin du cache"),
            ],
            &resident,
        )
        .await);
    let commented = shows_the_write(&app, &page, &before, "comment").await;
    assert!(commented.contains("Un commentaire témoin du cache"));
    ok(&app
        .call(
            "proposal/support",
            &[("proposal_id", &citizen), ("supported", "true")],
            &member,
        )
        .await);
    let supported = shows_the_write(&app, &page, &commented, "support").await;
    let comment_id = scalar::<i64>(
        &app.db.conn,
        "SELECT id FROM comments WHERE body = 'Un commentaire témoin du cache'",
    )
    .await
    .to_string();
    ok(&app
        .call(
            "moderation/hide",
            &[("comment_id", &comment_id), ("reason", "Hors sujet")],
            &facilitator,
        )
        .await);
    let hidden = shows_the_write(&app, &page, &supported, "moderation").await;
    assert!(!hidden.contains("Un commentaire témoin du cache"));

    // A new proposal on the list, then an amendment to it.
    let list = kept(&app, "/proposals").await;
    let id = ok(&app
        .call(
            "proposal/create",
            &[
                ("theme", "urbanisme"),
                ("title", "Des fontaines témoins du cache"),
                ("summary", "Une fontaine d'eau potable par square."),
                (
                    "body",
                    "Installer une fontaine dans chaque square du quartier.",
                ),
            ],
            &member,
        )
        .await)
    .as_i64()
    .unwrap()
    .to_string();
    let listed = shows_the_write(&app, "/proposals", &list, "new proposal").await;
    assert!(listed.contains("Des fontaines témoins du cache"));
    let page = format!("/proposals/{id}");
    let before = kept(&app, &page).await;
    ok(&app
        .call(
            "proposal/advance",
            &[("proposal_id", &id), ("to", "amendments")],
            &facilitator,
        )
        .await);
    let before = shows_the_write(&app, &page, &before, "a step of the proposal").await;
    ok(&app
        .call(
            "amendment/propose",
            &[
                ("proposal_id", &id),
                ("passage", "chaque square"),
                ("replacement", "chaque square et chaque parc"),
                ("rationale", "Les parcs aussi ont soif."),
            ],
            &member,
        )
        .await);
    let amended = shows_the_write(&app, &page, &before, "amendment").await;
    assert!(amended.contains("Les parcs aussi ont soif."));

    // A vote closed by a facilitator.
    let voted = first(&app, "vote", None).await;
    let detail = db::proposal_detail(&app.db.conn, voted)
        .await
        .unwrap()
        .unwrap();
    let vote = detail
        .votes
        .iter()
        .find(|v| v.closed_at.is_none())
        .expect("the demo has an open vote")
        .id
        .to_string();
    let page = format!("/proposals/{voted}");
    let before = kept(&app, &page).await;
    ok(&app
        .call("vote/close", &[("vote_id", &vote)], &facilitator)
        .await);
    shows_the_write(&app, &page, &before, "vote closed").await;

    // The city's answer, on the proposal and on the public board.
    let adopted = first(&app, "adopted", None).await.to_string();
    let page = format!("/proposals/{adopted}");
    let before = kept(&app, &page).await;
    let board = kept(&app, "/suivi").await;
    ok(&app
        .call(
            "city/send",
            &[("proposal_id", &adopted), ("department", VOIRIE)],
            &facilitator,
        )
        .await);
    let sent = shows_the_write(&app, &page, &before, "sent to the city").await;
    let board = shows_the_write(&app, "/suivi", &board, "board: sent").await;
    app.name_official(VOIRIE, DEMO_ACCOUNTS[1].0, &facilitator)
        .await;
    ok(&app
        .call(
            "city/respond",
            &[
                ("proposal_id", &adopted),
                ("verdict", "accepted"),
                ("body", "La Ville répond au témoin du cache."),
            ],
            &ville,
        )
        .await);
    let answered = shows_the_write(&app, &page, &sent, "answer").await;
    assert!(answered.contains("La Ville répond au témoin du cache."));
    shows_the_write(&app, "/suivi", &board, "board: answered").await;

    // Any write path, even straight SQL: the database moves the version.
    let before = kept(&app, "/proposals").await;
    app.db
        .conn
        .execute_unprepared(&format!(
            "UPDATE proposals SET title = 'Un titre changé sans le serveur' WHERE id = {id}"
        ))
        .await
        .unwrap();
    let renamed = shows_the_write(&app, "/proposals", &before, "straight SQL").await;
    assert!(renamed.contains("Un titre changé sans le serveur"));
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_one_s_own_page_is_kept_or_served_from_the_cache() {
    let app = TestApp::with_demo().await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let name = db::accounts::me(
        &app.db.conn,
        db::accounts::login_of(&app.db.conn, DEMO_ACCOUNTS[3].0)
            .await
            .unwrap()
            .unwrap()
            .0,
        chrono::Utc::now().date_naive(),
    )
    .await
    .unwrap()
    .unwrap()
    .display_name;
    for uri in ["/", "/proposals", "/suivi"] {
        // Anonymous first: kept.
        let anonymous = kept(&app, uri).await;
        assert!(!anonymous.contains(&name), "{uri}");
        // Signed in: their own page, never the kept one, never kept.
        let own = app.get(uri, &resident).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains(&name), "{uri}: the resident's own page");
        assert!(own.headers.get(header::ETAG).is_none(), "{uri}");
        assert_eq!(own.headers[header::CACHE_CONTROL], "private, no-store");
        // Anonymous again: the kept page, not the resident's.
        let after = app.get(uri, "").await;
        assert!(!after.body.contains(&name), "{uri}: a person's page leaked");
        assert_eq!(content(&after), anonymous, "{uri}");
    }
    // A stale or forged session cookie is not anonymous either: rendered,
    // never kept.
    let forged = app.get("/proposals", "kl_session=forged").await;
    assert_eq!(forged.status, StatusCode::OK);
    assert!(forged.headers.get(header::ETAG).is_none());
    // The language is part of the key: the English page is not the French.
    let french = app.get("/", "").await;
    let english = app.get("/", "lang=en").await;
    assert!(french.body.contains("lang=\"fr\""));
    assert!(english.body.contains("lang=\"en\""));
    app.db.remove().await;
}
