//! Up-votes, edits, reports, the moderation queue, notifications and the
//! vote on a contested amendment, over HTTP and by role: what each may do,
//! and what is refused without changing anything.

mod common;

use axum::http::StatusCode;
use common::{TestApp, ok};
use db::demo::DEMO_ACCOUNTS;
use domain::ProposalQuery;

async fn in_deliberation(app: &TestApp) -> i64 {
    let query = ProposalQuery::parse(None, Some("deliberation"), None, None, None, None).unwrap();
    db::proposals_page(&app.db.conn, &query)
        .await
        .unwrap()
        .items[0]
        .id
}

async fn comment(app: &TestApp, proposal: i64, id: i64) -> domain::CommentView {
    db::comments_of(&app.db.conn, proposal)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
}

/// Signs in the demo account `n`.
async fn demo(app: &TestApp, n: usize) -> String {
    app.sign_in(DEMO_ACCOUNTS[n].0, DEMO_ACCOUNTS[n].1).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comment_tools_by_role() {
    let app = TestApp::with_demo().await;
    let (member, resident) = (demo(&app, 2).await, demo(&app, 3).await);
    let p = in_deliberation(&app).await;
    let pid = p.to_string();
    let id = ok(&app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &pid),
                ("stance", "pour"),
                ("body", "Mon avis"),
            ],
            &resident,
        )
        .await)
    .as_i64()
    .unwrap();
    let cid = id.to_string();

    for (endpoint, form) in [
        (
            "comment/upvote",
            vec![("comment_id", cid.as_str()), ("up", "true")],
        ),
        (
            "comment/edit",
            vec![("comment_id", &cid), ("body", "Autre")],
        ),
        (
            "comment/report",
            vec![("comment_id", &cid), ("reason", "Hors sujet")],
        ),
    ] {
        assert_eq!(
            app.call(endpoint, &form, "").await.status,
            StatusCode::UNAUTHORIZED,
            "{endpoint}"
        );
    }

    ok(&app
        .call(
            "comment/upvote",
            &[("comment_id", &cid), ("up", "true")],
            &member,
        )
        .await);
    let own = app
        .call(
            "comment/upvote",
            &[("comment_id", &cid), ("up", "true")],
            &resident,
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    assert!(
        own.body.contains("votre propre commentaire"),
        "{}",
        own.body
    );
    assert_eq!(comment(&app, p, id).await.upvotes, 1);
    let missing = app
        .call(
            "comment/upvote",
            &[("comment_id", "999999"), ("up", "true")],
            &member,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Only the author edits; an empty text is refused; markup stays text.
    let theirs = app
        .call(
            "comment/edit",
            &[("comment_id", &cid), ("body", "Piraté")],
            &member,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let empty = app
        .call(
            "comment/edit",
            &[("comment_id", &cid), ("body", "  ")],
            &resident,
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("\"field\":\"body\""), "{}", empty.body);
    assert_eq!(comment(&app, p, id).await.body, "Mon avis");
    assert_eq!(comment(&app, p, id).await.edited_at, None);
    ok(&app
        .call(
            "comment/edit",
            &[
                ("comment_id", &cid),
                ("body", "Mon avis <script>alert(1)</script>"),
            ],
            &resident,
        )
        .await);
    let edited = comment(&app, p, id).await;
    assert!(edited.edited_at.is_some());
    let page = app.get(&format!("/proposals/{p}"), "").await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.body.contains("<script>alert(1)"));

    // Reports: a reason of a few characters, once per person, not one's own.
    let short = app
        .call(
            "comment/report",
            &[("comment_id", &cid), ("reason", "x")],
            &member,
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(
        short.body.contains("\"field\":\"reason\""),
        "{}",
        short.body
    );
    let own = app
        .call(
            "comment/report",
            &[("comment_id", &cid), ("reason", "Je me signale")],
            &resident,
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    ok(&app
        .call(
            "comment/report",
            &[("comment_id", &cid), ("reason", "Hors sujet")],
            &member,
        )
        .await);
    let twice = app
        .call(
            "comment/report",
            &[("comment_id", &cid), ("reason", "Encore")],
            &member,
        )
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert!(twice.body.contains("déjà signalé"), "{}", twice.body);
    let queue = db::moderation::queue(&app.db.conn).await.unwrap();
    assert_eq!(
        queue.iter().find(|i| i.comment_id == id).unwrap().reasons,
        vec!["Hors sujet".to_owned()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_facilitators_moderate_and_hiding_is_public() {
    let app = TestApp::with_demo().await;
    let (facilitator, official, member, resident) = (
        demo(&app, 0).await,
        demo(&app, 1).await,
        demo(&app, 2).await,
        demo(&app, 3).await,
    );
    let p = in_deliberation(&app).await;
    let pid = p.to_string();
    let id = ok(&app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &pid),
                ("stance", "contre"),
                ("body", "Propos déplacés"),
            ],
            &resident,
        )
        .await)
    .as_i64()
    .unwrap();
    let cid = id.to_string();
    ok(&app
        .call(
            "comment/report",
            &[("comment_id", &cid), ("reason", "Insultant")],
            &member,
        )
        .await);

    assert_eq!(
        app.call("moderation/queue", &[], "").await.status,
        StatusCode::UNAUTHORIZED
    );
    for cookies in [&official, &member, &resident] {
        assert_eq!(
            app.call("moderation/queue", &[], cookies).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.call(
                "moderation/hide",
                &[("comment_id", &cid), ("reason", "Non")],
                cookies
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.call("moderation/dismiss", &[("comment_id", &cid)], cookies)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let queue = ok(&app.call("moderation/queue", &[], &facilitator).await);
    let item = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["comment_id"] == id)
        .unwrap();
    assert_eq!(item["reasons"][0], "Insultant");
    assert_eq!(item["body"], "Propos déplacés");

    let no_reason = app
        .call(
            "moderation/hide",
            &[("comment_id", &cid), ("reason", " ")],
            &facilitator,
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(comment(&app, p, id).await.hidden_reason, None);

    ok(&app
        .call(
            "moderation/hide",
            &[("comment_id", &cid), ("reason", "Propos injurieux")],
            &facilitator,
        )
        .await);
    let hidden = comment(&app, p, id).await;
    assert_eq!(hidden.hidden_reason.as_deref(), Some("Propos injurieux"));
    let public = ok(&app
        .call("proposal/comments", &[("proposal_id", &pid)], "")
        .await);
    let shown = public
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap();
    assert_eq!(shown["body"], "");
    let ledger = app.get(&format!("/ledger?subject=proposal/{p}"), "").await;
    assert!(ledger.body.contains("Propos injurieux"), "the ledger page");
    let again = app
        .call(
            "moderation/hide",
            &[("comment_id", &cid), ("reason", "Encore")],
            &facilitator,
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.call("moderation/dismiss", &[("comment_id", &cid)], &facilitator)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_are_private_and_read_once() {
    let app = TestApp::with_demo().await;
    let (member, resident) = (demo(&app, 2).await, demo(&app, 3).await);
    assert_eq!(
        app.call("notifications/list", &[], "").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("notifications/read", &[], "").await.status,
        StatusCode::UNAUTHORIZED
    );
    let p = in_deliberation(&app).await;
    let pid = p.to_string();
    let parent = ok(&app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &pid),
                ("stance", "neutre"),
                ("body", "Une question"),
            ],
            &resident,
        )
        .await)
    .as_i64()
    .unwrap()
    .to_string();
    ok(&app
        .call(
            "proposal/comment",
            &[
                ("proposal_id", &pid),
                ("parent_id", &parent),
                ("stance", "pour"),
                ("body", "Une réponse"),
            ],
            &member,
        )
        .await);
    let me = ok(&app.call("auth/me", &[], &resident).await);
    assert_eq!(me["unread"], 1);
    let list = ok(&app.call("notifications/list", &[], &resident).await);
    assert_eq!(list[0]["kind"], "comment_reply");
    assert_eq!(list[0]["about"]["Proposal"]["id"], p, "{list}");
    assert_eq!(list[0]["read"], false);
    // The replier is not told of their own reply.
    assert!(
        !ok(&app.call("notifications/list", &[], &member).await)
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "comment_reply")
    );
    assert_eq!(ok(&app.call("notifications/read", &[], &resident).await), 1);
    assert_eq!(ok(&app.call("auth/me", &[], &resident).await)["unread"], 0);
    let page = app.get("/notifications", &resident).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Quelqu&#x27;un a répondu à votre commentaire")
            || page
                .body
                .contains("Quelqu'un a répondu à votre commentaire")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_facilitators_put_a_rejected_amendment_to_the_vote() {
    let app = TestApp::with_demo().await;
    let (facilitator, member, second) = (
        demo(&app, 0).await,
        demo(&app, 2).await,
        demo(&app, 4).await,
    );
    let p = ok(&app
        .call(
            "proposal/create",
            &[
                ("theme", "environnement"),
                ("title", "Des arbres dans chaque rue"),
                ("summary", "Planter un arbre tous les dix mètres."),
                ("body", "La Ville plante un arbre tous les dix mètres."),
            ],
            &member,
        )
        .await)
    .as_i64()
    .unwrap()
    .to_string();
    ok(&app
        .call(
            "proposal/advance",
            &[("proposal_id", &p), ("to", "amendments")],
            &facilitator,
        )
        .await);
    let amendment = ok(&app
        .call(
            "amendment/propose",
            &[
                ("proposal_id", &p),
                ("passage", "tous les dix mètres"),
                ("replacement", "tous les cinq mètres"),
                ("rationale", "Plus d'ombre"),
            ],
            &second,
        )
        .await)
    .as_i64()
    .unwrap()
    .to_string();
    let form = |quorum: &'static str| {
        vec![
            ("amendment_id", amendment.clone()),
            ("majority", "simple".to_owned()),
            ("quorum", quorum.to_owned()),
        ]
    };
    let call = |form: Vec<(&'static str, String)>, cookies: String| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("amendment/vote", &pairs, &cookies).await
        }
    };
    // Still pending: the author decides first.
    assert_eq!(
        call(form("10"), facilitator.clone()).await.status,
        StatusCode::BAD_REQUEST
    );
    ok(&app
        .call(
            "amendment/decide",
            &[("amendment_id", &amendment), ("accept", "false")],
            &member,
        )
        .await);
    assert_eq!(
        call(form("10"), second.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let bad = call(form("140"), facilitator.clone()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("\"field\":\"quorum\""), "{}", bad.body);
    let vote = ok(&call(form("10"), facilitator.clone()).await);
    assert!(vote.as_i64().is_some());
    let detail = db::proposal_detail(&app.db.conn, p.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.votes[0].amendment_id, amendment.parse().ok());
    assert_eq!(
        detail.amendments[0].status,
        domain::AmendmentStatus::Contested
    );
}
