//! Accounts over HTTP: what the server accepts and, above all, refuses.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::TestApp;
use db::demo::DEMO_ACCOUNTS;

const GOOD_PASSWORD: &str = "cheval agrafe batterie";

fn account(index: usize) -> (&'static str, &'static str) {
    DEMO_ACCOUNTS[index]
}

const SIGN_UP: [(&str, &str); 4] = [
    ("email", " Awa@Paris.fr "),
    ("password", GOOD_PASSWORD),
    ("display_name", "Awa D."),
    ("age16", "on"),
];

/// The token of the confirmation link in the last message to `to`.
async fn confirmation_token(app: &TestApp, to: &str) -> Option<String> {
    let mails = db::accounts::mail_to(&app.db.conn, to).await.unwrap();
    let body = &mails.last()?.body;
    let start = body.find("/signup/confirm?token=")? + "/signup/confirm?token=".len();
    Some(
        body[start..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_signs_up_confirms_the_address_and_is_signed_in() {
    let app = TestApp::empty().await;
    let reply = app.call("auth/signup", &SIGN_UP, "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.session_cookie().is_none(),
        "no session before the address is confirmed"
    );
    let (users, _) = db::accounts::list_users(&app.db.conn, None, 0)
        .await
        .unwrap();
    assert!(
        users.is_empty(),
        "no account before the address is confirmed"
    );

    let token = confirmation_token(&app, "awa@paris.fr")
        .await
        .expect("a link mailed");
    let forged = app
        .call("auth/confirm", &[("token", &"0".repeat(64))], "lang=fr")
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert!(
        forged.body.contains("Ce lien n'est plus valide"),
        "{}",
        forged.body
    );

    let reply = app.call("auth/confirm", &[("token", &token)], "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cookie = format!("kl_session={}", reply.session_cookie().unwrap());
    let set = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let me = app.call("auth/me", &[], &cookie).await;
    assert!(
        me.body.contains("\"email\":\"awa@paris.fr\""),
        "{}",
        me.body
    );
    assert!(me.body.contains("Awa D."), "{}", me.body);

    // The link works once.
    let again = app.call("auth/confirm", &[("token", &token)], "").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.session_cookie().is_none());
    app.db.remove().await;
}

/// The attack: sign up with an address to learn whether it has an account.
/// The answer is the same; only the address's owner hears which it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_says_nothing_of_whether_an_address_has_an_account() {
    let app = TestApp::with_demo().await;
    let (known, _) = account(3);
    let unknown = "personne@paris.fr";
    let sign_up_as = |email: &'static str| {
        let form = [
            ("email", email),
            ("password", GOOD_PASSWORD),
            ("display_name", "Curieux"),
            ("age16", "on"),
        ];
        let app = &app;
        async move { app.call("auth/signup", &form, "lang=fr").await }
    };
    let for_known = sign_up_as(known).await;
    let for_unknown = sign_up_as(unknown).await;
    assert_eq!(for_known.status, StatusCode::OK);
    assert_eq!(
        (for_known.status, &for_known.body),
        (for_unknown.status, &for_unknown.body)
    );
    assert!(for_known.session_cookie().is_none() && for_unknown.session_cookie().is_none());

    // The owner is told someone tried, and how to sign in; no link creates
    // anything, and the account's password is what it was.
    let to_owner = db::accounts::mail_to(&app.db.conn, known).await.unwrap();
    assert_eq!(to_owner.len(), 1);
    assert!(to_owner[0].body.contains("/signin") && !to_owner[0].body.contains("/signup/confirm"));
    let signin = app
        .call(
            "auth/signin",
            &[("email", known), ("password", account(3).1)],
            "",
        )
        .await;
    assert_eq!(signin.status, StatusCode::OK, "{}", signin.body);
    assert!(confirmation_token(&app, unknown).await.is_some());

    // Of two links mailed for one address, the first opened creates the
    // account and voids the other.
    app.call("auth/signup", &SIGN_UP, "").await;
    app.call("auth/signup", &SIGN_UP, "").await;
    let mails = db::accounts::mail_to(&app.db.conn, "awa@paris.fr")
        .await
        .unwrap();
    let tokens: Vec<String> = mails
        .iter()
        .filter_map(|m| {
            let start = m.body.find("token=")? + "token=".len();
            Some(
                m.body[start..]
                    .chars()
                    .take_while(char::is_ascii_hexdigit)
                    .collect(),
            )
        })
        .collect();
    assert_eq!(tokens.len(), 2);
    let first = app.call("auth/confirm", &[("token", &tokens[0])], "").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = app.call("auth/confirm", &[("token", &tokens[1])], "").await;
    assert_eq!(second.status, StatusCode::BAD_REQUEST, "{}", second.body);
    assert!(second.session_cookie().is_none());

    // Someone else's mailbox is not flooded: three messages an hour.
    let third = app.call("auth/signup", &SIGN_UP, "").await;
    assert_eq!(third.status, StatusCode::OK, "{}", third.body);
    let flooded = app.call("auth/signup", &SIGN_UP, "").await;
    assert_eq!(
        flooded.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        flooded.body
    );
    app.db.remove().await;
}

/// An address that got its account another way (an invitation) while a
/// sign-up waited: the link is refused with a reason, nothing is replaced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_for_an_address_that_got_an_account_meanwhile_changes_nothing() {
    let app = TestApp::empty().await;
    app.call("auth/signup", &SIGN_UP, "").await;
    let token = confirmation_token(&app, "awa@paris.fr").await.unwrap();
    let new = db::accounts::NewAccount {
        email: "awa@paris.fr",
        display_name: "Awa par invitation",
        password_hash: "not a real hash",
        lang: domain::Lang::Fr,
        now: chrono::Utc::now(),
    };
    let invited = db::accounts::create_account(&app.db.conn, new)
        .await
        .unwrap();
    let reply = app
        .call("auth/confirm", &[("token", &token)], "lang=fr")
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains("Cette adresse a déjà un compte"),
        "{}",
        reply.body
    );
    assert!(reply.session_cookie().is_none());
    let (users, _) = db::accounts::list_users(&app.db.conn, None, 0)
        .await
        .unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(
        (users[0].id, users[0].display_name.as_str()),
        (invited, "Awa par invitation")
    );
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_up_fields_are_all_explained_in_the_users_language_and_nothing_is_stored() {
    let app = TestApp::empty().await;
    let reply = app
        .call(
            "auth/signup",
            &[
                ("email", "awa@"),
                ("password", "court"),
                ("display_name", "   "),
            ],
            "lang=fr",
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    for expected in [
        "Cette adresse e-mail n'est pas valide.",
        "Trop court (10 caractères au moins).",
        "Ce champ est obligatoire.",
        "Il faut avoir 16 ans ou plus pour participer.",
    ] {
        assert!(
            reply.body.contains(expected),
            "{expected} missing from {}",
            reply.body
        );
    }
    assert!(reply.session_cookie().is_none());
    let english = app
        .call(
            "auth/signup",
            &[
                ("email", "a@b.fr"),
                ("password", "aaaaaaaaaaaa"),
                ("display_name", "A"),
                ("age16", "on"),
            ],
            "lang=en",
        )
        .await;
    assert!(
        english.body.contains("This password is too easy to guess"),
        "{}",
        english.body
    );
    let (users, _) = db::accounts::list_users(&app.db.conn, None, 0)
        .await
        .unwrap();
    assert!(users.is_empty(), "nothing stored");
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_emails_and_wrong_passwords_get_the_same_answer() {
    let app = TestApp::with_demo().await;
    let (email, _) = account(3);
    let wrong = app
        .call(
            "auth/signin",
            &[("email", email), ("password", "not the password")],
            "",
        )
        .await;
    let unknown = app
        .call(
            "auth/signin",
            &[
                ("email", "nobody@paris.fr"),
                ("password", "not the password"),
            ],
            "",
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    assert!(wrong.session_cookie().is_none());
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_passwords_are_throttled_with_the_wait_in_seconds() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    for _ in 0..5 {
        let reply = app
            .call(
                "auth/signin",
                &[("email", email), ("password", "guess guess guess")],
                "",
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    let blocked = app
        .call(
            "auth/signin",
            &[("email", email), ("password", password)],
            "lang=fr",
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("TooManyRequests"), "{}", blocked.body);
    assert!(
        blocked.session_cookie().is_none(),
        "even the right password waits"
    );
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_with_sign_out_and_with_a_password_change() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    let first = app.sign_in(email, password).await;
    let second = app.sign_in(email, password).await;
    let out = app.call("auth/signout", &[], &first).await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(
        out.session_cookie().as_deref(),
        Some(""),
        "the cookie is cleared"
    );
    assert!(app.call("auth/me", &[], &first).await.body.contains("null"));
    assert!(app.call("auth/me", &[], &second).await.body.contains(email));

    let changed = app
        .call(
            "auth/password",
            &[("current", password), ("new_password", GOOD_PASSWORD)],
            &second,
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let fresh = format!("kl_session={}", changed.session_cookie().unwrap());
    assert!(
        app.call("auth/me", &[], &second)
            .await
            .body
            .contains("null"),
        "old session ended"
    );
    assert!(
        app.call("auth/me", &[], &fresh).await.body.contains(email),
        "this browser stays signed in"
    );
    app.sign_in(email, GOOD_PASSWORD).await;
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_or_foreign_cookie_is_nobody() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    let cookie = app.sign_in(email, password).await;
    let token = cookie
        .trim_start_matches("kl_session=")
        .split('.')
        .next()
        .unwrap();
    for forged in [
        format!("kl_session={token}"),
        format!("kl_session={token}.{}", "ab".repeat(32)),
        "kl_session=garbage".into(),
    ] {
        assert!(
            app.call("auth/me", &[], &forged)
                .await
                .body
                .contains("null"),
            "{forged}"
        );
    }
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_from_another_origin_are_refused() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    let request = Request::post("/api/auth/signin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(format!("email={email}&password={password}")))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.session_cookie().is_none());
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_refuses_every_forbidden_call() {
    let app = TestApp::with_demo().await;
    let resident = app.sign_in(account(3).0, account(3).1).await;
    let member = app.sign_in(account(2).0, account(2).1).await;
    let official = app.sign_in(account(1).0, account(1).1).await;
    let calls: [(&str, &[(&str, &str)]); 6] = [
        ("admin/users", &[("search", ""), ("page", "0")]),
        (
            "admin/role",
            &[
                ("user_id", "1"),
                ("role", "facilitator"),
                ("granted", "false"),
            ],
        ),
        ("account/profile", &[("display_name", "X"), ("lang", "fr")]),
        ("account/delete", &[("password", "x")]),
        (
            "auth/password",
            &[("current", "x"), ("new_password", GOOD_PASSWORD)],
        ),
        (
            "admin/role",
            &[
                ("user_id", "3"),
                ("role", "city_official"),
                ("granted", "true"),
            ],
        ),
    ];
    for (endpoint, form) in calls {
        let anonymous = app.call(endpoint, form, "").await;
        assert_eq!(
            anonymous.status,
            StatusCode::UNAUTHORIZED,
            "anonymous {endpoint}: {}",
            anonymous.body
        );
    }
    for cookie in [&resident, &member, &official] {
        for (endpoint, form) in [calls[0], calls[1], calls[5]] {
            let reply = app.call(endpoint, form, cookie).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{endpoint}: {}",
                reply.body
            );
        }
    }
    // Nothing changed: the facilitator is still one, nobody became official.
    let facilitator = app.sign_in(account(0).0, account(0).1).await;
    let list = app
        .call(
            "admin/users",
            &[("search", "facilitatrice"), ("page", "0")],
            &facilitator,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("\"facilitator\":true"), "{}", list.body);
    let export = app.get("/account/export.json", "").await;
    assert_eq!(export.status, StatusCode::UNAUTHORIZED);
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_facilitator_grants_and_revokes_roles_but_never_the_last_facilitator() {
    let app = TestApp::with_demo().await;
    let facilitator = app.sign_in(account(0).0, account(0).1).await;
    let (users, _) = db::accounts::list_users(&app.db.conn, Some("habitante@"), 0)
        .await
        .unwrap();
    let resident_id = users[0].id.to_string();
    let grant = app
        .call(
            "admin/role",
            &[
                ("user_id", &resident_id),
                ("role", "city_official"),
                ("granted", "true"),
            ],
            &facilitator,
        )
        .await;
    assert_eq!(grant.status, StatusCode::OK, "{}", grant.body);
    let resident = app.sign_in(account(3).0, account(3).1).await;
    assert!(
        app.call("auth/me", &[], &resident)
            .await
            .body
            .contains("\"city_official\":true")
    );

    let (me, _) = db::accounts::list_users(&app.db.conn, Some("facilitation@"), 0)
        .await
        .unwrap();
    let last = app
        .call(
            "admin/role",
            &[
                ("user_id", &me[0].id.to_string()),
                ("role", "facilitator"),
                ("granted", "false"),
            ],
            &facilitator,
        )
        .await;
    assert_eq!(last.status, StatusCode::BAD_REQUEST);
    assert!(
        last.body.contains("au moins un facilitateur"),
        "{}",
        last.body
    );
    let bad = app
        .call(
            "admin/role",
            &[
                ("user_id", &resident_id),
                ("role", "mayor"),
                ("granted", "true"),
            ],
            &facilitator,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_through_a_single_use_mailed_link() {
    let app = TestApp::with_demo().await;
    let (email, _) = account(3);
    let known = app.call("auth/forgot", &[("email", email)], "").await;
    let unknown = app
        .call("auth/forgot", &[("email", "nobody@paris.fr")], "")
        .await;
    assert_eq!(
        (known.status, &known.body),
        (unknown.status, &unknown.body),
        "no enumeration"
    );
    assert!(
        db::accounts::mail_to(&app.db.conn, "nobody@paris.fr")
            .await
            .unwrap()
            .is_empty()
    );
    let mail = db::accounts::mail_to(&app.db.conn, email)
        .await
        .unwrap()
        .remove(0);
    let token = mail
        .body
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    let weak = app
        .call(
            "auth/reset",
            &[("token", &token), ("new_password", "short")],
            "",
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    let done = app
        .call(
            "auth/reset",
            &[("token", &token), ("new_password", GOOD_PASSWORD)],
            "",
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let replay = app
        .call(
            "auth/reset",
            &[
                ("token", &token),
                ("new_password", "another long phrase here"),
            ],
            "",
        )
        .await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    app.sign_in(email, GOOD_PASSWORD).await;
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_account_cannot_sign_in_and_its_data_is_gone() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(2);
    let cookie = app.sign_in(email, password).await;
    let export = app.get("/account/export.json", &cookie).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.body.contains(email)
            && export.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .contains("attachment")
    );

    let refused = app
        .call(
            "account/delete",
            &[("password", "wrong wrong wrong")],
            &cookie,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let deleted = app
        .call("account/delete", &[("password", password)], &cookie)
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert!(
        app.call("auth/me", &[], &cookie)
            .await
            .body
            .contains("null")
    );
    let again = app
        .call(
            "auth/signin",
            &[("email", email), ("password", password)],
            "",
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    let (found, total) = db::accounts::list_users(&app.db.conn, Some(email), 0)
        .await
        .unwrap();
    assert_eq!((found.len(), total), (0, 0));
    assert_eq!(
        app.get("/account/export.json", &cookie).await.status,
        StatusCode::UNAUTHORIZED
    );
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_a_nonce_policy() {
    let app = TestApp::with_demo().await;
    let page = app.get("/", "").await;
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the nonce"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::REFERRER_POLICY], "same-origin");
    let api = app.call("auth/me", &[], "").await;
    assert!(
        api.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    app.db.remove().await;
}

/// A client's address as the proxy in front of the server sees it.
fn through_proxy() -> std::net::SocketAddr {
    std::net::SocketAddr::new(common::TEST_PROXY, 44321)
}

async fn sign_in(
    app: &TestApp,
    peer: std::net::SocketAddr,
    forwarded_for: &str,
    email: &str,
    password: &str,
) -> common::Reply {
    app.call_as(
        &app.router,
        peer,
        Some(forwarded_for),
        "auth/signin",
        &[("email", email), ("password", password)],
    )
    .await
}

/// Thirty failed sign-ins from `peer` forwarding `hops(n)`, each on another
/// unknown account, so that only the address's limit counts.
async fn thirty_failures(
    app: &TestApp,
    peer: std::net::SocketAddr,
    hops: impl Fn(usize) -> String,
    tag: &str,
) {
    for n in 0..30 {
        let email = format!("{tag}{n}@paris.fr");
        let reply = sign_in(app, peer, &hops(n), &email, "guess guess").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_the_proxy_one_address_s_failures_lock_out_only_that_address() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    // Thirty failures from one resident's address (other accounts each
    // time, so that only the address's limit counts)…
    thirty_failures(&app, through_proxy(), |_| "198.51.100.1".into(), "x").await;
    let blocked = sign_in(&app, through_proxy(), "198.51.100.1", email, password).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    // …and the next resident behind the same proxy signs in.
    let other = sign_in(&app, through_proxy(), "198.51.100.2", email, password).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);

    // A client reaching the server directly cannot buy fresh limits by
    // writing its own X-Forwarded-For: only the proxy is believed.
    let direct: std::net::SocketAddr = "203.0.113.9:5555".parse().unwrap();
    thirty_failures(&app, direct, |n| format!("192.0.2.{n}"), "y").await;
    let spoofed = sign_in(&app, direct, "192.0.2.200", email, password).await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
    // Nor through the proxy, by putting an address to the left of its own.
    thirty_failures(
        &app,
        through_proxy(),
        |n| format!("192.0.2.{n}, 198.51.100.3"),
        "z",
    )
    .await;
    let left = sign_in(
        &app,
        through_proxy(),
        "192.0.2.78, 198.51.100.3",
        email,
        password,
    )
    .await;
    assert_eq!(left.status, StatusCode::TOO_MANY_REQUESTS);
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_instance_counts_the_same_attempts() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    // Another server process on the same database: its own pool.
    let mut state = common::state_with_clock(&app.db, app.clock.clone());
    state.db = db::connect(&app.db.url, &db::PoolSettings::default())
        .await
        .unwrap();
    let other = common::router(state);
    let peer: std::net::SocketAddr = "198.51.100.4:1234".parse().unwrap();
    for n in 0..5 {
        let router = if n % 2 == 0 { &app.router } else { &other };
        let reply = app
            .call_as(
                router,
                peer,
                None,
                "auth/signin",
                &[("email", email), ("password", "guess guess")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    for router in [&app.router, &other] {
        let reply = app
            .call_as(
                router,
                peer,
                None,
                "auth/signin",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    }
    app.db.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stolen_session_cannot_try_passwords_to_delete_the_account_or_change_it() {
    let app = TestApp::with_demo().await;
    let (email, password) = account(3);
    let cookie = app.sign_in(email, password).await;
    for _ in 0..5 {
        let reply = app
            .call("account/delete", &[("password", "guess guess")], &cookie)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    for (endpoint, form) in [
        ("account/delete", vec![("password", password)]),
        (
            "auth/password",
            vec![
                ("current", password),
                ("new_password", "a brand new long password"),
            ],
        ),
    ] {
        let reply = app.call(endpoint, &form, &cookie).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{endpoint}");
    }
    // The account is still there, its password unchanged.
    app.sign_in(email, password).await;
    app.db.remove().await;
}
