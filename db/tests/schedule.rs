//! The durable scheduler and votes that close themselves (issue 21): a
//! vote with a closing time closes exactly once with two instances running
//! and across a restart, takes no ballot past its time, and reminds only
//! the members who have not voted, the way each chose to hear of it;
//! pushes are queued once per device, retried, and forgotten with a gone
//! device.

use chrono::{DateTime, Duration, Utc};
use db::jobs::{self, Claim};
use db::testing::TestDb;
use db::votes::{self, VoteSetup};
use domain::schedule::JobKind;
use domain::{Choice, Delivery, Majority, NotificationKind, ProposalQuery};
use sea_orm::{ConnectionTrait, Statement};

async fn facilitator(db: &TestDb) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[0].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

async fn ids(conn: &impl ConnectionTrait, sql: &str) -> Vec<i64> {
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

/// The members seated now, by account.
async fn sitting_members(db: &TestDb) -> Vec<i64> {
    ids(
        &db.conn,
        "SELECT user_id FROM memberships WHERE status = 'active' AND user_id IS NOT NULL ORDER BY user_id",
    )
    .await
}

async fn count(conn: &impl ConnectionTrait, sql: &str) -> i64 {
    ids(conn, sql).await[0]
}

/// A proposal of the assembly in deliberation, put to a vote that closes
/// itself in three days.
async fn vote_closing_in_three_days(db: &TestDb, opened: DateTime<Utc>) -> (i64, i64) {
    vote_closing_in_three_days_with(db, opened, false).await
}

/// The same, by named or secret ballot.
async fn vote_closing_in_three_days_with(
    db: &TestDb,
    opened: DateTime<Utc>,
    secret: bool,
) -> (i64, i64) {
    // A vote opens on a proposal in deliberation, or in amendments.
    let mut ready = Vec::new();
    for stage in ["deliberation", "amendments"] {
        let query =
            ProposalQuery::parse(None, Some(stage), Some("assembly"), None, None, None).unwrap();
        ready.extend(db::proposals_page(&db.conn, &query).await.unwrap().items);
    }
    let proposal = ready[0].id;
    let setup = VoteSetup {
        majority: Majority::Simple,
        quorum_percent: 1,
        secret,
        closes_at: Some(opened + Duration::days(3)),
        in_sitting: false,
    };
    let vote = votes::open_vote(&db.conn, proposal, setup, facilitator(db).await, opened)
        .await
        .unwrap();
    (proposal, vote)
}

/// One scheduler round on one instance, as the server runs it.
async fn round(conn: &db::DatabaseConnection, worker: &str, now: DateTime<Utc>) -> Vec<Claim> {
    let claims = jobs::claim_due(conn, worker, now, 10).await.unwrap();
    for claim in &claims {
        run(conn, claim, now).await;
    }
    claims
}

async fn run(conn: &db::DatabaseConnection, claim: &Claim, now: DateTime<Utc>) {
    match claim.kind {
        JobKind::CloseVote => {
            votes::close_at_closing_time(conn, claim, now)
                .await
                .unwrap();
        }
        JobKind::RemindVote => {
            votes::remind(conn, claim, now).await.unwrap();
        }
        JobKind::RemindSitting => {
            db::sittings::remind(conn, claim, now).await.unwrap();
        }
        other => panic!("no {other} job was scheduled"),
    }
}

async fn results_of(conn: &impl ConnectionTrait, vote: i64) -> i64 {
    count(
        conn,
        &format!(
            "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'vote.result' \
             AND payload LIKE '%\"vote\":{vote},%'"
        ),
    )
    .await
}

#[tokio::test]
async fn a_vote_with_a_closing_time_closes_once_with_two_instances_claiming_it() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let opened = Utc::now();
        let (proposal, vote) = vote_closing_in_three_days(&db, opened).await;
        let second = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        // Nothing is due before its time.
        assert!(
            round(&db.conn, "a", opened + Duration::days(1))
                .await
                .is_empty()
        );
        let at = opened + Duration::days(3);
        // Both instances wake at the closing time, at once.
        let (a, b) = tokio::join!(
            jobs::claim_due(&db.conn, "a", at, 10),
            jobs::claim_due(&second, "b", at, 10)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let closes: Vec<&Claim> = a
            .iter()
            .chain(&b)
            .filter(|c| c.kind == JobKind::CloseVote)
            .collect();
        assert_eq!(
            closes.len(),
            1,
            "{:?}: one instance claims the close",
            db.backend()
        );
        for claim in a.iter() {
            run(&db.conn, claim, at).await;
        }
        for claim in b.iter() {
            run(&second, claim, at).await;
        }
        let detail = db::proposal_detail(&db.conn, proposal)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(detail.summary.status, domain::ProposalStatus::Vote);
        assert_eq!(results_of(&db.conn, vote).await, 1);
        let entry = ids(
            &db.conn,
            &format!(
                "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'vote.result' \
                 AND payload LIKE '%\"vote\":{vote},%' AND payload LIKE '%\"at_closing_time\":true%'"
            ),
        )
        .await;
        assert_eq!(entry, [1], "the result says it closed at its time");
        // Later rounds find nothing more to do.
        assert!(
            round(&second, "b", at + Duration::hours(1))
                .await
                .is_empty()
        );
        let done = jobs::of_subject(&db.conn, JobKind::CloseVote, vote)
            .await
            .unwrap();
        assert_eq!(done.len(), 1);
        assert!(done[0].done_at.is_some());
        second.close().await.ok();
        db.remove().await;
    }
}

#[tokio::test]
async fn an_instance_that_dies_holding_the_close_leaves_it_to_the_next_after_its_lease() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let opened = Utc::now();
        let (_, vote) = vote_closing_in_three_days(&db, opened).await;
        let at = opened + Duration::days(3);
        let held = jobs::claim_due(&db.conn, "dies", at, 10).await.unwrap();
        assert!(held.iter().any(|c| c.kind == JobKind::CloseVote));
        // The process stops here. After a restart, the job waits out the lease…
        let restarted = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        assert!(
            round(&restarted, "after", at + Duration::minutes(1))
                .await
                .is_empty()
        );
        assert_eq!(results_of(&restarted, vote).await, 0);
        // …then the next instance closes the vote.
        let later = at + jobs::LEASE + Duration::seconds(1);
        let ran = round(&restarted, "after", later).await;
        assert!(ran.iter().any(|c| c.kind == JobKind::CloseVote));
        assert_eq!(results_of(&restarted, vote).await, 1);
        // Had the first instance come back and finished its stale claim, its
        // work is rolled back: the vote is still closed once.
        for claim in held.iter().filter(|c| c.kind == JobKind::CloseVote) {
            assert_eq!(
                votes::close_at_closing_time(&db.conn, claim, later)
                    .await
                    .unwrap(),
                None
            );
        }
        assert_eq!(results_of(&db.conn, vote).await, 1);
        restarted.close().await.ok();
        db.remove().await;
    }
}

#[tokio::test]
async fn no_ballot_is_taken_past_the_closing_time_even_before_the_count() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let opened = Utc::now();
        let (_, vote) = vote_closing_in_three_days(&db, opened).await;
        let member = sitting_members(&db).await[0];
        let late = opened + Duration::days(3) + Duration::seconds(1);
        let refused = votes::cast_ballot(&db.conn, vote, member, Choice::For, late).await;
        assert!(matches!(refused, Err(db::Error::WrongStage)), "{refused:?}");
        votes::cast_ballot(
            &db.conn,
            vote,
            member,
            Choice::For,
            opened + Duration::days(2),
        )
        .await
        .unwrap();
        db.remove().await;
    }
}

#[tokio::test]
async fn the_reminder_reaches_only_members_who_have_not_voted_as_each_chose() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let members = sitting_members(&db).await;
        let (voter, silent, mailed) = (members[0], members[1], members[2]);
        let opened = Utc::now();
        db::notifications::set_pref(
            &db.conn,
            silent,
            NotificationKind::VoteReminder,
            Delivery::Off,
            opened,
        )
        .await
        .unwrap();
        // A secret vote stores no voter beside the ballot: who voted is
        // read from the receipts.
        for secret in [false, true] {
            let (proposal, vote) = vote_closing_in_three_days_with(&db, opened, secret).await;
            votes::cast_ballot(
                &db.conn,
                vote,
                voter,
                Choice::Against,
                opened + Duration::hours(1),
            )
            .await
            .unwrap();
            let remind_at = opened + Duration::days(2);
            let ran = round(&db.conn, "a", remind_at).await;
            assert_eq!(ran.len(), 1);
            assert_eq!(ran[0].kind, JobKind::RemindVote);
            let reminded = ids(
                &db.conn,
                &format!(
                    "SELECT user_id FROM notifications WHERE kind = 'vote.reminder' \
                     AND proposal_id = {proposal} ORDER BY user_id"
                ),
            )
            .await;
            assert!(
                !reminded.contains(&voter),
                "{:?}, secret {secret}: the voter is not reminded",
                db.backend()
            );
            assert!(
                !reminded.contains(&silent),
                "who turned reminders off is not reminded"
            );
            assert!(reminded.contains(&mailed));
            assert_eq!(reminded.len(), members.len() - 2);
            // By default a reminder is e-mailed at once.
            let pending = db::notifications::pending(&db.conn, Delivery::Email, remind_at, 500)
                .await
                .unwrap();
            assert!(pending.iter().any(|p| p.user_id == mailed
                && p.kind == NotificationKind::VoteReminder
                && p.about.key() == (false, proposal)));
            // A second round reminds nobody again.
            assert!(
                round(&db.conn, "a", remind_at + Duration::hours(1))
                    .await
                    .is_empty()
            );
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn each_person_hears_of_each_kind_as_they_chose() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let members = sitting_members(&db).await;
        let (off, daily, by_default) = (members[0], members[1], members[2]);
        let prefs = &db::notifications::prefs(&db.conn, off).await.unwrap();
        assert!(
            prefs
                .iter()
                .all(|p| !p.chosen && p.delivery == p.kind.default_delivery())
        );
        for (user, delivery) in [(off, Delivery::Off), (daily, Delivery::Daily)] {
            db::notifications::set_pref(
                &db.conn,
                user,
                NotificationKind::VoteOpened,
                delivery,
                now,
            )
            .await
            .unwrap();
        }
        let prefs = db::notifications::prefs(&db.conn, daily).await.unwrap();
        let opened = prefs
            .iter()
            .find(|p| p.kind == NotificationKind::VoteOpened)
            .unwrap();
        assert_eq!((opened.delivery, opened.chosen), (Delivery::Daily, true));
        vote_closing_in_three_days(&db, now).await;
        let told = |user: i64| {
            format!(
                "SELECT COUNT(*) FROM notifications WHERE kind = 'vote.opened' AND user_id = {user}"
            )
        };
        assert_eq!(count(&db.conn, &told(off)).await, 0, "{:?}", db.backend());
        assert_eq!(count(&db.conn, &told(daily)).await, 1);
        assert_eq!(count(&db.conn, &told(by_default)).await, 1);
        let mail = db::notifications::pending(&db.conn, Delivery::Email, now, 500)
            .await
            .unwrap();
        let digest = db::notifications::pending(&db.conn, Delivery::Daily, now, 500)
            .await
            .unwrap();
        assert!(mail.iter().any(|p| p.user_id == by_default));
        assert!(!mail.iter().any(|p| p.user_id == daily || p.user_id == off));
        assert!(digest.iter().any(|p| p.user_id == daily));
        db.remove().await;
    }
}

#[tokio::test]
async fn a_notification_is_mailed_once_even_when_two_instances_queue_it() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        vote_closing_in_three_days(&db, now).await;
        let second = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        let pending = db::notifications::pending(&db.conn, Delivery::Email, now, 1)
            .await
            .unwrap();
        let one = &pending[0];
        let mail = db::accounts::Mail {
            to: one.email.clone(),
            subject: "Vote".into(),
            body: "Un vote est ouvert.".into(),
            ..Default::default()
        };
        let one_id = [one.id];
        let (a, b) = tokio::join!(
            db::notifications::queue_mail(&db.conn, &one_id, &mail, now),
            db::notifications::queue_mail(&second, &one_id, &mail, now)
        );
        assert_eq!(
            [a.unwrap(), b.unwrap()].iter().filter(|q| **q).count(),
            1,
            "{:?}",
            db.backend()
        );
        let sent = db::accounts::mail_to(&db.conn, &one.email).await.unwrap();
        assert_eq!(sent.iter().filter(|m| m.subject == "Vote").count(), 1);
        assert!(
            !db::notifications::pending(&db.conn, Delivery::Email, now, 500)
                .await
                .unwrap()
                .iter()
                .any(|p| p.id == one.id)
        );
        second.close().await.ok();
        db.remove().await;
    }
}

#[tokio::test]
async fn an_unsubscribe_link_stops_its_mail_once_and_never_undoes_a_later_choice() {
    use db::notifications::{MailScope, Unsubscribed, unsubscribe};
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let user = facilitator(&db).await;
        let issued = Utc::now();
        let later = issued + Duration::hours(1);
        let kind = MailScope::Kind(NotificationKind::VoteOpened);
        assert_eq!(
            unsubscribe(&db.conn, user, kind, issued, later)
                .await
                .unwrap(),
            Unsubscribed::Done
        );
        let delivery = |prefs: Vec<domain::NotificationPref>| {
            prefs
                .into_iter()
                .find(|p| p.kind == NotificationKind::VoteOpened)
                .unwrap()
                .delivery
        };
        assert_eq!(
            delivery(db::notifications::prefs(&db.conn, user).await.unwrap()),
            Delivery::App
        );
        // Reused: nothing more happens.
        assert_eq!(
            unsubscribe(&db.conn, user, kind, issued, later + Duration::hours(1))
                .await
                .unwrap(),
            Unsubscribed::Already
        );
        // The person asks for e-mail again; the old link does not undo it.
        let resubscribed = later + Duration::hours(2);
        db::notifications::set_pref(
            &db.conn,
            user,
            NotificationKind::VoteOpened,
            Delivery::Email,
            resubscribed,
        )
        .await
        .unwrap();
        assert_eq!(
            unsubscribe(
                &db.conn,
                user,
                kind,
                issued,
                resubscribed + Duration::hours(1)
            )
            .await
            .unwrap(),
            Unsubscribed::Stale
        );
        assert_eq!(
            delivery(db::notifications::prefs(&db.conn, user).await.unwrap()),
            Delivery::Email
        );
        // A digest's link stops every kind in that digest, and only those.
        let digest_issued = resubscribed + Duration::hours(2);
        let before = db::notifications::prefs(&db.conn, user).await.unwrap();
        assert_eq!(
            unsubscribe(
                &db.conn,
                user,
                MailScope::Digest(Delivery::Daily),
                digest_issued,
                digest_issued
            )
            .await
            .unwrap(),
            Unsubscribed::Done
        );
        let after = db::notifications::prefs(&db.conn, user).await.unwrap();
        for (b, a) in before.iter().zip(&after) {
            let expected = if b.delivery == Delivery::Daily {
                Delivery::App
            } else {
                b.delivery
            };
            assert_eq!(a.delivery, expected, "{}", b.kind);
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn a_push_is_queued_once_per_device_retried_five_times_and_a_gone_device_forgotten() {
    use db::push::{Answer, MAX_PUSH_ATTEMPTS};
    use domain::push::{DEVICES_MAX, Subscription};
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let member = sitting_members(&db).await[0];
        let now = Utc::now();
        let device = |n: usize| {
            Subscription {
            endpoint: format!("https://fcm.googleapis.com/fcm/send/device-{n}"),
            p256dh: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4".into(),
            auth: "BTBZMqHH6r4Tts7J_aSIgg".into(),
        }
        };
        // Two more devices than allowed: the two oldest are forgotten.
        for n in 0..DEVICES_MAX + 2 {
            db::push::subscribe(&db.conn, member, &device(n), now)
                .await
                .unwrap();
        }
        assert_eq!(db::push::devices(&db.conn, member).await.unwrap(), 10);
        db::notifications::set_pref(
            &db.conn,
            member,
            NotificationKind::VoteOpened,
            Delivery::Push,
            now,
        )
        .await
        .unwrap();
        vote_closing_in_three_days(&db, now).await;

        let pending = db::notifications::pending(&db.conn, Delivery::Push, now, 50)
            .await
            .unwrap();
        assert_eq!(pending.len(), 1, "{:?}: only who chose push", db.backend());
        let notification = &pending[0];
        assert_eq!(notification.user_id, member);
        // Queued once: a second instance finds it delivered.
        assert!(
            db::push::queue(&db.conn, notification.id, member, "{}", now)
                .await
                .unwrap()
        );
        assert!(
            !db::push::queue(&db.conn, notification.id, member, "{}", now)
                .await
                .unwrap()
        );
        let queued = db::push::unsent(&db.conn, 50).await.unwrap();
        let endpoints: Vec<&str> = queued.iter().map(|m| m.device.endpoint.as_str()).collect();
        assert_eq!(queued.len(), 10, "one per device");
        assert!(!endpoints.contains(&device(0).endpoint.as_str()));
        assert!(!endpoints.contains(&device(1).endpoint.as_str()));

        // Refused: retried, up to the limit.
        for _ in 0..MAX_PUSH_ATTEMPTS {
            assert!(
                db::push::unsent(&db.conn, 50)
                    .await
                    .unwrap()
                    .contains(&queued[0])
            );
            db::push::answered(&db.conn, &queued[0], Answer::Refused)
                .await
                .unwrap();
        }
        // Gone: the device is forgotten with its messages.
        db::push::answered(&db.conn, &queued[1], Answer::Gone)
            .await
            .unwrap();
        // Taken: sent, and its text erased.
        db::push::answered(&db.conn, &queued[2], Answer::Accepted(now))
            .await
            .unwrap();
        let left = db::push::unsent(&db.conn, 50).await.unwrap();
        assert_eq!(left.len(), 7);
        assert!(
            left.iter()
                .all(|m| ![queued[0].id, queued[1].id, queued[2].id].contains(&m.id))
        );
        assert_eq!(db::push::devices(&db.conn, member).await.unwrap(), 9);
        assert_eq!(
            count(
                &db.conn,
                &format!(
                    "SELECT COUNT(*) FROM push_messages WHERE id = {} AND sent_at IS NOT NULL AND payload = ''",
                    queued[2].id
                )
            )
            .await,
            1
        );
        // Someone else cannot stop the member's device.
        let other = facilitator(&db).await;
        assert!(
            !db::push::unsubscribe(&db.conn, other, &device(5).endpoint)
                .await
                .unwrap()
        );
        assert!(
            db::push::unsubscribe(&db.conn, member, &device(5).endpoint)
                .await
                .unwrap()
        );
        assert_eq!(db::push::devices(&db.conn, member).await.unwrap(), 8);
    }
}
