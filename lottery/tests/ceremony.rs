//! A draw whose seed comes from a ceremony: the verifier recomputes the seed
//! from the published reveals and catches a changed one.

use lottery::ceremony::{PublicValue, SeedCommitment, SeedTranscript, commitment, derive_seed};

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
        }],
    };
    let seed = lottery::parse_seed(&derive_seed(&transcript).unwrap().seed).unwrap();
    let mut record = lottery::select(&inputs, &seed, &mut |_| {}).unwrap();
    record.ceremony = Some(transcript);
    record
}

fn step(report: &lottery::VerifyReport, name: &str) -> bool {
    report.steps.iter().find(|s| s.name == name).unwrap().ok
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

    // A seed swapped after the fact no longer follows from the reveals.
    let mut swapped = record;
    swapped.draw.seed = "00".repeat(32);
    let report = lottery::verify(&swapped, options, &mut |_| {});
    assert!(!step(&report, "seed_ceremony"));
}
