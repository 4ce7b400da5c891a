//! Any file either imports cleanly or is refused with located errors; it
//! never panics, and an accepted file holds only valid census categories.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    match domain::import::parse_respondents(bytes, 2026) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            for row in rows {
                assert!(!row.name.is_empty());
                assert!(domain::census::age_band(row.answers.birth_year, 2026).is_some());
                assert!(row.weight.is_none_or(|w| w > 0.0 && w <= 100.0));
            }
        }
        Err(errors) => assert!(!errors.is_empty() && errors.iter().all(|e| e.line >= 1)),
    }
});
