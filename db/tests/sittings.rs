//! Sittings (issue 18) on SQLite and PostgreSQL: a sitting moves forward
//! one step at a time, each step in the ledger; its details and agenda
//! change until it opens and never after; the public sees it once convened;
//! the proposal page knows the sitting that takes it up.

use chrono::{DateTime, Duration, Utc};
use db::Error;
use db::sittings::{self, Audience, ItemChange, NewItem};
use db::testing::{TestDb, assert_documented};
use domain::sitting::{
    AgendaPurpose, CheckInWay, ConvocationAnswer, SittingDetails, SittingState, SittingStep,
};

fn details(now: DateTime<Utc>) -> SittingDetails {
    SittingDetails {
        starts_at: now + Duration::days(10),
        ends_at: now + Duration::days(10) + Duration::hours(3),
        place: "Hôtel de Ville, salle des fêtes".into(),
        livestream_url: None,
    }
}

fn item(title: &str, proposal_id: Option<i64>) -> NewItem {
    NewItem {
        title: title.into(),
        minutes: 30,
        purpose: AgendaPurpose::Debate,
        proposal_id,
    }
}

async fn facilitator(db: &TestDb) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[0].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

fn titles(view: &domain::sitting::SittingView) -> Vec<&str> {
    view.agenda.iter().map(|i| i.title.as_str()).collect()
}

#[tokio::test]
async fn a_sitting_is_prepared_convened_opened_closed_and_approved_in_the_ledger() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = facilitator(&db).await;
        let id = sittings::create(&db.conn, by, &details(now), now)
            .await
            .unwrap();

        // In preparation: the facilitators' alone.
        assert!(
            sittings::get(&db.conn, id, Audience::Public)
                .await
                .unwrap()
                .is_none()
        );
        let prepared = sittings::get(&db.conn, id, Audience::Facilitators)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(prepared.summary.state, SittingState::Planned);

        for t in ["Budget", "Cours d'école", "Questions diverses"] {
            sittings::add_item(&db.conn, id, item(t, None), now)
                .await
                .unwrap();
        }
        let third = sittings::get(&db.conn, id, Audience::Facilitators)
            .await
            .unwrap()
            .unwrap()
            .agenda[2]
            .id;
        sittings::change_item(&db.conn, id, third, ItemChange::Up, now)
            .await
            .unwrap();
        let first = sittings::get(&db.conn, id, Audience::Facilitators)
            .await
            .unwrap()
            .unwrap()
            .agenda[0]
            .id;
        sittings::change_item(&db.conn, id, first, ItemChange::Remove, now)
            .await
            .unwrap();
        let view = sittings::get(&db.conn, id, Audience::Facilitators)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(titles(&view), ["Questions diverses", "Cours d'école"]);
        assert_eq!(
            view.agenda.iter().map(|i| i.position).collect::<Vec<_>>(),
            [1, 2]
        );

        // A step out of order is refused and changes nothing.
        let skipped = sittings::step(&db.conn, id, SittingStep::Open, now).await;
        assert!(
            matches!(skipped, Err(Error::SittingStepRefused)),
            "{skipped:?}"
        );

        let before = db::ledger::all(&db.conn).await.unwrap().len();
        for step in [SittingStep::Convene, SittingStep::Open] {
            sittings::step(&db.conn, id, step, now).await.unwrap();
        }
        let public = sittings::get(&db.conn, id, Audience::Public)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(public.summary.state, SittingState::Open);

        // Open: the agenda and the details are the record now.
        let late = sittings::add_item(&db.conn, id, item("Ajout tardif", None), now).await;
        assert!(
            matches!(late, Err(Error::SittingClosedToChanges)),
            "{late:?}"
        );
        let moved = sittings::update(&db.conn, id, &details(now + Duration::days(1)), now).await;
        assert!(
            matches!(moved, Err(Error::SittingClosedToChanges)),
            "{moved:?}"
        );
        let removed =
            sittings::change_item(&db.conn, id, view.agenda[0].id, ItemChange::Remove, now).await;
        assert!(
            matches!(removed, Err(Error::SittingClosedToChanges)),
            "{removed:?}"
        );
        let unchanged = sittings::get(&db.conn, id, Audience::Public)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(titles(&unchanged), ["Questions diverses", "Cours d'école"]);

        for step in [SittingStep::Close, SittingStep::ApproveMinutes] {
            sittings::step(&db.conn, id, step, now).await.unwrap();
        }
        let again = sittings::step(&db.conn, id, SittingStep::Close, now).await;
        assert!(matches!(again, Err(Error::SittingStepRefused)), "{again:?}");

        let entries = db::ledger::all(&db.conn).await.unwrap();
        let ours: Vec<_> = entries[before..]
            .iter()
            .filter(|e| e.subject == format!("sitting/{id}"))
            .collect();
        assert_eq!(ours.len(), 4, "one entry per step");
        assert!(ours.iter().all(|e| e.kind == "sitting.step"));
        assert!(ours[0].payload.contains("\"step\":\"convene\""));
        assert!(ours[0].payload.contains("[\"Questions diverses\",\"Cour"));
        assert_documented(&entries);
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);
        db.remove().await;
    }
}

#[tokio::test]
async fn two_facilitators_taking_the_same_step_at_once_take_it_once() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let id = sittings::create(&db.conn, facilitator(&db).await, &details(now), now)
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            sittings::step(&db.conn, id, SittingStep::Convene, now),
            sittings::step(&db.conn, id, SittingStep::Convene, now)
        );
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{a:?} {b:?}"
        );
        let steps = db::ledger::all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.subject == format!("sitting/{id}"))
            .count();
        assert_eq!(steps, 1);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_proposal_knows_the_convened_sitting_that_takes_it_up() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let now = Utc::now();
    // The demo's next sitting takes up proposals the assembly works on.
    let calendar = sittings::all(&db.conn, Audience::Public).await.unwrap();
    let next = calendar
        .iter()
        .find(|(v, _, _)| v.summary.state == SittingState::Convened)
        .expect("the demo has a convened sitting to come");
    assert!(next.1 > now, "it is to come");
    let (proposal_id, _) = next
        .0
        .agenda
        .iter()
        .find_map(|i| i.proposal.clone())
        .unwrap();
    let detail = db::proposal_detail(&db.conn, proposal_id)
        .await
        .unwrap()
        .unwrap();
    let on = detail.on_agenda.expect("on the agenda");
    assert_eq!(on.sitting_id, next.0.summary.id);
    // The demo's past sittings are closed, their minutes approved but the last's.
    let past: Vec<SittingState> = calendar
        .iter()
        .filter(|(_, start, _)| *start < now)
        .map(|(v, _, _)| v.summary.state)
        .collect();
    assert!(past.len() >= 4);
    assert_eq!(past.last(), Some(&SittingState::Closed));
    assert!(
        past[..past.len() - 1]
            .iter()
            .all(|s| *s == SittingState::MinutesApproved)
    );

    // A draft is not something a sitting takes up.
    let draft = sittings::create(&db.conn, facilitator(&db).await, &details(now), now)
        .await
        .unwrap();
    let unknown = sittings::add_item(&db.conn, draft, item("Nulle part", Some(999_999)), now).await;
    assert!(matches!(unknown, Err(Error::NotFound)), "{unknown:?}");
    db.remove().await;
}

/// A member of the demo assembly, by their demo account.
async fn member(db: &TestDb, index: usize) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[index].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

#[tokio::test]
async fn members_answer_the_convocation_then_check_in_with_the_room_s_code_once() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = facilitator(&db).await;
        let (m1, m2, resident) = (
            member(&db, 2).await,
            member(&db, 4).await,
            member(&db, 3).await,
        );
        let id = sittings::create(&db.conn, by, &details(now), now)
            .await
            .unwrap();

        // In preparation: nobody answers what does not exist for them.
        let early = sittings::reply(&db.conn, id, m1, ConvocationAnswer::Present, now).await;
        assert!(matches!(early, Err(Error::NotFound)), "{early:?}");

        sittings::step(&db.conn, id, SittingStep::Convene, now)
            .await
            .unwrap();
        sittings::reply(&db.conn, id, m1, ConvocationAnswer::Absent, now)
            .await
            .unwrap();
        // An answer can change while the sitting is convened.
        sittings::reply(&db.conn, id, m1, ConvocationAnswer::Present, now)
            .await
            .unwrap();
        sittings::reply(&db.conn, id, m2, ConvocationAnswer::Excused, now)
            .await
            .unwrap();
        let not_member =
            sittings::reply(&db.conn, id, resident, ConvocationAnswer::Present, now).await;
        assert!(
            matches!(not_member, Err(Error::NotSeated)),
            "{not_member:?}"
        );
        let counts = sittings::attendance(&db.conn, id).await.unwrap();
        assert_eq!((counts.coming, counts.excused, counts.absent), (1, 1, 0));
        assert!(counts.seated >= 2);
        assert_eq!(counts.unanswered(), counts.seated - 2);

        // Not open yet: no code, no check-in.
        assert_eq!(
            sittings::current_code(&db.conn, id, now).await.unwrap(),
            None
        );
        let before = sittings::check_in(&db.conn, id, m1, "000000", now).await;
        assert!(matches!(before, Err(Error::SittingNotOpen)), "{before:?}");

        sittings::step(&db.conn, id, SittingStep::Open, now)
            .await
            .unwrap();
        let late = sittings::reply(&db.conn, id, m2, ConvocationAnswer::Present, now).await;
        assert!(matches!(late, Err(Error::SittingNotConvened)), "{late:?}");
        let (code, changes_at) = sittings::current_code(&db.conn, id, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(code.len(), 6);
        assert!(changes_at > now);

        // A wrong code, a resident, a code from ten minutes ago: refused.
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        let refused = sittings::check_in(&db.conn, id, m1, &wrong, now).await;
        assert!(matches!(refused, Err(Error::WrongRoomCode)), "{refused:?}");
        let outsider = sittings::check_in(&db.conn, id, resident, &code, now).await;
        assert!(matches!(outsider, Err(Error::NotSeated)), "{outsider:?}");
        let stale = sittings::check_in(&db.conn, id, m1, &code, now + Duration::minutes(10)).await;
        assert!(matches!(stale, Err(Error::WrongRoomCode)), "{stale:?}");
        // The code just before the change still works a little after it.
        sittings::check_in(&db.conn, id, m1, &code, changes_at + Duration::seconds(30))
            .await
            .unwrap();
        let twice = sittings::check_in(&db.conn, id, m1, &code, now).await;
        assert!(matches!(twice, Err(Error::AlreadyPresent)), "{twice:?}");

        // The roll call: a facilitator marks the other member, then takes it back and again.
        sittings::mark(&db.conn, id, m2, true, by, now)
            .await
            .unwrap();
        sittings::mark(&db.conn, id, m2, false, by, now)
            .await
            .unwrap();
        sittings::mark(&db.conn, id, m2, true, by, now)
            .await
            .unwrap();
        let resident_marked = sittings::mark(&db.conn, id, resident, true, by, now).await;
        assert!(
            matches!(resident_marked, Err(Error::NotSeated)),
            "{resident_marked:?}"
        );
        let counts = sittings::attendance(&db.conn, id).await.unwrap();
        assert_eq!(counts.present, 2);
        let roll = sittings::roll_call(&db.conn, id).await.unwrap();
        assert_eq!(roll.len(), counts.seated as usize);
        let line = |user| roll.iter().find(|l| l.user_id == user).unwrap();
        assert_eq!(line(m1).present, Some(CheckInWay::Code));
        assert_eq!(line(m2).present, Some(CheckInWay::RollCall));
        assert_eq!(line(m2).answer, Some(ConvocationAnswer::Excused));
        let mine = sittings::my_attendance(&db.conn, id, m1).await.unwrap();
        assert!(mine.seated && mine.present == Some(CheckInWay::Code));
        assert!(
            !sittings::my_attendance(&db.conn, id, resident)
                .await
                .unwrap()
                .seated
        );

        // Closed: presence is the record now.
        sittings::step(&db.conn, id, SittingStep::Close, now)
            .await
            .unwrap();
        let after = sittings::mark(&db.conn, id, m2, false, by, now).await;
        assert!(matches!(after, Err(Error::SittingNotOpen)), "{after:?}");
        assert_eq!(
            sittings::current_code(&db.conn, id, now).await.unwrap(),
            None
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn the_demo_s_past_sittings_had_a_quorum_and_their_answers() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let now = Utc::now();
    let past: Vec<i64> = sittings::all(&db.conn, Audience::Public)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, start, _)| *start < now)
        .map(|(v, _, _)| v.summary.id)
        .collect();
    assert!(!past.is_empty());
    for id in past {
        let a = sittings::attendance(&db.conn, id).await.unwrap();
        assert!(a.seated >= 90, "{a:?}");
        assert!(a.quorate(), "{a:?}");
        assert!(a.present < a.seated && a.excused > 0, "{a:?}");
    }
    db.remove().await;
}
