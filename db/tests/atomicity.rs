//! Actions that write more than once commit all their writes or none: the
//! last write of each is made to fail (a trigger refuses it, as a full disk
//! or a crash at that moment would) and nothing of the earlier ones may
//! remain.
//!
//! The multi-write actions and the write made to fail (every other
//! multi-write function of `db` already runs in one `write_txn`, and
//! `recount`, `ledger::append` and `notify` take the caller's transaction):
//!
//! | action                       | earlier writes                 | failing write            |
//! |------------------------------|--------------------------------|--------------------------|
//! | `comments::add_comment`      | the comment, a reply's notice  | the proposal's counts    |
//! | `supports::set_support`      | the support                    | the proposal's counts    |
//! | `moderation::hide_comment`   | the comment hidden, reports    | the proposal's counts    |

use chrono::Utc;
use db::comments::{self, NewComment};
use db::testing::TestDb;
use db::{ConnectionTrait, moderation, supports};
use domain::{ProposalQuery, Stance};

/// Makes every update of a proposal fail until [`heal`].
async fn break_proposal_updates(db: &TestDb) {
    let sql = if db.url.starts_with("postgres") {
        "CREATE FUNCTION inject_failure() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER inject_failure BEFORE UPDATE ON proposals \
             FOR EACH ROW EXECUTE FUNCTION inject_failure();"
    } else {
        "CREATE TRIGGER inject_failure BEFORE UPDATE ON proposals \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
    };
    db.conn.execute_unprepared(sql).await.unwrap();
}

async fn heal(db: &TestDb) {
    let sql = if db.url.starts_with("postgres") {
        "DROP TRIGGER inject_failure ON proposals; DROP FUNCTION inject_failure();"
    } else {
        "DROP TRIGGER inject_failure;"
    };
    db.conn.execute_unprepared(sql).await.unwrap();
}

async fn open_citizen_proposal(db: &TestDb) -> domain::ProposalDetail {
    let query = ProposalQuery::parse(
        None,
        Some("deliberation"),
        Some("citizen"),
        None,
        None,
        None,
    )
    .unwrap();
    let page = db::proposals_page(&db.conn, &query).await.unwrap();
    db::proposal_detail(&db.conn, page.items[0].id)
        .await
        .unwrap()
        .unwrap()
}

async fn user(db: &TestDb, n: usize) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[n].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

#[tokio::test]
async fn a_comment_whose_count_cannot_be_written_is_not_stored_either() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let p = open_citizen_proposal(&db).await;
        let before = db::comments_of(&db.conn, p.summary.id).await.unwrap();
        // A reply, so that a notification is written too.
        let parent = before.iter().find(|c| c.parent_id.is_none()).unwrap();
        let author = user(&db, 3).await;
        break_proposal_updates(&db).await;
        let refused = comments::add_comment(
            &db.conn,
            NewComment {
                proposal_id: p.summary.id,
                author_id: author,
                parent_id: Some(parent.id),
                stance: Stance::Neutral,
                body: "Une réponse qui ne doit pas rester",
                now: Utc::now(),
            },
        )
        .await;
        heal(&db).await;
        assert!(matches!(refused, Err(db::Error::Db(_))), "{refused:?}");
        let after = db::comments_of(&db.conn, p.summary.id).await.unwrap();
        assert_eq!(after.len(), before.len(), "no comment without its count");
        db.remove().await;
    }
}

#[tokio::test]
async fn a_support_whose_count_cannot_be_written_is_not_stored_either() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let p = open_citizen_proposal(&db).await;
        let resident = user(&db, 3).await;
        let had = supports::supports(&db.conn, p.summary.id, resident)
            .await
            .unwrap();
        break_proposal_updates(&db).await;
        let refused =
            supports::set_support(&db.conn, p.summary.id, resident, !had, Utc::now()).await;
        heal(&db).await;
        assert!(matches!(refused, Err(db::Error::Db(_))), "{refused:?}");
        assert_eq!(
            supports::supports(&db.conn, p.summary.id, resident)
                .await
                .unwrap(),
            had,
            "the support is as it was"
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn a_hidden_comment_whose_count_cannot_be_written_stays_visible() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let p = open_citizen_proposal(&db).await;
        let comment = db::comments_of(&db.conn, p.summary.id)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.hidden_reason.is_none())
            .unwrap();
        let facilitator = user(&db, 0).await;
        break_proposal_updates(&db).await;
        let refused = moderation::hide_comment(
            &db.conn,
            comment.id,
            facilitator,
            "Propos injurieux",
            Utc::now(),
        )
        .await;
        heal(&db).await;
        assert!(matches!(refused, Err(db::Error::Db(_))), "{refused:?}");
        let again = db::comments_of(&db.conn, p.summary.id).await.unwrap();
        let same = again.iter().find(|c| c.id == comment.id).unwrap();
        assert!(same.hidden_reason.is_none(), "the comment is still shown");
        db.remove().await;
    }
}
