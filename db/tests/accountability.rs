//! Holding the city to account (issue 20): a proposal is sent to one
//! department with its answer due by a date fixed in the ledger; only that
//! department's officials answer, report progress or close it; they are
//! reminded a week before and on the day, once, however many instances
//! run and across a restart; a favourable answer makes dated commitments,
//! reported on and flagged when overdue; the board and its open data tell
//! where each adopted proposal stands.

use chrono::{DateTime, Duration, Utc};
use db::accounts::{self, NewAccount, Role};
use db::jobs::{self, Claim};
use db::testing::TestDb;
use domain::accountability::{BoardFilter, BoardItem, Track};
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

async fn choices(db: &TestDb) -> db::board::Choices {
    db::board::choices(&db.conn).await.unwrap()
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
            JobKind::AnswerDueSoon
            | JobKind::AnswerDue
            | JobKind::CommitmentDueSoon
            | JobKind::CommitmentDue => {
                db::departments::remind(conn, claim, now).await.unwrap();
            }
            other => panic!("no {other} job was scheduled"),
        }
    }
    claims
}

/// Sets aside the demo's own jobs (its next sitting's reminder, the
/// digests), so that a round runs only the reminders of what the city owes.
async fn only_answer_jobs(conn: &impl ConnectionTrait) {
    conn.execute_unprepared(
        "DELETE FROM jobs WHERE kind NOT IN \
         ('answer.due_soon', 'answer.due', 'commitment.due_soon', 'commitment.due')",
    )
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
        let milestone = db::city::add_milestone(&db.conn, p, None, "Études", 10, ville, now).await;
        assert!(
            matches!(milestone, Err(db::Error::OtherDepartment)),
            "{milestone:?}"
        );
        let close = db::stage::advance(&db.conn, p, ProposalStatus::Closed, ville, now).await;
        assert!(
            matches!(close, Err(db::Error::OtherDepartment)),
            "{close:?}"
        );
        db::city::add_milestone(&db.conn, p, None, "Études", 10, roads, now)
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
        // One kept board for the whole story: it must follow every write and the clock.
        let cache = db::board::Cache::default();
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let all = db::board::board(
            &db.conn,
            &cache,
            &BoardFilter::default(),
            choices(&db).await,
            now,
        )
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
        let awaiting = db::board::board(&db.conn, &cache, &filter, choices(&db).await, now)
            .await
            .unwrap();
        assert_eq!(awaiting.items.iter().map(|i| i.id).collect::<Vec<_>>(), [p]);
        assert_eq!(awaiting.items[0].days_late, None);
        // Past its due instant it is late, and in the open data.
        let later = awaiting.items[0].answer_due.unwrap();
        let late = db::board::board(
            &db.conn,
            &cache,
            &BoardFilter::default(),
            choices(&db).await,
            later,
        )
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

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// The demo's proposal sent to the roads, answered by their official with
/// `verdict` ten days later: the proposal, the official, when answered.
async fn answered_by_roads(db: &TestDb, verdict: CityVerdict) -> (i64, i64, DateTime<Utc>) {
    let (p, roads, sent) = sent_to_roads(db).await;
    let answered = sent + Duration::days(10);
    db::city::city_respond(
        &db.conn,
        p,
        roads,
        verdict,
        "Oui, en plusieurs étapes.",
        answered,
    )
    .await
    .unwrap();
    (p, roads, answered)
}

#[tokio::test]
async fn a_favourable_answer_makes_dated_commitments_that_only_its_department_keeps() {
    for db in TestDb::all().await {
        // One kept board for the whole story: it must follow every write and the clock.
        let cache = db::board::Cache::default();
        let (p, roads, sent) = sent_to_roads(&db).await;
        // Before the answer, nothing is promised.
        let early =
            db::city::add_commitment(&db.conn, p, "Arbres", day("2027-06-30"), roads, sent).await;
        assert!(matches!(early, Err(db::Error::WrongStage)), "{early:?}");
        let answered = sent + Duration::days(10);
        db::city::city_respond(
            &db.conn,
            p,
            roads,
            CityVerdict::Partly,
            "En partie.",
            answered,
        )
        .await
        .unwrap();
        // Another department's official is refused, and nothing is written.
        let ville = ville(&db).await;
        let other =
            db::city::add_commitment(&db.conn, p, "Arbres", day("2027-06-30"), ville, answered)
                .await;
        assert!(
            matches!(other, Err(db::Error::OtherDepartment)),
            "{other:?}"
        );
        let of_p = format!("SELECT COUNT(*) FROM commitments WHERE proposal_id = {p}");
        assert_eq!(count(&db.conn, &of_p).await, 0);
        let in_ledger = format!(
            "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'city.commitment' AND subject = 'proposal/{p}'"
        );
        assert_eq!(count(&db.conn, &in_ledger).await, 0);
        // Due by the end of the Paris day: midnight in summer time is 22:00 UTC.
        let trees = db::city::add_commitment(
            &db.conn,
            p,
            "Planter 40 arbres",
            day("2027-06-30"),
            roads,
            answered,
        )
        .await
        .unwrap();
        let benches = db::city::add_commitment(
            &db.conn,
            p,
            "Poser 12 bancs",
            day("2027-01-31"),
            roads,
            answered,
        )
        .await
        .unwrap();
        let entries = db::ledger::all(&db.conn).await.unwrap();
        let made: Vec<&str> = entries
            .iter()
            .filter(|e| e.kind == "city.commitment" && e.subject == format!("proposal/{p}"))
            .map(|e| e.payload.as_str())
            .collect();
        assert_eq!(
            made,
            [
                format!(
                    r#"{{"proposal":{p},"commitment":{trees},"title":"Planter 40 arbres","due":"2027-06-30T22:00:00Z"}}"#
                ),
                format!(
                    r#"{{"proposal":{p},"commitment":{benches},"title":"Poser 12 bancs","due":"2027-01-31T23:00:00Z"}}"#
                ),
            ]
        );
        // Progress against one commitment; a report names one of the
        // proposal's own commitments, and a met one takes no more.
        let at = answered + Duration::days(5);
        db::city::add_milestone(&db.conn, p, Some(trees), "Essences choisies", 40, roads, at)
            .await
            .unwrap();
        let unknown =
            db::city::add_milestone(&db.conn, p, Some(trees + benches + 100), "x", 10, roads, at)
                .await;
        assert!(
            matches!(unknown, Err(db::Error::NoSuchCommitment)),
            "{unknown:?}"
        );
        let by_other = db::city::add_milestone(&db.conn, p, Some(trees), "x", 10, ville, at).await;
        assert!(
            matches!(by_other, Err(db::Error::OtherDepartment)),
            "{by_other:?}"
        );
        db::city::add_milestone(
            &db.conn,
            p,
            Some(trees),
            "Arbres plantés",
            100,
            roads,
            at + Duration::days(1),
        )
        .await
        .unwrap();
        let after = db::city::add_milestone(
            &db.conn,
            p,
            Some(trees),
            "Encore",
            100,
            roads,
            at + Duration::days(2),
        )
        .await;
        assert!(matches!(after, Err(db::Error::CommitmentDone)), "{after:?}");
        db::city::add_milestone(
            &db.conn,
            p,
            None,
            "Chantier ouvert",
            50,
            roads,
            at + Duration::days(2),
        )
        .await
        .unwrap();

        // The page: reports on the whole apart, each commitment with its own.
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(detail.summary.status, ProposalStatus::InProgress);
        assert_eq!(
            detail
                .milestones
                .iter()
                .map(|m| m.title.as_str())
                .collect::<Vec<_>>(),
            ["Chantier ouvert"]
        );
        let shown: Vec<(i64, u8, bool, usize)> = detail
            .commitments
            .iter()
            .map(|c| (c.id, c.progress, c.done_at.is_some(), c.milestones.len()))
            .collect();
        assert_eq!(
            shown,
            [(benches, 0, false, 0), (trees, 100, true, 2)],
            "by due day"
        );
        assert_eq!(detail.commitments[0].due_day, day("2027-01-31"));
        // Overdue from the first instant after its due day, not before.
        let due = detail.commitments[0].due;
        let benches_at = |now| detail.commitments[0].clone().late_at(true, now).days_late;
        assert_eq!(benches_at(due - Duration::seconds(1)), None);
        assert_eq!(benches_at(due + Duration::days(3)), Some(3));

        // The board flags it, counts them, and lists the item first among
        // those not late to answer.
        let later = due + Duration::days(3);
        let board = db::board::board(
            &db.conn,
            &cache,
            &BoardFilter::default(),
            choices(&db).await,
            later,
        )
        .await
        .unwrap();
        let item = board.items.iter().find(|i| i.id == p).unwrap();
        assert_eq!((item.commitments, item.commitments_met), (2, 1));
        assert_eq!(
            item.overdue
                .iter()
                .map(|o| (o.commitment, o.days_late))
                .collect::<Vec<_>>(),
            [(benches, 3)]
        );
        assert!(board.figures.commitments_overdue >= 1);
        let owing = |i: &&domain::accountability::BoardItem| {
            i.track == Track::Late || !i.overdue.is_empty()
        };
        let first: Vec<_> = board.items.iter().take_while(owing).collect();
        assert!(first.iter().any(|i| i.id == p), "among the items that owe");
        assert!(board.items.iter().skip(first.len()).all(|i| !owing(&i)));
        // Once the city closes the proposal, nothing is flagged overdue.
        db::stage::advance(&db.conn, p, ProposalStatus::Implemented, roads, later)
            .await
            .unwrap();
        let board = db::board::board(
            &db.conn,
            &cache,
            &BoardFilter::default(),
            choices(&db).await,
            later,
        )
        .await
        .unwrap();
        assert!(
            board
                .items
                .iter()
                .find(|i| i.id == p)
                .unwrap()
                .overdue
                .is_empty()
        );

        // Open data: the commitments, and which report was on which.
        let rows = db::export::commitments(&db.conn).await.unwrap();
        assert_eq!(
            rows.iter()
                .filter(|r| r.proposal_id == p)
                .map(|r| (r.id, r.progress, r.done_at.is_some()))
                .collect::<Vec<_>>(),
            [(trees, 100, true), (benches, 0, false)]
        );
        let reports = db::export::milestones(&db.conn).await.unwrap();
        let on_trees = reports
            .iter()
            .filter(|m| m.commitment_id == Some(trees))
            .count();
        assert_eq!(on_trees, 2);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_rejected_answer_makes_no_commitment() {
    for db in TestDb::all().await {
        let (p, roads, answered) = answered_by_roads(&db, CityVerdict::Rejected).await;
        let refused =
            db::city::add_commitment(&db.conn, p, "Arbres", day("2027-06-30"), roads, answered)
                .await;
        assert!(
            matches!(refused, Err(db::Error::NothingPromised)),
            "{refused:?}"
        );
        let of_p = format!("SELECT COUNT(*) FROM commitments WHERE proposal_id = {p}");
        assert_eq!(count(&db.conn, &of_p).await, 0);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_commitment_s_officials_are_reminded_once_until_it_is_met() {
    for db in TestDb::all().await {
        let (p, roads, answered) = answered_by_roads(&db, CityVerdict::Accepted).await;
        // Due on 31 March 2027, after the clocks change (28 March).
        let c = db::city::add_commitment(
            &db.conn,
            p,
            "Planter 40 arbres",
            day("2027-03-31"),
            roads,
            answered,
        )
        .await
        .unwrap();
        only_answer_jobs(&db.conn).await;
        // 9:00 in Paris on 24 March is 8:00 UTC (winter time)…
        let week = utc("2027-03-24T08:00:00Z");
        round(&db.conn, "a", week - Duration::minutes(1)).await;
        assert_eq!(
            reminders(&db.conn, NotificationKind::CommitmentDueSoon).await,
            0
        );
        let second = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        tokio::join!(round(&db.conn, "a", week), round(&second, "b", week));
        second.close().await.ok();
        let told = count(
            &db.conn,
            &format!("SELECT COUNT(*) FROM notifications WHERE kind = 'commitment.due_soon' AND user_id = {roads} AND proposal_id = {p}"),
        )
        .await;
        assert_eq!(told, 1, "the department's official is told once");
        assert_eq!(
            reminders(&db.conn, NotificationKind::CommitmentDueSoon).await,
            1
        );
        // …and on 31 March (summer time) 7:00 UTC; met meanwhile, it tells nobody.
        db::city::add_milestone(
            &db.conn,
            p,
            Some(c),
            "Arbres plantés",
            100,
            roads,
            week + Duration::days(1),
        )
        .await
        .unwrap();
        let ran = round(&db.conn, "a", utc("2027-03-31T07:00:00Z")).await;
        assert!(ran.iter().any(|claim| claim.kind == JobKind::CommitmentDue));
        assert_eq!(
            reminders(&db.conn, NotificationKind::CommitmentDue).await,
            0
        );
        db.remove().await;
    }
}

/// The kept board at `now`, checked against a fresh read: what a crowd is
/// served is exactly what the database says.
async fn kept(
    cache: &db::board::Cache,
    conn: &db::DatabaseConnection,
    now: DateTime<Utc>,
) -> std::sync::Arc<Vec<BoardItem>> {
    let served = cache.items(conn, now).await.unwrap();
    assert_eq!(
        *served,
        db::board::items(conn, now).await.unwrap(),
        "at {now}"
    );
    served
}

fn item_of(items: &[BoardItem], p: i64) -> &BoardItem {
    items.iter().find(|i| i.id == p).unwrap()
}

#[tokio::test]
async fn the_kept_board_follows_every_write_it_shows_and_the_clock() {
    use std::sync::Arc;
    for db in TestDb::all().await {
        let conn = &db.conn;
        let cache = db::board::Cache::default();
        let (p, roads, sent) = sent_to_roads(&db).await;
        let t = sent + Duration::days(1);
        let first = kept(&cache, conn, t).await;
        assert!(
            Arc::ptr_eq(&first, &kept(&cache, conn, t).await),
            "read once"
        );
        // A comment moves the proposal's counters, which the board does
        // not show: the board is not read again.
        let resident = account(&db, db::demo::DEMO_ACCOUNTS[3].0).await;
        db::comments::add_comment(
            conn,
            db::comments::NewComment {
                proposal_id: p,
                author_id: resident,
                parent_id: None,
                stance: domain::Stance::For,
                body: "Enfin une réponse attendue.",
                now: t,
            },
        )
        .await
        .unwrap();
        assert!(Arc::ptr_eq(&first, &kept(&cache, conn, t).await), "kept");

        // The clock alone: late at the due instant, a day later each day.
        let due = item_of(&first, p).answer_due.unwrap();
        let track = |items: &[BoardItem]| {
            let i = item_of(items, p);
            (i.track, i.days_late)
        };
        let before = kept(&cache, conn, due - Duration::seconds(1)).await;
        assert_eq!(track(&before), (Track::Awaiting, None));
        let late = kept(&cache, conn, due).await;
        assert_eq!(track(&late), (Track::Late, Some(0)));
        let later = kept(&cache, conn, due + Duration::days(1)).await;
        assert_eq!(track(&later), (Track::Late, Some(1)));
        // And back: a test's clock may go back, the board follows.
        assert_eq!(track(&kept(&cache, conn, t).await), (Track::Awaiting, None));

        // Every kind of write the board shows, each seen at once.
        let answered = t + Duration::days(1);
        db::city::city_respond(conn, p, roads, CityVerdict::Partly, "En partie.", answered)
            .await
            .unwrap();
        let now = kept(&cache, conn, answered).await;
        assert_eq!(item_of(&now, p).track, Track::Partly, "the answer");
        db::city::add_commitment(conn, p, "Bancs", day("2027-06-30"), roads, answered)
            .await
            .unwrap();
        let now = kept(&cache, conn, answered).await;
        assert_eq!(item_of(&now, p).commitments, 1, "the commitment");
        db::city::add_milestone(conn, p, None, "Études", 40, roads, answered)
            .await
            .unwrap();
        let now = kept(&cache, conn, answered).await;
        assert_eq!(item_of(&now, p).progress, Some(40), "the progress");
        // Writes by any other path, straight into the tables.
        for (sql, what) in [
            (
                format!("UPDATE proposals SET title = 'Un titre amendé' WHERE id = {p}"),
                "the title",
            ),
            (
                format!("UPDATE departments SET name_fr = 'La Voirie' WHERE slug = '{VOIRIE}'"),
                "the department's name",
            ),
            (
                format!(
                    "UPDATE themes SET name_fr = 'Un thème renommé' \
                     WHERE id = (SELECT theme_id FROM proposals WHERE id = {p})"
                ),
                "the theme's name",
            ),
        ] {
            let before = kept(&cache, conn, answered).await;
            conn.execute_unprepared(&sql).await.unwrap();
            let after = kept(&cache, conn, answered).await;
            assert_ne!(item_of(&before, p), item_of(&after, p), "{what}");
        }
        let shown = kept(&cache, conn, answered).await;
        let item = item_of(&shown, p);
        assert_eq!(
            (
                item.title.as_str(),
                item.department.as_ref().unwrap().name_fr.as_str(),
                item.theme.name_fr.as_str()
            ),
            ("Un titre amendé", "La Voirie", "Un thème renommé")
        );
        db.remove().await;
    }
}
