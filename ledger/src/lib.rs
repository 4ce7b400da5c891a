//! The public ledger is a hash chain: every entry's hash covers its own
//! fields and the previous entry's hash, so changing, removing or reordering
//! any stored entry breaks the chain at that entry.
//!
//! The hash of an entry is SHA-256 over [`FORMAT`], then the sequence number,
//! then each text field prefixed by its length in bytes (so that no two
//! different entries can produce the same bytes):
//!
//! ```text
//! kleroterion-ledger/1\n
//! {seq}\n
//! {len(at)}:{at}\n
//! {len(kind)}:{kind}\n
//! {len(subject)}:{subject}\n
//! {len(prev_hash)}:{prev_hash}\n
//! {len(payload)}:{payload}\n
//! ```
//!
//! The payload is kept as the exact JSON text that was hashed, so checking an
//! entry never depends on how a JSON library orders keys or prints numbers.
//! The first entry's `prev_hash` is [`GENESIS`]. The ledger section of
//! `docs/OPEN_DATA.md` describes the format for people who write their own
//! checker.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Names the hashing rule above; a change of rule is a new format.
pub const FORMAT: &str = "kleroterion-ledger/1";
/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the ledger, as stored and as published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 1, 2, 3… without gaps.
    pub seq: u64,
    /// When it was recorded, RFC 3339 in UTC to the second.
    pub at: String,
    /// What happened, e.g. `vote.result` (the list is in `docs/OPEN_DATA.md`).
    pub kind: String,
    /// What it is about, e.g. `proposal/12` or `draw/1`.
    pub subject: String,
    /// The facts, as a JSON object in its exact hashed text.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    /// A new entry following `prev_hash`, with its hash computed.
    pub fn seal(
        seq: u64,
        at: String,
        kind: String,
        subject: String,
        payload: String,
        prev_hash: String,
    ) -> Entry {
        let mut entry = Entry {
            seq,
            at,
            kind,
            subject,
            payload,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry.computed_hash();
        entry
    }

    /// The hash this entry's fields give, whatever its `hash` field says.
    pub fn computed_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(FORMAT.as_bytes());
        hasher.update(format!("\n{}\n", self.seq).as_bytes());
        for field in [
            &self.at,
            &self.kind,
            &self.subject,
            &self.prev_hash,
            &self.payload,
        ] {
            hasher.update(format!("{}:", field.len()).as_bytes());
            hasher.update(field.as_bytes());
            hasher.update(b"\n");
        }
        hex::encode(hasher.finalize())
    }
}

/// A (sequence number, hash) pair someone saw earlier: the newest entry on
/// a previous visit, or a hash published elsewhere. A chain that lost its
/// last entries is still a valid chain; only a checkpoint reveals it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: u64,
    pub hash: String,
}

/// Why the chain breaks at an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The entry at this position has another number: an entry was removed,
    /// inserted or moved here.
    Sequence { found: u64 },
    /// The entry's fields no longer give its hash: it was changed.
    Altered,
    /// The entry does not name the previous entry's hash: the previous
    /// entry was replaced, or this one was moved.
    Link,
    /// The chain stops before an entry that a checkpoint saw.
    Truncated,
    /// The entry differs from the one a checkpoint saw: history was rewritten.
    Rewritten { expected_hash: String },
}

/// Where the chain breaks first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    /// The sequence number expected at the broken position.
    pub seq: u64,
    #[serde(flatten)]
    pub problem: Problem,
}

/// The result of checking a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub ok: bool,
    /// Entries checked before the first break (all of them when `ok`).
    pub verified: u64,
    /// The last entry of the chain as given.
    pub head: Option<Checkpoint>,
    pub first_break: Option<Break>,
}

/// Checks a whole chain, in the order given, against optional checkpoints.
pub fn verify(entries: &[Entry], checkpoints: &[Checkpoint]) -> Report {
    let head = entries.last().map(|e| Checkpoint {
        seq: e.seq,
        hash: e.hash.clone(),
    });
    let broken = |verified: u64, seq: u64, problem: Problem| Report {
        ok: false,
        verified,
        head: head.clone(),
        first_break: Some(Break { seq, problem }),
    };
    let mut prev_hash = GENESIS;
    for (expected, entry) in (1u64..).zip(entries) {
        let verified = expected - 1;
        if entry.seq != expected {
            return broken(verified, expected, Problem::Sequence { found: entry.seq });
        }
        if entry.computed_hash() != entry.hash {
            return broken(verified, expected, Problem::Altered);
        }
        if entry.prev_hash != prev_hash {
            return broken(verified, expected, Problem::Link);
        }
        if let Some(seen) = checkpoints
            .iter()
            .find(|c| c.seq == expected && c.hash != entry.hash)
        {
            return broken(
                verified,
                expected,
                Problem::Rewritten {
                    expected_hash: seen.hash.clone(),
                },
            );
        }
        prev_hash = &entry.hash;
    }
    let length = entries.len() as u64;
    if checkpoints.iter().any(|c| c.seq > length) {
        return broken(length, length + 1, Problem::Truncated);
    }
    Report {
        ok: true,
        verified: length,
        head,
        first_break: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(n: u64) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        for seq in 1..=n {
            let prev = entries
                .last()
                .map_or(GENESIS.to_owned(), |e| e.hash.clone());
            entries.push(Entry::seal(
                seq,
                format!("2026-01-{:02}T10:00:00Z", seq % 28 + 1),
                "vote.result".into(),
                format!("proposal/{seq}"),
                format!("{{\"vote\":{seq},\"pour\":{}}}", seq * 3),
                prev,
            ));
        }
        entries
    }

    fn first_break(entries: &[Entry]) -> Option<Break> {
        verify(entries, &[]).first_break
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let entries = chain(5);
        let report = verify(&entries, &[]);
        assert!(report.ok);
        assert_eq!(report.verified, 5);
        assert_eq!(report.head.map(|h| h.hash), Some(entries[4].hash.clone()));
        assert!(verify(&[], &[]).ok);
    }

    #[test]
    fn the_hash_is_pinned() {
        // An outside checker following docs/OPEN_DATA.md must find this value.
        let e = Entry::seal(
            1,
            "2026-01-15T09:00:00Z".into(),
            "draw.result".into(),
            "draw/1".into(),
            "{}".into(),
            GENESIS.into(),
        );
        let mut manual = Sha256::new();
        manual.update(
            format!(
                "kleroterion-ledger/1\n1\n20:2026-01-15T09:00:00Z\n11:draw.result\n6:draw/1\n64:{GENESIS}\n2:{{}}\n"
            )
            .as_bytes(),
        );
        assert_eq!(e.hash, hex::encode(manual.finalize()));
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let a = Entry::seal(
            1,
            "x".into(),
            "ab".into(),
            "c".into(),
            "{}".into(),
            GENESIS.into(),
        );
        let b = Entry::seal(
            1,
            "x".into(),
            "a".into(),
            "bc".into(),
            "{}".into(),
            GENESIS.into(),
        );
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn a_deleted_last_entry_is_caught_by_a_checkpoint() {
        let mut entries = chain(4);
        let seen = Checkpoint {
            seq: 4,
            hash: entries[3].hash.clone(),
        };
        entries.pop();
        let report = verify(&entries, std::slice::from_ref(&seen));
        assert_eq!(
            report.first_break,
            Some(Break {
                seq: 4,
                problem: Problem::Truncated
            })
        );
        assert!(!report.ok);
    }

    #[test]
    fn a_consistent_rewrite_is_caught_by_a_checkpoint() {
        let original = chain(3);
        let seen = Checkpoint {
            seq: 3,
            hash: original[2].hash.clone(),
        };
        // Rewriting entry 2 and re-sealing everything after it.
        let mut forged = original[..1].to_vec();
        forged.push(Entry::seal(
            2,
            original[1].at.clone(),
            original[1].kind.clone(),
            original[1].subject.clone(),
            "{\"vote\":2,\"pour\":0}".into(),
            original[0].hash.clone(),
        ));
        let e3 = &original[2];
        forged.push(Entry::seal(
            3,
            e3.at.clone(),
            e3.kind.clone(),
            e3.subject.clone(),
            e3.payload.clone(),
            forged[1].hash.clone(),
        ));
        assert!(
            verify(&forged, &[]).ok,
            "without a checkpoint it looks fine"
        );
        let report = verify(&forged, &[seen]);
        assert_eq!(report.first_break.map(|b| b.seq), Some(3));
    }

    #[test]
    fn reports_serialise_for_the_browser() {
        let mut entries = chain(2);
        entries[1].payload.push(' ');
        let json = serde_json::to_value(verify(&entries, &[])).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["first_break"]["seq"], 2);
        assert_eq!(json["first_break"]["problem"], "altered");
    }

    proptest! {
        /// Changing any field of any entry breaks the chain at that entry.
        #[test]
        fn any_change_breaks_at_that_entry(n in 1u64..12, at in 0usize..12, field in 0usize..7, extra in "[a-z0-9]{1,4}") {
            let mut entries = chain(n);
            let at = at % entries.len();
            let original = entries[at].clone();
            let e = &mut entries[at];
            match field {
                0 => e.seq += 100,
                1 => e.at.push_str(&extra),
                2 => e.kind.push_str(&extra),
                3 => e.subject.push_str(&extra),
                4 => e.payload.push_str(&extra),
                5 => e.prev_hash = format!("{extra}{}", &e.prev_hash[extra.len()..]),
                _ => e.hash = format!("{extra}{}", &e.hash[extra.len()..]),
            }
            // Writing a hash's own first characters over it changes nothing.
            prop_assume!(entries[at] != original);
            let expected = at as u64 + 1;
            let b = first_break(&entries).expect("the chain must break");
            // A forged `hash` is caught by the entry itself (altered).
            prop_assert_eq!(b.seq, expected);
        }

        /// Removing any entry but the last breaks the chain where it was.
        #[test]
        fn any_deletion_breaks_there(n in 2u64..12, at in 0usize..11) {
            let mut entries = chain(n);
            let at = at % (entries.len() - 1);
            entries.remove(at);
            let b = first_break(&entries).expect("the chain must break");
            prop_assert_eq!(b.seq, at as u64 + 1);
            prop_assert_eq!(b.problem, Problem::Sequence { found: at as u64 + 2 });
        }

        /// Swapping any two entries breaks the chain at the first of them,
        /// whether or not their numbers are swapped too.
        #[test]
        fn any_reordering_breaks_at_the_first_moved(n in 2u64..12, i in 0usize..12, offset in 0usize..11, renumber in any::<bool>()) {
            let mut entries = chain(n);
            let len = entries.len();
            // Two different positions.
            let (i, j) = (i % len, (i % len + 1 + offset % (len - 1)) % len);
            let (lo, hi) = (i.min(j), i.max(j));
            entries.swap(lo, hi);
            if renumber {
                let (a, b) = (entries[lo].seq, entries[hi].seq);
                entries[lo].seq = b;
                entries[hi].seq = a;
            }
            let b = first_break(&entries).expect("the chain must break");
            prop_assert_eq!(b.seq, lo as u64 + 1);
        }
    }
}
