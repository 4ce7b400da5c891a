//! The ledger checker the browser runs on a downloaded file: any input gives
//! a report, and a report that says "ok" means the chain really holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(entries) = serde_json::from_str::<Vec<ledger::Entry>>(text) {
        let report = ledger::verify(&entries, &[]);
        if report.ok {
            let mut prev = ledger::GENESIS.to_owned();
            for (i, e) in entries.iter().enumerate() {
                assert_eq!(e.seq, i as u64 + 1);
                assert_eq!(e.prev_hash, prev);
                assert_eq!(e.computed_hash(), e.hash);
                prev = e.hash.clone();
            }
        } else {
            assert!(report.first_break.is_some());
        }
    }
});
