//! The floor of an open sitting (issue 18) on SQLite and PostgreSQL:
//! members present ask for the floor once, the facilitator gives, orders
//! and ends it; the item under way; shows of hands in the ledger, never
//! more hands than members present; a vote taken in the sitting counts its
//! quorum from those present; everything refused changes nothing, and
//! nothing moves once the sitting has closed.

use chrono::{DateTime, Duration, Utc};
use db::Error;
use db::floor::{self, FloorMove};
use db::sittings::{self, NewItem};
use db::testing::{TestDb, assert_documented};
use db::votes::{self, VoteSetup};
use domain::floor::{FloorError, Hands};
use domain::sitting::{AgendaPurpose, SittingDetails, SittingStep};
use domain::{Choice, Majority, Outcome, ProposalStatus, Tally};

async fn account(db: &TestDb, index: usize) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[index].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

/// An open sitting with two agenda items, ten days from `now` (when the
/// demo's members sit).
async fn open_sitting(db: &TestDb, by: i64, now: DateTime<Utc>) -> (i64, [i64; 2]) {
    open_sitting_on(db, by, now, None).await
}

/// The same, its second item taking up `proposal`.
async fn open_sitting_on(
    db: &TestDb,
    by: i64,
    now: DateTime<Utc>,
    proposal: Option<i64>,
) -> (i64, [i64; 2]) {
    let starts = now + Duration::days(10);
    let details = SittingDetails {
        starts_at: starts,
        ends_at: starts + Duration::hours(3),
        place: "Hôtel de Ville".into(),
        livestream_url: None,
    };
    let id = sittings::create(&db.conn, by, &details, now).await.unwrap();
    for (title, proposal_id) in [("Budget participatif", None), ("Cours d'école", proposal)] {
        let item = NewItem {
            title: title.into(),
            minutes: 30,
            purpose: AgendaPurpose::Debate,
            proposal_id,
        };
        sittings::add_item(&db.conn, id, item, now).await.unwrap();
    }
    for step in [SittingStep::Convene, SittingStep::Open] {
        sittings::step(&db.conn, id, step, now).await.unwrap();
    }
    let view = sittings::get(&db.conn, id, sittings::Audience::Public)
        .await
        .unwrap()
        .unwrap();
    (id, [view.agenda[0].id, view.agenda[1].id])
}

async fn present(db: &TestDb, sitting: i64, member: i64, by: i64, now: DateTime<Utc>) {
    sittings::mark(&db.conn, sitting, member, true, by, now)
        .await
        .unwrap();
}

fn names(view: &domain::floor::FloorView) -> (Option<String>, Vec<String>) {
    (
        view.speaker.as_ref().map(|s| s.name.clone()),
        view.queue.iter().map(|l| l.name.clone()).collect(),
    )
}

#[tokio::test]
async fn members_present_ask_once_and_the_facilitator_runs_the_floor() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = account(&db, 0).await;
        let (m1, m2, resident) = (
            account(&db, 2).await,
            account(&db, 4).await,
            account(&db, 3).await,
        );
        let (id, [first_item, _]) = open_sitting(&db, by, now).await;

        // Only a member, and only once in the room.
        let outsider = floor::act(&db.conn, id, resident, FloorMove::Ask, now).await;
        assert!(matches!(outsider, Err(Error::NotSeated)), "{outsider:?}");
        let absent = floor::act(&db.conn, id, m1, FloorMove::Ask, now).await;
        assert!(matches!(absent, Err(Error::NotPresent)), "{absent:?}");
        present(&db, id, m1, by, now).await;
        present(&db, id, m2, by, now).await;

        floor::take_up(&db.conn, id, Some(first_item), now)
            .await
            .unwrap();
        floor::act(&db.conn, id, m1, FloorMove::Ask, now)
            .await
            .unwrap();
        floor::act(&db.conn, id, m2, FloorMove::Ask, now)
            .await
            .unwrap();
        let twice = floor::act(&db.conn, id, m1, FloorMove::Ask, now).await;
        assert!(
            matches!(twice, Err(Error::Floor(FloorError::AlreadyWaiting))),
            "{twice:?}"
        );

        let seen = floor::view(&db.conn, id, Some(m2), now).await.unwrap();
        assert_eq!(
            seen.current_item.as_ref().unwrap().title,
            "Budget participatif"
        );
        assert_eq!(seen.queue.len(), 2, "the refused ask added nothing");
        assert_eq!(
            seen.queue.iter().map(|l| l.mine).collect::<Vec<_>>(),
            [false, true],
            "each sees their own place"
        );
        let (first, second) = (seen.queue[0].clone(), seen.queue[1].clone());

        // The facilitator moves the second up, then gives the floor to the
        // first in the queue for two minutes.
        floor::act(&db.conn, id, by, FloorMove::Up(second.request_id), now)
            .await
            .unwrap();
        floor::act(
            &db.conn,
            id,
            by,
            FloorMove::Give {
                request: None,
                seconds: 120,
            },
            now,
        )
        .await
        .unwrap();
        let later = now + Duration::seconds(45);
        let seen = floor::view(&db.conn, id, None, later).await.unwrap();
        assert_eq!(
            names(&seen),
            (Some(second.name.clone()), vec![first.name.clone()])
        );
        let speaker = seen.speaker.unwrap();
        assert_eq!((speaker.elapsed_secs, speaker.allotted_secs), (45, 120));

        // The speaker cannot queue again while speaking; the next takes
        // over, and the one who spoke may ask again.
        let again = floor::act(&db.conn, id, m2, FloorMove::Ask, now).await;
        assert!(
            matches!(again, Err(Error::Floor(FloorError::AlreadySpeaking))),
            "{again:?}"
        );
        floor::act(
            &db.conn,
            id,
            by,
            FloorMove::Give {
                request: Some(first.request_id),
                seconds: 60,
            },
            now,
        )
        .await
        .unwrap();
        floor::act(&db.conn, id, m2, FloorMove::Ask, now)
            .await
            .unwrap();
        floor::act(&db.conn, id, m2, FloorMove::Withdraw, now)
            .await
            .unwrap();
        floor::act(&db.conn, id, by, FloorMove::End, now)
            .await
            .unwrap();
        let seen = floor::view(&db.conn, id, None, now).await.unwrap();
        assert_eq!(names(&seen), (None, vec![]));
        let nobody = floor::act(&db.conn, id, by, FloorMove::End, now).await;
        assert!(
            matches!(nobody, Err(Error::Floor(FloorError::NobodySpeaking))),
            "{nobody:?}"
        );
        // A request of another sitting, or one already done, is not this
        // floor's.
        let stale = floor::act(&db.conn, id, by, FloorMove::Remove(first.request_id), now).await;
        assert!(
            matches!(stale, Err(Error::Floor(FloorError::NotWaiting))),
            "{stale:?}"
        );

        // Closed: the queue is let go, nothing moves any more.
        floor::act(&db.conn, id, m1, FloorMove::Ask, now)
            .await
            .unwrap();
        sittings::step(&db.conn, id, SittingStep::Close, now)
            .await
            .unwrap();
        let closed = floor::act(&db.conn, id, m2, FloorMove::Ask, now).await;
        assert!(matches!(closed, Err(Error::SittingNotOpen)), "{closed:?}");
        let give = floor::act(
            &db.conn,
            id,
            by,
            FloorMove::Give {
                request: None,
                seconds: 60,
            },
            now,
        )
        .await;
        assert!(matches!(give, Err(Error::SittingNotOpen)), "{give:?}");
        let seen = floor::view(&db.conn, id, None, now).await.unwrap();
        assert_eq!((seen.queue.len(), seen.current_item), (0, None));
        db.remove().await;
    }
}

#[tokio::test]
async fn two_members_asking_at_once_each_get_one_place() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = account(&db, 0).await;
        let (m1, m2) = (account(&db, 2).await, account(&db, 4).await);
        let (id, _) = open_sitting(&db, by, now).await;
        present(&db, id, m1, by, now).await;
        present(&db, id, m2, by, now).await;
        let asks = [m1, m1, m2, m2, m1].map(|m| {
            let conn = db.conn.clone();
            tokio::spawn(async move { floor::act(&conn, id, m, FloorMove::Ask, now).await })
        });
        let mut ok = 0;
        for ask in asks {
            match ask.await.unwrap() {
                Ok(()) => ok += 1,
                Err(Error::Floor(FloorError::AlreadyWaiting)) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        assert_eq!(ok, 2);
        let seen = floor::view(&db.conn, id, None, now).await.unwrap();
        assert_eq!(seen.queue.len(), 2);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_show_of_hands_is_recorded_in_the_ledger_against_the_attendance() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = account(&db, 0).await;
        let (m1, m2) = (account(&db, 2).await, account(&db, 4).await);
        let (id, [_, second_item]) = open_sitting(&db, by, now).await;
        present(&db, id, m1, by, now).await;
        present(&db, id, m2, by, now).await;
        floor::take_up(&db.conn, id, Some(second_item), now)
            .await
            .unwrap();
        let hands = |pour, contre| Hands {
            tally: Tally {
                pour,
                contre,
                abstention: 0,
            },
            majority: Majority::Simple,
            reason: "Question de procédure".into(),
        };

        let before = db::ledger::all(&db.conn).await.unwrap().len();
        let too_many = floor::record_hands(&db.conn, id, by, hands(2, 1), now).await;
        assert!(
            matches!(too_many, Err(Error::MoreHandsThanPresent { present: 2 })),
            "{too_many:?}"
        );
        assert_eq!(db::ledger::all(&db.conn).await.unwrap().len(), before);
        assert_eq!(
            floor::view(&db.conn, id, None, now).await.unwrap().hands,
            None
        );

        // Two present of the demo's seated members: no quorum in the room,
        // so the hands decide nothing, and the record says so.
        let outcome = floor::record_hands(&db.conn, id, by, hands(2, 0), now)
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::NoQuorum);
        let shown = floor::view(&db.conn, id, None, now)
            .await
            .unwrap()
            .hands
            .unwrap();
        assert_eq!(
            (shown.tally.pour, shown.present, shown.outcome),
            (2, 2, Outcome::NoQuorum)
        );
        let entries = db::ledger::all(&db.conn).await.unwrap();
        let last = entries.last().unwrap();
        assert_eq!(last.kind, "sitting.hands");
        assert!(
            last.payload.contains("\"item\":\"Cours d'école\""),
            "{}",
            last.payload
        );
        assert_documented(&entries);
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);

        // Another item under way: its own result, none yet.
        floor::take_up(&db.conn, id, None, now).await.unwrap();
        assert_eq!(
            floor::view(&db.conn, id, None, now).await.unwrap().hands,
            None
        );
        // An item of another sitting cannot be taken up.
        let (other, [foreign, _]) = open_sitting(&db, by, now).await;
        let wrong = floor::take_up(&db.conn, id, Some(foreign), now).await;
        assert!(matches!(wrong, Err(Error::NotFound)), "{wrong:?}");
        assert!(other != id);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_vote_taken_in_the_sitting_counts_its_quorum_from_those_present() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = account(&db, 0).await;
        let (m1, m2) = (account(&db, 2).await, account(&db, 4).await);
        let seated =
            db::notifications::sitting_members(&db.conn, (now + Duration::days(10)).date_naive())
                .await
                .unwrap();
        let m3 = *seated.iter().find(|m| ![m1, m2].contains(m)).unwrap();
        let query =
            domain::ProposalQuery::parse(None, Some("deliberation"), None, None, None, None)
                .unwrap();
        let p = db::proposals_page(&db.conn, &query).await.unwrap().items[0].id;
        let (id, [first, second]) = open_sitting_on(&db, by, now, Some(p)).await;
        present(&db, id, m1, by, now).await;
        present(&db, id, m2, by, now).await;
        let setup = VoteSetup {
            majority: Majority::Simple,
            quorum_percent: 50,
            secret: false,
            closes_at: None,
            in_sitting: true,
        };

        // The item under way is another one: refused, nothing opened.
        floor::take_up(&db.conn, id, Some(first), now)
            .await
            .unwrap();
        let before = db::ledger::all(&db.conn).await.unwrap().len();
        let refused = votes::open_vote(&db.conn, p, setup, by, now).await;
        assert!(matches!(refused, Err(Error::NotUnderWay)), "{refused:?}");
        assert_eq!(db::ledger::all(&db.conn).await.unwrap().len(), before);
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(detail.summary.status, ProposalStatus::Deliberation);
        assert!(detail.votes.is_empty());

        // On the item under way: two present, two for, quorum met (half of
        // those present), where half of every member would have failed it.
        floor::take_up(&db.conn, id, Some(second), now)
            .await
            .unwrap();
        let vote = votes::open_vote(&db.conn, p, setup, by, now).await.unwrap();
        for m in [m1, m2] {
            votes::cast_ballot(&db.conn, vote, m, Choice::For, now)
                .await
                .unwrap();
        }
        let open = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(open.votes[0].present, Some(2));
        assert!(open.votes[0].eligible > 50);
        let screen = floor::view(&db.conn, id, None, now)
            .await
            .unwrap()
            .vote
            .unwrap();
        assert_eq!((screen.voters, screen.present), (2, Some(2)));
        let outcome = votes::close_vote(&db.conn, vote, by, now).await.unwrap();
        assert_eq!(outcome, Outcome::Adopted);

        // Someone checking in after the close changes nothing of it.
        present(&db, id, m3, by, now).await;
        let closed = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(closed.votes[0].present, Some(2));
        assert_eq!(closed.summary.status, ProposalStatus::Adopted);
        let entries = db::ledger::all(&db.conn).await.unwrap();
        let opened = entries
            .iter()
            .rev()
            .find(|e| e.kind == "vote.opened")
            .unwrap();
        assert!(
            opened.payload.contains(&format!("\"sitting\":{id}")),
            "{}",
            opened.payload
        );
        let result = entries
            .iter()
            .rev()
            .find(|e| e.kind == "vote.result")
            .unwrap();
        assert!(
            result.payload.contains("\"present\":2"),
            "{}",
            result.payload
        );
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);
        db.remove().await;
    }
}
