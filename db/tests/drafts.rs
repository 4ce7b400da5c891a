//! Drafts in the database: roles, stored edits folded into snapshots
//! without losing one, suggestions decided once, publication as a
//! proposal naming its writers. A fresh database each, SQLite and
//! PostgreSQL.

use chrono::Utc;
use cowrite::{Draft, Splice};
use db::demo::DEMO_ACCOUNTS;
use db::drafts;
use db::testing::TestDb;
use domain::DraftRole;

async fn id_of(db: &TestDb, account: usize) -> i64 {
    db::accounts::login_of(&db.conn, DEMO_ACCOUNTS[account].0)
        .await
        .unwrap()
        .unwrap()
        .0
}

/// Someone signed in, a sitting member or not, with no other role.
fn as_member(user_id: i64, member: bool) -> domain::Actor {
    domain::Actor {
        user_id: Some(user_id),
        member,
        ..domain::Actor::default()
    }
}

#[tokio::test]
async fn authors_edit_members_read_and_others_stay_out() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (owner, second, resident) = (
            id_of(&db, 2).await,
            id_of(&db, 4).await,
            id_of(&db, 3).await,
        );
        let draft = drafts::create(&db.conn, owner, "environnement", "Des arbres", Utc::now())
            .await
            .unwrap();
        assert_eq!(
            drafts::role(&db.conn, draft, &as_member(owner, true))
                .await
                .unwrap(),
            Some(DraftRole::Owner)
        );
        assert_eq!(
            drafts::role(&db.conn, draft, &as_member(second, true))
                .await
                .unwrap(),
            Some(DraftRole::Member)
        );
        assert_eq!(
            drafts::role(&db.conn, draft, &as_member(resident, false))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            drafts::role(&db.conn, 999_999, &as_member(owner, true))
                .await
                .unwrap(),
            None
        );
        // Its owner, once no longer sitting, holds no role in it.
        assert_eq!(
            drafts::role(&db.conn, draft, &as_member(owner, false))
                .await
                .unwrap(),
            None
        );
        for _ in 0..2 {
            drafts::add_author(&db.conn, draft, second, Utc::now())
                .await
                .unwrap();
        }
        assert_eq!(
            drafts::role(&db.conn, draft, &as_member(second, true))
                .await
                .unwrap(),
            Some(DraftRole::CoAuthor)
        );
        let view = drafts::view(&db.conn, draft, DraftRole::Owner, Utc::now().date_naive())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.summary.authors.len(), 2);
        // The owner may invite sitting members who are not authors yet.
        assert!(
            !view
                .invitable
                .iter()
                .any(|(id, _)| *id == second || *id == owner)
        );
        assert!(view.invitable.len() > 50);
        db.remove().await;
    }
}

#[tokio::test]
async fn compaction_folds_the_stored_edits_into_a_snapshot_and_loses_none() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let owner = id_of(&db, 2).await;
        let draft = drafts::create(&db.conn, owner, "urbanisme", "Des rues calmes", Utc::now())
            .await
            .unwrap();
        let writer = Draft::new();
        for word in ["Des ", "rues ", "calmes."] {
            let update = writer.edit(&Splice {
                index: writer.len(),
                delete: 0,
                insert: word.into(),
            });
            drafts::store_update(&db.conn, draft, Some(owner), update, Utc::now())
                .await
                .unwrap();
        }
        let stored = drafts::stored(&db.conn, draft).await.unwrap().unwrap();
        assert_eq!(stored.updates.len(), 3);
        // A fold that cannot vouch for its snapshot changes nothing.
        assert!(
            !drafts::compact(&db.conn, draft, |_| None, Utc::now())
                .await
                .unwrap()
        );
        assert_eq!(
            drafts::stored(&db.conn, draft)
                .await
                .unwrap()
                .unwrap()
                .updates
                .len(),
            3
        );
        let folded = drafts::compact(
            &db.conn,
            draft,
            |s| Some(Draft::from_updates(s.parts()).ok()?.snapshot()),
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(folded);
        let after = drafts::stored(&db.conn, draft).await.unwrap().unwrap();
        assert!(after.updates.is_empty());
        assert_eq!(
            Draft::from_updates(after.parts()).unwrap().text(),
            "Des rues calmes."
        );
        // Edits after a compaction are stored one by one again.
        let late = writer.edit(&Splice {
            index: 0,
            delete: 0,
            insert: "Vite : ".into(),
        });
        drafts::store_update(&db.conn, draft, Some(owner), late, Utc::now())
            .await
            .unwrap();
        let after = drafts::stored(&db.conn, draft).await.unwrap().unwrap();
        assert_eq!(after.updates.len(), 1);
        assert_eq!(
            Draft::from_updates(after.parts()).unwrap().text(),
            "Vite : Des rues calmes."
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn suggestions_are_decided_once_and_publication_names_the_writers() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let (owner, second) = (id_of(&db, 2).await, id_of(&db, 4).await);
        let draft = drafts::create(
            &db.conn,
            owner,
            "environnement",
            "Des fontaines partout",
            Utc::now(),
        )
        .await
        .unwrap();
        drafts::add_author(&db.conn, draft, second, Utc::now())
            .await
            .unwrap();
        let s = drafts::suggest(
            &db.conn,
            draft,
            second,
            "partout",
            "dans chaque square",
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(
            drafts::pending_suggestion(&db.conn, s).await.unwrap(),
            Some((draft, "partout".into(), "dans chaque square".into()))
        );
        assert!(
            drafts::decide_suggestion(&db.conn, s, owner, false, Utc::now())
                .await
                .unwrap()
        );
        assert!(
            !drafts::decide_suggestion(&db.conn, s, owner, true, Utc::now())
                .await
                .unwrap()
        );
        assert_eq!(drafts::pending_suggestion(&db.conn, s).await.unwrap(), None);

        let body = "Une fontaine d'eau potable dans chaque square de Paris.";
        assert_eq!(
            drafts::save_version(&db.conn, draft, owner, body, Utc::now())
                .await
                .unwrap(),
            Some(1)
        );
        // The same text again is not a new version.
        assert_eq!(
            drafts::save_version(&db.conn, draft, owner, body, Utc::now())
                .await
                .unwrap(),
            None
        );
        let proposal = drafts::publish(
            &db.conn,
            draft,
            "Des fontaines dans les squares.",
            body,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(
            drafts::publish(&db.conn, draft, "Encore une fois ici.", body, Utc::now())
                .await
                .is_err()
        );
        assert_eq!(
            drafts::published(&db.conn, draft).await.unwrap(),
            Some(true)
        );
        assert_eq!(
            drafts::draft_of(&db.conn, proposal).await.unwrap(),
            Some(draft)
        );
        assert_eq!(
            drafts::draft_of(&db.conn, proposal + 1).await.unwrap(),
            None
        );
        let detail = db::proposal_detail(&db.conn, proposal)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(detail.summary.origin, domain::Origin::Assembly);
        assert_eq!(detail.summary.status, domain::ProposalStatus::Deliberation);
        assert_eq!(detail.writers.len(), 2);
        assert!(detail.body_html.contains("chaque square"));
        db.remove().await;
    }
}
