//! The public ledger and the open-data exports, on a fresh database per test.

use chrono::Utc;
use db::export::{self, Dataset, Format};
use db::testing::TestDb;
use domain::{LedgerKind, ProposalQuery};
use ledger::Problem;
use sea_orm::{ConnectionTrait, DbBackend};

async fn sql(db: &TestDb, statement: &str) -> Result<(), db::DbErr> {
    db.conn.execute_unprepared(statement).await.map(|_| ())
}

/// What someone with write access to the database could do: switch the
/// append-only guards off.
async fn disable_guards(db: &TestDb) {
    match db.backend() {
        DbBackend::Postgres => sql(db, "ALTER TABLE ledger_entries DISABLE TRIGGER USER")
            .await
            .unwrap(),
        _ => {
            for name in ["no_update", "no_delete", "in_order"] {
                sql(db, &format!("DROP TRIGGER ledger_entries_{name}"))
                    .await
                    .unwrap();
            }
        }
    }
}

async fn first_break(db: &TestDb) -> Option<(u64, Problem)> {
    db::ledger::verify(&db.conn)
        .await
        .unwrap()
        .first_break
        .map(|b| (b.seq, b.problem))
}

#[tokio::test]
async fn the_demo_ledger_verifies_and_records_every_kind_of_decision() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let entries = db::ledger::all(&db.conn).await.unwrap();
        // The demo writes the same shapes as the live path.
        db::testing::assert_documented(&entries);
        let report = ledger::verify(&entries, &[]);
        assert!(report.ok, "{:?}", report.first_break);
        assert_eq!(report.verified, entries.len() as u64);
        for kind in [
            LedgerKind::DrawCommitment,
            LedgerKind::DrawResult,
            LedgerKind::VoteOpened,
            LedgerKind::VoteResult,
            LedgerKind::AmendmentAccepted,
            LedgerKind::ProposalStatus,
            LedgerKind::CityResponse,
            LedgerKind::Milestone,
        ] {
            assert!(
                entries.iter().any(|e| e.kind == kind.as_str()),
                "no {kind} entry"
            );
        }
        assert!(
            entries.windows(2).all(|w| w[0].at <= w[1].at),
            "entries follow time"
        );
        // The draw result pins the published record byte for byte.
        let result = entries.iter().find(|e| e.kind == "draw.result").unwrap();
        let payload: serde_json::Value = serde_json::from_str(&result.payload).unwrap();
        let draw_id = payload["draw"].as_i64().unwrap();
        let record = db::draws::record_json(&db.conn, draw_id)
            .await
            .unwrap()
            .unwrap();
        use sha2::Digest;
        assert_eq!(
            payload["record_sha256"],
            hex::encode(sha2::Sha256::digest(record.as_bytes()))
        );
        // Named votes list ballots; secret votes only totals.
        let results: Vec<serde_json::Value> = entries
            .iter()
            .filter(|e| e.kind == "vote.result")
            .map(|e| serde_json::from_str(&e.payload).unwrap())
            .collect();
        for r in &results {
            let cast = r["pour"].as_u64().unwrap()
                + r["contre"].as_u64().unwrap()
                + r["abstention"].as_u64().unwrap();
            if r["secret"] == true {
                assert!(r.get("ballots").is_none());
            } else {
                assert_eq!(r["ballots"].as_array().unwrap().len() as u64, cast);
            }
        }
        assert!(results.iter().any(|r| r["secret"] == true));
        assert!(results.iter().any(|r| r["secret"] == false));
        db.remove().await;
    }
}

#[tokio::test]
async fn the_database_refuses_to_change_delete_or_skip_entries() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let before = db::ledger::all(&db.conn).await.unwrap();
        for statement in [
            "UPDATE ledger_entries SET payload = '{}' WHERE seq = 3",
            "DELETE FROM ledger_entries WHERE seq = 3",
            "DELETE FROM ledger_entries",
            // Not the next number, and not following the last hash.
            "INSERT INTO ledger_entries (seq, at, kind, subject, payload, prev_hash, hash) \
             VALUES (100000, 'x', 'k', 's', '{}', 'p', 'h')",
            "INSERT INTO ledger_entries (seq, at, kind, subject, payload, prev_hash, hash) \
             SELECT MAX(seq) + 1, 'x', 'k', 's', '{}', 'p', 'h' FROM ledger_entries",
        ] {
            let err = sql(&db, statement).await.unwrap_err();
            assert!(
                err.to_string().contains("ledger"),
                "{:?}: {err}",
                db.backend()
            );
        }
        if db.backend() == DbBackend::Postgres {
            assert!(sql(&db, "TRUNCATE ledger_entries").await.is_err());
        }
        assert_eq!(db::ledger::all(&db.conn).await.unwrap(), before);
        db.remove().await;
    }
}

#[tokio::test]
async fn tampering_with_any_stored_entry_breaks_verification_there() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let count = db::ledger::all(&db.conn).await.unwrap().len() as u64;
        assert!(count > 40);
        disable_guards(&db).await;

        // A changed vote count.
        sql(
            &db,
            "UPDATE ledger_entries SET payload = replace(payload, '\"pour\":', '\"pour\":1') \
             WHERE seq = (SELECT MIN(seq) FROM ledger_entries WHERE kind = 'vote.result')",
        )
        .await
        .unwrap();
        let changed = db::ledger::all(&db.conn)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.kind == "vote.result")
            .unwrap()
            .seq;
        assert_eq!(first_break(&db).await, Some((changed, Problem::Altered)));

        // A removed entry before it: the break moves to the gap.
        sql(&db, "DELETE FROM ledger_entries WHERE seq = 5")
            .await
            .unwrap();
        assert_eq!(
            first_break(&db).await,
            Some((5, Problem::Sequence { found: 6 }))
        );

        // Two entries swapped (numbers exchanged) before that.
        for statement in [
            "UPDATE ledger_entries SET seq = -1 WHERE seq = 2",
            "UPDATE ledger_entries SET seq = 2 WHERE seq = 3",
            "UPDATE ledger_entries SET seq = 3 WHERE seq = -1",
        ] {
            sql(&db, statement).await.unwrap();
        }
        assert_eq!(first_break(&db).await, Some((2, Problem::Altered)));
        db.remove().await;
    }
}

#[tokio::test]
async fn closing_a_vote_appends_its_result_and_the_decision() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let facilitator = db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[0].0)
            .await
            .unwrap()
            .unwrap()
            .0;
        let query = ProposalQuery::parse(None, Some("vote"), None, None, None, None).unwrap();
        let page = db::proposals_page(&db.conn, &query).await.unwrap();
        let open = db::proposal_detail(&db.conn, page.items[0].id)
            .await
            .unwrap()
            .unwrap();
        let vote = &open.votes[0];
        let before = db::ledger::all(&db.conn).await.unwrap().len();
        let outcome = db::votes::close_vote(&db.conn, vote.id, facilitator, Utc::now())
            .await
            .unwrap();
        let entries = db::ledger::all(&db.conn).await.unwrap();
        assert!(ledger::verify(&entries, &[]).ok);
        let new = &entries[before..];
        let subject = format!("proposal/{}", open.summary.id);
        assert_eq!(
            new.iter()
                .map(|e| (e.kind.as_str(), e.subject.as_str()))
                .collect::<Vec<_>>(),
            [
                ("vote.result", subject.as_str()),
                ("proposal.status", subject.as_str())
            ]
        );
        let result: serde_json::Value = serde_json::from_str(&new[0].payload).unwrap();
        assert_eq!(result["outcome"], outcome.as_str());
        let closed = db::proposal_detail(&db.conn, open.summary.id)
            .await
            .unwrap()
            .unwrap();
        let tally = closed.votes[0].tally.expect("published at the close");
        assert_eq!(result["pour"], tally.pour);
        assert_eq!(result["secret"], vote.secret);
        if !vote.secret {
            let ballots = result["ballots"].as_array().unwrap();
            assert_eq!(ballots.len() as u32, tally.cast());
            assert!(
                ballots
                    .iter()
                    .all(|b| !b["member"].as_str().unwrap().is_empty())
            );
        }
        // Only the closing request writes: a second close appends nothing.
        assert!(
            db::votes::close_vote(&db.conn, vote.id, facilitator, Utc::now())
                .await
                .is_err()
        );
        assert_eq!(db::ledger::all(&db.conn).await.unwrap().len(), before + 2);
        db.remove().await;
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, format: Format) -> Vec<T> {
    match format {
        Format::Json => serde_json::from_str(text).unwrap(),
        Format::Csv => csv::Reader::from_reader(text.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()
            .unwrap(),
    }
}

async fn count(db: &TestDb, table: &str, filter: &str) -> usize {
    let row = db
        .conn
        .query_one_raw(sea_orm::Statement::from_string(
            db.backend(),
            format!("SELECT COUNT(*) AS n FROM {table} {filter}"),
        ))
        .await
        .unwrap()
        .unwrap();
    usize::try_from(row.try_get::<i64>("", "n").unwrap()).unwrap()
}

#[tokio::test]
async fn exports_round_trip_and_hold_no_personal_data() {
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        for format in [Format::Json, Format::Csv] {
            let text = |d| export::render(&db.conn, d, format);
            let proposals: Vec<export::ProposalRow> =
                parse(&text(Dataset::Proposals).await.unwrap(), format);
            assert_eq!(proposals, export::proposals(&db.conn).await.unwrap());
            assert_eq!(
                proposals.len(),
                count(&db, "proposals", "WHERE status <> 'draft'").await
            );
            let detail = db::proposal_detail(&db.conn, proposals[3].id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(proposals[3].title, detail.summary.title);
            assert_eq!(proposals[3].supports, detail.summary.supports);

            let versions: Vec<export::ProposalVersionRow> =
                parse(&text(Dataset::ProposalVersions).await.unwrap(), format);
            assert_eq!(versions, export::proposal_versions(&db.conn).await.unwrap());
            assert!(
                versions
                    .iter()
                    .any(|v| v.number == 2 && v.amendment_id.is_some())
            );

            let comments: Vec<export::CommentRow> =
                parse(&text(Dataset::Comments).await.unwrap(), format);
            assert_eq!(comments, export::comments(&db.conn).await.unwrap());
            assert_eq!(comments.len(), count(&db, "comments", "").await);
            assert!(
                comments
                    .iter()
                    .filter(|c| c.hidden_reason.is_some())
                    .all(|c| c.body.is_none())
            );

            let amendments: Vec<export::AmendmentRow> =
                parse(&text(Dataset::Amendments).await.unwrap(), format);
            assert_eq!(amendments, export::amendments(&db.conn).await.unwrap());
            let votes: Vec<export::VoteRow> = parse(&text(Dataset::Votes).await.unwrap(), format);
            assert_eq!(votes, export::votes(&db.conn).await.unwrap());
            assert_eq!(votes.len(), count(&db, "votes", "").await);
            assert!(
                votes
                    .iter()
                    .filter(|v| v.closed_at.is_none())
                    .all(|v| v.pour.is_none())
            );
            let ballots: Vec<export::BallotRow> =
                parse(&text(Dataset::Ballots).await.unwrap(), format);
            assert_eq!(ballots, export::ballots(&db.conn).await.unwrap());
            let secret: Vec<i64> = votes.iter().filter(|v| v.secret).map(|v| v.id).collect();
            assert!(ballots.iter().all(|b| !secret.contains(&b.vote_id)));
            let draws: Vec<export::DrawRow> = parse(&text(Dataset::Draws).await.unwrap(), format);
            assert_eq!(draws, export::draws(&db.conn).await.unwrap());
            assert_eq!(draws[0].pool_size, 1000);
            let responses: Vec<export::CityResponseRow> =
                parse(&text(Dataset::CityResponses).await.unwrap(), format);
            assert_eq!(responses, export::city_responses(&db.conn).await.unwrap());
            let milestones: Vec<export::MilestoneRow> =
                parse(&text(Dataset::Milestones).await.unwrap(), format);
            assert_eq!(milestones, export::milestones(&db.conn).await.unwrap());
            let commitments: Vec<export::CommitmentRow> =
                parse(&text(Dataset::Commitments).await.unwrap(), format);
            assert_eq!(commitments, export::commitments(&db.conn).await.unwrap());
            let entries: Vec<ledger::Entry> = parse(&text(Dataset::Ledger).await.unwrap(), format);
            assert_eq!(entries, db::ledger::all(&db.conn).await.unwrap());
            assert!(ledger::verify(&entries, &[]).ok);

            for dataset in Dataset::ALL {
                let text = text(dataset).await.unwrap();
                for secret in ["@demo.kleroterion.fr", "$argon2", "birth_year", "password"] {
                    assert!(
                        !text.contains(secret),
                        "{} contains {secret}",
                        dataset.name()
                    );
                }
            }
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn every_kind_the_live_path_writes_is_as_docs_open_data_publishes_it() {
    use db::stage::NewProposal;
    use db::votes::VoteSetup;
    use domain::{Choice, CityVerdict, Majority, Origin, ProposalStatus, Stance};
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let user = async |n: usize| {
            db::accounts::login_of(&db.conn, db::demo::DEMO_ACCOUNTS[n].0)
                .await
                .unwrap()
                .unwrap()
                .0
        };
        let (facilitator, official, member, resident, other_member) = (
            user(0).await,
            user(1).await,
            user(2).await,
            user(3).await,
            user(4).await,
        );
        let before = db::ledger::all(&db.conn).await.unwrap().len();
        let now = Utc::now();
        let p = db::stage::create_proposal(
            &db.conn,
            NewProposal {
                author_id: member,
                origin: Origin::Assembly,
                theme: "environnement",
                title: "Des fontaines dans chaque square",
                summary: "Une fontaine d'eau potable dans chaque square.",
                body: "Chaque square reçoit une fontaine d'eau potable.",
                now,
            },
        )
        .await
        .unwrap();
        db::stage::advance(&db.conn, p, ProposalStatus::Amendments, facilitator, now)
            .await
            .unwrap();
        let amendment = db::amendments::propose_amendment(
            &db.conn,
            p,
            other_member,
            "une fontaine d'eau potable",
            "deux fontaines d'eau potable",
            "Une seule ne suffit pas.",
            now,
        )
        .await
        .unwrap();
        db::amendments::decide_amendment(&db.conn, amendment, member, true, now)
            .await
            .unwrap();
        let setup = VoteSetup {
            majority: Majority::Simple,
            quorum_percent: 0,
            secret: false,
            closes_at: None,
            in_sitting: false,
        };
        let vote = db::votes::open_vote(&db.conn, p, setup, facilitator, now)
            .await
            .unwrap();
        db::votes::cast_ballot(&db.conn, vote, member, Choice::For, now)
            .await
            .unwrap();
        db::votes::close_vote(&db.conn, vote, facilitator, now)
            .await
            .unwrap();
        db::city::send_to_city(&db.conn, p, "direction-de-l-urbanisme", facilitator, now)
            .await
            .unwrap();
        db::city::city_respond(&db.conn, p, official, CityVerdict::Accepted, "Oui.", now)
            .await
            .unwrap();
        db::city::add_milestone(&db.conn, p, None, "Premières fontaines", 30, official, now)
            .await
            .unwrap();
        let today = domain::paris::local(now).date();
        let commitment =
            db::city::add_commitment(&db.conn, p, "Dix fontaines", today, official, now)
                .await
                .unwrap();
        db::city::add_milestone(
            &db.conn,
            p,
            Some(commitment),
            "Cinq fontaines",
            50,
            official,
            now,
        )
        .await
        .unwrap();
        let comment = db::comments::add_comment(
            &db.conn,
            db::comments::NewComment {
                proposal_id: p,
                author_id: resident,
                parent_id: None,
                stance: Stance::Against,
                body: "Un propos à masquer",
                now,
            },
        )
        .await
        .unwrap();
        db::moderation::hide_comment(&db.conn, comment, facilitator, "Hors sujet", now)
            .await
            .unwrap();

        let entries = db::ledger::all(&db.conn).await.unwrap();
        let live = &entries[before..];
        let kinds: std::collections::BTreeSet<&str> =
            live.iter().map(|e| e.kind.as_str()).collect();
        for kind in [
            LedgerKind::ProposalStatus,
            LedgerKind::AmendmentAccepted,
            LedgerKind::VoteOpened,
            LedgerKind::VoteResult,
            LedgerKind::CityResponse,
            LedgerKind::CityCommitment,
            LedgerKind::Milestone,
            LedgerKind::CommentHidden,
        ] {
            assert!(kinds.contains(kind.as_str()), "{kind:?} in {kinds:?}");
        }
        // The draw's kinds are checked the same way by the lifecycle test.
        db::testing::assert_documented(live);
        db.remove().await;
    }
}
