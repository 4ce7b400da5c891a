//! Respondents of a letter campaign have no account: when drawn, they get
//! an e-mail with a signed link and answer from it. The mail goes through
//! the outbox to a sendmail-compatible program, exactly once per invitation.

use axum::http::StatusCode;
use chrono::Duration;

mod common;
use common::{TestApp, keeping_transport, mails_in, ok};

/// A facilitator's session, and a three-seat draw of three campaign
/// respondents (everyone is drawn), done.
async fn drawn_campaign(app: &TestApp) -> (String, i64) {
    let admin = app.facilitator("facilitation@example.org").await;
    let draw = ok(&app
        .call(
            "draws/create",
            &[
                ("title", "Cohorte des lettres"),
                ("seats", "3"),
                ("term_start", "2027-07-01"),
                ("term_end", "2028-12-31"),
            ],
            &admin,
        )
        .await)
    .as_i64()
    .unwrap();
    let draw_s = draw.to_string();
    let csv = "nom,email,genre,annee_naissance,diplome,arrondissement,consentement\n\
               Lettre Un,lettre1@example.org,female,1980,cap_bep,75120,oui\n\
               Lettre Deux,lettre2@example.org,male,1990,bac_plus_2,75118,oui\n\
               Lettre Trois,lettre3@example.org,female,1960,baccalaureat,75111,oui\n";
    ok(&app
        .call(
            "draws/import",
            &[("draw_id", &draw_s), ("csv", csv)],
            &admin,
        )
        .await);
    ok(&app
        .call(
            "draws/commit",
            &[
                ("draw_id", &draw_s),
                ("commit_hours", "1"),
                ("reveal_hours", "1"),
                ("public_value", "Loto du 1er juin 2027, fdj.fr"),
                ("public_value_format", "loto"),
                (
                    "public_value_after",
                    &(app.clock.now() + Duration::minutes(130))
                        .format("%Y-%m-%dT%H:%M")
                        .to_string(),
                ),
            ],
            &admin,
        )
        .await);
    app.clock.advance(Duration::hours(3));
    ok(&app
        .call(
            "draws/public-value",
            &[("draw_id", &draw_s), ("value", "4 8 15 16 23 + 7")],
            &admin,
        )
        .await);
    ok(&app.call("draws/run", &[("draw_id", &draw_s)], &admin).await);
    for _ in 0..600 {
        let s = ok(&app
            .call("draws/state", &[("draw_id", &draw_s)], &admin)
            .await);
        if s["status"] == "done" {
            return (admin, draw);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the draw did not finish");
}

fn link_token(mail: &str) -> String {
    let start = mail.find("/invitations/").expect("a link") + "/invitations/".len();
    mail[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_without_an_account_are_invited_by_mail_and_answer_from_the_link() {
    let app = TestApp::empty().await;
    let (_, draw) = drawn_campaign(&app).await;
    let dir = std::env::temp_dir().join(format!("kleroterion-mail-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let transport = keeping_transport(&dir);

    // One round queues and sends the three invitations; the next sends nothing.
    let sent = server::mailer::round(&app.state, Some(&transport))
        .await
        .unwrap();
    assert_eq!(sent, (3, 3));
    assert_eq!(
        server::mailer::round(&app.state, Some(&transport))
            .await
            .unwrap(),
        (0, 0)
    );
    let mails = mails_in(&dir);
    assert_eq!(mails.len(), 3);
    let to_one = mails
        .iter()
        .find(|m| m.contains("To: lettre1@example.org\r\n"))
        .expect("Lettre Un's invitation");
    assert!(to_one.contains("Bonjour Lettre Un,"), "{to_one}");
    assert!(to_one.contains("Cohorte des lettres"), "{to_one}");
    assert!(to_one.contains("Subject: =?UTF-8?B?"), "{to_one}");
    assert!(
        to_one.contains("http://127.0.0.1:3000/invitations/"),
        "{to_one}"
    );
    std::fs::remove_dir_all(&dir).ok();

    // The link shows the invitation; a forged one shows nothing.
    let token = link_token(to_one);
    let shown = ok(&app.call("invitations/get", &[("token", &token)], "").await);
    assert_eq!(shown["draw_id"], draw);
    assert_eq!(shown["status"], "invited");
    assert_eq!(shown["name"], "Lettre Un");
    let (id, signature) = token.split_once('.').unwrap();
    let other_id = format!("{}.{signature}", id.parse::<i64>().unwrap() + 1);
    let flipped = format!(
        "{id}.{}{}",
        &signature[..signature.len() - 1],
        if signature.ends_with('0') { '1' } else { '0' }
    );
    for forged in [other_id.as_str(), flipped.as_str(), "1", "x.y", ""] {
        let reply = app.call("invitations/get", &[("token", forged)], "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{forged}");
        let reply = app
            .call(
                "invitations/respond",
                &[("token", forged), ("accept", "true")],
                "",
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{forged}");
    }
    let page = app.get(&format!("/invitations/{token}"), "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Cohorte des lettres"));
    assert_eq!(
        app.get("/invitations/1.00", "").await.status,
        StatusCode::NOT_FOUND
    );

    // Accepting, with the name shown on the roster; answering twice is refused.
    ok(&app
        .call(
            "invitations/respond",
            &[("token", &token), ("accept", "true"), ("public_name", "on")],
            "",
        )
        .await);
    let again = app
        .call(
            "invitations/respond",
            &[("token", &token), ("accept", "false")],
            "",
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let shown = ok(&app.call("invitations/get", &[("token", &token)], "").await);
    assert_eq!(shown["status"], "active");
    let roster = db::draws::roster(
        &app.db.conn,
        chrono::NaiveDate::from_ymd_opt(2027, 8, 1).unwrap(),
    )
    .await
    .unwrap();
    let names: Vec<Option<&str>> = roster[0]
        .members
        .iter()
        .map(|m| m.name.as_deref())
        .collect();
    assert!(names.contains(&Some("Lettre Un")), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.is_some()).count(), 1, "{names:?}");

    // Past the deadline, a link can no longer answer.
    let second = mails
        .iter()
        .find(|m| m.contains("To: lettre2@example.org\r\n"))
        .map(|m| link_token(m))
        .unwrap();
    app.clock.advance(Duration::days(15));
    let late = app
        .call(
            "invitations/respond",
            &[("token", &second), ("accept", "true")],
            "",
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert!(late.body.contains("trop tard"), "{}", late.body);
    let shown = ok(&app.call("invitations/get", &[("token", &second)], "").await);
    assert_eq!(
        (shown["status"].as_str(), shown["expired"].as_bool()),
        (Some("invited"), Some(true))
    );
}

#[tokio::test]
async fn a_refusing_transport_is_retried_a_few_times_then_left_in_the_outbox() {
    let app = TestApp::empty().await;
    let mail = db::accounts::Mail {
        to: "a@example.org".into(),
        subject: "Essai".into(),
        body: "Bonjour".into(),
        ..Default::default()
    };
    db::accounts::enqueue_mail(&app.db.conn, &mail, chrono::Utc::now())
        .await
        .unwrap();
    let refusing = server::mailer::Transport {
        program: "false".into(),
        args: Vec::new(),
        from: "noreply@localhost".into(),
    };
    for _ in 0..db::accounts::MAX_MAIL_ATTEMPTS {
        assert_eq!(
            db::accounts::unsent_mail(&app.db.conn, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            server::mailer::deliver(&app.db.conn, &refusing)
                .await
                .unwrap(),
            0
        );
    }
    assert!(
        db::accounts::unsent_mail(&app.db.conn, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The message is still there for an operator.
    assert_eq!(
        db::accounts::mail_to(&app.db.conn, "a@example.org")
            .await
            .unwrap(),
        vec![mail]
    );
}

#[tokio::test]
async fn a_sent_message_leaves_no_one_time_link_in_the_outbox() {
    let app = TestApp::empty().await;
    let mail = db::accounts::Mail {
        to: "b@example.org".into(),
        subject: "Nouveau mot de passe".into(),
        body: "https://kleroterion.example/reset?token=secret-one-time-token".into(),
        ..Default::default()
    };
    db::accounts::enqueue_mail(&app.db.conn, &mail, chrono::Utc::now())
        .await
        .unwrap();
    let accepting = server::mailer::Transport {
        program: "cat".into(),
        args: Vec::new(),
        from: "noreply@localhost".into(),
    };
    assert_eq!(
        server::mailer::deliver(&app.db.conn, &accepting)
            .await
            .unwrap(),
        1
    );
    let kept = db::accounts::mail_to(&app.db.conn, "b@example.org")
        .await
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].subject, mail.subject);
    assert!(!kept[0].body.contains("token"), "{:?}", kept[0].body);
}
