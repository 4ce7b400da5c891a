//! Sittings (issue 18) on SQLite and PostgreSQL: a sitting moves forward
//! one step at a time, each step in the ledger; its details and agenda
//! change until it opens and never after; the public sees it once convened;
//! the proposal page knows the sitting that takes it up; its members are
//! convened, told when it moves and reminded the day before, once.

use chrono::{DateTime, Duration, Utc};
use db::Error;
use db::jobs::{self, Claim};
use db::sittings::{self, Audience, ItemChange, NewItem};
use db::testing::{TestDb, assert_documented};
use domain::schedule::JobKind;
use domain::sitting::{
    AgendaPurpose, CheckInWay, ConvocationAnswer, SittingDetails, SittingState, SittingStep,
};
use domain::{Delivery, DraftRole, NotificationAbout, NotificationKind};

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

        // Minutes are written once the sitting has closed.
        let early = sittings::start_minutes(&db.conn, id, by, "Compte rendu", now).await;
        assert!(matches!(early, Err(Error::MinutesNotNow)), "{early:?}");
        sittings::step(&db.conn, id, SittingStep::Close, now)
            .await
            .unwrap();
        let again = sittings::step(&db.conn, id, SittingStep::Close, now).await;
        assert!(matches!(again, Err(Error::SittingStepRefused)), "{again:?}");
        minutes_are_written_then_approved_in_the_next_sitting(&db, id, by, now).await;

        let entries = db::ledger::all(&db.conn).await.unwrap();
        let ours: Vec<_> = entries[before..]
            .iter()
            .filter(|e| e.subject == format!("sitting/{id}"))
            .collect();
        assert_eq!(ours.len(), 4, "one entry per step");
        assert!(ours.iter().all(|e| e.kind == "sitting.step"));
        assert!(ours[0].payload.contains("\"step\":\"convene\""));
        let approved = sittings::minutes(&db.conn, id)
            .await
            .unwrap()
            .approved
            .unwrap();
        assert!(
            ours[3]
                .payload
                .contains(&format!("\"minutes\":{{\"sha256\":\"{}\"", approved.sha256)),
            "{}",
            ours[3].payload
        );
        assert!(ours[0].payload.contains("[\"Questions diverses\",\"Cour"));
        assert_documented(&entries);
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);
        db.remove().await;
    }
}

/// The minutes of closed sitting `id`: refused until written and until a
/// later sitting is open; then frozen, hashed, published, the draft closed
/// to edits.
async fn minutes_are_written_then_approved_in_the_next_sitting(
    db: &TestDb,
    id: i64,
    by: i64,
    now: DateTime<Utc>,
) {
    use sha2::{Digest, Sha256};
    let text = "# Compte rendu\n\nLa séance est ouverte à 18 h.";
    // The generic step does not approve minutes: they need their text.
    let step = sittings::step(&db.conn, id, SittingStep::ApproveMinutes, now).await;
    assert!(matches!(step, Err(Error::SittingStepRefused)), "{step:?}");
    let unwritten = sittings::approve_minutes(&db.conn, id, text, now).await;
    assert!(
        matches!(unwritten, Err(Error::MinutesNotWritten)),
        "{unwritten:?}"
    );
    let draft = sittings::start_minutes(&db.conn, id, by, "Compte rendu", now)
        .await
        .unwrap();
    // Asked again, by anyone: the same draft.
    let second = facilitator(db).await;
    assert_eq!(
        sittings::start_minutes(&db.conn, id, second, "Autre titre", now)
            .await
            .unwrap(),
        draft
    );
    let as_actor = |user_id: i64, member: bool, facilitator: bool| domain::Actor {
        user_id: Some(user_id),
        member,
        facilitator,
        ..domain::Actor::default()
    };
    let (m1, resident) = (member(db, 2).await, member(db, 3).await);
    assert_eq!(
        db::drafts::role(&db.conn, draft, &as_actor(by, false, true))
            .await
            .unwrap(),
        Some(DraftRole::Owner)
    );
    assert_eq!(
        db::drafts::role(&db.conn, draft, &as_actor(m1, true, false))
            .await
            .unwrap(),
        Some(DraftRole::Member)
    );
    assert_eq!(
        db::drafts::role(&db.conn, draft, &as_actor(resident, false, false))
            .await
            .unwrap(),
        None
    );
    // Minutes are not proposals' drafts: not listed, never published.
    assert!(
        db::drafts::list(&db.conn)
            .await
            .unwrap()
            .iter()
            .all(|d| d.id != draft)
    );
    let published = db::drafts::publish(&db.conn, draft, "Résumé", text, now).await;
    assert!(matches!(published, Err(Error::WrongStage)), "{published:?}");

    let empty = sittings::approve_minutes(&db.conn, id, "  \n", now).await;
    assert!(matches!(empty, Err(Error::MinutesNotWritten)), "{empty:?}");
    // Approved in session only: no later sitting is open yet.
    let alone = sittings::approve_minutes(&db.conn, id, text, now).await;
    assert!(matches!(alone, Err(Error::NoSittingUnderWay)), "{alone:?}");
    assert_eq!(
        sittings::minutes(&db.conn, id).await.unwrap().approved,
        None
    );
    assert_eq!(
        db::drafts::published(&db.conn, draft).await.unwrap(),
        Some(false)
    );

    let mut later = details(now);
    later.starts_at += Duration::days(20);
    later.ends_at += Duration::days(20);
    let next = sittings::create(&db.conn, by, &later, now).await.unwrap();
    for step in [SittingStep::Convene, SittingStep::Open] {
        sittings::step(&db.conn, next, step, now).await.unwrap();
    }
    let approved = sittings::approve_minutes(&db.conn, id, text, now)
        .await
        .unwrap();
    assert_eq!(approved.approved_in, next);
    assert_eq!(approved.draft_id, draft);
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    assert_eq!(approved.sha256, sha256);
    let shown = sittings::minutes(&db.conn, id).await.unwrap();
    let frozen = shown.approved.unwrap();
    assert_eq!(
        (frozen.text.as_str(), frozen.sha256.as_str()),
        (text, sha256.as_str())
    );
    assert_eq!(frozen.approved_in, next);
    assert!(
        frozen.html.contains("<h1>Compte rendu</h1>"),
        "{}",
        frozen.html
    );
    assert_eq!(shown.draft_id, Some(draft));
    assert_eq!(
        sittings::get(&db.conn, id, Audience::Public)
            .await
            .unwrap()
            .unwrap()
            .summary
            .state,
        SittingState::MinutesApproved
    );
    // Frozen: the draft takes no more edits; nothing is approved twice.
    assert_eq!(
        db::drafts::published(&db.conn, draft).await.unwrap(),
        Some(true)
    );
    let twice = sittings::approve_minutes(&db.conn, id, "Autre texte", now).await;
    assert!(matches!(twice, Err(Error::SittingStepRefused)), "{twice:?}");
    let restart = sittings::start_minutes(&db.conn, id, by, "Compte rendu", now).await;
    assert!(matches!(restart, Err(Error::MinutesNotNow)), "{restart:?}");
    // The open data publishes them, hash and all.
    let (rows, _, _) = db::export::sittings(&db.conn).await.unwrap();
    let row = rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.minutes.as_deref(), Some(text));
    assert_eq!(row.minutes_sha256.as_deref(), Some(sha256.as_str()));
    assert_eq!(row.minutes_approved_in, Some(next));
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

/// How many notifications of `kind` about sitting `id` a person has.
async fn told(db: &TestDb, user: i64, kind: NotificationKind, id: i64) -> usize {
    db::notifications::list(&db.conn, user)
        .await
        .unwrap()
        .iter()
        .filter(|n| n.kind == kind && n.about.key() == (true, id))
        .count()
}

async fn reminder_at(db: &TestDb, id: i64) -> Vec<DateTime<Utc>> {
    jobs::of_subject(&db.conn, JobKind::RemindSitting, id)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.done_at.is_none())
        .map(|j| j.run_at)
        .collect()
}

#[tokio::test]
async fn members_are_convened_told_of_a_move_and_reminded_the_day_before_once() {
    use NotificationKind::{SittingConvened, SittingMoved, SittingReminder};
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        // Whole seconds: what the database keeps of a time.
        let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
        let by = facilitator(&db).await;
        let (m1, m2, resident) = (
            member(&db, 2).await,
            member(&db, 4).await,
            member(&db, 3).await,
        );
        let first = details(now);
        let id = sittings::create(&db.conn, by, &first, now).await.unwrap();
        // In preparation, its day may change freely: nobody was convened.
        let mut moved = first.clone();
        moved.starts_at += Duration::hours(1);
        sittings::update(&db.conn, id, &moved, now).await.unwrap();
        assert_eq!(told(&db, m1, SittingMoved, id).await, 0);
        assert!(reminder_at(&db, id).await.is_empty());

        sittings::step(&db.conn, id, SittingStep::Convene, now)
            .await
            .unwrap();
        assert_eq!(told(&db, m1, SittingConvened, id).await, 1);
        assert_eq!(told(&db, m2, SittingConvened, id).await, 1);
        assert_eq!(told(&db, resident, SittingConvened, id).await, 0);
        // Mailed at once by default, with what the e-mail shows.
        let waiting = db::notifications::pending(&db.conn, Delivery::Email, now, 1000)
            .await
            .unwrap();
        let convocation = waiting
            .iter()
            .find(|p| p.user_id == m1 && p.kind == SittingConvened)
            .expect("the convocation waits for its e-mail");
        assert_eq!(
            convocation.about,
            NotificationAbout::Sitting {
                id,
                starts_local: domain::paris::local(moved.starts_at),
                ends_local: domain::paris::local(moved.ends_at),
                place: moved.place.clone(),
            }
        );
        assert_eq!(
            reminder_at(&db, id).await,
            [moved.starts_at - Duration::hours(24)]
        );

        // A day later, convened: the members are told, the reminder follows.
        let mut later = moved.clone();
        later.starts_at += Duration::days(1);
        later.ends_at += Duration::days(1);
        sittings::update(&db.conn, id, &later, now).await.unwrap();
        assert_eq!(told(&db, m1, SittingMoved, id).await, 1);
        assert_eq!(
            reminder_at(&db, id).await,
            [later.starts_at - Duration::hours(24)]
        );
        // Moved again before the first news left: still one piece of news,
        // which shows the sitting as it is when it is read or mailed.
        later.starts_at += Duration::hours(1);
        sittings::update(&db.conn, id, &later, now).await.unwrap();
        assert_eq!(told(&db, m1, SittingMoved, id).await, 1);
        let news = db::notifications::list(&db.conn, m1).await.unwrap();
        let shown = news
            .iter()
            .find(|n| n.kind == SittingMoved)
            .map(|n| n.about.clone());
        assert!(
            matches!(shown, Some(NotificationAbout::Sitting { starts_local, .. }) if starts_local == domain::paris::local(later.starts_at)),
            "{shown:?}"
        );
        // Read in the app, it still waits for its e-mail (the default):
        // still one piece of news.
        db::notifications::mark_all_read(&db.conn, m1, now)
            .await
            .unwrap();
        assert!(
            db::notifications::still_waiting(
                &db.conn,
                SittingMoved,
                db::notifications::About::Sitting(id)
            )
            .await
            .unwrap()
            .contains(&m1),
            "its e-mail still waits"
        );
        // The same details again (a livestream link added): no news.
        later.livestream_url = Some("https://example.org/live".into());
        sittings::update(&db.conn, id, &later, now).await.unwrap();
        assert_eq!(told(&db, m1, SittingMoved, id).await, 1);

        sittings::reply(&db.conn, id, m2, ConvocationAnswer::Excused, now)
            .await
            .unwrap();
        // Not due at the old reminder's time; due once, with two instances
        // claiming at the new one.
        let ours = |claims: Vec<Claim>| -> Vec<Claim> {
            claims
                .into_iter()
                .filter(|c| c.kind == JobKind::RemindSitting && c.subject == id)
                .collect()
        };
        let early = later.starts_at - Duration::hours(47);
        assert!(ours(jobs::claim_due(&db.conn, "a", early, 100).await.unwrap()).is_empty());
        let at = later.starts_at - Duration::hours(23);
        let mut claims = ours(jobs::claim_due(&db.conn, "a", at, 100).await.unwrap());
        claims.extend(ours(jobs::claim_due(&db.conn, "b", at, 100).await.unwrap()));
        assert_eq!(claims.len(), 1);
        let reminded = sittings::remind(&db.conn, &claims[0], at).await.unwrap();
        assert!(reminded >= 1);
        assert_eq!(told(&db, m1, SittingReminder, id).await, 1);
        // Who sent their apologies is not reminded.
        assert_eq!(told(&db, m2, SittingReminder, id).await, 0);
        assert_eq!(told(&db, resident, SittingReminder, id).await, 0);
        // Done: never claimed again, even after the lease.
        let after = at + jobs::LEASE + Duration::minutes(1);
        assert!(ours(jobs::claim_due(&db.conn, "b", after, 100).await.unwrap()).is_empty());
        assert_eq!(told(&db, m1, SittingReminder, id).await, 1);
    }
}

#[tokio::test]
async fn a_reminder_due_after_the_sitting_opened_tells_nobody() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let now = Utc::now();
        let by = facilitator(&db).await;
        let m1 = member(&db, 2).await;
        let d = details(now);
        let id = sittings::create(&db.conn, by, &d, now).await.unwrap();
        sittings::step(&db.conn, id, SittingStep::Convene, now)
            .await
            .unwrap();
        // The facilitator opens early: the reminder has nothing to say.
        sittings::step(&db.conn, id, SittingStep::Open, now)
            .await
            .unwrap();
        let at = d.starts_at - Duration::hours(23);
        let claim = jobs::claim_due(&db.conn, "a", at, 100)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.kind == JobKind::RemindSitting && c.subject == id)
            .expect("the reminder is due");
        assert_eq!(sittings::remind(&db.conn, &claim, at).await.unwrap(), 0);
        assert_eq!(
            told(&db, m1, NotificationKind::SittingReminder, id).await,
            0
        );
        assert!(reminder_at(&db, id).await.is_empty(), "done all the same");
    }
}

#[tokio::test]
async fn the_demo_s_past_sittings_had_a_quorum_their_answers_and_their_minutes() {
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
    let ledger = db::ledger::all(&db.conn).await.unwrap();
    for (n, id) in past.iter().enumerate() {
        let a = sittings::attendance(&db.conn, *id).await.unwrap();
        assert!(a.seated >= 90, "{a:?}");
        assert!(a.quorate(), "{a:?}");
        assert!(a.present < a.seated && a.excused > 0, "{a:?}");
        // Each one's minutes approved at the next, as the ledger says; the
        // last one's being written, for the sitting to come.
        let minutes = sittings::minutes(&db.conn, *id).await.unwrap();
        match past.get(n + 1) {
            Some(next) => {
                let approved = minutes.approved.expect("approved minutes");
                assert_eq!(approved.approved_in, *next);
                use sha2::Digest;
                let sha256 = hex::encode(sha2::Sha256::digest(approved.text.as_bytes()));
                assert_eq!(approved.sha256, sha256);
                assert!(
                    ledger.iter().any(
                        |e| e.subject == format!("sitting/{id}") && e.payload.contains(&sha256)
                    )
                );
            }
            None => {
                assert_eq!(minutes.approved, None);
                let draft = minutes.draft_id.expect("minutes being written");
                assert_eq!(
                    db::drafts::published(&db.conn, draft).await.unwrap(),
                    Some(false)
                );
            }
        }
    }
    assert_documented(&ledger);
    db.remove().await;
}
