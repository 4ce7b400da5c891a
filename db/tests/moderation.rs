//! Up-votes, edits, reports and moderation of comments; notifications, to
//! those concerned and those who follow; the assembly's vote on a contested
//! amendment. A fresh database each.

use chrono::Utc;
use db::Error;
use db::comments::{self, NewComment};
use db::demo::DEMO_ACCOUNTS;
use db::stage::NewProposal;
use db::testing::TestDb;
use db::votes::VoteSetup;
use db::{amendments, city, moderation, notifications, stage, supports, votes};
use domain::{
    AmendmentStatus, Choice, Majority, NotificationKind, Origin, ProposalQuery, ProposalStatus,
    Stance,
};

async fn id_of(db: &TestDb, account: usize) -> i64 {
    db::accounts::login_of(&db.conn, DEMO_ACCOUNTS[account].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

/// A demo proposal in deliberation and one of its visible comments.
async fn commented(db: &TestDb) -> (domain::ProposalDetail, domain::CommentView) {
    let query = ProposalQuery::parse(None, Some("deliberation"), None, None, None, None).unwrap();
    let page = db::proposals_page(&db.conn, &query).await.unwrap();
    for item in page.items {
        let detail = db::proposal_detail(&db.conn, item.id)
            .await
            .unwrap()
            .unwrap();
        if let Some(c) = detail.comments.iter().find(|c| c.hidden_reason.is_none()) {
            let c = c.clone();
            return (detail, c);
        }
    }
    panic!("the demo has a visible comment in deliberation");
}

async fn comment_view(db: &TestDb, proposal: i64, comment: i64) -> domain::CommentView {
    db::comments_of(&db.conn, proposal)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == comment)
        .unwrap()
}

async fn kinds(db: &TestDb, user: i64) -> Vec<NotificationKind> {
    notifications::list(&db.conn, user)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

#[tokio::test]
async fn comments_are_upvoted_once_edited_by_their_author_only_and_reported_once() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let resident = id_of(&db, 3).await;
        let (detail, _) = commented(&db).await;
        let p = detail.summary.id;
        let now = Utc::now();
        let mine = comments::add_comment(
            &db.conn,
            NewComment {
                proposal_id: p,
                author_id: resident,
                parent_id: None,
                stance: Stance::For,
                body: "Premier jet",
                now,
            },
        )
        .await
        .unwrap();
        let other = id_of(&db, 2).await;

        for _ in 0..2 {
            assert_eq!(
                comments::set_upvote(&db.conn, mine, other, true)
                    .await
                    .unwrap(),
                p
            );
        }
        assert_eq!(comment_view(&db, p, mine).await.upvotes, 1);
        assert!(matches!(
            comments::set_upvote(&db.conn, mine, resident, true).await,
            Err(Error::OwnComment)
        ));
        let (written, upvoted) = comments::my_comments(&db.conn, p, other).await.unwrap();
        assert!(upvoted.contains(&mine) && !written.contains(&mine));
        comments::set_upvote(&db.conn, mine, other, false)
            .await
            .unwrap();
        assert_eq!(comment_view(&db, p, mine).await.upvotes, 0);

        assert!(matches!(
            comments::edit_comment(&db.conn, mine, other, "Pas le mien", now).await,
            Err(Error::NotYours)
        ));
        assert_eq!(comment_view(&db, p, mine).await.edited_at, None);
        comments::edit_comment(&db.conn, mine, resident, "Version revue", now)
            .await
            .unwrap();
        let edited = comment_view(&db, p, mine).await;
        assert_eq!(edited.body, "Version revue");
        assert!(edited.edited_at.is_some());

        assert!(matches!(
            comments::report_comment(&db.conn, mine, resident, "moi", now).await,
            Err(Error::OwnComment)
        ));
        comments::report_comment(&db.conn, mine, other, "Hors sujet", now)
            .await
            .unwrap();
        assert!(matches!(
            comments::report_comment(&db.conn, mine, other, "Encore", now).await,
            Err(Error::AlreadyReported)
        ));
        let queue = moderation::queue(&db.conn).await.unwrap();
        let item = queue.iter().find(|i| i.comment_id == mine).unwrap();
        assert_eq!(item.reasons, vec!["Hors sujet".to_owned()]);
        assert_eq!(item.body, "Version revue");
        assert_eq!(item.proposal_id, p);
        db.remove().await;
    }
}

#[tokio::test]
async fn hiding_withholds_the_text_recounts_records_and_tells_the_author() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (facilitator, reporter) = (id_of(&db, 0).await, id_of(&db, 3).await);
        let (detail, _) = commented(&db).await;
        let p = detail.summary.id;
        let now = Utc::now();
        let author_id = id_of(&db, 4).await;
        let body = "Un commentaire qui sera masqué";
        let id = comments::add_comment(
            &db.conn,
            NewComment {
                proposal_id: p,
                author_id,
                parent_id: None,
                stance: Stance::Against,
                body,
                now,
            },
        )
        .await
        .unwrap();
        comments::report_comment(&db.conn, id, reporter, "Insultant", now)
            .await
            .unwrap();
        let comment = comment_view(&db, p, id).await;
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        let before = detail.summary.comments;
        let entries_before = db::ledger::all(&db.conn).await.unwrap().len();

        assert_eq!(
            moderation::hide_comment(&db.conn, comment.id, facilitator, "Propos injurieux", now)
                .await
                .unwrap(),
            p
        );
        let hidden = comment_view(&db, p, comment.id).await;
        assert_eq!(hidden.body, "");
        assert_eq!(hidden.hidden_reason.as_deref(), Some("Propos injurieux"));
        let after = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(after.summary.comments, before - 1);
        let entries = db::ledger::all(&db.conn).await.unwrap();
        assert_eq!(entries.len(), entries_before + 1);
        let last = entries.last().unwrap();
        assert_eq!(last.kind, "comment.hidden");
        assert!(last.payload.contains("Propos injurieux"));
        assert!(!last.payload.contains(body));
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);
        assert_eq!(
            kinds(&db, author_id).await,
            vec![NotificationKind::CommentHidden]
        );
        assert!(
            !moderation::queue(&db.conn)
                .await
                .unwrap()
                .iter()
                .any(|i| i.comment_id == comment.id)
        );

        // Hidden stays hidden: no second hiding, no edit, no up-vote, no report.
        assert!(matches!(
            moderation::hide_comment(&db.conn, comment.id, facilitator, "Encore", now).await,
            Err(Error::Hidden)
        ));
        assert!(matches!(
            comments::edit_comment(&db.conn, comment.id, author_id, "Je corrige", now).await,
            Err(Error::Hidden)
        ));
        assert!(matches!(
            comments::set_upvote(&db.conn, comment.id, facilitator, true).await,
            Err(Error::Hidden)
        ));
        assert!(matches!(
            moderation::dismiss_reports(&db.conn, comment.id, now).await,
            Err(Error::NotFound)
        ));
        db.remove().await;
    }
}

#[tokio::test]
async fn keeping_a_comment_closes_its_reports_and_leaves_it_visible() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let (detail, comment) = commented(&db).await;
    let now = Utc::now();
    for account in [2, 3, 4] {
        let reporter = id_of(&db, account).await;
        // The author cannot report their own; the others can.
        let _ = comments::report_comment(&db.conn, comment.id, reporter, "Douteux", now).await;
    }
    let queued = moderation::queue(&db.conn).await.unwrap();
    assert!(queued.iter().any(|i| i.comment_id == comment.id));
    moderation::dismiss_reports(&db.conn, comment.id, now)
        .await
        .unwrap();
    assert!(
        !moderation::queue(&db.conn)
            .await
            .unwrap()
            .iter()
            .any(|i| i.comment_id == comment.id)
    );
    let kept = comment_view(&db, detail.summary.id, comment.id).await;
    assert_eq!(kept.body, comment.body);
    assert_eq!(kept.hidden_reason, None);
    db.remove().await;
}

/// An assembly proposal by the first demo member, open for amendments.
async fn open_for_amendments(db: &TestDb) -> i64 {
    let (author, facilitator) = (id_of(db, 2).await, id_of(db, 0).await);
    let id = stage::create_proposal(
        &db.conn,
        NewProposal {
            author_id: author,
            origin: Origin::Assembly,
            theme: "environnement",
            title: "Des cours d'école ouvertes le samedi",
            summary: "Ouvrir les cours d'école aux familles le samedi.",
            body: "Les cours d'école ouvrent le samedi de 10 h à 18 h.",
            now: Utc::now(),
        },
    )
    .await
    .unwrap();
    stage::advance(
        &db.conn,
        id,
        ProposalStatus::Amendments,
        facilitator,
        Utc::now(),
    )
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn the_people_concerned_are_notified_once_and_not_of_their_own_acts() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (facilitator, author, amender) = (
            id_of(&db, 0).await,
            id_of(&db, 2).await,
            id_of(&db, 4).await,
        );
        let p = open_for_amendments(&db).await;
        let now = Utc::now();

        let amendment = amendments::propose_amendment(
            &db.conn,
            p,
            amender,
            "de 10 h à 18 h",
            "de 9 h à 19 h",
            "Plus large",
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            kinds(&db, author).await,
            vec![NotificationKind::AmendmentProposed]
        );
        assert!(kinds(&db, amender).await.is_empty());
        amendments::decide_amendment(&db.conn, amendment, author, true, now)
            .await
            .unwrap();
        assert_eq!(
            kinds(&db, amender).await,
            vec![NotificationKind::AmendmentAccepted]
        );

        // A reply tells the parent's author; replying to oneself tells nobody.
        let parent = comments::add_comment(
            &db.conn,
            NewComment {
                proposal_id: p,
                author_id: author,
                parent_id: None,
                stance: Stance::For,
                body: "Qu'en pensez-vous ?",
                now,
            },
        )
        .await
        .unwrap();
        for replier in [author, amender] {
            comments::add_comment(
                &db.conn,
                NewComment {
                    proposal_id: p,
                    author_id: replier,
                    parent_id: Some(parent),
                    stance: Stance::Neutral,
                    body: "Réponse",
                    now,
                },
            )
            .await
            .unwrap();
        }
        assert_eq!(
            kinds(&db, author)
                .await
                .iter()
                .filter(|k| **k == NotificationKind::CommentReply)
                .count(),
            1
        );

        // A vote opening tells every sitting member with an account, once.
        let sitting = notifications::sitting_members(&db.conn, now.date_naive())
            .await
            .unwrap();
        assert!(sitting.contains(&author) && sitting.len() > 50);
        let unread_before = notifications::unread(&db.conn, amender).await.unwrap();
        votes::open_vote(
            &db.conn,
            p,
            VoteSetup {
                majority: Majority::Simple,
                quorum_percent: 0,
                secret: false,
                closes_at: None,
                in_sitting: false,
            },
            facilitator,
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            notifications::unread(&db.conn, amender).await.unwrap(),
            unread_before + 1
        );
        let list = notifications::list(&db.conn, amender).await.unwrap();
        assert_eq!(list[0].kind, NotificationKind::VoteOpened);
        assert!(
            matches!(&list[0].about, domain::NotificationAbout::Proposal { title, .. }
                if title == "Des cours d'école ouvertes le samedi"),
            "{:?}",
            list[0].about
        );
        assert!(!list[0].read);

        assert_eq!(
            notifications::mark_all_read(&db.conn, amender, now)
                .await
                .unwrap(),
            unread_before + 1
        );
        assert_eq!(notifications::unread(&db.conn, amender).await.unwrap(), 0);
        assert!(
            notifications::list(&db.conn, amender)
                .await
                .unwrap()
                .iter()
                .all(|n| n.read)
        );
        db.remove().await;
    }
}

/// A citizen proposal supported by `member`, voted and adopted, sent to
/// the city, which answers and reports progress.
async fn adopted_and_answered(db: &TestDb, p: i64, member: i64) {
    let (facilitator, official) = (id_of(db, 0).await, id_of(db, 1).await);
    let now = Utc::now();
    stage::set_support_threshold(&db.conn, 1).await.unwrap();
    supports::set_support(&db.conn, p, member, true, now)
        .await
        .unwrap();
    let setup = VoteSetup {
        majority: Majority::Simple,
        quorum_percent: 0,
        secret: false,
        closes_at: None,
        in_sitting: false,
    };
    let vote = votes::open_vote(&db.conn, p, setup, facilitator, now)
        .await
        .unwrap();
    votes::cast_ballot(&db.conn, vote, member, Choice::For, now)
        .await
        .unwrap();
    votes::close_vote(&db.conn, vote, facilitator, now)
        .await
        .unwrap();
    city::send_to_city(&db.conn, p, "direction-de-l-urbanisme", facilitator, now)
        .await
        .unwrap();
    city::city_respond(
        &db.conn,
        p,
        official,
        domain::CityVerdict::Partly,
        "La Ville retient la moitié de la proposition.",
        now,
    )
    .await
    .unwrap();
    city::add_milestone(&db.conn, p, None, "Premiers travaux", 20, official, now)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_city_answer_reaches_the_author_and_the_supporters() {
    let db = TestDb::sqlite().await;
    db::demo::load(&db.conn).await.unwrap();
    let (official, resident, member) = (
        id_of(&db, 1).await,
        id_of(&db, 3).await,
        id_of(&db, 4).await,
    );
    let now = Utc::now();
    let p = stage::create_proposal(
        &db.conn,
        NewProposal {
            author_id: resident,
            origin: Origin::Citizen,
            theme: "urbanisme",
            title: "Des bancs sur chaque place",
            summary: "Un banc à l'ombre sur chaque place du quartier.",
            body: "Chaque place reçoit au moins un banc à l'ombre.",
            now,
        },
    )
    .await
    .unwrap();
    adopted_and_answered(&db, p, member).await;
    for user in [resident, member] {
        let got = kinds(&db, user).await;
        assert!(got.contains(&NotificationKind::CityAnswered), "{got:?}");
        assert!(got.contains(&NotificationKind::CityProgress), "{got:?}");
    }
    assert!(kinds(&db, official).await.is_empty());
    db.remove().await;
}

async fn resident_account(db: &TestDb, email: &str) -> i64 {
    db::accounts::create_account(
        &db.conn,
        db::accounts::NewAccount {
            email,
            display_name: "Résident",
            password_hash: "not a hash: never signs in",
            lang: domain::Lang::Fr,
            now: Utc::now(),
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn followers_of_a_proposal_or_its_theme_hear_its_news_and_stop_when_they_unfollow() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (official, author) = (id_of(&db, 1).await, id_of(&db, 3).await);
        let of_theme = resident_account(&db, "theme@example.org").await;
        let of_proposal = resident_account(&db, "proposal@example.org").await;
        let gone = resident_account(&db, "gone@example.org").await;
        let now = Utc::now();
        for user in [of_theme, gone] {
            db::follows::follow_theme(&db.conn, user, "urbanisme", true, now)
                .await
                .unwrap();
        }
        // Twice is once; an unknown theme is refused.
        db::follows::follow_theme(&db.conn, of_theme, "urbanisme", true, now)
            .await
            .unwrap();
        assert!(matches!(
            db::follows::follow_theme(&db.conn, of_theme, "astrologie", true, now).await,
            Err(Error::NotFound)
        ));
        db::follows::follow_theme(&db.conn, gone, "urbanisme", false, now)
            .await
            .unwrap();
        let p = stage::create_proposal(
            &db.conn,
            NewProposal {
                author_id: author,
                origin: Origin::Citizen,
                theme: "urbanisme",
                title: "Des fontaines sur chaque place",
                summary: "Une fontaine d'eau potable sur chaque place.",
                body: "Chaque place reçoit une fontaine d'eau potable.",
                now,
            },
        )
        .await
        .unwrap();
        assert_eq!(kinds(&db, of_theme).await, [NotificationKind::ProposalNew]);
        assert!(
            kinds(&db, author).await.is_empty(),
            "not of their own proposal"
        );
        db::follows::follow_proposal(&db.conn, of_proposal, p, true, now)
            .await
            .unwrap();
        assert!(
            db::follows::follows(&db.conn, of_proposal, p)
                .await
                .unwrap()
        );
        assert!(matches!(
            db::follows::follow_proposal(&db.conn, of_proposal, i64::MAX, true, now).await,
            Err(Error::NotFound)
        ));
        let listed = db::follows::following(&db.conn, of_proposal).await.unwrap();
        assert_eq!(
            listed.proposals,
            [(p, "Des fontaines sur chaque place".to_owned())]
        );
        assert_eq!(
            db::follows::following(&db.conn, of_theme)
                .await
                .unwrap()
                .themes,
            ["urbanisme"]
        );

        adopted_and_answered(&db, p, id_of(&db, 4).await).await;
        for user in [of_theme, of_proposal] {
            let got = kinds(&db, user).await;
            assert!(got.contains(&NotificationKind::CityAnswered), "{got:?}");
            assert!(got.contains(&NotificationKind::CityProgress), "{got:?}");
            assert!(got.contains(&NotificationKind::VoteClosed), "{got:?}");
        }
        assert!(
            kinds(&db, gone).await.is_empty(),
            "{:?}: unfollowed",
            db.backend()
        );
        // Each hears once, following both the proposal and its theme.
        db::follows::follow_proposal(&db.conn, of_theme, p, true, now)
            .await
            .unwrap();
        city::add_milestone(&db.conn, p, None, "Travaux finis", 100, official, now)
            .await
            .unwrap();
        let progress = kinds(&db, of_theme)
            .await
            .into_iter()
            .filter(|k| *k == NotificationKind::CityProgress)
            .count();
        assert_eq!(progress, 2);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_contested_amendment_goes_to_the_assembly_whose_vote_decides() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (facilitator, author, amender) = (
            id_of(&db, 0).await,
            id_of(&db, 2).await,
            id_of(&db, 4).await,
        );
        let p = open_for_amendments(&db).await;
        let now = Utc::now();
        let setup = VoteSetup {
            majority: Majority::Simple,
            quorum_percent: 0,
            secret: true,
            closes_at: None,
            in_sitting: false,
        };
        let wider = amendments::propose_amendment(
            &db.conn,
            p,
            amender,
            "de 10 h à 18 h",
            "de 9 h à 19 h",
            "Plus large",
            now,
        )
        .await
        .unwrap();
        let later = amendments::propose_amendment(
            &db.conn,
            p,
            amender,
            "le samedi",
            "le samedi et le dimanche",
            "Aussi le dimanche",
            now,
        )
        .await
        .unwrap();
        // Only a rejected amendment can be contested.
        assert!(matches!(
            votes::open_amendment_vote(&db.conn, wider, setup, facilitator, now).await,
            Err(Error::WrongStage)
        ));
        for a in [wider, later] {
            amendments::decide_amendment(&db.conn, a, author, false, now)
                .await
                .unwrap();
        }
        let vote = votes::open_amendment_vote(&db.conn, wider, setup, facilitator, now)
            .await
            .unwrap();
        assert!(matches!(
            votes::open_amendment_vote(&db.conn, wider, setup, facilitator, now).await,
            Err(Error::WrongStage)
        ));
        // The proposal's own vote waits for the amendment's.
        assert!(matches!(
            votes::open_vote(&db.conn, p, setup, facilitator, now).await,
            Err(Error::WrongStage)
        ));
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(detail.votes[0].amendment_id, Some(wider));
        let status = |d: &domain::ProposalDetail, id| {
            d.amendments.iter().find(|a| a.id == id).unwrap().status
        };
        assert_eq!(status(&detail, wider), AmendmentStatus::Contested);

        for member in [author, amender, facilitator] {
            votes::cast_ballot(&db.conn, vote, member, Choice::For, now)
                .await
                .unwrap();
        }
        assert_eq!(
            votes::close_vote(&db.conn, vote, facilitator, now)
                .await
                .unwrap(),
            domain::Outcome::Adopted
        );
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(detail.summary.status, ProposalStatus::Amendments);
        assert_eq!(status(&detail, wider), AmendmentStatus::Accepted);
        assert!(detail.body_html.contains("de 9 h à 19 h"));
        let versions = amendments::versions(&db.conn, p).await.unwrap();
        assert_eq!(versions.len(), 2);
        let entries = db::ledger::all(&db.conn).await.unwrap();
        let result = entries
            .iter()
            .rev()
            .find(|e| e.kind == "vote.result")
            .unwrap();
        assert!(result.payload.contains(&format!("\"amendment\":{wider}")));
        assert!(db::ledger::verify(&db.conn).await.unwrap().ok);

        // Voted down, the other one stays rejected and the text unchanged.
        let vote = votes::open_amendment_vote(&db.conn, later, setup, facilitator, now)
            .await
            .unwrap();
        votes::cast_ballot(&db.conn, vote, author, Choice::Against, now)
            .await
            .unwrap();
        assert_eq!(
            votes::close_vote(&db.conn, vote, facilitator, now)
                .await
                .unwrap(),
            domain::Outcome::Rejected
        );
        let detail = db::proposal_detail(&db.conn, p).await.unwrap().unwrap();
        assert_eq!(status(&detail, later), AmendmentStatus::Rejected);
        assert!(!detail.body_html.contains("dimanche"));
        assert!(
            kinds(&db, amender)
                .await
                .contains(&NotificationKind::AmendmentRejected)
        );
        // Now the proposal's own vote may open.
        votes::open_vote(&db.conn, p, setup, facilitator, now)
            .await
            .unwrap();
        db.remove().await;
    }
}
