//! The co-writing websocket over a real socket: who may open it, who may
//! edit, what reaches the others and the database, and how bad frames,
//! floods and oversized messages end the connection (with a reason, the
//! document untouched).

mod common;
#[path = "common/ws.rs"]
mod ws;

use common::TestApp;
use cowrite::frame;
use db::demo::DEMO_ACCOUNTS;
use futures::SinkExt;
use tokio_tungstenite::tungstenite::Message;

/// The app on a real port (websockets need one).
async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .ok();
    });
    addr
}

async fn user(app: &TestApp, n: usize) -> i64 {
    db::accounts::login_of(&app.db.conn, DEMO_ACCOUNTS[n].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

/// A draft by the first demo member; cookies of its owner, of the second
/// member (a reader) and of a resident.
async fn setup(app: &TestApp) -> (i64, String, String, String) {
    let owner = user(app, 2).await;
    let draft = db::drafts::create(
        &app.db.conn,
        owner,
        "urbanisme",
        "Des bancs partout",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    (
        draft,
        app.session_for(owner).await,
        app.session_for(user(app, 4).await).await,
        app.session_for(user(app, 3).await).await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_members_of_the_assembly_open_a_draft_from_the_site_s_own_pages() {
    let app = TestApp::with_demo().await;
    let addr = serve(&app).await;
    let (draft, owner, reader, resident) = setup(&app).await;
    let origin = format!("http://{addr}");
    assert_eq!(ws::open(&addr, draft, &owner, None).await.err(), Some(403));
    assert_eq!(
        ws::open(&addr, draft, &owner, Some("https://evil.example"))
            .await
            .err(),
        Some(403)
    );
    assert_eq!(
        ws::open(&addr, draft, "", Some(&origin)).await.err(),
        Some(401)
    );
    assert_eq!(
        ws::open(&addr, draft, &resident, Some(&origin)).await.err(),
        Some(403)
    );
    assert_eq!(
        ws::open(&addr, 999_999, &owner, Some(&origin)).await.err(),
        Some(404)
    );
    assert!(ws::open(&addr, draft, &owner, Some(&origin)).await.is_ok());
    assert!(ws::open(&addr, draft, &reader, Some(&origin)).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authors_edits_reach_readers_and_the_database_and_readers_cannot_edit() {
    let app = TestApp::with_demo().await;
    let addr = serve(&app).await;
    let (draft, owner, reader, _) = setup(&app).await;
    let mut author = ws::Client::join(&addr, draft, &owner).await;
    let mut watcher = ws::Client::join(&addr, draft, &reader).await;
    author.type_at(0, "Un banc tous les 300 mètres.").await;
    watcher.until_text("Un banc tous les 300 mètres.").await;
    // Stored as it arrived: the database alone rebuilds the text. (A
    // reader who joins while the edit is being written gets it in the
    // sync reply, from the room's copy, a moment before it is stored.)
    let mut rebuilt = String::new();
    for _ in 0..50 {
        let stored = db::drafts::stored(&app.db.conn, draft)
            .await
            .unwrap()
            .unwrap();
        rebuilt = cowrite::Draft::from_updates(stored.parts()).unwrap().text();
        if !rebuilt.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(rebuilt, "Un banc tous les 300 mètres.");

    watcher.type_at(0, "Lu : ").await;
    let (code, reason) = watcher.closed().await;
    assert_eq!(code, 4403);
    assert!(reason.starts_with("read only"), "{reason}");
    let stored = db::drafts::stored(&app.db.conn, draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        cowrite::Draft::from_updates(stored.parts()).unwrap().text(),
        "Un banc tous les 300 mètres."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_frames_close_the_connection_with_a_reason_and_change_nothing() {
    let app = TestApp::with_demo().await;
    let addr = serve(&app).await;
    let (draft, owner, _, _) = setup(&app).await;
    let mut author = ws::Client::join(&addr, draft, &owner).await;
    author.type_at(0, "Texte sûr.").await;
    author.until_text("Texte sûr.").await;

    let cases: Vec<(Message, u16, &str)> = vec![
        (
            Message::Binary(vec![0x00, 0x02, 0x04, 0xff, 0xff, 0xff, 0x01].into()),
            1008,
            "malformed frame",
        ),
        (
            Message::Binary(vec![0x07, 0x01, 0x00].into()),
            1008,
            "unsupported message",
        ),
        (Message::Text("bonjour".into()), 1003, "binary frames only"),
    ];
    for (message, code, reason) in cases {
        let mut client = ws::Client::join(&addr, draft, &owner).await;
        client.socket.send(message).await.unwrap();
        assert_eq!(client.closed().await, (code, reason.to_owned()));
    }
    // Over the size limit.
    let mut big = ws::Client::join(&addr, draft, &owner).await;
    let huge = vec![0u8; cowrite::limits::MAX_FRAME_BYTES + 1];
    big.socket.send(Message::Binary(huge.into())).await.unwrap();
    assert_eq!(big.closed().await, (1009, "frame too large".to_owned()));
    // A flood: past the burst, the connection closes.
    let mut flood = ws::Client::join(&addr, draft, &owner).await;
    let query = frame::awareness(yrs::sync::AwarenessUpdate {
        clients: Default::default(),
    });
    for _ in 0..(cowrite::limits::FRAME_BURST as usize + 50) {
        if flood
            .socket
            .send(Message::Binary(query.clone().into()))
            .await
            .is_err()
        {
            break;
        }
    }
    assert_eq!(flood.closed().await, (4429, "too many messages".to_owned()));

    let stored = db::drafts::stored(&app.db.conn, draft)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        cowrite::Draft::from_updates(stored.parts()).unwrap().text(),
        "Texte sûr."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_made_offline_merge_when_the_client_reconnects() {
    let app = TestApp::with_demo().await;
    let addr = serve(&app).await;
    let (draft, owner, _, _) = setup(&app).await;
    let mut first = ws::Client::join(&addr, draft, &owner).await;
    first.type_at(0, "Des bancs.").await;
    first.until_text("Des bancs.").await;
    // The second author goes offline with a copy, and writes meanwhile.
    let mut second = ws::Client::join(&addr, draft, &owner).await;
    second.until_text("Des bancs.").await;
    let offline = std::mem::replace(&mut second.draft, cowrite::Draft::new());
    drop(second);
    let offline_edit = offline.edit(&cowrite::Splice {
        index: 10,
        delete: 0,
        insert: " À l'ombre.".into(),
    });
    assert!(!offline_edit.is_empty());
    first.type_at(0, "Proposition : ").await;
    // Back online: the server's state vector asks for what it misses.
    let mut back = ws::Client::join(&addr, draft, &owner).await;
    back.draft = offline;
    back.until_text("Proposition : Des bancs. À l'ombre.").await;
    first
        .until_text("Proposition : Des bancs. À l'ombre.")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_proposal_shows_anyone_how_its_draft_was_written() {
    let app = TestApp::with_demo().await;
    let (draft, owner, reader, _) = setup(&app).await;
    let id = draft.to_string();
    let room = app.state.rooms.open(draft).await.unwrap().unwrap();
    let text = "Des bancs dans chaque rue et sur chaque place.";
    let typed = cowrite::Draft::new().edit(&cowrite::Splice::between("", text));
    room.edit(0, Some(user(&app, 2).await), typed)
        .await
        .unwrap();
    let suggest = |passage: &'static str, replacement: &'static str| {
        let (app, id, reader) = (&app, id.clone(), reader.clone());
        async move {
            let reply = app
                .call(
                    "drafts/suggest",
                    &[
                        ("draft_id", id.as_str()),
                        ("passage", passage),
                        ("replacement", replacement),
                    ],
                    &reader,
                )
                .await;
            common::ok(&reply).as_i64().unwrap()
        }
    };
    let kept = suggest("chaque rue", "chaque rue ombragée").await;
    let turned_down = suggest("sur chaque place", "nulle part").await;
    // Accepted twice at once (two tabs): applied once, the other refused.
    let accept = |suggestion: i64| {
        let (app, owner) = (&app, owner.clone());
        async move {
            app.call(
                "drafts/decide",
                &[
                    ("suggestion_id", &suggestion.to_string()),
                    ("accept", "true"),
                ],
                &owner,
            )
            .await
        }
    };
    let (first, second) = tokio::join!(accept(kept), accept(kept));
    let statuses = [first.status, second.status];
    assert!(
        statuses.contains(&axum::http::StatusCode::OK)
            && statuses.iter().any(|s| s.is_client_error()),
        "{statuses:?}"
    );
    assert_eq!(room.text().await.matches("ombragée").count(), 1);
    let reply = app
        .call(
            "drafts/decide",
            &[
                ("suggestion_id", &turned_down.to_string()),
                ("accept", "false"),
            ],
            &owner,
        )
        .await;
    common::ok(&reply);

    // A proposal not written as a draft has no such history.
    let not_drafted = app
        .call("proposal/draft", &[("proposal_id", "1")], "")
        .await;
    assert_eq!(common::ok(&not_drafted), serde_json::Value::Null);

    let published = app
        .call(
            "drafts/publish",
            &[
                ("draft_id", id.as_str()),
                ("summary", "Des bancs pour s'asseoir partout."),
            ],
            &owner,
        )
        .await;
    let proposal = common::ok(&published).as_i64().unwrap();
    // A published draft takes no more versions.
    let late = app
        .call("drafts/version", &[("draft_id", id.as_str())], &owner)
        .await;
    assert!(late.status.is_client_error(), "{}", late.body);

    // Anyone, signed in or not, reads who wrote what.
    let history = app
        .call(
            "proposal/draft",
            &[("proposal_id", &proposal.to_string())],
            "",
        )
        .await;
    let history = common::ok(&history);
    assert_eq!(history["summary"]["id"], draft);
    assert_eq!(history["summary"]["authors"].as_array().unwrap().len(), 1);
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "{history}");
    assert_eq!(
        versions[0]["body"],
        "Des bancs dans chaque rue ombragée et sur chaque place."
    );
    let suggestions = history["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 1, "only the accepted one: {history}");
    assert_eq!(suggestions[0]["id"], kept);
    assert!(!suggestions[0]["author"].as_str().unwrap().is_empty());
    assert_eq!(history["invitable"], serde_json::json!([]));

    // Garbage gets a clear refusal.
    let bad = app
        .call("proposal/draft", &[("proposal_id", "deux")], "")
        .await;
    assert_eq!(
        bad.status,
        axum::http::StatusCode::BAD_REQUEST,
        "{}",
        bad.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_announcing_thousands_of_cursors_holds_four_and_the_room_keeps_writing() {
    let app = TestApp::with_demo().await;
    let addr = serve(&app).await;
    let (draft, owner, reader, _) = setup(&app).await;
    let mut author = ws::Client::join(&addr, draft, &owner).await;
    // The attack: one frame, just under the size limit, of 2,000 cursors,
    // sent thirty times (it froze the room for minutes when every cursor
    // was compared with every other under the room's lock).
    let mut attacker = ws::Client::join(&addr, draft, &reader).await;
    let cursors = yrs::sync::AwarenessUpdate {
        clients: (1..=2000u64)
            .map(|id| {
                (
                    yrs::block::ClientID::new(id),
                    yrs::sync::awareness::AwarenessUpdateEntry {
                        clock: 1,
                        json: r#"{"anchor":0,"head":0}"#.into(),
                    },
                )
            })
            .collect(),
    };
    let flood = frame::awareness(cursors);
    assert!(flood.len() < cowrite::limits::MAX_FRAME_BYTES);
    let started = std::time::Instant::now();
    for _ in 0..30 {
        attacker.send(flood.clone()).await;
    }
    // The author's edits still reach a newcomer at once, and the room
    // lists only the cursors a connection may hold.
    author.type_at(0, "Toujours là.").await;
    let mut newcomer = ws::Client::join(&addr, draft, &owner).await;
    let listed = newcomer.next_presence().await;
    assert!(
        (1..=cowrite::limits::PRESENCE_PER_CONNECTION).contains(&listed),
        "{listed} cursors listed"
    );
    newcomer.until_text("Toujours là.").await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// The text the database alone rebuilds.
async fn stored_text(app: &TestApp, draft: i64) -> String {
    let stored = db::drafts::stored(&app.db.conn, draft)
        .await
        .unwrap()
        .unwrap();
    cowrite::Draft::from_updates(stored.parts()).unwrap().text()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_socket_loses_the_pen_when_its_author_leaves_the_assembly_or_signs_out() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::with_demo().await;
    let addr = serve(&app).await;
    let (draft, owner, second, _) = setup(&app).await;
    db::drafts::add_author(&app.db.conn, draft, user(&app, 4).await, chrono::Utc::now())
        .await
        .unwrap();
    let mut author = ws::Client::join(&addr, draft, &owner).await;
    let mut coauthor = ws::Client::join(&addr, draft, &second).await;
    author.type_at(0, "Avant.").await;
    coauthor.until_text("Avant.").await;

    // The co-author signs out in another tab: the open socket closes.
    let out = app.call("auth/signout", &[], &second).await;
    assert_eq!(out.status, axum::http::StatusCode::OK);
    assert_eq!(coauthor.closed().await, (4403, "signed out".to_owned()));

    // The owner leaves the assembly: the open socket closes, and what it
    // sends afterwards is not stored.
    let owner_id = user(&app, 2).await;
    app.db
        .conn
        .execute_unprepared(&format!(
            "UPDATE memberships SET status = 'left' WHERE user_id = {owner_id}"
        ))
        .await
        .unwrap();
    assert_eq!(
        author.closed().await,
        (4403, "no longer a member of the assembly".to_owned())
    );
    let _ = author
        .socket
        .send(Message::Binary(
            frame::update(author.draft.edit(&cowrite::Splice {
                index: 0,
                delete: 0,
                insert: "Après. ".into(),
            }))
            .into(),
        ))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(stored_text(&app, draft).await, "Avant.");
    // And a new socket is refused at the door.
    assert_eq!(
        ws::open(&addr, draft, &owner, Some(&format!("http://{addr}")))
            .await
            .err(),
        Some(403)
    );
}
