//! Reaching people where they are (issue 21), through HTTP: a member who
//! chose e-mail gets exactly one message when a vote opens, with an RFC
//! 8058 one-click link that works without signing in and cannot be forged;
//! vote closing times are checked in Paris time; the scheduler closes a
//! vote at its time once; a member who chose push gets one encrypted,
//! signed push per device, and only on a push service.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Duration;
use sea_orm::{ConnectionTrait, Statement};

mod common;
use common::{TestApp, keeping_transport, mails_in, new_sitting, ok};

async fn column(app: &TestApp, sql: &str) -> Vec<i64> {
    let conn = &app.db.conn;
    conn.query_all_raw(Statement::from_string(
        conn.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get_by_index::<i64>(0).unwrap())
    .collect()
}

async fn sitting_members(app: &TestApp) -> Vec<i64> {
    column(
        app,
        "SELECT user_id FROM memberships WHERE status = 'active' AND user_id IS NOT NULL ORDER BY user_id",
    )
    .await
}

async fn email_of(app: &TestApp, user: i64) -> String {
    let conn = &app.db.conn;
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT email FROM users WHERE id = {user}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<String>(0).unwrap()
}

/// A proposal of the assembly in deliberation, ready for its vote.
async fn deliberated_proposal(app: &TestApp) -> i64 {
    column(
        app,
        "SELECT id FROM proposals WHERE status = 'deliberation' AND origin = 'assembly' ORDER BY id",
    )
    .await[0]
}

/// A Paris wall-clock time as the form's `datetime-local` field sends it.
fn paris_field(at: chrono::DateTime<chrono::Utc>) -> String {
    domain::paris::local(at)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn one_click_link(mail: &str) -> String {
    let line = mail
        .lines()
        .find_map(|l| l.strip_prefix("List-Unsubscribe: <"))
        .expect("a List-Unsubscribe header");
    line.trim_end_matches('>').to_owned()
}

async fn one_click(app: &TestApp, link: &str) -> (StatusCode, String) {
    let path = link.strip_prefix("http://127.0.0.1:3000").unwrap();
    let reply = app
        .send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    (reply.status, reply.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_chose_email_gets_one_message_and_stops_it_in_one_click() {
    let app = TestApp::with_demo().await;
    let members = sitting_members(&app).await;
    let (chose_email, chose_app) = (members[0], members[1]);
    let email_session = app.session_for(chose_email).await;
    let app_session = app.session_for(chose_app).await;
    ok(&app
        .call(
            "notifications/pref",
            &[("kind", "vote.opened"), ("delivery", "email")],
            &email_session,
        )
        .await);
    ok(&app
        .call(
            "notifications/pref",
            &[("kind", "vote.opened"), ("delivery", "app")],
            &app_session,
        )
        .await);

    let admin = app.facilitator("facilitation@example.org").await;
    let proposal = deliberated_proposal(&app).await.to_string();
    let closes = paris_field(app.clock.now() + Duration::days(3));
    ok(&app
        .call(
            "vote/open",
            &[
                ("proposal_id", &proposal),
                ("majority", "simple"),
                ("quorum", "50"),
                ("closes_at", &closes),
            ],
            &admin,
        )
        .await);

    let dir = tempdir("reaching");
    let transport = keeping_transport(&dir);
    // A second round (or a second instance) sends nothing again.
    let mails = mail_twice(&app, &transport, &dir).await;
    let to = |user: String| {
        mails
            .iter()
            .filter(|m| m.contains(&format!("To: {user}\r\n")))
            .cloned()
            .collect::<Vec<_>>()
    };
    let theirs = to(email_of(&app, chose_email).await);
    assert_eq!(theirs.len(), 1, "exactly one message");
    assert!(
        to(email_of(&app, chose_app).await).is_empty(),
        "the member who chose the app gets no mail"
    );
    let mail = &theirs[0];
    assert!(
        mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
        "{mail}"
    );
    assert!(mail.contains("multipart/alternative"), "{mail}");
    assert!(mail.contains(&format!("/proposals/{proposal}")), "{mail}");

    // The link, followed by a mail program: stopped, without a session.
    let link = one_click_link(mail);
    assert_eq!(
        one_click(&app, &link).await,
        (StatusCode::OK, "unsubscribed".into())
    );
    let prefs = ok(&app.call("notifications/prefs", &[], &email_session).await);
    let vote_opened = prefs
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "vote_opened")
        .unwrap()
        .clone();
    assert_eq!(vote_opened["delivery"], "app", "{prefs}");
    // Reused: nothing more happens.
    assert_eq!(
        one_click(&app, &link).await,
        (StatusCode::OK, "already unsubscribed".into())
    );
    // Opened in a browser: the page that asks for a click, never a change.
    let get = app
        .get(link.strip_prefix("http://127.0.0.1:3000").unwrap(), "")
        .await;
    assert_eq!(get.status, StatusCode::SEE_OTHER);
    assert!(
        get.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/unsubscribe?token=")
    );
    // Forged: another member's id under this link's signature.
    let token = link.split("token=").nth(1).unwrap();
    let forged = token.replacen(&chose_email.to_string(), &chose_app.to_string(), 1);
    let (status, _) = one_click(
        &app,
        &format!("http://127.0.0.1:3000/unsubscribe/one-click?token={forged}"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let refused = app.call("unsubscribe", &[("token", &forged)], "").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("n'est pas valable"),
        "{}",
        refused.body
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Two mailer rounds, as two instances would run them, and the mails kept.
async fn mail_twice(
    app: &TestApp,
    transport: &server::mailer::Transport,
    dir: &std::path::Path,
) -> Vec<String> {
    for _ in 0..2 {
        server::mailer::round(&app.state, Some(transport))
            .await
            .unwrap();
    }
    mails_in(dir)
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kleroterion-{name}-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_times_are_checked_in_paris_time_and_refusals_change_nothing() {
    let app = TestApp::with_demo().await;
    let admin = app.facilitator("facilitation@example.org").await;
    let proposal = deliberated_proposal(&app).await.to_string();
    let votes_before = column(&app, "SELECT COUNT(*) FROM votes").await[0];
    let soon = paris_field(app.clock.now() + Duration::minutes(30));
    let late = paris_field(app.clock.now() + Duration::days(61));
    for (closes, expected) in [
        // 29 March 2026, 02:30: the clocks skip it in Paris.
        ("2026-03-29T02:30", "qui existent à Paris"),
        ("demain midi", "qui existent à Paris"),
        (soon.as_str(), "au moins une heure"),
        (late.as_str(), "plus de 60 jours"),
    ] {
        let reply = app
            .call(
                "vote/open",
                &[
                    ("proposal_id", &proposal),
                    ("majority", "simple"),
                    ("quorum", "50"),
                    ("closes_at", closes),
                ],
                &admin,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{closes}: {}",
            reply.body
        );
        assert!(
            reply.body.contains("closes_at") && reply.body.contains(expected),
            "{closes}: {}",
            reply.body
        );
    }
    assert_eq!(
        column(&app, "SELECT COUNT(*) FROM votes").await[0],
        votes_before
    );

    let member = app.session_for(sitting_members(&app).await[0]).await;
    for (kind, delivery, field) in [
        ("vote.everything", "email", "kind"),
        ("vote.opened", "sms", "delivery"),
    ] {
        let reply = app
            .call(
                "notifications/pref",
                &[("kind", kind), ("delivery", delivery)],
                &member,
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.body.contains(field), "{}", reply.body);
    }
    assert_eq!(
        column(&app, "SELECT COUNT(*) FROM notification_prefs").await[0],
        0
    );
    let anonymous = app
        .call(
            "notifications/pref",
            &[("kind", "vote.opened"), ("delivery", "off")],
            "",
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_closes_a_vote_at_its_time_once_and_sends_the_digest_once() {
    let app = TestApp::with_demo().await;
    let admin = app.facilitator("facilitation@example.org").await;
    let proposal = deliberated_proposal(&app).await;
    let closes = app.clock.now() + Duration::days(2);
    let vote = ok(&app
        .call(
            "vote/open",
            &[
                ("proposal_id", &proposal.to_string()),
                ("majority", "simple"),
                ("quorum", "1"),
                ("closes_at", &paris_field(closes)),
            ],
            &admin,
        )
        .await)
    .as_i64()
    .unwrap();
    assert_eq!(
        server::scheduler::round(&app.state, "w1").await.unwrap(),
        0,
        "nothing is due yet"
    );

    // Past the closing time (and the reminder, and a daily digest): two
    // instances' rounds run each job once between them.
    app.clock.advance(Duration::days(2) + Duration::minutes(1));
    let ran = server::scheduler::round(&app.state, "w1").await.unwrap()
        + server::scheduler::round(&app.state, "w2").await.unwrap();
    assert!(
        ran >= 3,
        "close, reminder and at least one daily digest: {ran}"
    );
    let closed = column(
        &app,
        &format!("SELECT COUNT(*) FROM votes WHERE id = {vote} AND closed_at IS NOT NULL"),
    )
    .await;
    assert_eq!(closed, [1]);
    let results = column(
        &app,
        &format!("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'vote.result' AND payload LIKE '%\"vote\":{vote},%'"),
    )
    .await;
    assert_eq!(results, [1]);
    // The vote's result waits for the daily digest (its default): the
    // digest due before it was written leaves it for the next one.
    const WAITING: &str = "SELECT COUNT(*) FROM notifications WHERE kind = 'vote.closed' \
                           AND delivery = 'daily' AND delivered_at IS NULL";
    let before = column(&app, WAITING).await[0];
    assert!(before > 0, "the result waits for a digest");
    app.clock.advance(Duration::days(1));
    server::scheduler::round(&app.state, "w1").await.unwrap();
    server::scheduler::round(&app.state, "w2").await.unwrap();
    assert_eq!(column(&app, WAITING).await[0], 0, "the next digest took it");
    let per_person = column(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%résumé du jour%' GROUP BY recipient",
    )
    .await;
    assert!(!per_person.is_empty());
    assert!(
        per_person.iter().all(|n| *n == 1),
        "one digest per person: {per_person:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_seen_signed_in_are_never_kept_and_public_ones_are_revalidated() {
    let app = TestApp::with_demo().await;
    let anonymous = app.get("/proposals", "").await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert_eq!(anonymous.headers[header::CACHE_CONTROL], "no-cache");
    assert!(
        anonymous
            .headers
            .get_all(header::VARY)
            .iter()
            .any(|v| v.to_str().unwrap().contains("Cookie")),
        "a shared cache keeps signed-in and anonymous answers apart"
    );
    let member = app.session_for(sitting_members(&app).await[0]).await;
    for path in ["/proposals", "/notifications", "/account"] {
        let signed_in = app.get(path, &member).await;
        assert_eq!(
            signed_in.headers[header::CACHE_CONTROL],
            "private, no-store",
            "{path}: a cache must never keep a signed-in page"
        );
    }
    // Not a page: left as it was (server functions set their own).
    let api = app.call("notifications/prefs", &[], &member).await;
    assert_ne!(
        api.headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-cache")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn convening_a_sitting_mails_each_member_once_with_its_day_place_and_page() {
    let app = TestApp::with_demo().await;
    let members = sitting_members(&app).await;
    let admin = app.facilitator("facilitation@example.org").await;
    let id = new_sitting(&app, &admin, 10).await;
    let dir = tempdir("convened");
    let transport = keeping_transport(&dir);
    // Prepared, not convened: nobody hears of it.
    server::mailer::round(&app.state, Some(&transport))
        .await
        .unwrap();
    assert!(mails_in(&dir).iter().all(|m| !m.contains("/seances/")));

    ok(&app
        .call(
            "sittings/step",
            &[("sitting_id", &id), ("step", "convene")],
            &admin,
        )
        .await);
    let convocations: Vec<String> = mail_twice(&app, &transport, &dir)
        .await
        .into_iter()
        .filter(|m| m.contains(&format!("/seances/{id}")))
        .collect();
    for member in &members {
        let address = email_of(&app, *member).await;
        let theirs: Vec<&String> = convocations
            .iter()
            .filter(|m| m.contains(&format!("To: {address}\r\n")))
            .collect();
        assert_eq!(theirs.len(), 1, "{address}: exactly one convocation");
        assert!(theirs[0].contains("Hôtel de Ville, salle des fêtes"));
        assert!(theirs[0].contains("18:00"), "{}", theirs[0]);
    }
    assert_eq!(convocations.len(), members.len(), "members only");
    // The one-click link stops convocations, and only them.
    let link = one_click_link(&convocations[0]);
    assert_eq!(
        one_click(&app, &link).await,
        (StatusCode::OK, "unsubscribed".into())
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A push service on loopback: it keeps what it is sent and answers 201,
/// or 410 for the devices under `/gone/` (unsubscribed in their browser).
async fn fake_push_service() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<Request<Vec<u8>>>>>,
) {
    use std::sync::{Arc, Mutex};
    let received: Arc<Mutex<Vec<Request<Vec<u8>>>>> = Arc::default();
    let kept = received.clone();
    let service = axum::Router::new().fallback(move |request: Request<Body>| {
        let kept = kept.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec();
            let gone = parts.uri.path().starts_with("/gone/");
            kept.lock().unwrap().push(Request::from_parts(parts, body));
            if gone {
                StatusCode::GONE
            } else {
                StatusCode::CREATED
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    (origin, received)
}

/// A browser's push keys: its P-256 secret, and the subscription's keys
/// as the browser gives them.
fn browser_keys(seed: &str) -> (web_push_native::p256::SecretKey, String, String) {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::Digest;
    use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
    let secret =
        web_push_native::p256::SecretKey::from_slice(&sha2::Sha256::digest(seed.as_bytes()))
            .unwrap();
    let point = secret.public_key().to_encoded_point(false);
    let auth = &sha2::Sha256::digest(format!("auth {seed}").as_bytes())[..16];
    (
        secret,
        URL_SAFE_NO_PAD.encode(point.as_bytes()),
        URL_SAFE_NO_PAD.encode(auth),
    )
}

async fn devices(app: &TestApp, session: &str) -> u64 {
    ok(&app.call("push/setup", &[], session).await)["devices"]
        .as_u64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_who_chose_push_gets_one_encrypted_signed_push_per_device_and_gone_devices_are_forgotten()
 {
    use web_push_native::jwt_simple::algorithms::{
        ECDSAP256PublicKeyLike, ES256KeyPair, ES256PublicKey,
    };
    let (origin, received) = fake_push_service().await;
    let vapid = ES256KeyPair::generate();
    let app = TestApp::with_demo()
        .await
        .with_push_service(&vapid, &origin);
    let members = sitting_members(&app).await;
    let member = app.session_for(members[0]).await;
    let (secret, p256dh, auth) = browser_keys("phone");
    let (_, gone_p256dh, gone_auth) = browser_keys("old laptop");

    // Refused, each beside the button, and nothing stored: an address
    // that is not the push service's (the server must never be made to
    // call inside the network), keys that are not a curve point.
    for (endpoint, key) in [
        ("http://169.254.169.254/latest/meta-data", p256dh.as_str()),
        (&format!("{origin}.evil.example/x"), &p256dh),
        (&format!("{origin}/ok/1"), "BCVxsr7N_eNgVRqvHtD0zTZsEc6"),
    ] {
        let reply = app
            .call(
                "push/subscribe",
                &[("endpoint", endpoint), ("p256dh", key), ("auth", &auth)],
                &member,
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{endpoint}");
        assert!(reply.body.contains("\"push\""), "{}", reply.body);
    }
    let anonymous = app
        .call(
            "push/subscribe",
            &[
                ("endpoint", &format!("{origin}/ok/1")),
                ("p256dh", &p256dh),
                ("auth", &auth),
            ],
            "",
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(devices(&app, &member).await, 0);

    let phone = format!("{origin}/ok/phone");
    let laptop = format!("{origin}/gone/laptop");
    for (endpoint, key, secret) in [
        (&phone, &p256dh, &auth),
        (&laptop, &gone_p256dh, &gone_auth),
    ] {
        ok(&app
            .call(
                "push/subscribe",
                &[("endpoint", endpoint), ("p256dh", key), ("auth", secret)],
                &member,
            )
            .await);
    }
    assert_eq!(devices(&app, &member).await, 2);
    ok(&app
        .call(
            "notifications/pref",
            &[("kind", "vote.opened"), ("delivery", "push")],
            &member,
        )
        .await);

    let admin = app.facilitator("facilitation@example.org").await;
    let proposal = deliberated_proposal(&app).await;
    ok(&app
        .call(
            "vote/open",
            &[
                ("proposal_id", &proposal.to_string()),
                ("majority", "simple"),
                ("quorum", "50"),
                ("closes_at", ""),
            ],
            &admin,
        )
        .await);
    let pusher = server::pusher::Pusher::new(
        vapid,
        "mailto:dpo@test.example".into(),
        vec![origin.clone()],
    );
    // A second round (or a second instance) pushes nothing again.
    for _ in 0..2 {
        server::pusher::round(&app.state, &pusher).await.unwrap();
    }

    let received = std::mem::take(&mut *received.lock().unwrap());
    let paths: Vec<&str> = received.iter().map(|r| r.uri().path()).collect();
    assert_eq!(
        paths,
        ["/ok/phone", "/gone/laptop"],
        "one push per device, once"
    );
    let push = &received[0];
    assert_eq!(push.headers()["content-encoding"], "aes128gcm");
    assert_eq!(push.headers()["ttl"], "86400");
    // Signed with the key browsers subscribed with (RFC 8292), for this
    // push service.
    let authorization = push.headers()["authorization"].to_str().unwrap();
    let (token, key) = authorization
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .unwrap();
    let setup = ok(&app.call("push/setup", &[], &member).await);
    assert_eq!(key, setup["public_key"].as_str().unwrap());
    let public = ES256PublicKey::from_bytes(&app::push::keys::decode(key).unwrap()).unwrap();
    let claims = public
        .verify_token::<web_push_native::jwt_simple::claims::NoCustomClaims>(token, None)
        .unwrap();
    assert_eq!(
        claims.audiences.unwrap().into_set(),
        ["http://127.0.0.1".to_owned()].into()
    );
    assert_eq!(claims.subject.as_deref(), Some("mailto:dpo@test.example"));
    // Only the browser reads it (RFC 8291): what happened, about what,
    // and the page it opens.
    let auth_bytes = app::push::keys::decode(&auth).unwrap();
    let plain = web_push_native::decrypt(
        push.body().clone(),
        &secret,
        &<[u8; 16]>::try_from(auth_bytes).unwrap().into(),
    )
    .unwrap();
    let payload: domain::push::Payload = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload.path, format!("/proposals/{proposal}"));
    assert!(!payload.title.is_empty() && !payload.body.is_empty());
    assert!(!String::from_utf8_lossy(push.body()).contains(&payload.body));

    // The device its push service called gone is forgotten; the
    // notification is still in the app.
    assert_eq!(devices(&app, &member).await, 1);
    let listed = ok(&app.call("notifications/list", &[], &member).await);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "vote_opened" && n["about"]["Proposal"]["id"] == proposal),
        "{listed}"
    );

    // A device is one person's: signed in as someone else on the phone,
    // it moves to them; the member cannot stop someone else's device.
    let other = app.session_for(members[1]).await;
    ok(&app
        .call(
            "push/subscribe",
            &[("endpoint", &phone), ("p256dh", &p256dh), ("auth", &auth)],
            &other,
        )
        .await);
    assert_eq!(devices(&app, &member).await, 0);
    ok(&app
        .call("push/unsubscribe", &[("endpoint", &phone)], &member)
        .await);
    assert_eq!(devices(&app, &other).await, 1);
    ok(&app
        .call("push/unsubscribe", &[("endpoint", &phone)], &other)
        .await);
    assert_eq!(devices(&app, &other).await, 0);
}

#[test]
fn push_encryption_reads_rfc_8291s_example() {
    // RFC 8291, section 5 (and appendix A): the user agent's private key
    // and authentication secret decrypt the example message to its text.
    let decode = |text: &str| app::push::keys::decode(text).unwrap();
    let ua_private = web_push_native::p256::SecretKey::from_slice(&decode(
        "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
    ))
    .unwrap();
    let auth: [u8; 16] = decode("BTBZMqHH6r4Tts7J_aSIgg").try_into().unwrap();
    let auth = web_push_native::Auth::from(auth);
    let message = decode(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );
    let plain = web_push_native::decrypt(message, &ua_private, &auth).unwrap();
    assert_eq!(plain, b"When I grow up, I want to be a watermelon");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_needs_a_sign_in_an_existing_proposal_and_a_known_theme() {
    let app = TestApp::with_demo().await;
    let proposal = deliberated_proposal(&app).await.to_string();
    let resident = app.session_for(sitting_members(&app).await[0]).await;
    let follow = |on| [("proposal_id", proposal.as_str()), ("on", on)];
    let anonymous = app.call("follow/proposal", &follow("true"), "").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let unknown = app
        .call(
            "follow/proposal",
            &[("proposal_id", &i64::MAX.to_string()), ("on", "true")],
            &resident,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad_theme = app
        .call(
            "follow/theme",
            &[("theme", "astrologie"), ("on", "true")],
            &resident,
        )
        .await;
    assert_eq!(bad_theme.status, StatusCode::BAD_REQUEST);
    assert!(bad_theme.body.contains("\"theme\""), "{}", bad_theme.body);

    let me = [("proposal_id", proposal.as_str())];
    ok(&app
        .call("follow/proposal", &follow("true"), &resident)
        .await);
    assert_eq!(
        ok(&app.call("proposal/me", &me, &resident).await)["following"],
        true
    );
    let listed = ok(&app.call("follow/list", &[], &resident).await);
    assert_eq!(listed["proposals"][0][0].to_string(), proposal);
    ok(&app
        .call("follow/proposal", &follow("false"), &resident)
        .await);
    assert_eq!(
        ok(&app.call("proposal/me", &me, &resident).await)["following"],
        false
    );
}
