//! Holding the city to account (issue 20): a proposal is sent to one
//! department with its answer due by a date fixed in the ledger; only that
//! department's officials answer, report progress or close it; they are
//! reminded a week before and on the day, once, however many instances
//! run and across a restart; the board and its open data tell where each
//! adopted proposal stands.

use chrono::{DateTime, Duration, Utc};
use db::accounts::{self, NewAccount, Role};
use db::jobs::{self, Claim};
use db::testing::TestDb;
use domain::accountability::{BoardFilter, Track};
use domain::schedule::JobKind;
use domain::{CityVerdict, Lang, NotificationKind, ProposalQuery, ProposalStatus};
use sea_orm::ConnectionTrait;

const VOIRIE: &str = "direction-de-la-voirie-et-des-deplacements";
const URBANISME: &str = "direction-de-l-urbanisme";

async fn account(db: &TestDb, email: &str) -> i64 {
    accounts::login_of(&db.conn, email)
        .await
        .unwrap()
        .unwrap()
        .0
}

async fn facilitator(db: &TestDb) -> i64 {
    account(db, db::demo::DEMO_ACCOUNTS[0].0).await
}

/// The demo official, who answers for the four departments with a theme.
async fn ville(db: &TestDb) -> i64 {
    account(db, db::demo::DEMO_ACCOUNTS[1].0).await
}

/// A second official, who answers for the roads department only.
async fn roads_official(db: &TestDb) -> i64 {
    let id = accounts::create_account(
        &db.conn,
        NewAccount {
            email: "voirie@paris.fr",
            display_name: "Agent de la voirie",
            password_hash: "hash",
            lang: Lang::Fr,
            now: Utc::now(),
        },
    )
    .await
    .unwrap();
    accounts::set_role(&db.conn, None, id, Role::CityOfficial, true, Utc::now())
        .await
        .unwrap();
    db::departments::set_official(&db.conn, VOIRIE, id, true)
        .await
        .unwrap();
    id
}

async fn count(conn: &impl ConnectionTrait, sql: &str) -> i64 {
    db::testing::scalar(conn, sql).await
}

/// An adopted proposal of the demo, waiting to be sent.
async fn adopted(db: &TestDb) -> i64 {
    let query = ProposalQuery::parse(None, Some("adopted"), None, None, None, None).unwrap();
    db::proposals_page(&db.conn, &query).await.unwrap().items[0].id
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// The demo, with one of its adopted proposals sent to the roads'
/// direction on 7 December 2026 (answer due 7 March 2027): the proposal,
/// the roads' official and when it was sent.
async fn sent_to_roads(db: &TestDb) -> (i64, i64, DateTime<Utc>) {
    db::demo::load(&db.conn).await.unwrap();
    let p = adopted(db).await;
    let roads = roads_official(db).await;
    let sent = utc("2026-12-07T09:00:00Z");
    db::city::send_to_city(&db.conn, p, VOIRIE, facilitator(db).await, sent)
        .await
        .unwrap();
    (p, roads, sent)
}

/// One scheduler round on one instance, as the server runs it.
async fn round(conn: &db::DatabaseConnection, worker: &str, now: DateTime<Utc>) -> Vec<Claim> {
    let claims = jobs::claim_due(conn, worker, now, 10).await.unwrap();
    for claim in &claims {
        match claim.kind {
            JobKind::AnswerDueSoon | JobKind::AnswerDue => {
                db::departments::remind(conn, claim, now).await.unwrap();
            }
            other => panic!("no {other} job was scheduled"),
        }
    }
    claims
}

/// Sets aside the demo's own jobs (its next sitting's reminder, the
/// digests), so that a round runs only the answers' reminders.
async fn only_answer_jobs(conn: &impl ConnectionTrait) {
    conn.execute_unprepared("DELETE FROM jobs WHERE kind NOT IN ('answer.due_soon', 'answer.due')")
        .await
        .unwrap();
}

async fn reminders(conn: &impl ConnectionTrait, kind: NotificationKind) -> i64 {
    count(
        conn,
        &format!("SELECT COUNT(*) FROM notifications WHERE kind = '{kind}'"),
    )
    .await
}

#[tokio::test]
async fn a_proposal_goes_to_one_department_with_its_due_date_in_the_ledger() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let p = adopted(&db).await;
        let facilitator = facilitator(&db).await;
        let sent = utc("2026-12-07T09:00:00Z");
        // A department that does not exist changes nothing.
        let refused =
            db::city::send_to_city(&db.conn, p, "direction-imaginaire", facilitator, sent).await;
        assert!(
            matches!(refused, Err(db::Error::NoSuchDepartment)),
            "{refused:?}"
        );
        assert!(
            db::departments::referral(&db.conn, p)
                .await
                .unwrap()
                .is_none()
        );

        db::departments::set_answer_months(&db.conn, 2)
            .await
            .unwrap();
        db::city::send_to_city(&db.conn, p, VOIRIE, facilitator, sent)
            .await
            .unwrap();
        let r = db::departments::referral(&db.conn, p)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.department.slug, VOIRIE);
        assert_eq!(r.sent_at, sent);
        // Two months: due on 7 February 2027, late from midnight (CET).
        assert_eq!(r.due_day.to_string(), "2027-02-07");
        assert_eq!(r.answer_due, utc("2027-02-07T23:00:00Z"));
        let entries = db::ledger::all(&db.conn).await.unwrap();
        db::testing::assert_documented(&entries);
        let last = entries
            .iter()
            .rev()
            .find(|e| e.kind == "city.referral")
            .unwrap();
        assert_eq!(last.subject, format!("proposal/{p}"));
        assert!(last.payload.contains(VOIRIE) && last.payload.contains("2027-02-07T23:00:00"));
        // Reminders a week before and on the day, at 9:00 Paris time.
        let jobs = count(
            &db.conn,
            &format!("SELECT COUNT(*) FROM jobs WHERE subject = {p} AND kind IN ('answer.due_soon', 'answer.due')"),
        )
        .await;
        assert_eq!(jobs, 2);
        // Sent once: a second sending is refused by the proposal's stage.
        let again = db::city::send_to_city(&db.conn, p, URBANISME, facilitator, sent).await;
        assert!(matches!(again, Err(db::Error::WrongStage)), "{again:?}");
        db.remove().await;
    }
}

#[tokio::test]
async fn only_the_officials_of_its_department_answer_report_and_close() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let p = adopted(&db).await;
        let (facilitator, ville, roads) = (
            facilitator(&db).await,
            ville(&db).await,
            roads_official(&db).await,
        );
        let now = Utc::now();
        db::city::send_to_city(&db.conn, p, VOIRIE, facilitator, now)
            .await
            .unwrap();
        assert!(
            !db::departments::answers_for(&db.conn, p, ville)
                .await
                .unwrap()
        );
        assert!(
            db::departments::answers_for(&db.conn, p, roads)
                .await
                .unwrap()
        );
        // The official of other departments is refused, and nothing changes.
        let refused = db::city::city_respond(
            &db.conn,
            p,
            ville,
            CityVerdict::Accepted,
            "Oui, en 2027.",
            now,
        )
        .await;
        assert!(
            matches!(refused, Err(db::Error::OtherDepartment)),
            "{refused:?}"
        );
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(detail.summary.status, ProposalStatus::SentToCity);
        assert!(detail.city_response.is_none());
        // The roads official answers; the other one can neither report nor close.
        db::city::city_respond(
            &db.conn,
            p,
            roads,
            CityVerdict::Partly,
            "En partie, en 2027.",
            now,
        )
        .await
        .unwrap();
        let milestone = db::city::add_milestone(&db.conn, p, "Études", 10, ville, now).await;
        assert!(
            matches!(milestone, Err(db::Error::OtherDepartment)),
            "{milestone:?}"
        );
        let close = db::stage::advance(&db.conn, p, ProposalStatus::Closed, ville, now).await;
        assert!(
            matches!(close, Err(db::Error::OtherDepartment)),
            "{close:?}"
        );
        db::city::add_milestone(&db.conn, p, "Études", 10, roads, now)
            .await
            .unwrap();
        db::stage::advance(&db.conn, p, ProposalStatus::Implemented, roads, now)
            .await
            .unwrap();
        // Only officials answer for a department; a removed one no longer does.
        let resident = account(&db, db::demo::DEMO_ACCOUNTS[3].0).await;
        let not_official = db::departments::set_official(&db.conn, VOIRIE, resident, true).await;
        assert!(
            matches!(not_official, Err(db::Error::NotOfficial)),
            "{not_official:?}"
        );
        db::departments::set_official(&db.conn, VOIRIE, roads, false)
            .await
            .unwrap();
        assert!(
            !db::departments::answers_for(&db.conn, p, roads)
                .await
                .unwrap()
        );
        let unknown = db::departments::set_official(&db.conn, "nulle-part", roads, true).await;
        assert!(
            matches!(unknown, Err(db::Error::NoSuchDepartment)),
            "{unknown:?}"
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn each_reminder_is_sent_once_with_two_instances_and_across_a_restart() {
    for db in TestDb::all().await {
        let (p, roads, _) = sent_to_roads(&db).await;
        only_answer_jobs(&db.conn).await;
        // Nothing before 9:00 on 28 February 2027 (a week before 7 March).
        let week = utc("2027-02-28T08:00:00Z");
        assert!(
            round(&db.conn, "a", week - Duration::minutes(1))
                .await
                .is_empty()
        );
        // Two instances share the database: each takes its claim in turn,
        // and only one gets the reminder.
        let second = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        let (a, b) = tokio::join!(round(&db.conn, "a", week), round(&second, "b", week));
        assert_eq!(
            a.len() + b.len(),
            1,
            "one instance claims the week's reminder"
        );
        assert_eq!(
            reminders(&db.conn, NotificationKind::AnswerDueSoon).await,
            1
        );
        let told = count(
            &db.conn,
            &format!("SELECT COUNT(*) FROM notifications WHERE kind = 'city.due_soon' AND user_id = {roads} AND proposal_id = {p}"),
        )
        .await;
        assert_eq!(told, 1, "the department's official is told");
        // The due day's reminder: an instance claims it and dies…
        let day = utc("2027-03-07T08:00:00Z");
        let held = jobs::claim_due(&second, "dies", day, 10).await.unwrap();
        assert_eq!(held.len(), 1);
        second.close().await.ok();
        // …the restarted one waits out the lease, then sends it, once.
        let restarted = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        assert!(
            round(&restarted, "c", day + Duration::minutes(1))
                .await
                .is_empty()
        );
        assert_eq!(
            round(&restarted, "c", day + jobs::LEASE + Duration::seconds(1))
                .await
                .len(),
            1
        );
        assert_eq!(reminders(&db.conn, NotificationKind::AnswerDue).await, 1);
        // The dead instance's stale claim, finished late, is rolled back.
        assert_eq!(
            db::departments::remind(&db.conn, &held[0], day + jobs::LEASE * 2)
                .await
                .unwrap(),
            0
        );
        assert_eq!(reminders(&db.conn, NotificationKind::AnswerDue).await, 1);
        restarted.close().await.ok();
        db.remove().await;
    }
}

#[tokio::test]
async fn an_answer_that_came_stops_the_reminders() {
    for db in TestDb::all().await {
        let (p, roads, sent) = sent_to_roads(&db).await;
        db::city::city_respond(
            &db.conn,
            p,
            roads,
            CityVerdict::Rejected,
            "Non : hors compétence.",
            sent + Duration::days(3),
        )
        .await
        .unwrap();
        only_answer_jobs(&db.conn).await;
        let ran = round(&db.conn, "a", utc("2027-03-08T00:00:00Z")).await;
        assert_eq!(ran.len(), 2, "both reminders run…");
        assert_eq!(
            reminders(&db.conn, NotificationKind::AnswerDueSoon).await,
            0,
            "…and tell nobody"
        );
        assert_eq!(reminders(&db.conn, NotificationKind::AnswerDue).await, 0);
        db.remove().await;
    }
}

#[tokio::test]
async fn the_board_tells_where_each_adopted_proposal_stands() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let all = db::board::board(&db.conn, &BoardFilter::default(), now)
            .await
            .unwrap();
        // The demo: awaiting (late by now), answered, in progress, carried
        // out, closed and rejected items across departments.
        for track in [
            Track::Late,
            Track::ToSend,
            Track::InProgress,
            Track::Implemented,
        ] {
            assert!(
                all.items.iter().any(|i| i.track == track),
                "no {track} item"
            );
        }
        assert!(all.figures.by_department.len() >= 3);
        assert_eq!(all.figures.all.total as usize, all.items.len());
        // Late items come first, the longest overdue first, each with its days.
        let late: Vec<_> = all
            .items
            .iter()
            .take_while(|i| i.track == Track::Late)
            .collect();
        assert!(!late.is_empty());
        assert!(late.windows(2).all(|w| w[0].days_late >= w[1].days_late));
        assert!(
            late.iter()
                .all(|i| i.days_late.is_some() && i.department.is_some())
        );
        // Every answered item has its time to answer; the median is one of them
        // or between two.
        let days: Vec<i64> = all
            .items
            .iter()
            .filter_map(|i| i.days_to_answer())
            .collect();
        let median = all.figures.median_days_to_answer.unwrap();
        assert!(days.iter().min().unwrap() <= &median && &median <= days.iter().max().unwrap());

        // A proposal sent today awaits its answer, in its department.
        let p = adopted(&db).await;
        db::city::send_to_city(&db.conn, p, URBANISME, facilitator(&db).await, now)
            .await
            .unwrap();
        let filter = BoardFilter {
            department: Some(URBANISME.into()),
            track: Some(Track::Awaiting),
            ..BoardFilter::default()
        };
        let awaiting = db::board::board(&db.conn, &filter, now).await.unwrap();
        assert_eq!(awaiting.items.iter().map(|i| i.id).collect::<Vec<_>>(), [p]);
        assert_eq!(awaiting.items[0].days_late, None);
        // Past its due instant it is late, and in the open data.
        let later = awaiting.items[0].answer_due.unwrap();
        let late = db::board::board(&db.conn, &BoardFilter::default(), later)
            .await
            .unwrap();
        let item = late.items.iter().find(|i| i.id == p).unwrap();
        assert_eq!((item.track, item.days_late), (Track::Late, Some(0)));
        let rows = db::export::city_referrals(&db.conn).await.unwrap();
        let row = rows.iter().find(|r| r.proposal_id == p).unwrap();
        assert_eq!(
            (row.department.as_str(), row.answered_at),
            (URBANISME, None)
        );
        // The proposals list carries the due date while the answer is
        // awaited, so its card is flagged too; an answered one carries none.
        let listed = |status: &str| {
            let query = ProposalQuery::parse(None, Some(status), None, None, None, None).unwrap();
            let conn = db.conn.clone();
            async move { db::proposals_page(&conn, &query).await.unwrap().items }
        };
        let card = listed("sent_to_city")
            .await
            .into_iter()
            .find(|c| c.id == p)
            .unwrap();
        assert_eq!(card.answer_due, Some(later));
        assert_eq!(
            card.clone().late_at(later - Duration::seconds(1)).days_late,
            None
        );
        assert_eq!(card.late_at(later).days_late, Some(0));
        let answered = listed("city_responded").await;
        assert!(!answered.is_empty());
        assert!(answered.iter().all(|c| c.answer_due.is_none()));
        db.remove().await;
    }
}
