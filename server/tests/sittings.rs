//! Sittings over HTTP (issue 18): only facilitators prepare, convene, open
//! and close; bad input is refused field by field in the user's language
//! and changes nothing; the public sees a sitting once convened, on its
//! page and in the calendar feed.

mod common;

use axum::http::StatusCode;
use common::{TestApp, ok};
use db::demo::DEMO_ACCOUNTS;

/// The day of the test sitting: two weeks ahead, while the demo's members
/// sit (their term covers it).
fn sitting_day() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::days(14)).date_naive()
}

/// A sitting two weeks ahead, 18:00–21:00 Paris time, as the form sends it.
fn sitting_form() -> Vec<(&'static str, String)> {
    let day = sitting_day();
    vec![
        ("starts", format!("{day}T18:00")),
        ("ends", format!("{day}T21:00")),
        ("place", "Hôtel de Ville, salle des fêtes".into()),
        ("livestream", "https://www.paris.fr/direct".into()),
    ]
}

async fn create_sitting(app: &TestApp, cookie: &str) -> common::Reply {
    let form = sitting_form();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call("sittings/create", &form, cookie).await
}

async fn sittings_count(app: &TestApp) -> usize {
    db::sittings::all(&app.db.conn, db::sittings::Audience::Facilitators)
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_facilitators_prepare_and_move_sittings_on() {
    let app = TestApp::with_demo().await;
    let before = sittings_count(&app).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let official = app.sign_in(DEMO_ACCOUNTS[1].0, DEMO_ACCOUNTS[1].1).await;
    for cookie in ["", resident.as_str(), member.as_str(), official.as_str()] {
        let reply = create_sitting(&app, cookie).await;
        assert!(
            matches!(
                reply.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ),
            "{cookie}: {} {}",
            reply.status,
            reply.body
        );
    }
    assert_eq!(sittings_count(&app).await, before, "nothing created");

    // The demo's next sitting is convened: nobody else opens it.
    let next = db::sittings::all(&app.db.conn, db::sittings::Audience::Public)
        .await
        .unwrap()
        .into_iter()
        .find(|(v, _, _)| v.summary.state == domain::sitting::SittingState::Convened)
        .unwrap()
        .0;
    let id = next.summary.id.to_string();
    for cookie in ["", resident.as_str(), member.as_str()] {
        let open = app
            .call(
                "sittings/step",
                &[("sitting_id", &id), ("step", "open")],
                cookie,
            )
            .await;
        assert!(open.status.is_client_error(), "{}", open.body);
        let add = app
            .call(
                "sittings/agenda/add",
                &[
                    ("sitting_id", &id),
                    ("title", "Point ajouté en douce"),
                    ("minutes", "10"),
                    ("purpose", "other"),
                    ("proposal_id", ""),
                ],
                cookie,
            )
            .await;
        assert!(add.status.is_client_error(), "{}", add.body);
        let remove = app
            .call(
                "sittings/agenda/change",
                &[
                    ("sitting_id", &id),
                    ("item_id", &next.agenda[0].id.to_string()),
                    ("change", "remove"),
                ],
                cookie,
            )
            .await;
        assert!(remove.status.is_client_error(), "{}", remove.body);
    }
    let after = db::sittings::get(
        &app.db.conn,
        next.summary.id,
        db::sittings::Audience::Public,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(after, next, "refused calls changed nothing");
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sitting_fields_are_each_explained_and_nothing_is_stored() {
    let app = TestApp::with_demo().await;
    let before = sittings_count(&app).await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let reply = app
        .call(
            "sittings/create",
            &[
                ("starts", "2020-01-01T18:00"),
                ("ends", "2019-12-31T18:00"),
                ("place", "   "),
                ("livestream", "javascript:alert(1)"),
            ],
            &format!("{facilitator}; lang=fr"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    for expected in [
        "Choisissez une date à venir.",
        "La fin doit venir après le début.",
        "Ce champ est obligatoire.",
        "Indiquez un lien complet",
    ] {
        assert!(
            reply.body.contains(expected),
            "{expected} missing from {}",
            reply.body
        );
    }
    // The hour the clocks skip in spring is no time at all.
    let skipped = app
        .call(
            "sittings/create",
            &[
                ("starts", "2027-03-28T02:30"),
                ("ends", "2027-03-28T05:00"),
                ("place", "Salle"),
                ("livestream", ""),
            ],
            &format!("{facilitator}; lang=en"),
        )
        .await;
    assert_eq!(skipped.status, StatusCode::BAD_REQUEST);
    assert!(
        skipped.body.contains("\"field\":\"starts\""),
        "{}",
        skipped.body
    );
    assert!(
        skipped.body.contains("skipped by the clock change"),
        "{}",
        skipped.body
    );
    assert_eq!(sittings_count(&app).await, before, "nothing stored");
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_convened_sitting_is_public_on_its_page_and_in_the_calendar_feed() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let reply = create_sitting(&app, &facilitator).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id: i64 = reply.body.trim().parse().unwrap();
    let path = format!("/seances/{id}");
    // In preparation: not found for the public, shown to facilitators.
    assert_eq!(app.get(&path, "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&path, &facilitator).await.status, StatusCode::OK);

    let proposal = db::sittings::agenda_candidates(&app.db.conn).await.unwrap()[0].clone();
    for (title, purpose, proposal_id) in [
        ("Approbation du compte rendu", "other", String::new()),
        ("Débat : une proposition", "debate", proposal.0.to_string()),
        ("Vote final", "final_vote", proposal.0.to_string()),
    ] {
        let add = app
            .call(
                "sittings/agenda/add",
                &[
                    ("sitting_id", &id.to_string()),
                    ("title", title),
                    ("minutes", "40"),
                    ("purpose", purpose),
                    ("proposal_id", &proposal_id),
                ],
                &facilitator,
            )
            .await;
        assert_eq!(add.status, StatusCode::OK, "{}", add.body);
    }
    let bad_minutes = app
        .call(
            "sittings/agenda/add",
            &[
                ("sitting_id", &id.to_string()),
                ("title", "Trop long"),
                ("minutes", "9000"),
                ("purpose", "debate"),
                ("proposal_id", ""),
            ],
            &format!("{facilitator}; lang=fr"),
        )
        .await;
    assert_eq!(bad_minutes.status, StatusCode::BAD_REQUEST);
    assert!(
        bad_minutes.body.contains("Entre 1 et 600 minutes."),
        "{}",
        bad_minutes.body
    );

    let convene = app
        .call(
            "sittings/step",
            &[("sitting_id", &id.to_string()), ("step", "convene")],
            &facilitator,
        )
        .await;
    assert_eq!(convene.status, StatusCode::OK, "{}", convene.body);

    let page = app.get(&path, "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hôtel de Ville, salle des fêtes"));
    assert!(page.body.contains("Débat : une proposition"));
    let day = sitting_day();
    let shown = format!(
        "{}, 18:00–21:00",
        app::i18n::format_date(day, domain::Lang::Fr)
    );
    assert!(
        page.body.contains(&shown),
        "Paris time on the page: {shown}"
    );
    let proposal_page = app.get(&format!("/proposals/{}", proposal.0), "").await;
    assert!(
        proposal_page
            .body
            .contains(&format!("href=\"/seances/{id}\"")),
        "the proposal names its sitting"
    );

    for feed in ["/seances.ics", "/sittings.ics?lang=en"] {
        let ics = app.get(feed, "").await;
        assert_eq!(ics.status, StatusCode::OK);
        assert_eq!(ics.headers["content-type"], "text/calendar; charset=utf-8");
        let unfolded = ics.body.replace("\r\n ", "");
        // The feed is in UTC: 18:00 in Paris is 17:00 or 16:00 UTC.
        let utc = |hour: &str| {
            domain::paris::parse_local(&format!("{day}T{hour}"))
                .unwrap()
                .format("%Y%m%dT%H%M%SZ")
                .to_string()
        };
        let times = format!("DTSTART:{}\r\nDTEND:{}\r\n", utc("18:00"), utc("21:00"));
        assert!(unfolded.contains(&times), "{times} in {unfolded}");
        assert!(unfolded.contains(&format!("UID:sitting-{id}@")));
        assert!(unfolded.contains("2. Débat : une proposition"));
        assert_eq!(
            ics.body.matches("BEGIN:VEVENT").count(),
            ics.body.matches("END:VEVENT").count()
        );
        assert!(ics.body.split("\r\n").all(|line| line.len() <= 75));
    }
    app.db.remove().await;
}

/// The attack: read who came from the public page, or guess the room's
/// code from home. Names stay with the facilitators; guesses run out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_is_counted_in_public_and_the_room_code_cannot_be_guessed() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let reply = create_sitting(&app, &facilitator).await;
    let id = reply.body.trim().to_owned();
    for step in ["convene", "open"] {
        let r = app
            .call(
                "sittings/step",
                &[("sitting_id", &id), ("step", step)],
                &facilitator,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let path = format!("/seances/{id}");
    let public = app.get(&path, &resident).await;
    assert!(public.body.contains("Présents"), "counts in public");
    let member_name = db::accounts::list_users(&app.db.conn, Some("membre@"), 0)
        .await
        .unwrap()
        .0[0]
        .display_name
        .clone();
    assert!(
        !public.body.contains(&member_name),
        "no member's name in public"
    );
    assert!(
        !public.body.contains("Code de la salle"),
        "no code in public"
    );
    let staff = app.get(&path, &facilitator).await;
    assert!(staff.body.contains(&member_name) && staff.body.contains("Code de la salle"));

    // A resident cannot check in; a member guessing runs out of tries.
    let resident_try = app
        .call(
            "sittings/checkin",
            &[("sitting_id", &id), ("code", "123456")],
            &resident,
        )
        .await;
    assert_eq!(
        resident_try.status,
        StatusCode::FORBIDDEN,
        "{}",
        resident_try.body
    );
    let sitting_id: i64 = id.parse().unwrap();
    let (room, _) = db::sittings::current_code(&app.db.conn, sitting_id, app.clock.now())
        .await
        .unwrap()
        .unwrap();
    let before = app.clock.now() - chrono::Duration::seconds(domain::sitting::CODE_WINDOW_SECS);
    let (previous, _) = db::sittings::current_code(&app.db.conn, sitting_id, before)
        .await
        .unwrap()
        .unwrap();
    let mut statuses = Vec::new();
    // Eleven wrong guesses (never the code itself, nor the previous window's).
    for guess in (0..13)
        .map(|n| format!("{n:06}"))
        .filter(|c| *c != room && *c != previous)
        .take(11)
    {
        let code = guess;
        let r = app
            .call(
                "sittings/checkin",
                &[("sitting_id", &id), ("code", &code)],
                &format!("{member}; lang=fr"),
            )
            .await;
        statuses.push(r.status);
        if r.status == StatusCode::BAD_REQUEST {
            assert!(
                r.body
                    .contains("Ce n'est pas le code affiché dans la salle"),
                "{}",
                r.body
            );
        }
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let counts = db::sittings::attendance(&app.db.conn, sitting_id)
        .await
        .unwrap();
    assert_eq!(counts.present, 0, "no guess got in");
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minutes_are_written_by_facilitators_read_by_members_and_approved_in_session() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(DEMO_ACCOUNTS[0].0, DEMO_ACCOUNTS[0].1).await;
    let member = app.sign_in(DEMO_ACCOUNTS[2].0, DEMO_ACCOUNTS[2].1).await;
    let resident = app.sign_in(DEMO_ACCOUNTS[3].0, DEMO_ACCOUNTS[3].1).await;
    let all = db::sittings::all(&app.db.conn, db::sittings::Audience::Public)
        .await
        .unwrap();
    let with_state = |state: domain::sitting::SittingState| {
        all.iter()
            .find(|(v, _, _)| v.summary.state == state)
            .unwrap()
            .0
            .summary
            .id
            .to_string()
    };
    // The demo's last sitting: closed, its minutes being written.
    let closed = with_state(domain::sitting::SittingState::Closed);
    let next = with_state(domain::sitting::SittingState::Convened);
    let draft = db::sittings::minutes(&app.db.conn, closed.parse().unwrap())
        .await
        .unwrap()
        .draft_id
        .unwrap()
        .to_string();

    // Facilitators write, members read, residents stay out.
    let as_facilitator = ok(&app
        .call("drafts/get", &[("draft_id", &draft)], &facilitator)
        .await);
    assert_eq!(as_facilitator["role"], "Owner", "{as_facilitator}");
    let as_member = ok(&app
        .call("drafts/get", &[("draft_id", &draft)], &member)
        .await);
    assert_eq!(as_member["role"], "Member");
    assert_eq!(
        as_member["summary"]["minutes_of"],
        closed.parse::<i64>().unwrap()
    );
    let outsider = app
        .call("drafts/get", &[("draft_id", &draft)], &resident)
        .await;
    assert_eq!(outsider.status, StatusCode::FORBIDDEN, "{}", outsider.body);
    // Minutes are never published as a proposal.
    let publish = app
        .call(
            "drafts/publish",
            &[("draft_id", &draft), ("summary", "Un compte rendu")],
            &facilitator,
        )
        .await;
    assert!(publish.status.is_client_error(), "{}", publish.body);

    // Only facilitators start and approve minutes.
    for cookie in ["", member.as_str(), resident.as_str()] {
        for endpoint in ["sittings/minutes/start", "sittings/minutes/approve"] {
            let refused = app.call(endpoint, &[("sitting_id", &closed)], cookie).await;
            assert!(
                matches!(
                    refused.status,
                    StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                ),
                "{endpoint} {cookie}: {}",
                refused.body
            );
        }
    }
    // Approved in session: refused beside the button until the next opens.
    let early = app
        .call(
            "sittings/minutes/approve",
            &[("sitting_id", &closed)],
            &format!("{facilitator}; lang=fr"),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);
    assert!(
        early.body.contains("\"field\":\"minutes\""),
        "{}",
        early.body
    );
    assert!(
        early.body.contains("ouvrez d'abord la séance suivante"),
        "{}",
        early.body
    );
    let page = app.get(&format!("/seances/{closed}"), "").await;
    assert!(!page.body.contains("minutes-hash"), "nothing published yet");

    ok(&app
        .call(
            "sittings/step",
            &[("sitting_id", &next), ("step", "open")],
            &facilitator,
        )
        .await);
    ok(&app
        .call(
            "sittings/minutes/approve",
            &[("sitting_id", &closed)],
            &facilitator,
        )
        .await);
    let minutes = db::sittings::minutes(&app.db.conn, closed.parse().unwrap())
        .await
        .unwrap()
        .approved
        .unwrap();
    assert_eq!(minutes.approved_in.to_string(), next);
    // Published on the sitting's page, for anyone, with its hash.
    let page = app.get(&format!("/seances/{closed}"), "").await;
    assert!(page.body.contains(&minutes.sha256), "{}", page.body);
    assert!(page.body.contains("Compte rendu de la séance plénière du"));
    // Frozen: its draft takes no more versions; approving again is refused.
    let version = app
        .call("drafts/version", &[("draft_id", &draft)], &facilitator)
        .await;
    assert_eq!(version.status, StatusCode::BAD_REQUEST, "{}", version.body);
    let twice = app
        .call(
            "sittings/minutes/approve",
            &[("sitting_id", &closed)],
            &facilitator,
        )
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{}", twice.body);
    app.db.remove().await;
}
