//! Secret ballots, attacked: by reading the proposal's count before and
//! after one member votes, by reading a copy of the whole database, by
//! voting twice (one after the other and all at once), and through the
//! migration that moves ballots stored before secret ones were kept apart.

use chrono::Utc;
use db::testing::TestDb;
use db::votes::{self, VoteSetup};
use domain::{Choice, Majority, MyBallot, ProposalQuery};
use migrations::MigratorTrait;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

const CHOICES: [&str; 3] = ["pour", "contre", "abstention"];

async fn facilitator(db: &TestDb) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[0].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

async fn ids(db: &TestDb, sql: &str) -> Vec<i64> {
    db.conn
        .query_all_raw(Statement::from_string(db.backend(), sql.to_owned()))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0).unwrap())
        .collect()
}

/// Sitting members, by user id.
async fn members(db: &TestDb, n: usize) -> Vec<i64> {
    let members = ids(
        db,
        "SELECT user_id FROM memberships WHERE status = 'active' AND user_id IS NOT NULL ORDER BY user_id",
    )
    .await;
    assert!(members.len() >= n);
    members[..n].to_vec()
}

/// A proposal of the assembly in deliberation, put to a secret vote.
async fn secret_vote(db: &TestDb) -> (i64, i64) {
    let query = ProposalQuery::parse(
        None,
        Some("deliberation"),
        Some("assembly"),
        None,
        None,
        None,
    )
    .unwrap();
    let proposal = db::proposals_page(&db.conn, &query).await.unwrap().items[0].id;
    let setup = VoteSetup {
        majority: Majority::Simple,
        quorum_percent: 1,
        secret: true,
        closes_at: None,
        in_sitting: false,
    };
    let vote = votes::open_vote(&db.conn, proposal, setup, facilitator(db).await, Utc::now())
        .await
        .unwrap();
    (proposal, vote)
}

#[tokio::test]
async fn nobody_sees_a_secret_count_before_it_closes_so_one_ballot_tells_nothing() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (proposal, vote) = secret_vote(&db).await;
        let members = members(&db, 3).await;
        for (member, choice) in members
            .iter()
            .zip([Choice::For, Choice::Against, Choice::For])
        {
            let before = db::proposal_detail(&db.conn, proposal)
                .await
                .unwrap()
                .unwrap();
            votes::cast_ballot(&db.conn, vote, *member, choice, Utc::now())
                .await
                .unwrap();
            let after = db::proposal_detail(&db.conn, proposal)
                .await
                .unwrap()
                .unwrap();
            let (before, after) = (&before.votes[0], &after.votes[0]);
            // The attack: the difference of two counts is one ballot.
            assert_eq!(
                (before.tally, after.tally),
                (None, None),
                "{:?}",
                db.backend()
            );
            assert_eq!(after.voters, before.voters + 1);
            assert_eq!(
                votes::ballot_of(&db.conn, vote, *member).await.unwrap(),
                Some(MyBallot::Sealed)
            );
        }
        let outcome = votes::close_vote(&db.conn, vote, facilitator(&db).await, Utc::now())
            .await
            .unwrap();
        assert_eq!(outcome, domain::Outcome::Adopted);
        let closed = db::proposal_detail(&db.conn, proposal)
            .await
            .unwrap()
            .unwrap();
        let tally = closed.votes[0].tally.expect("published at the close");
        assert_eq!((tally.pour, tally.contre, tally.abstention), (2, 1, 0));
        // The open data publishes the totals and no ballot of this vote.
        let row = db::export::votes(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .find(|v| v.id == vote)
            .unwrap();
        assert_eq!(
            (row.pour, row.contre, row.abstention),
            (Some(2), Some(1), Some(0))
        );
        let ballots = db::export::ballots(&db.conn).await.unwrap();
        assert!(ballots.iter().all(|b| b.vote_id != vote));
        db.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_secret_ballot_is_final_and_one_per_member_even_all_at_once() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (proposal, vote) = secret_vote(&db).await;
        let member = members(&db, 1).await[0];
        let mut attempts = tokio::task::JoinSet::new();
        for i in 0..50 {
            let conn = db.conn.clone();
            let choice = if i % 2 == 0 {
                Choice::For
            } else {
                Choice::Against
            };
            attempts.spawn(async move {
                votes::cast_ballot(&conn, vote, member, choice, Utc::now()).await
            });
        }
        let results = attempts.join_all().await;
        let accepted = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(accepted, 1, "{:?}: {results:?}", db.backend());
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(()) | Err(db::Error::BallotSealed)))
        );
        let again = votes::cast_ballot(&db.conn, vote, member, Choice::Abstain, Utc::now()).await;
        assert!(matches!(again, Err(db::Error::BallotSealed)));
        votes::close_vote(&db.conn, vote, facilitator(&db).await, Utc::now())
            .await
            .unwrap();
        let closed = db::proposal_detail(&db.conn, proposal)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(closed.votes[0].tally.map(|t| t.cast()), Some(1));
        db.remove().await;
    }
}

/// Every table's rows as text, column by column (SQLite); binary columns
/// (the ledger's hashes) as hexadecimal, since they are not UTF-8.
async fn dump(db: &TestDb) -> Vec<(String, Vec<(String, Option<String>)>)> {
    let q = |sql: String| Statement::from_string(DbBackend::Sqlite, sql);
    let tables = db
        .conn
        .query_all_raw(q(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                .into(),
        ))
        .await
        .unwrap();
    let mut rows = Vec::new();
    for t in tables {
        let table: String = t.try_get_by_index(0).unwrap();
        let columns: Vec<String> = db
            .conn
            .query_all_raw(q(format!("SELECT name FROM pragma_table_info('{table}')")))
            .await
            .unwrap()
            .iter()
            .map(|c| c.try_get_by_index(0).unwrap())
            .collect();
        let select = columns
            .iter()
            .map(|c| {
                format!("CASE WHEN typeof(\"{c}\") = 'blob' THEN hex(\"{c}\") ELSE CAST(\"{c}\" AS TEXT) END")
            })
            .collect::<Vec<_>>()
            .join(", ");
        for row in db
            .conn
            .query_all_raw(q(format!("SELECT {select} FROM \"{table}\"")))
            .await
            .unwrap()
        {
            let values = (0..columns.len())
                .map(|i| (columns[i].clone(), row.try_get_by_index(i).unwrap()))
                .collect();
            rows.push((table.clone(), values));
        }
    }
    rows
}

#[tokio::test]
async fn a_copy_of_the_database_does_not_link_a_member_to_a_secret_choice() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let (_, vote) = secret_vote(&db).await;
    let members = members(&db, 3).await;
    for (member, choice) in members
        .iter()
        .zip([Choice::Against, Choice::Abstain, Choice::For])
    {
        votes::cast_ballot(&db.conn, vote, *member, choice, Utc::now())
            .await
            .unwrap();
    }
    let vote_text = vote.to_string();
    for (table, values) in dump(&db).await {
        let names_a_voter = values.iter().any(|(column, value)| {
            (column.ends_with("member_id") || column.ends_with("user_id"))
                && value
                    .as_deref()
                    .is_some_and(|v| members.iter().any(|m| m.to_string() == v))
        });
        let of_this_vote = values
            .iter()
            .any(|(column, value)| column == "vote_id" && value.as_deref() == Some(&vote_text));
        let carries_a_choice = values
            .iter()
            .any(|(_, value)| value.as_deref().is_some_and(|v| CHOICES.contains(&v)));
        assert!(
            !(names_a_voter && of_this_vote && carries_a_choice),
            "{table} links a voter to a choice: {values:?}"
        );
    }
    db.remove().await;
}

#[tokio::test]
async fn secret_ballots_stored_before_keep_their_count_and_lose_their_names() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (proposal, vote) = secret_vote(&db).await;
        let members = members(&db, 3).await;
        // Back to the schema before secret ballots were kept apart, with
        // ballots stored as they then were.
        // (Down through migration 13, secret ballots, and those after it.)
        let all = migrations::Migrator::migrations();
        let thirteenth = all
            .iter()
            .position(|m| m.name() == "m20261204_000013_secret_ballots")
            .unwrap();
        let undo = u32::try_from(all.len() - thirteenth).unwrap();
        migrations::Migrator::down(&db.conn, Some(undo))
            .await
            .unwrap();
        for (member, choice) in members.iter().zip(["contre", "contre", "pour"]) {
            db.conn
                .execute_raw(Statement::from_string(
                    db.backend(),
                    format!(
                        "INSERT INTO ballots (vote_id, member_id, choice, cast_at) \
                         VALUES ({vote}, {member}, '{choice}', '2026-12-01 10:00:00+00:00')"
                    ),
                ))
                .await
                .unwrap();
        }
        migrations::Migrator::up(&db.conn, None).await.unwrap();
        let moved = ids(
            &db,
            &format!("SELECT COUNT(*) FROM ballots WHERE vote_id = {vote}"),
        )
        .await;
        assert_eq!(moved, [0], "{:?}", db.backend());
        for member in &members {
            assert_eq!(
                votes::ballot_of(&db.conn, vote, *member).await.unwrap(),
                Some(MyBallot::Sealed)
            );
        }
        votes::close_vote(&db.conn, vote, facilitator(&db).await, Utc::now())
            .await
            .unwrap();
        let closed = db::proposal_detail(&db.conn, proposal)
            .await
            .unwrap()
            .unwrap();
        let tally = closed.votes[0].tally.unwrap();
        assert_eq!((tally.pour, tally.contre, tally.abstention), (1, 2, 0));
        db.remove().await;
    }
}
