//! Accounts, sessions, resets and roles on a fresh database per test.

use chrono::{Duration, Utc};
use db::Error;
use db::accounts::{self, NewAccount, Role};
use db::testing::TestDb;
use domain::Lang;

async fn sign_up(db: &TestDb, email: &str) -> i64 {
    accounts::create_account(
        &db.conn,
        NewAccount {
            email,
            display_name: "Awa Diallo",
            password_hash: "hash",
            lang: Lang::Fr,
            now: Utc::now(),
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn an_email_address_has_one_account_even_under_a_race() {
    for db in TestDb::all().await {
        let new = || NewAccount {
            email: "awa@paris.fr",
            display_name: "Awa",
            password_hash: "h",
            lang: Lang::Fr,
            now: Utc::now(),
        };
        let (a, b) = tokio::join!(
            accounts::create_account(&db.conn, new()),
            accounts::create_account(&db.conn, new())
        );
        let results = [a, b];
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
        assert!(results.iter().any(|r| matches!(r, Err(Error::EmailTaken))));
        db.remove().await;
    }
}

#[tokio::test]
async fn sessions_live_until_expiry_sign_out_or_a_new_password() {
    for db in TestDb::all().await {
        let id = sign_up(&db, "awa@paris.fr").await;
        let now = Utc::now();
        accounts::create_session(&db.conn, id, "t1", now, now + Duration::days(30))
            .await
            .unwrap();
        accounts::create_session(&db.conn, id, "t2", now, now + Duration::days(30))
            .await
            .unwrap();
        accounts::create_session(
            &db.conn,
            id,
            "old",
            now - Duration::days(31),
            now - Duration::days(1),
        )
        .await
        .unwrap();
        assert_eq!(
            accounts::session_user(&db.conn, "t1", now).await.unwrap(),
            Some(id)
        );
        assert_eq!(
            accounts::session_user(&db.conn, "old", now).await.unwrap(),
            None
        );
        assert_eq!(
            accounts::purge_expired(&db.conn, now).await.unwrap(),
            1,
            "only the expired session is purged"
        );
        assert_eq!(
            accounts::session_user(&db.conn, "nope", now).await.unwrap(),
            None
        );

        accounts::delete_session(&db.conn, "t1").await.unwrap();
        assert_eq!(
            accounts::session_user(&db.conn, "t1", now).await.unwrap(),
            None
        );
        assert_eq!(
            accounts::session_user(&db.conn, "t2", now).await.unwrap(),
            Some(id)
        );

        accounts::set_password(&db.conn, id, "new-hash")
            .await
            .unwrap();
        assert_eq!(
            accounts::session_user(&db.conn, "t2", now).await.unwrap(),
            None
        );
        assert_eq!(
            accounts::password_hash_of(&db.conn, id)
                .await
                .unwrap()
                .as_deref(),
            Some("new-hash")
        );

        db.remove().await;
    }
}

#[tokio::test]
async fn a_reset_token_works_once_and_not_after_it_expires() {
    let db = TestDb::sqlite().await;
    let id = sign_up(&db, "awa@paris.fr").await;
    let now = Utc::now();
    accounts::create_reset(&db.conn, id, "r1", now, now + Duration::hours(1))
        .await
        .unwrap();
    accounts::create_reset(
        &db.conn,
        id,
        "r2",
        now - Duration::hours(2),
        now - Duration::hours(1),
    )
    .await
    .unwrap();
    assert_eq!(
        accounts::consume_reset(&db.conn, "r1", now).await.unwrap(),
        Some(id)
    );
    assert_eq!(
        accounts::consume_reset(&db.conn, "r1", now).await.unwrap(),
        None,
        "replayed"
    );
    assert_eq!(
        accounts::consume_reset(&db.conn, "r2", now).await.unwrap(),
        None,
        "expired"
    );
    db.remove().await;
}

#[tokio::test]
async fn role_changes_are_recorded_and_the_last_facilitator_stays() {
    for db in TestDb::all().await {
        let first = sign_up(&db, "first@paris.fr").await;
        let second = sign_up(&db, "second@paris.fr").await;
        let now = Utc::now();
        accounts::set_role(&db.conn, None, first, Role::Facilitator, true, now)
            .await
            .unwrap();
        accounts::set_role(&db.conn, Some(first), second, Role::CityOfficial, true, now)
            .await
            .unwrap();
        let today = now.date_naive();
        let me = accounts::me(&db.conn, second, today)
            .await
            .unwrap()
            .unwrap();
        assert!(me.actor.city_official && !me.actor.facilitator && !me.actor.member);

        let refused =
            accounts::set_role(&db.conn, Some(first), first, Role::Facilitator, false, now).await;
        assert!(matches!(refused, Err(Error::LastFacilitator)));
        assert!(
            accounts::me(&db.conn, first, today)
                .await
                .unwrap()
                .unwrap()
                .actor
                .facilitator,
            "rolled back"
        );

        let (users, total) = accounts::list_users(&db.conn, Some("SECOND"), 0)
            .await
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!(users[0].id, second);
        assert!(matches!(
            accounts::set_role(&db.conn, Some(first), 9_999, Role::CityOfficial, true, now).await,
            Err(Error::NotFound)
        ));
        db.remove().await;
    }
}

#[tokio::test]
async fn a_deleted_account_loses_its_personal_data_but_not_its_public_words() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (email, _) = db::demo::DEMO_ACCOUNTS[2];
        let (id, _) = accounts::login_of(&db.conn, email)
            .await
            .unwrap()
            .expect("the demo member exists");
        let export = accounts::export_account(&db.conn, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(export.email, email);
        assert_eq!(export.volunteered.len(), 1);
        let now = Utc::now();
        accounts::create_session(&db.conn, id, "s", now, now + Duration::days(1))
            .await
            .unwrap();

        let mail = accounts::Mail {
            to: email.into(),
            subject: "Réinitialiser votre mot de passe".into(),
            body: "Votre lien : …".into(),
            ..Default::default()
        };
        accounts::enqueue_mail(&db.conn, &mail, now).await.unwrap();
        assert_eq!(accounts::mail_to(&db.conn, email).await.unwrap().len(), 1);
        let proposal = db::proposals_page(&db.conn, &domain::ProposalQuery::default())
            .await
            .unwrap()
            .items[0]
            .id;
        db::notifications::notify(
            &db.conn,
            [id],
            0,
            domain::NotificationKind::CityAnswered,
            db::notifications::About::Proposal(proposal),
            now,
        )
        .await
        .unwrap();
        assert!(db::notifications::unread(&db.conn, id).await.unwrap() > 0);
        // What they follow and the devices they are notified on are theirs:
        // in their export, and gone with the account.
        db::follows::follow_proposal(&db.conn, id, proposal, true, now)
            .await
            .unwrap();
        db::follows::follow_theme(&db.conn, id, "urbanisme", true, now)
            .await
            .unwrap();
        let phone = domain::push::Subscription {
            endpoint: "https://fcm.googleapis.com/fcm/send/phone".into(),
            p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4".into(),
            auth: "BTBZMqHH6r4Tts7J_aSIgg".into(),
        };
        db::push::subscribe(&db.conn, id, &phone, now)
            .await
            .unwrap();
        let export = accounts::export_account(&db.conn, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(export.following.proposals.len(), 1);
        assert_eq!(export.following.themes, ["urbanisme"]);
        assert_eq!(export.push_devices, 1);

        accounts::delete_account(&db.conn, id, now).await.unwrap();
        assert_eq!(db::push::devices(&db.conn, id).await.unwrap(), 0);
        assert_eq!(
            db::follows::following(&db.conn, id).await.unwrap(),
            domain::Following::default()
        );
        assert_eq!(accounts::login_of(&db.conn, email).await.unwrap(), None);
        // Nothing addressed to them, nothing they were told, is left.
        assert!(accounts::mail_to(&db.conn, email).await.unwrap().is_empty());
        assert_eq!(db::notifications::unread(&db.conn, id).await.unwrap(), 0);
        assert_eq!(
            accounts::session_user(&db.conn, "s", now).await.unwrap(),
            None
        );
        assert_eq!(
            accounts::me(&db.conn, id, now.date_naive()).await.unwrap(),
            None
        );
        assert_eq!(accounts::export_account(&db.conn, id).await.unwrap(), None);
        // The published pool is unchanged: the pseudonym stays, unlinked.
        let draw = db::draws::latest_id(&db.conn).await.unwrap().unwrap();
        assert!(
            db::draws::member_pseudonyms(&db.conn, draw)
                .await
                .unwrap()
                .contains(&export.volunteered[0].pseudonym)
        );
        assert!(matches!(
            accounts::delete_account(&db.conn, id, now).await,
            Err(Error::NotFound)
        ));
        db.remove().await;
    }
}
