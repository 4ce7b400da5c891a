//! Rate limits shared by every instance (issue 16, finding 7), and what one
//! person may write: the attacks are a resident trying passwords through
//! two servers, and a resident flooding the ledger or a debate.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use db::testing::TestDb;
use db::{Error, limits};
use domain::{Lang, Origin, Stance};
use sea_orm::{ConnectionTrait, Statement};

#[tokio::test]
async fn attempts_are_shared_by_every_instance_and_slide_out_of_the_window() {
    for db in TestDb::all().await {
        // A second server process: its own pool on the same database.
        let other = db::connect(&db.url, &db::PoolSettings::default())
            .await
            .unwrap();
        let window = Duration::minutes(15);
        let t0 = now();
        for (n, conn) in [&db.conn, &other, &db.conn].into_iter().enumerate() {
            let at = t0 + Duration::minutes(n as i64);
            assert!(
                limits::take(conn, "k", 3, window, at)
                    .await
                    .unwrap()
                    .is_ok()
            );
        }
        for conn in [&db.conn, &other] {
            let wait = limits::take(conn, "k", 3, window, t0 + Duration::minutes(5))
                .await
                .unwrap()
                .unwrap_err();
            assert_eq!(wait, Duration::minutes(10), "{:?}", db.backend());
        }
        // Another key is not touched; the first attempt slides out.
        assert!(
            limits::take(&other, "k2", 3, window, t0)
                .await
                .unwrap()
                .is_ok()
        );
        let later = t0 + window + Duration::seconds(1);
        assert!(
            limits::take(&db.conn, "k", 3, window, later)
                .await
                .unwrap()
                .is_ok()
        );
        assert!(
            limits::take(&other, "k", 3, window, later)
                .await
                .unwrap()
                .is_err()
        );
        // A success is taken back; a reset forgets everything.
        limits::take_back(&other, "k").await.unwrap();
        assert!(
            limits::take(&db.conn, "k", 3, window, later)
                .await
                .unwrap()
                .is_ok()
        );
        limits::reset(&db.conn, "k").await.unwrap();
        for _ in 0..3 {
            assert!(
                limits::take(&other, "k", 3, window, later)
                    .await
                    .unwrap()
                    .is_ok()
            );
        }
        // Attempts older than the longest window are deleted as others come.
        let next_week = later + Duration::days(7);
        limits::take(&db.conn, "k3", 3, window, next_week)
            .await
            .unwrap()
            .unwrap();
        let rows = db
            .conn
            .query_one_raw(Statement::from_string(
                db.backend(),
                "SELECT COUNT(*) FROM rate_attempts",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert_eq!(rows, 1);
        other.close().await.unwrap();
        db.remove().await;
    }
}

/// The present in whole seconds (PostgreSQL keeps microseconds only).
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

async fn resident(db: &TestDb) -> i64 {
    db::accounts::create_account(
        &db.conn,
        db::accounts::NewAccount {
            email: "flood@example.org",
            display_name: "Flood",
            password_hash: "unused",
            lang: Lang::Fr,
            now: Utc::now(),
        },
    )
    .await
    .unwrap()
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    db.conn
        .query_one_raw(Statement::from_string(db.backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

#[tokio::test]
async fn a_resident_cannot_flood_the_ledger_with_proposals_nor_a_debate_with_comments() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let author = resident(&db).await;
        let t0 = now();
        let propose = |at| db::stage::NewProposal {
            author_id: author,
            origin: Origin::Citizen,
            theme: "environnement",
            title: "Encore une proposition",
            summary: "Un résumé assez long pour passer.",
            body: "Le texte de la proposition.",
            now: at,
        };
        for n in 0..limits::PROPOSALS.max {
            db::stage::create_proposal(&db.conn, propose(t0 + Duration::minutes(n as i64)))
                .await
                .unwrap();
        }
        let (proposals, entries) = (
            count(&db, "SELECT COUNT(*) FROM proposals").await,
            db::ledger::all(&db.conn).await.unwrap().len(),
        );
        let refused = db::stage::create_proposal(&db.conn, propose(t0 + Duration::hours(2))).await;
        let Err(Error::TooMany { wait }) = refused else {
            panic!("a sixth proposal in a day is refused: {refused:?}");
        };
        assert_eq!(wait, Duration::hours(22));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM proposals").await,
            proposals
        );
        assert_eq!(db::ledger::all(&db.conn).await.unwrap().len(), entries);
        db::stage::create_proposal(&db.conn, propose(t0 + Duration::days(1)))
            .await
            .unwrap();

        let debate = count(
            &db,
            "SELECT MIN(id) FROM proposals WHERE status = 'deliberation'",
        )
        .await;
        let comment = |at| db::comments::NewComment {
            proposal_id: debate,
            author_id: author,
            parent_id: None,
            stance: Stance::Neutral,
            body: "Encore un commentaire.",
            now: at,
        };
        for n in 0..limits::COMMENTS.max {
            db::comments::add_comment(&db.conn, comment(t0 + Duration::seconds(n as i64)))
                .await
                .unwrap();
        }
        assert!(matches!(
            db::comments::add_comment(&db.conn, comment(t0 + Duration::minutes(1))).await,
            Err(Error::TooMany { .. })
        ));
        db::comments::add_comment(&db.conn, comment(t0 + Duration::minutes(11)))
            .await
            .unwrap();
        db.remove().await;
    }
}
