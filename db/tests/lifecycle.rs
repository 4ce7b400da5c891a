//! A whole draw, from set-up to a seated assembly, on a fresh database:
//! pool (volunteers and a CSV import), commitment, seed ceremony, draw,
//! invitations, a decline and its replacement.

use chrono::{Duration, TimeZone, Utc};
use db::Error;
use db::accounts::{self, NewAccount};
use db::lifecycle::{self, Announcement, Ceremony, Setup};
use db::testing::TestDb;
use domain::{Lang, census::Volunteering};

const SEATS: u32 = 6;
/// The public value of the replacement round, as a facilitator types it.
const LOTO: &str = "23 4 16 8 15 - chance 7";

/// A Loto draw announced to become known at `at`.
fn loto(description: &str, at: chrono::DateTime<Utc>) -> Announcement {
    Announcement {
        description: description.into(),
        format: lottery::ceremony::ValueFormat::Loto,
        available_after: at,
    }
}

/// Commitments for an hour, reveals for another, and a Loto drawn half
/// an hour after the reveals close.
fn ceremony(t0: chrono::DateTime<Utc>) -> Ceremony {
    Ceremony {
        commit_until: t0 + Duration::hours(1),
        reveal_until: t0 + Duration::hours(2),
        public_value: loto("Loto du 1er mai 2027, fdj.fr", t0 + Duration::minutes(150)),
    }
}

fn quotas() -> lottery::Quotas {
    let mut quotas = lottery::Quotas::new();
    let genders = quotas.entry("gender".into()).or_default();
    for g in ["female", "male"] {
        genders.insert(g.into(), lottery::Quota { min: 2, max: 4 });
    }
    quotas
}

fn setup() -> Setup {
    Setup {
        title: "Cohorte d'essai".into(),
        seats: SEATS,
        term_start: chrono::NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
        term_end: chrono::NaiveDate::from_ymd_opt(2028, 12, 31).unwrap(),
        quotas: quotas(),
        objective: lottery::Objective::Leximin,
        respond_days: 14,
    }
}

async fn resident(db: &TestDb, n: usize) -> i64 {
    accounts::create_account(
        &db.conn,
        NewAccount {
            email: &format!("r{n}@example.org"),
            display_name: &format!("Habitant {n}"),
            password_hash: "hash",
            lang: Lang::Fr,
            now: Utc::now(),
        },
    )
    .await
    .unwrap()
}

fn secret(n: usize) -> String {
    format!("secret-de-la-personne-{n:04}")
}

#[tokio::test]
async fn a_draw_goes_from_set_up_to_a_seated_assembly_with_a_replacement() {
    for db in TestDb::all().await {
        let t0 = Utc.with_ymd_and_hms(2027, 5, 1, 9, 0, 0).unwrap();
        let draw = lifecycle::create(&db.conn, &setup(), t0).await.unwrap();

        // Pool: 16 residents with accounts, and a letter campaign's CSV.
        let mut users = Vec::new();
        for n in 0..16 {
            let user = resident(&db, n).await;
            let answers = Volunteering::parse(
                if n % 2 == 0 { "female" } else { "male" },
                &(1950 + n as i32 * 3).to_string(),
                "baccalaureat",
                "75111",
                true,
                2027,
            )
            .unwrap();
            db::draws::volunteer(&db.conn, draw, user, &format!("V-{n:04}"), &answers, t0)
                .await
                .unwrap();
            users.push(user);
        }
        let csv = "nom,genre,annee_naissance,diplome,arrondissement,consentement\n\
                   Lettre Un,female,1980,cap_bep,75120,oui\n\
                   Lettre Deux,male,1990,bac_plus_2,75119,oui\n";
        let rows = domain::import::parse_respondents(csv.as_bytes(), 2027).unwrap();
        let pseudonyms = vec!["L-0001".to_owned(), "L-0002".to_owned()];
        assert_eq!(
            lifecycle::import_respondents(&db.conn, draw, &rows, &pseudonyms, t0)
                .await
                .unwrap(),
            2
        );

        // A public value known before the reveals close is refused: a
        // revealer could withhold their secret knowing the outcome.
        let mut too_soon = ceremony(t0);
        too_soon.public_value.available_after = t0 + Duration::minutes(110);
        assert!(matches!(
            lifecycle::commit_pool(&db.conn, draw, &too_soon, t0).await,
            Err(Error::KnownTooSoon)
        ));
        // Commitment, then the pool is closed.
        let ceremony = ceremony(t0);
        let hash = lifecycle::commit_pool(&db.conn, draw, &ceremony, t0)
            .await
            .unwrap();
        let inputs: lottery::Inputs = serde_json::from_str(
            &lifecycle::committed_inputs(&db.conn, draw)
                .await
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(lottery::inputs_hash(&inputs), hash);
        assert_eq!(inputs.pool.len(), 18);
        assert!(
            inputs.pool.iter().any(|p| p.id == "V-0003"),
            "a volunteer finds their pseudonym"
        );
        let late =
            Volunteering::parse("female", "1970", "baccalaureat", "75111", true, 2027).unwrap();
        let extra = resident(&db, 99).await;
        assert!(
            db::draws::volunteer(&db.conn, draw, extra, "V-9999", &late, t0)
                .await
                .is_err()
        );
        assert!(matches!(
            lifecycle::commit_pool(&db.conn, draw, &ceremony, t0).await,
            Err(Error::DrawStage)
        ));

        // Ceremony: three commit, two reveal, one stays silent.
        for (n, user) in users.iter().take(3).enumerate() {
            let label = format!("contributeur-{n}");
            let c = lottery::ceremony::commitment(&label, &secret(n));
            lifecycle::commit_seed(
                &db.conn,
                draw,
                *user,
                &label,
                &c,
                t0 + Duration::minutes(10),
            )
            .await
            .unwrap();
        }
        let c = lottery::ceremony::commitment("tard", &secret(9));
        assert!(matches!(
            lifecycle::commit_seed(
                &db.conn,
                draw,
                users[5],
                "tard",
                &c,
                t0 + Duration::hours(1)
            )
            .await,
            Err(Error::TooLate)
        ));
        assert!(matches!(
            lifecycle::reveal_seed(
                &db.conn,
                draw,
                users[0],
                &secret(0),
                t0 + Duration::minutes(30)
            )
            .await,
            Err(Error::TooEarly)
        ));
        let reveal_time = t0 + Duration::minutes(90);
        assert!(matches!(
            lifecycle::reveal_seed(&db.conn, draw, users[0], &secret(7), reveal_time).await,
            Err(Error::BadReveal)
        ));
        for (n, user) in users.iter().take(2).enumerate() {
            lifecycle::reveal_seed(&db.conn, draw, *user, &secret(n), reveal_time)
                .await
                .unwrap();
        }
        assert!(matches!(
            lifecycle::reveal_seed(
                &db.conn,
                draw,
                users[2],
                &secret(2),
                t0 + Duration::hours(2)
            )
            .await,
            Err(Error::TooLate)
        ));
        assert!(matches!(
            lifecycle::start_draw(&db.conn, draw, t0 + Duration::hours(2)).await,
            Err(Error::TooEarly)
        ));
        // The public value: not before it is known, only in its format,
        // written canonically, once.
        let known = t0 + Duration::minutes(150);
        assert!(matches!(
            lifecycle::set_public_value(&db.conn, draw, "3 14 15 42 45 + 9", reveal_time).await,
            Err(Error::TooEarly)
        ));
        assert!(matches!(
            lifecycle::set_public_value(&db.conn, draw, "3 14 15 92 65", known).await,
            Err(Error::PublicValue(_))
        ));
        lifecycle::set_public_value(&db.conn, draw, "45-3-14-15-42 / 9", known)
            .await
            .unwrap();
        assert!(matches!(
            lifecycle::set_public_value(&db.conn, draw, "1 2 3 4 5 + 6", known).await,
            Err(Error::Already)
        ));

        // The draw itself, as the background task runs it.
        let ready = lifecycle::start_draw(&db.conn, draw, known).await.unwrap();
        assert!(matches!(
            lifecycle::start_draw(&db.conn, draw, known).await,
            Err(Error::DrawStage)
        ));
        let derivation = lottery::ceremony::derive_seed(&ready.transcript).unwrap();
        assert_eq!(derivation.unrevealed, ["contributeur-2"]);
        assert_eq!(ready.transcript.public_values[0].value, "3 14 15 42 45 + 9");
        assert_eq!(lottery::ceremony::check_chain(&ready.transcript), Ok(()));
        let mut record = lottery::select(&ready.inputs, &ready.seed, &mut |_| {}).unwrap();
        record.ceremony = Some(ready.transcript);
        let done_at = t0 + Duration::hours(3);
        lifecycle::finish_draw(&db.conn, draw, &record, done_at)
            .await
            .unwrap();
        let published: lottery::DrawRecord = serde_json::from_str(
            &db::draws::record_json(&db.conn, draw)
                .await
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        let report = lottery::verify(&published, lottery::VerifyOptions::default(), &mut |_| {});
        assert!(report.ok, "{:?}", report.steps);
        for step in ["seed_ceremony", "seed_chain"] {
            assert!(
                report.steps.iter().any(|s| s.name == step && s.ok),
                "{step}"
            );
        }

        // Invitations: everyone with an account answers but one, who declines.
        let panel = &record.draw.panel;
        let seated_users: Vec<(usize, i64)> = users
            .iter()
            .enumerate()
            .filter(|(n, _)| panel.contains(&format!("V-{n:04}")))
            .map(|(n, u)| (n, *u))
            .collect();
        assert!(!seated_users.is_empty());
        let (decliner_n, decliner) = seated_users[0];
        lifecycle::respond(&db.conn, draw, decliner, false, false, done_at)
            .await
            .unwrap();
        for (_, user) in &seated_users[1..] {
            lifecycle::respond(&db.conn, draw, *user, true, true, done_at)
                .await
                .unwrap();
        }
        assert!(matches!(
            lifecycle::respond(&db.conn, draw, decliner, true, true, done_at).await,
            Err(Error::NotFound)
        ));
        let still_invited = panel.len() - seated_users.len();
        let round_loto = |at| loto("Loto du 17 mai 2027, fdj.fr", at);
        if still_invited > 0 {
            assert!(matches!(
                lifecycle::announce_replacement_round(
                    &db.conn,
                    draw,
                    &round_loto(done_at + Duration::days(1)),
                    done_at
                )
                .await,
                Err(Error::TooEarly)
            ));
        }

        // After the deadline the round is announced: the decliner and
        // anyone silent are its leavers, its value is next week's Loto.
        let deadline = done_at + Duration::days(14);
        assert!(matches!(
            lifecycle::replacement_round(&db.conn, draw, LOTO, deadline).await,
            Err(Error::DrawStage)
        ));
        assert!(matches!(
            lifecycle::announce_replacement_round(&db.conn, draw, &round_loto(deadline), deadline)
                .await,
            Err(Error::KnownTooSoon)
        ));
        let drawn_at = deadline + Duration::days(3);
        let round =
            lifecycle::announce_replacement_round(&db.conn, draw, &round_loto(drawn_at), deadline)
                .await
                .unwrap();
        assert_eq!(round.round, 1);
        assert_eq!(round.leavers.len(), 1 + still_invited);
        assert!(matches!(
            lifecycle::announce_replacement_round(&db.conn, draw, &round_loto(drawn_at), deadline)
                .await,
            Err(Error::Already)
        ));
        // Nobody runs it before the Loto is drawn, nor with free text.
        assert!(matches!(
            lifecycle::replacement_round(&db.conn, draw, LOTO, drawn_at - Duration::minutes(1))
                .await,
            Err(Error::TooEarly)
        ));
        assert!(matches!(
            lifecycle::replacement_round(&db.conn, draw, "Loto du 17 mai : 4 8", drawn_at).await,
            Err(Error::PublicValue(_))
        ));
        let pairs = lifecycle::replacement_round(&db.conn, draw, LOTO, drawn_at)
            .await
            .unwrap();
        // The value is entered once: trying another is refused.
        assert!(matches!(
            lifecycle::replacement_round(&db.conn, draw, "1 2 3 4 5 + 6", drawn_at).await,
            Err(Error::DrawStage)
        ));
        assert_eq!(pairs.len(), 1 + still_invited);
        assert!(
            pairs
                .iter()
                .any(|(leaver, _)| *leaver == format!("V-{decliner_n:04}"))
        );
        for (_, newcomer) in &pairs {
            assert!(!panel.contains(newcomer));
        }
        // The new panel still meets the quotas, and the ledger holds it all.
        let entries = db::ledger::all(&db.conn).await.unwrap();
        assert!(ledger::verify(&entries, &[]).ok);
        let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                ["draw.commitment"].as_slice(),
                &["draw.seed_reveal"; 2],
                &[
                    "draw.public_value",
                    "draw.result",
                    "draw.replacement_announced"
                ],
                &vec!["draw.replacement"; pairs.len()],
            ]
            .concat()
        );
        // Each as docs/OPEN_DATA.md publishes it.
        db::testing::assert_documented(&entries);
        let last: serde_json::Value =
            serde_json::from_str(&entries.last().unwrap().payload).unwrap();
        assert_eq!(last["public_value"], "4 8 15 16 23 + 7");
        let new_panel: Vec<String> = serde_json::from_value(last["panel"].clone()).unwrap();
        let females = new_panel
            .iter()
            .filter(|p| {
                record
                    .inputs
                    .pool
                    .iter()
                    .any(|q| &q.id == *p && q.features["gender"] == "female")
            })
            .count();
        assert!((2..=4).contains(&females), "{females}");
        // The newcomers have their own deadline: no new round before it.
        assert!(matches!(
            lifecycle::announce_replacement_round(
                &db.conn,
                draw,
                &round_loto(drawn_at + Duration::days(1)),
                drawn_at
            )
            .await,
            Err(Error::TooEarly)
        ));

        // Renewal: the next cohort's draw, once, with the same seats and
        // quotas, for the next term.
        let next = lifecycle::prepare_renewal(&db.conn, draw, "Cohorte suivante", deadline)
            .await
            .unwrap();
        assert!(matches!(
            lifecycle::prepare_renewal(&db.conn, draw, "Encore", deadline).await,
            Err(Error::Already)
        ));
        assert!(matches!(
            lifecycle::prepare_renewal(&db.conn, next, "Trop tôt", deadline).await,
            Err(Error::DrawStage)
        ));
        let view = db::draws::view(&db.conn, next).await.unwrap().unwrap();
        assert_eq!(view.status, "pool_open");
        assert_eq!(view.seats, SEATS);
        assert_eq!(view.renews, Some(draw));
        assert_eq!(
            view.term_start,
            chrono::NaiveDate::from_ymd_opt(2029, 1, 1).unwrap()
        );
        assert_eq!(
            view.term_end - view.term_start,
            setup().term_end - setup().term_start
        );
        let sheet = lifecycle::quota_sheet(&db.conn, next).await.unwrap();
        assert_eq!(lifecycle::lottery_quotas(&sheet.rules), quotas());
        let previous = db::draws::view(&db.conn, draw).await.unwrap().unwrap();
        assert_eq!(previous.renewed_by, Some(next));
        db.remove().await;
    }
}

#[tokio::test]
async fn quotas_that_cannot_be_met_are_refused_at_the_commitment() {
    let db = TestDb::sqlite().await;
    let t0 = Utc::now();
    let mut bad = setup();
    bad.quotas
        .get_mut("gender")
        .unwrap()
        .insert("female".into(), lottery::Quota { min: 5, max: 6 });
    let draw = lifecycle::create(&db.conn, &bad, t0).await.unwrap();
    for n in 0..8 {
        let user = resident(&db, n).await;
        let answers =
            Volunteering::parse("male", "1980", "baccalaureat", "75111", true, 2027).unwrap();
        db::draws::volunteer(&db.conn, draw, user, &format!("V-{n}"), &answers, t0)
            .await
            .unwrap();
    }
    let err = lifecycle::commit_pool(&db.conn, draw, &ceremony(t0), t0)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Infeasible(why) if why.contains("gender")),
        "{err}"
    );
    // Nothing changed: the pool is still open and nothing was published.
    assert!(db::ledger::all(&db.conn).await.unwrap().is_empty());
    assert!(
        lifecycle::committed_inputs(&db.conn, draw)
            .await
            .unwrap()
            .is_none()
    );
    db.remove().await;
}

#[tokio::test]
async fn a_quota_sheet_is_edited_while_the_pool_is_open_and_the_engine_names_the_fix() {
    use domain::census::paris_default_quotas;
    use domain::quotas::QuotaProblem;
    for db in TestDb::all().await {
        let t0 = Utc.with_ymd_and_hms(2027, 5, 1, 9, 0, 0).unwrap();
        let seats = 4;
        let defaults = paris_default_quotas(seats, 1);
        let census_draw = Setup {
            seats,
            quotas: lifecycle::lottery_quotas(&defaults),
            ..setup()
        };
        let draw = lifecycle::create(&db.conn, &census_draw, t0).await.unwrap();
        // Four young women and four men aged 75 or more, from eight
        // districts, with diplomas of every level.
        for n in 0..8 {
            let user = resident(&db, n).await;
            let (gender, born) = if n < 4 {
                ("female", "2000")
            } else {
                ("male", "1940")
            };
            let diploma = domain::census::DIPLOMAS[n % 7].value;
            let district = format!("751{}", 11 + n);
            let answers =
                Volunteering::parse(gender, born, diploma, &district, true, 2027).unwrap();
            db::draws::volunteer(&db.conn, draw, user, &format!("V-{n}"), &answers, t0)
                .await
                .unwrap();
        }
        let sheet = lifecycle::quota_sheet(&db.conn, draw).await.unwrap();
        assert_eq!(sheet.rules, defaults);
        assert_eq!((sheet.seats, sheet.pool_size), (seats, 8));
        assert_eq!(sheet.pool[&("gender".into(), "female".into())], 4);
        assert_eq!(sheet.pool[&("age_band".into(), "75+".into())], 4);
        assert_eq!(sheet.pool[&("district".into(), "75111".into())], 1);
        assert_eq!(sheet.pool.get(&("district".into(), "75105".into())), None);

        // Minimums past the seats change nothing.
        let mut too_many = defaults.clone();
        for r in too_many.iter_mut().filter(|r| r.feature == "gender") {
            r.min = 3;
        }
        let Err(Error::Quotas(problems)) = lifecycle::set_quotas(&db.conn, draw, &too_many).await
        else {
            panic!("expected the sheet to be refused");
        };
        assert_eq!(
            problems,
            vec![QuotaProblem::MinimumsTooHigh {
                feature: "gender".into(),
                sum: 6,
                seats
            }]
        );
        let unchanged = lifecycle::quota_sheet(&db.conn, draw).await.unwrap();
        assert_eq!(unchanged.rules, defaults);

        // At least three women and two people aged 75+: each adds up, the
        // pool has enough of each, but together they need five seats.
        let mut clash = defaults.clone();
        for r in clash.iter_mut() {
            match (r.feature.as_str(), r.value.as_str()) {
                ("gender", "female") => r.min = 3,
                ("gender", "male") => r.min = 0,
                ("age_band", "75+") => (r.min, r.max) = (2, 4),
                ("age_band", _) => r.min = 0,
                _ => {}
            }
        }
        lifecycle::set_quotas(&db.conn, draw, &clash).await.unwrap();
        assert_eq!(
            lifecycle::quota_sheet(&db.conn, draw).await.unwrap().rules,
            clash
        );
        let Err(Error::Diagnosis(d)) = lifecycle::feasibility(&db.conn, draw).await else {
            panic!("expected the engine to find no panel");
        };
        let named: Vec<&str> = d.conflict.iter().map(|c| c.value.as_str()).collect();
        assert!(named.contains(&"female") && named.contains(&"75+"), "{d}");
        assert_eq!(d.relaxation_seats, 1, "{d}");
        // The commitment refuses it too, and publishes nothing.
        let ceremony = ceremony(t0);
        assert!(matches!(
            lifecycle::commit_pool(&db.conn, draw, &ceremony, t0).await,
            Err(Error::Diagnosis(_))
        ));
        assert!(db::ledger::all(&db.conn).await.unwrap().is_empty());

        // One seat fewer for the oldest and a panel exists.
        for r in clash.iter_mut().filter(|r| r.value == "75+") {
            r.min = 1;
        }
        lifecycle::set_quotas(&db.conn, draw, &clash).await.unwrap();
        lifecycle::feasibility(&db.conn, draw).await.unwrap();
        lifecycle::commit_pool(&db.conn, draw, &ceremony, t0)
            .await
            .unwrap();
        // Committed quotas are final.
        assert!(matches!(
            lifecycle::set_quotas(&db.conn, draw, &defaults).await,
            Err(Error::DrawStage)
        ));
        db.remove().await;
    }
}
