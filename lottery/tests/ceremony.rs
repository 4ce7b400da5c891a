//! A draw whose seed comes from a ceremony: the verifier recomputes the seed
//! from the published reveals and catches a changed one.

use chrono::{DateTime, Utc};
use lottery::ceremony::{
    CeremonyError, ChainError, PublicValue, SeedCommitment, SeedTranscript, Timeline, ValueFormat,
    commitment, derive_seed,
};

fn at(hours: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + hours * 3600, 0).unwrap()
}

fn record_with_ceremony() -> lottery::DrawRecord {
    let inputs = lottery::synthetic::inputs(lottery::synthetic::BENCHMARK, 60, 8, 1, 5);
    let hash = lottery::inputs_hash(&inputs);
    let secrets = [
        ("ana", Some("a1b2c3d4e5f60718-ana")),
        ("bo", None),
        ("cy", Some("ffeeddccbbaa9988-cy")),
    ];
    let transcript = SeedTranscript {
        inputs_hash: hash,
        commitments: secrets
            .iter()
            .map(|(who, secret)| SeedCommitment {
                contributor: (*who).into(),
                commitment: commitment(who, secret.unwrap_or("kept to myself, 123")),
                secret: secret.map(str::to_owned),
            })
            .collect(),
        public_values: vec![PublicValue {
            description: "Loto du 12 mai 2027".into(),
            value: "7 12 23 34 45 + 6".into(),
            format: Some(ValueFormat::Loto),
            available_after: Some(at(60)),
            entered_at: Some(at(61)),
        }],
        timeline: Some(Timeline {
            announced_at: at(0),
            commit_until: at(24),
            reveal_until: at(48),
        }),
    };
    let seed = lottery::parse_seed(&derive_seed(&transcript).unwrap().seed).unwrap();
    let mut record = lottery::select(&inputs, &seed, &mut |_| {}).unwrap();
    record.ceremony = Some(transcript);
    record
}

fn step(report: &lottery::VerifyReport, name: &str) -> bool {
    report.steps.iter().find(|s| s.name == name).unwrap().ok
}

fn evidence(report: &lottery::VerifyReport, name: &str) -> lottery::Evidence {
    let found = report.steps.iter().find(|s| s.name == name).unwrap();
    // Each finding reaches the browser as JSON and must come back whole.
    let json = serde_json::to_string(&found.evidence).unwrap();
    assert_eq!(
        serde_json::from_str::<lottery::Evidence>(&json).unwrap(),
        found.evidence
    );
    found.evidence.clone()
}

#[test]
fn a_ceremony_seed_verifies_and_a_changed_reveal_fails_there() {
    let options = lottery::VerifyOptions { recompute: false };
    let record = record_with_ceremony();
    let report = lottery::verify(&record, options, &mut |_| {});
    assert!(report.ok, "{:?}", report.steps);
    assert!(step(&report, "seed_ceremony"));

    // Through JSON, as the browser gets it.
    let json = serde_json::to_string(&record).unwrap();
    let back: lottery::DrawRecord = serde_json::from_str(&json).unwrap();
    assert!(lottery::verify(&back, options, &mut |_| {}).ok);

    let mut forged = record.clone();
    if let Some(t) = forged.ceremony.as_mut() {
        t.commitments[0].secret = Some("a1b2c3d4e5f60718-ANA".into());
    }
    let report = lottery::verify(&forged, options, &mut |_| {});
    assert!(!report.ok && !step(&report, "seed_ceremony"));
    assert_eq!(
        evidence(&report, "seed_ceremony"),
        lottery::Evidence::CeremonyFailed {
            error: CeremonyError::BadReveal("ana".into())
        }
    );

    // A seed swapped after the fact no longer follows from the reveals.
    let mut swapped = record;
    swapped.draw.seed = "00".repeat(32);
    let report = lottery::verify(&swapped, options, &mut |_| {});
    assert!(!step(&report, "seed_ceremony"));
}

#[test]
fn a_late_or_respelt_public_value_fails_the_chain_step_though_the_seed_follows() {
    let options = lottery::VerifyOptions { recompute: false };
    let record = record_with_ceremony();
    assert!(step(
        &lottery::verify(&record, options, &mut |_| {}),
        "seed_chain"
    ));

    // Entered before the Loto was drawn: it could not have been the result.
    let mut early = record.clone();
    if let Some(t) = early.ceremony.as_mut() {
        t.public_values[0].entered_at = Some(at(47));
    }
    let report = lottery::verify(&early, options, &mut |_| {});
    assert!(!report.ok && !step(&report, "seed_chain"));
    assert!(step(&report, "seed_ceremony"));
    assert!(matches!(
        evidence(&report, "seed_chain"),
        lottery::Evidence::Steerable {
            error: ChainError::EnteredEarly(_)
        }
    ));

    // Another spelling, with the seed recomputed to match: the seed step
    // passes, the chain step catches the spelling.
    let mut respelt = record;
    let t = respelt.ceremony.as_mut().unwrap();
    t.public_values[0].value = "07 12 23 34 45 + 06".into();
    respelt.draw.seed = derive_seed(t).unwrap().seed;
    let report = lottery::verify(&respelt, options, &mut |_| {});
    assert!(!report.ok && !step(&report, "seed_chain"));
    assert!(matches!(
        evidence(&report, "seed_chain"),
        lottery::Evidence::Steerable {
            error: ChainError::NotCanonical(..)
        }
    ));
}
