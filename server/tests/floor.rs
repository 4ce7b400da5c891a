//! A sitting's floor over HTTP (issue 18), by role: only members present
//! ask for the floor, only facilitators run it and record a show of hands;
//! refusals are worded next to their action and change nothing; a member
//! flooding the room runs out of tries; every change is announced on
//! `/seances/{id}/events`; the room's screen shows the floor, names as the
//! public sees them and no account ids, and has nothing to press.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{TestApp, new_sitting, next_chunk};
use db::demo::DEMO_ACCOUNTS;
use tower::ServiceExt;

/// An open sitting ten days ahead, prepared, convened and opened by the
/// facilitator; its id.
async fn open_sitting(app: &TestApp, facilitator: &str) -> String {
    let id = new_sitting(app, facilitator, 10).await;
    let item = app
        .call(
            "sittings/agenda/add",
            &[
                ("sitting_id", &id),
                ("title", "Budget participatif"),
                ("minutes", "30"),
                ("purpose", "debate"),
                ("proposal_id", ""),
            ],
            facilitator,
        )
        .await;
    assert_eq!(item.status, StatusCode::OK, "{}", item.body);
    for step in ["convene", "open"] {
        let r = app
            .call(
                "sittings/step",
                &[("sitting_id", &id), ("step", step)],
                facilitator,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    id
}

async fn user_id(app: &TestApp, index: usize) -> i64 {
    db::accounts::login_of(&app.db.conn, DEMO_ACCOUNTS[index].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

async fn floor(app: &TestApp, id: &str) -> domain::floor::FloorView {
    db::floor::view(&app.db.conn, id.parse().unwrap(), None, app.clock.now())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_present_ask_facilitators_run_the_floor_and_every_screen_hears_it() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let id = open_sitting(&app, &facilitator).await;
    let ask = [("sitting_id", id.as_str()), ("what", "ask")];

    // Nobody but a member; a member only once in the room.
    let anonymous = app.call("sittings/floor/ask", &ask, "").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let outsider = app.call("sittings/floor/ask", &ask, &resident).await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN);
    let not_in = app
        .call("sittings/floor/ask", &ask, &format!("{member}; lang=fr"))
        .await;
    assert_eq!(not_in.status, StatusCode::BAD_REQUEST);
    assert!(not_in.body.contains("Émargez d'abord"), "{}", not_in.body);
    assert!(floor(&app, &id).await.queue.is_empty(), "nothing queued");

    let member_id = user_id(&app, 2).await;
    let marked = app
        .call(
            "sittings/mark",
            &[
                ("sitting_id", &id),
                ("user_id", &member_id.to_string()),
                ("present", "true"),
            ],
            &facilitator,
        )
        .await;
    assert_eq!(marked.status, StatusCode::OK, "{}", marked.body);

    // A screen in the room hears the member ask.
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(format!("/seances/{id}/events"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut screen = response.into_body().into_data_stream();
    let asked = app.call("sittings/floor/ask", &ask, &member).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let heard = next_chunk(&mut screen).await.expect("an announcement");
    assert!(heard.contains("event: sitting"), "{heard}");
    let twice = app
        .call("sittings/floor/ask", &ask, &format!("{member}; lang=en"))
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert!(twice.body.contains("already waiting"), "{}", twice.body);
    assert_eq!(
        next_chunk(&mut screen).await,
        None,
        "a refusal announces nothing"
    );

    // The member cannot run the floor; the facilitator gives it.
    let next = [
        ("sitting_id", id.as_str()),
        ("what", "next"),
        ("seconds", "120"),
    ];
    let usurped = app.call("sittings/floor/run", &next, &member).await;
    assert_eq!(usurped.status, StatusCode::FORBIDDEN);
    let bad_time = app
        .call(
            "sittings/floor/run",
            &[("sitting_id", &id), ("what", "next"), ("seconds", "99999")],
            &facilitator,
        )
        .await;
    assert_eq!(
        bad_time.status,
        StatusCode::BAD_REQUEST,
        "{}",
        bad_time.body
    );
    assert!(floor(&app, &id).await.speaker.is_none(), "nothing given");
    let given = app.call("sittings/floor/run", &next, &facilitator).await;
    assert_eq!(given.status, StatusCode::OK, "{}", given.body);
    assert!(next_chunk(&mut screen).await.is_some());

    // The floor as the public reads it: the member's public label, no
    // account id.
    let json = app.call("sitting/floor", &[("sitting_id", &id)], "").await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    assert!(!json.body.contains("user_id"), "{}", json.body);
    let labels = db::draws::member_labels(&app.db.conn, [member_id])
        .await
        .unwrap();
    let label = labels[&member_id].clone();
    assert!(json.body.contains(&label), "{}", json.body);

    // The room's screen: the speaker, large; no header, no form, no button.
    let screen_page = app.get(&format!("/seances/{id}/ecran"), "").await;
    assert_eq!(screen_page.status, StatusCode::OK);
    assert!(screen_page.body.contains(&label), "speaker on the screen");
    for control in ["<form", "<button", "site-header", "<input"] {
        assert!(
            !screen_page.body.contains(control),
            "{control} on the room's screen"
        );
    }
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_flooding_the_floor_runs_out_of_tries() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let id = open_sitting(&app, &facilitator).await;
    let member_id = user_id(&app, 2).await;
    db::sittings::mark(
        &app.db.conn,
        id.parse().unwrap(),
        member_id,
        true,
        user_id(&app, 0).await,
        app.clock.now(),
    )
    .await
    .unwrap();
    let mut statuses = Vec::new();
    for n in 0..32 {
        let what = if n % 2 == 0 { "ask" } else { "withdraw" };
        let r = app
            .call(
                "sittings/floor/ask",
                &[("sitting_id", &id), ("what", what)],
                &member,
            )
            .await;
        statuses.push(r.status);
    }
    assert!(
        statuses[..30].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[30], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_show_of_hands_is_refused_field_by_field_and_recorded_by_facilitators_only() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let id = open_sitting(&app, &facilitator).await;
    db::sittings::mark(
        &app.db.conn,
        id.parse().unwrap(),
        user_id(&app, 2).await,
        true,
        user_id(&app, 0).await,
        app.clock.now(),
    )
    .await
    .unwrap();
    let ledger = db::ledger::all(&app.db.conn).await.unwrap().len();
    let hands = |pour: &'static str, majority: &'static str, reason: &'static str| {
        vec![
            ("sitting_id", id.clone()),
            ("pour", pour.to_owned()),
            ("contre", "0".to_owned()),
            ("abstention", "0".to_owned()),
            ("majority", majority.to_owned()),
            ("reason", reason.to_owned()),
        ]
    };
    let send = |form: Vec<(&'static str, String)>, cookie: String| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("sittings/hands", &form, &cookie).await
        }
    };

    let by_member = send(hands("1", "simple", "Procédure"), member.clone()).await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let bad = send(
        hands("douze", "trois_quarts", ""),
        format!("{facilitator}; lang=fr"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for said in [
        "Un nombre entier, 0 ou plus.",
        "Choisissez la majorité simple ou les deux tiers.",
    ] {
        assert!(bad.body.contains(said), "{said}: {}", bad.body);
    }
    let too_many = send(
        hands("2", "simple", "Procédure"),
        format!("{facilitator}; lang=fr"),
    )
    .await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
    assert!(
        too_many
            .body
            .contains("Plus de mains que de membres présents (1)"),
        "{}",
        too_many.body
    );
    assert_eq!(
        db::ledger::all(&app.db.conn).await.unwrap().len(),
        ledger,
        "nothing recorded"
    );

    let recorded = send(hands("1", "simple", "Procédure"), facilitator.clone()).await;
    assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
    let entries = db::ledger::all(&app.db.conn).await.unwrap();
    assert_eq!(entries.len(), ledger + 1);
    assert_eq!(entries.last().unwrap().kind, "sitting.hands");
    let shown = floor(&app, &id).await.hands.unwrap();
    assert_eq!((shown.tally.pour, shown.present), (1, 1));
    app.db.remove().await;
}
