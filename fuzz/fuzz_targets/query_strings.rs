//! Query strings from the address bar: parsed or refused, never a panic, and
//! what parses links back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|parts: (&str, &str, &str, &str, &str, &str)| {
    let (theme, status, origin, text, sort, page) = parts;
    if let Ok(q) = domain::ProposalQuery::parse(
        Some(theme),
        Some(status),
        Some(origin),
        Some(text),
        Some(sort),
        Some(page),
    ) {
        assert!(q.page() >= 1);
        let _ = q.to_query_string();
    }
    if let Ok(q) = domain::LedgerQuery::parse(Some(theme), Some(page)) {
        let again = domain::LedgerQuery::parse(
            q.subject().map(|s| s.to_string()).as_deref(),
            Some(&q.page().to_string()),
        );
        assert_eq!(again, Ok(q));
    }
});
