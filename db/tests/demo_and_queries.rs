//! The demo data and the proposal queries, on a fresh database per test, on
//! SQLite and (when `TEST_POSTGRES_URL` is set) on PostgreSQL.

use db::demo::{self, DemoOutcome};
use db::testing::TestDb;
use domain::{Origin, ProposalQuery, ProposalSort, ProposalStatus};

fn query(
    theme: Option<&str>,
    status: Option<&str>,
    text: Option<&str>,
    sort: Option<&str>,
    page: Option<&str>,
) -> ProposalQuery {
    ProposalQuery::parse(theme, status, None, text, sort, page).expect("a valid query")
}

#[tokio::test]
async fn demo_data_loads_once_and_covers_every_lifecycle_state() {
    for db in TestDb::all().await {
        let first = demo::load(&db.conn).await.unwrap();
        assert_eq!(
            first,
            DemoOutcome::Loaded {
                users: demo::POOL_SIZE + 2,
                volunteers: demo::POOL_SIZE,
                proposals: 30
            },
            "{:?}",
            db.backend()
        );
        assert_eq!(
            demo::load(&db.conn).await.unwrap(),
            DemoOutcome::AlreadyPresent
        );

        let overview = db::overview(&db.conn).await.unwrap();
        assert_eq!(overview.members, demo::SEATS as u64);
        assert_eq!(overview.volunteers, demo::POOL_SIZE as u64);
        assert_eq!(overview.latest.len(), 4);

        for status in ProposalStatus::ALL {
            let page = db::proposals_page(
                &db.conn,
                &query(None, Some(status.as_str()), None, None, None),
            )
            .await
            .unwrap();
            assert!(page.total > 0, "no demo proposal is {status}");
            assert!(page.items.iter().all(|p| p.status == *status));
        }
        let themes = db::themes::list(&db.conn).await.unwrap();
        assert_eq!(themes.len(), 4);
        db.remove().await;
    }
}

#[tokio::test]
async fn two_loaders_racing_load_the_demo_once() {
    let db = TestDb::sqlite().await;
    let (a, b) = tokio::join!(demo::load(&db.conn), demo::load(&db.conn));
    let outcomes = [a, b];
    let loaded = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(DemoOutcome::Loaded { .. })))
        .count();
    assert_eq!(loaded, 1, "{outcomes:?}");
    assert_eq!(db::overview(&db.conn).await.unwrap().proposals, 28);
    db.remove().await;
}

#[tokio::test]
async fn proposals_are_filtered_searched_sorted_and_paginated() {
    for db in TestDb::all().await {
        demo::load(&db.conn).await.unwrap();
        let all = db::proposals_page(&db.conn, &query(None, None, None, None, None))
            .await
            .unwrap();
        assert_eq!(all.total, 30);
        assert_eq!(all.items.len(), ProposalQuery::PER_PAGE as usize);
        assert!(
            all.items
                .windows(2)
                .all(|w| w[0].updated_at >= w[1].updated_at)
        );

        let last = db::proposals_page(&db.conn, &query(None, None, None, None, Some("3")))
            .await
            .unwrap();
        assert_eq!(last.items.len(), 30 - 2 * ProposalQuery::PER_PAGE as usize);
        let beyond = db::proposals_page(&db.conn, &query(None, None, None, None, Some("9")))
            .await
            .unwrap();
        assert!(beyond.items.is_empty());

        let env = db::proposals_page(
            &db.conn,
            &query(Some("environnement"), None, None, None, None),
        )
        .await
        .unwrap();
        assert!(env.total >= 5 && env.items.iter().all(|p| p.theme.slug == "environnement"));
        let unknown = db::proposals_page(&db.conn, &query(Some("sport"), None, None, None, None))
            .await
            .unwrap();
        assert_eq!(unknown.total, 0);

        // Case-insensitive, accent-preserving search in titles and summaries.
        let found = db::proposals_page(
            &db.conn,
            &query(None, None, Some("BIBLIOTHÈQUES"), None, None),
        )
        .await
        .unwrap();
        let found_lower = db::proposals_page(
            &db.conn,
            &query(None, None, Some("bibliothèques"), None, None),
        )
        .await
        .unwrap();
        assert!(found_lower.total >= 1);
        assert!(found_lower.items.iter().all(|p| {
            (p.title.to_lowercase() + &p.summary.to_lowercase()).contains("bibliothèques")
        }));
        assert!(found.total <= found_lower.total);
        // Wildcards typed by a visitor are literal.
        let percent = db::proposals_page(&db.conn, &query(None, None, Some("%"), None, None))
            .await
            .unwrap();
        assert_eq!(percent.total, 0);

        let by_support =
            db::proposals_page(&db.conn, &query(None, None, None, Some("supports"), None))
                .await
                .unwrap();
        assert!(
            by_support
                .items
                .windows(2)
                .all(|w| w[0].supports >= w[1].supports)
        );
        assert!(by_support.items[0].supports > 0);
        assert_eq!(by_support.items[0].origin, Origin::Citizen);
        let by_comments = db::proposals_page(
            &db.conn,
            &query(
                None,
                None,
                None,
                Some(ProposalSort::Comments.as_str()),
                None,
            ),
        )
        .await
        .unwrap();
        assert!(
            by_comments
                .items
                .windows(2)
                .all(|w| w[0].comments >= w[1].comments)
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn a_proposal_page_tells_its_whole_story() {
    for db in TestDb::all().await {
        demo::load(&db.conn).await.unwrap();
        let implemented = db::proposals_page(
            &db.conn,
            &query(None, Some("implemented"), None, None, None),
        )
        .await
        .unwrap();
        let id = implemented.items[0].id;
        let detail = db::proposal_detail(&db.conn, id)
            .await
            .unwrap()
            .expect("the proposal exists");
        let path: Vec<_> = detail.history.iter().map(|h| h.status).collect();
        assert_eq!(path, ProposalStatus::Implemented.path_from_draft());
        assert!(detail.body_html.contains("<h2>Constat</h2>"));
        assert!(!detail.comments.is_empty());
        assert!(
            detail.comments.iter().any(|c| c.parent_id.is_some()),
            "a thread exists"
        );
        assert_eq!(detail.amendments.len(), 1);
        // The accepted amendment's wording is in the text, the old one is not.
        let amendment = &detail.amendments[0];
        assert_eq!(amendment.status, domain::AmendmentStatus::Accepted);
        assert!(detail.body_html.contains(&amendment.replacement));
        assert!(!detail.body_html.contains(&amendment.original));
        let vote = &detail.votes[0];
        assert!(vote.closed_at.is_some());
        assert_eq!(
            vote.tally.unwrap().outcome(vote.rule, vote.eligible),
            domain::Outcome::Adopted
        );
        assert!(detail.city_response.is_some());
        assert_eq!(detail.milestones.last().map(|m| m.progress), Some(100));

        let rejected =
            db::proposals_page(&db.conn, &query(None, Some("rejected"), None, None, None))
                .await
                .unwrap();
        for p in rejected.items {
            let d = db::proposal_detail(&db.conn, p.id).await.unwrap().unwrap();
            assert_ne!(
                d.votes[0]
                    .tally
                    .unwrap()
                    .outcome(d.votes[0].rule, d.votes[0].eligible),
                domain::Outcome::Adopted
            );
        }
        assert_eq!(db::proposal_detail(&db.conn, 999_999).await.unwrap(), None);
        db.remove().await;
    }
}

#[tokio::test]
async fn hidden_comments_keep_their_place_but_not_their_words() {
    let db = TestDb::sqlite().await;
    demo::load(&db.conn).await.unwrap();
    let mut hidden = Vec::new();
    for page in 1..=3 {
        let list = db::proposals_page(
            &db.conn,
            &query(None, None, None, None, Some(&page.to_string())),
        )
        .await
        .unwrap();
        for p in list.items {
            let d = db::proposal_detail(&db.conn, p.id).await.unwrap().unwrap();
            hidden.extend(d.comments.into_iter().filter(|c| c.hidden_reason.is_some()));
        }
    }
    assert!(!hidden.is_empty());
    assert!(hidden.iter().all(|c| c.body.is_empty()));
    db.remove().await;
}

#[tokio::test]
async fn the_sitting_assembly_is_the_verifiable_result_of_the_demo_draw() {
    let db = TestDb::sqlite().await;
    demo::load(&db.conn).await.unwrap();
    let draw_id = db::draws::latest_id(&db.conn)
        .await
        .unwrap()
        .expect("a draw exists");
    let json = db::draws::record_json(&db.conn, draw_id)
        .await
        .unwrap()
        .expect("the record is published");
    let record: lottery::DrawRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(record.inputs.pool.len(), demo::POOL_SIZE);
    assert_eq!(record.lottery.panels.len(), lottery::LOTTERY_SIZE as usize);

    // Those who sit are the panel after the public replacement round, as
    // its last ledger entry publishes it.
    let replacements: Vec<domain::ledger::payload::Replacement> = db::ledger::all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "draw.replacement")
        .map(|e| serde_json::from_str(&e.payload).unwrap())
        .collect();
    assert_eq!(replacements.len(), 4);
    for r in &replacements {
        assert!(record.draw.panel.contains(&r.leaver));
        assert!(!record.draw.panel.contains(&r.replacement));
    }
    let mut panel = replacements[3].panel.clone();
    panel.sort();
    assert_eq!(
        db::draws::member_pseudonyms(&db.conn, draw_id)
            .await
            .unwrap(),
        panel
    );

    // Anyone can re-run the whole draw from the record and get the same panel.
    let report = lottery::verify(&record, lottery::VerifyOptions::default(), &mut |_| {});
    assert!(
        report.ok,
        "{:#?}",
        report.steps.iter().filter(|s| !s.ok).collect::<Vec<_>>()
    );
    // Fair selection: nobody is left with a negligible chance.
    assert!(
        report.min_probability > 0.05,
        "min probability {}",
        report.min_probability
    );
    db.remove().await;
}

/// A member signing in meets a draft being written: the two demo members
/// write it, a third member's suggestion waits, and the live text has moved
/// on since its saved version.
#[tokio::test]
async fn a_demo_member_finds_a_draft_in_progress() {
    let db = TestDb::sqlite().await;
    demo::load(&db.conn).await.unwrap();
    let drafts = db::drafts::list(&db.conn).await.unwrap();
    assert_eq!(drafts.len(), 1);
    let summary = &drafts[0];
    assert_eq!(summary.title, demo::DRAFT_TITLE);
    assert_eq!(summary.authors.len(), 2, "{:?}", summary.authors);
    assert_eq!(summary.proposal_id, None);

    let day = chrono::Utc::now().date_naive();
    for (account, role) in [
        (demo::DEMO_ACCOUNTS[2], domain::DraftRole::Owner),
        (demo::DEMO_ACCOUNTS[4], domain::DraftRole::CoAuthor),
    ] {
        let (user_id, _) = db::accounts::login_of(&db.conn, account.0)
            .await
            .unwrap()
            .expect("a demo member");
        assert_eq!(
            db::drafts::role(
                &db.conn,
                summary.id,
                &domain::Actor {
                    user_id: Some(user_id),
                    member: true,
                    ..domain::Actor::default()
                }
            )
            .await
            .unwrap(),
            Some(role)
        );
    }
    let view = db::drafts::view(&db.conn, summary.id, domain::DraftRole::Owner, day)
        .await
        .unwrap()
        .expect("the draft");
    assert_eq!(view.versions.len(), 1);
    assert_eq!(view.versions[0].body, demo::DRAFT_SAVED);
    assert_eq!(view.suggestions.len(), 1);
    let suggestion = &view.suggestions[0];
    assert_eq!(suggestion.status, domain::AmendmentStatus::Pending);
    assert!(!summary.authors.contains(&suggestion.author));

    // The live text, rebuilt as the server rebuilds it, goes past version 1
    // and holds the passage the suggestion rewords.
    let stored = db::drafts::stored(&db.conn, summary.id)
        .await
        .unwrap()
        .expect("stored edits");
    assert_eq!(stored.updates.len(), 2);
    let live = cowrite::Draft::from_updates(stored.parts()).unwrap().text();
    assert_eq!(live, demo::DRAFT_LIVE);
    assert!(live.starts_with(demo::DRAFT_SAVED) && live != demo::DRAFT_SAVED);
    assert!(live.contains(&suggestion.original));
    assert_eq!(suggestion.original, demo::DRAFT_SUGGESTION.0);
    db.remove().await;
}

/// Finding 6: the record publishes every volunteer's profile under their
/// pool pseudonym, so nothing that shows members (roster, draw page, named
/// ballots in the open data and the ledger) may carry one.
#[tokio::test]
async fn no_member_is_shown_under_their_pool_pseudonym_in_the_demo() {
    let db = TestDb::sqlite().await;
    demo::load(&db.conn).await.unwrap();
    let draw_id = db::draws::latest_id(&db.conn).await.unwrap().unwrap();
    let record: lottery::DrawRecord = serde_json::from_str(
        &db::draws::record_json(&db.conn, draw_id)
            .await
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let panel = &record.draw.panel;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let roster = db::draws::roster(&db.conn, today).await.unwrap();
    let view = db::draws::view(&db.conn, draw_id).await.unwrap().unwrap();
    let mut shown: Vec<String> = roster
        .iter()
        .flat_map(|c| &c.members)
        .map(|m| m.label.clone())
        .chain(view.members.iter().map(|m| m.label.clone()))
        .collect();
    assert_eq!(view.members.len(), demo::SEATS);
    assert!(
        shown.iter().all(|label| label.starts_with("M-")),
        "{shown:?}"
    );
    let ballots = db::export::ballots(&db.conn).await.unwrap();
    let unnamed = ballots
        .iter()
        .filter(|b| b.member.starts_with("M-"))
        .count();
    assert!(unnamed > 0, "some members keep their names private");
    shown.extend(ballots.into_iter().map(|b| b.member));
    let results: Vec<String> = db::ledger::all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "vote.result")
        .map(|e| e.payload)
        .collect();
    assert!(
        results.iter().any(|p| p.contains("\"M-")),
        "named ballots use labels"
    );
    for pseudonym in panel {
        assert!(!shown.contains(pseudonym), "{pseudonym} is shown");
        assert!(
            !results.iter().any(|p| p.contains(pseudonym.as_str())),
            "{pseudonym} in a vote.result"
        );
    }
    db.remove().await;
}

/// Migration 16 gives every membership that exists a label of its own.
#[tokio::test]
async fn memberships_stored_before_labels_get_distinct_labels_of_their_own() {
    use migrations::MigratorTrait;
    use sea_orm::{ConnectionTrait, Statement};
    for db in TestDb::all().await {
        demo::load(&db.conn).await.unwrap();
        let all = migrations::Migrator::migrations();
        let sixteenth = all
            .iter()
            .position(|m| m.name() == "m20261204_000016_member_labels")
            .unwrap();
        let undo = u32::try_from(all.len() - sixteenth).unwrap();
        migrations::Migrator::down(&db.conn, Some(undo))
            .await
            .unwrap();
        migrations::Migrator::up(&db.conn, None).await.unwrap();
        let rows = db
            .conn
            .query_all_raw(Statement::from_string(
                db.backend(),
                "SELECT m.label, v.pseudonym FROM memberships m \
                 JOIN volunteers v ON v.id = m.volunteer_id",
            ))
            .await
            .unwrap();
        let labels: std::collections::BTreeSet<String> = rows
            .iter()
            .map(|r| {
                let (label, pseudonym): (String, String) = (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                );
                assert!(label.starts_with("M-") && label.len() == 10, "{label}");
                assert_ne!(label[2..], pseudonym[2..]);
                label
            })
            .collect();
        // Every membership: the 100 drawn and the 4 who replaced leavers.
        assert_eq!(labels.len(), demo::SEATS + 4, "{:?}", db.backend());
        db.remove().await;
    }
}

#[tokio::test]
async fn a_resident_volunteers_once_for_an_open_pool_and_gets_a_receipt() {
    use domain::census::Volunteering;
    for db in TestDb::all().await {
        demo::load(&db.conn).await.unwrap();
        let (user, _) = db::accounts::login_of(&db.conn, demo::DEMO_ACCOUNTS[3].0)
            .await
            .unwrap()
            .unwrap();
        let open = db::draws::open_draws(&db.conn, Some(user)).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].my_pseudonym, None);
        let answers =
            Volunteering::parse("female", "1961", "cap_bep", "75120", true, 2027).unwrap();
        db::draws::volunteer(
            &db.conn,
            open[0].id,
            user,
            "V-TESTRCPT",
            &answers,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let again = db::draws::volunteer(
            &db.conn,
            open[0].id,
            user,
            "V-OTHER000",
            &answers,
            chrono::Utc::now(),
        )
        .await;
        assert!(matches!(again, Err(db::Error::Already)));
        let open = db::draws::open_draws(&db.conn, Some(user)).await.unwrap();
        assert_eq!(open[0].my_pseudonym.as_deref(), Some("V-TESTRCPT"));
        let done = db::draws::latest_id(&db.conn).await.unwrap().unwrap();
        let closed = db::draws::volunteer(
            &db.conn,
            done,
            user,
            "V-LATE0000",
            &answers,
            chrono::Utc::now(),
        )
        .await;
        assert!(matches!(closed, Err(db::Error::PoolClosed)));
        db.remove().await;
    }
}

#[tokio::test]
async fn text_search_finds_word_prefixes_and_reads_no_syntax() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let search = |text: &'static str| {
            let conn = db.conn.clone();
            async move {
                let q = ProposalQuery::parse(None, None, None, Some(text), None, None).unwrap();
                db::proposals_page(&conn, &q).await
            }
        };
        // The demo's proposals were written after the index existed: the
        // triggers indexed them.
        let whole = search("piscines").await.unwrap();
        assert!(whole.items.iter().any(|p| p.title.contains("piscines")));
        // A prefix finds the same proposal; case does not matter.
        let prefix = search("PISCINE").await.unwrap();
        assert_eq!(
            prefix.items.iter().map(|p| p.id).collect::<Vec<_>>(),
            whole.items.iter().map(|p| p.id).collect::<Vec<_>>()
        );
        // Every word must match.
        assert_eq!(search("piscines zzzzunknown").await.unwrap().total, 0);
        // Search syntax typed by a visitor is only words.
        for hostile in [
            "\"piscines\" OR *",
            "piscines:* | x",
            "') OR 1=1 --",
            "NEAR(a b)",
            "***",
        ] {
            assert!(search(hostile).await.is_ok(), "{hostile}");
        }
        if db.backend() == sea_orm::DbBackend::Sqlite {
            // Accents are folded: "velo" finds "vélo".
            let accented = search("vélo").await.unwrap();
            assert_eq!(search("velo").await.unwrap().total, accented.total);
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn a_stored_keyword_nobody_wrote_is_an_error_not_a_default() {
    use sea_orm::ConnectionTrait;
    for db in TestDb::all().await {
        demo::load(&db.conn).await.unwrap();
        let today = chrono::Utc::now().date_naive();
        assert!(db::draws::roster(&db.conn, today).await.is_ok());
        // A row written by hand (or by a bug) with a misspelt status.
        db.conn
            .execute_unprepared(
                "UPDATE memberships SET status = 'activ' \
                 WHERE id = (SELECT MIN(id) FROM memberships)",
            )
            .await
            .unwrap();
        let read = db::draws::roster(&db.conn, today).await;
        assert!(
            matches!(&read, Err(db::DbErr::Type(why)) if why.contains("activ")),
            "{read:?}"
        );
        db.remove().await;
    }
}
