//! Comments, supports and ballots on a fresh database per test.

use chrono::Utc;
use db::Error;
use db::comments::{self, NewComment};
use db::testing::TestDb;
use db::{supports, votes};
use domain::{Choice, MyBallot, ProposalQuery, Stance};

async fn first_with_status(
    db: &TestDb,
    status: &str,
    origin: Option<&str>,
) -> domain::ProposalDetail {
    let query = ProposalQuery::parse(None, Some(status), origin, None, None, None).unwrap();
    let page = db::proposals_page(&db.conn, &query).await.unwrap();
    db::proposal_detail(&db.conn, page.items[0].id)
        .await
        .unwrap()
        .unwrap()
}

/// A proposal whose open vote is by named ballot.
async fn open_named_vote(db: &TestDb) -> domain::ProposalDetail {
    let query = ProposalQuery::parse(None, Some("vote"), None, None, None, None).unwrap();
    for p in db::proposals_page(&db.conn, &query).await.unwrap().items {
        let detail = db::proposal_detail(&db.conn, p.id).await.unwrap().unwrap();
        if detail
            .votes
            .iter()
            .any(|v| v.closed_at.is_none() && !v.secret)
        {
            return detail;
        }
    }
    panic!("the demo has an open named vote")
}

async fn member_id(db: &TestDb) -> i64 {
    db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[2].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_simultaneous_identical_ballots_make_exactly_one() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let open = open_named_vote(&db).await;
        let vote = open.votes[0].id;
        let member = member_id(&db).await;
        let before = open.votes[0].voters;
        let had_ballot = votes::ballot_of(&db.conn, vote, member)
            .await
            .unwrap()
            .is_some();
        let mut attempts = tokio::task::JoinSet::new();
        for _ in 0..100 {
            let conn = db.conn.clone();
            attempts.spawn(async move {
                votes::cast_ballot(&conn, vote, member, Choice::For, Utc::now()).await
            });
        }
        let results: Vec<_> = attempts.join_all().await;
        assert!(
            results.iter().all(Result::is_ok),
            "{:?}",
            results.iter().find(|r| r.is_err())
        );
        let after = db::proposal_detail(&db.conn, open.summary.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            after.votes[0].voters,
            before + u32::from(!had_ballot),
            "{:?}",
            db.backend()
        );
        assert_eq!(
            votes::ballot_of(&db.conn, vote, member).await.unwrap(),
            Some(MyBallot::Named(Choice::For))
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn a_member_changes_a_ballot_until_the_vote_closes() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let member = member_id(&db).await;
    let open = open_named_vote(&db).await;
    votes::cast_ballot(
        &db.conn,
        open.votes[0].id,
        member,
        Choice::Against,
        Utc::now(),
    )
    .await
    .unwrap();
    votes::cast_ballot(
        &db.conn,
        open.votes[0].id,
        member,
        Choice::Abstain,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        votes::ballot_of(&db.conn, open.votes[0].id, member)
            .await
            .unwrap(),
        Some(MyBallot::Named(Choice::Abstain))
    );
    let closed = first_with_status(&db, "adopted", None).await;
    let refused = votes::cast_ballot(
        &db.conn,
        closed.votes[0].id,
        member,
        Choice::For,
        Utc::now(),
    )
    .await;
    assert!(matches!(refused, Err(Error::WrongStage)));
    assert!(matches!(
        votes::cast_ballot(&db.conn, 999_999, member, Choice::For, Utc::now()).await,
        Err(Error::NotFound)
    ));
    db.remove().await;
}

#[tokio::test]
async fn supporting_twice_is_one_support_and_only_citizen_proposals_take_supports() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let user = member_id(&db).await;
        let citizen = first_with_status(&db, "deliberation", Some("citizen")).await;
        let id = citizen.summary.id;
        let before = citizen.summary.supports;
        let was = supports::supports(&db.conn, id, user).await.unwrap();
        for _ in 0..2 {
            supports::set_support(&db.conn, id, user, true, Utc::now())
                .await
                .unwrap();
        }
        let after = db::proposal_detail(&db.conn, id)
            .await
            .unwrap()
            .unwrap()
            .summary
            .supports;
        assert_eq!(after, before + i64::from(!was));
        supports::set_support(&db.conn, id, user, false, Utc::now())
            .await
            .unwrap();
        assert!(!supports::supports(&db.conn, id, user).await.unwrap());

        let assembly = first_with_status(&db, "deliberation", Some("assembly")).await;
        assert!(matches!(
            supports::set_support(&db.conn, assembly.summary.id, user, true, Utc::now()).await,
            Err(Error::WrongStage)
        ));
        db.remove().await;
    }
}

#[tokio::test]
async fn replies_nest_three_levels_deep_and_stay_on_their_proposal() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let author = member_id(&db).await;
    let p = first_with_status(&db, "deliberation", None).await;
    let other = first_with_status(&db, "vote", None).await;
    let comment = |parent, proposal_id| NewComment {
        proposal_id,
        author_id: author,
        parent_id: parent,
        stance: Stance::For,
        body: "D'accord.",
        now: Utc::now(),
    };
    let top = comments::add_comment(&db.conn, comment(None, p.summary.id))
        .await
        .unwrap();
    let second = comments::add_comment(&db.conn, comment(Some(top), p.summary.id))
        .await
        .unwrap();
    let third = comments::add_comment(&db.conn, comment(Some(second), p.summary.id))
        .await
        .unwrap();
    assert!(matches!(
        comments::add_comment(&db.conn, comment(Some(third), p.summary.id)).await,
        Err(Error::TooDeep)
    ));
    assert!(matches!(
        comments::add_comment(&db.conn, comment(Some(top), other.summary.id)).await,
        Err(Error::NotFound)
    ));
    let draft = first_with_status(&db, "draft", None).await;
    assert!(matches!(
        comments::add_comment(&db.conn, comment(None, draft.summary.id)).await,
        Err(Error::WrongStage)
    ));
    let detail = db::proposal_detail(&db.conn, p.summary.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        detail
            .comments
            .iter()
            .filter(|c| [top, second, third].contains(&c.id))
            .count(),
        3
    );
    db.remove().await;
}

#[tokio::test]
async fn closing_a_vote_decides_the_proposal_once_and_records_who_did_it() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let facilitator = db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[0].0)
            .await
            .unwrap()
            .unwrap()
            .0;
        let open = open_named_vote(&db).await;
        let expected = open.votes[0]
            .tally
            .expect("a named vote's count is public")
            .outcome(open.votes[0].rule, open.votes[0].eligible);
        let outcome = votes::close_vote(&db.conn, open.votes[0].id, facilitator, Utc::now())
            .await
            .unwrap();
        assert_eq!(outcome, expected);
        let after = db::proposal_detail(&db.conn, open.summary.id)
            .await
            .unwrap()
            .unwrap();
        let last = after.history.last().unwrap();
        let status = if outcome == domain::Outcome::Adopted {
            domain::ProposalStatus::Adopted
        } else {
            domain::ProposalStatus::Rejected
        };
        assert_eq!((after.summary.status, last.status), (status, status));
        assert_eq!(last.by, "Camille Laurent (facilitatrice)");
        assert!(after.votes[0].closed_at.is_some());
        assert!(matches!(
            votes::close_vote(&db.conn, open.votes[0].id, facilitator, Utc::now()).await,
            Err(Error::WrongStage)
        ));
        let member = member_id(&db).await;
        assert!(matches!(
            votes::cast_ballot(&db.conn, open.votes[0].id, member, Choice::For, Utc::now()).await,
            Err(Error::WrongStage)
        ));
        db.remove().await;
    }
}

#[tokio::test]
async fn the_counts_on_each_proposal_follow_supports_and_comments() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let open = first_with_status(&db, "deliberation", Some("citizen")).await;
        let id = open.summary.id;
        let visible = open
            .comments
            .iter()
            .filter(|c| c.hidden_reason.is_none())
            .count() as i64;
        assert_eq!(
            open.summary.comments, visible,
            "the demo's counts are right"
        );
        let user = member_id(&db).await;
        comments::add_comment(
            &db.conn,
            NewComment {
                proposal_id: id,
                author_id: user,
                parent_id: None,
                stance: Stance::For,
                body: "Un avis de plus",
                now: Utc::now(),
            },
        )
        .await
        .unwrap();
        let supported = supports::supports(&db.conn, id, user).await.unwrap();
        supports::set_support(&db.conn, id, user, !supported, Utc::now())
            .await
            .unwrap();
        let after = db::proposal_detail(&db.conn, id).await.unwrap().unwrap();
        assert_eq!(after.summary.comments, visible + 1);
        let delta = if supported { -1 } else { 1 };
        assert_eq!(after.summary.supports, open.summary.supports + delta);
        // The list sorted by supports reads the same counts.
        let query = ProposalQuery::parse(None, None, None, None, Some("supports"), None).unwrap();
        let page = db::proposals_page(&db.conn, &query).await.unwrap();
        assert!(
            page.items
                .windows(2)
                .all(|w| w[0].supports >= w[1].supports)
        );
        db.remove().await;
    }
}
