//! The seed ceremony: a commit-reveal among contributors joined by a public
//! value announced in advance (a national lottery result), so that nobody —
//! not the server, not a facilitator, not the last contributor to reveal —
//! could have steered the seed.
//!
//! 1. Once the pool is committed (its inputs hash is public), the public
//!    value is announced: where it comes from, the exact format it is
//!    written in ([`ValueFormat`]) and when it becomes known, which must be
//!    after the reveals close. Then each contributor publishes
//!    `commitment(contributor, secret)`.
//! 2. When the commitment phase closes, each reveals the secret; a reveal
//!    that does not match its commitment is refused.
//! 3. Once known, the public value is entered, written canonically by its
//!    format: whoever enters it has no spelling to choose, and anyone can
//!    check it against its source.
//! 4. The seed is SHA-256 over [`SEED_FORMAT`], the inputs hash, then every
//!    valid reveal in the order the commitments were published, then the
//!    public values, each field length-prefixed. Commitments never revealed
//!    are listed and left out.
//!
//! Why nobody can steer it: contributors commit before anything is known;
//! whoever reveals last may still withhold their secret, but both seeds
//! they would choose between depend on a value nobody knows until after
//! the reveals close, so withholding chooses nothing; and the value itself
//! is public, canonical and entered once. [`check_chain`] checks this
//! timeline in a transcript, as the verifier does in the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

pub const SEED_FORMAT: &str = "kleroterion-seed/1";
const COMMIT_FORMAT: &str = "kleroterion-seed-commit/1";

/// One contributor's commitment and, once revealed, their secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedCommitment {
    /// A public label (a pseudonym): binding it into the commitment stops
    /// anyone from copying someone else's commitment as their own.
    pub contributor: String,
    /// `commitment(contributor, secret)`, hex.
    pub commitment: String,
    /// The secret, once revealed in time; `None` if never revealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A value announced before the ceremony and published by someone else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicValue {
    /// What it is and where to check it, e.g. "Loto, tirage du 12 mai 2027".
    pub description: String,
    pub value: String,
    /// How it is written, fixed when it was announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ValueFormat>,
    /// When it becomes known (the lottery's draw), fixed when announced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_after: Option<DateTime<Utc>>,
    /// When it was entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_at: Option<DateTime<Utc>>,
}

/// When the ceremony's steps happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// The pool's commitment, which announced the public values.
    pub announced_at: DateTime<Utc>,
    pub commit_until: DateTime<Utc>,
    pub reveal_until: DateTime<Utc>,
}

/// Everything needed to recompute a seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedTranscript {
    /// The pool commitment the seed is bound to.
    pub inputs_hash: String,
    /// In the order they were published.
    pub commitments: Vec<SeedCommitment>,
    #[serde(default)]
    pub public_values: Vec<PublicValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// How a public value is written. Every way of typing the same result
/// gives one canonical text, so whoever enters the value cannot try
/// spellings until the seed suits them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueFormat {
    /// The FDJ Loto: five distinct numbers from 1 to 49, then the chance
    /// number from 1 to 10, written "3 12 23 34 45 + 6".
    Loto,
    /// EuroMillions: five distinct numbers from 1 to 50, then two distinct
    /// stars from 1 to 12, written "3 12 23 34 45 + 2 11".
    EuroMillions,
    /// A digest published in hexadecimal, of this many digits (a drand
    /// round's randomness has 64), written in lower case.
    Hex(u16),
}

/// Why a typed public value does not fit its format.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", content = "values", rename_all = "snake_case")]
pub enum ValueError {
    #[error("{expected} numbers expected, {found} found")]
    Count { expected: usize, found: usize },
    #[error("{0} is out of range")]
    OutOfRange(u32),
    #[error("{0} appears twice")]
    Repeated(u32),
    #[error("{expected} hexadecimal digits expected, {found} found")]
    Digits { expected: usize, found: usize },
}

impl ValueFormat {
    /// Every format, for the form that announces one.
    pub const ALL: [ValueFormat; 3] = [
        ValueFormat::Loto,
        ValueFormat::EuroMillions,
        ValueFormat::Hex(64),
    ];

    /// Its name in records, forms and the ledger: `loto`, `euromillions`,
    /// `hex-64`.
    pub fn keyword(self) -> String {
        match self {
            ValueFormat::Loto => "loto".into(),
            ValueFormat::EuroMillions => "euromillions".into(),
            ValueFormat::Hex(digits) => format!("hex-{digits}"),
        }
    }

    pub fn from_keyword(keyword: &str) -> Option<ValueFormat> {
        match keyword {
            "loto" => Some(ValueFormat::Loto),
            "euromillions" => Some(ValueFormat::EuroMillions),
            _ => keyword
                .strip_prefix("hex-")
                .filter(|d| !d.starts_with('0'))
                .and_then(|d| d.parse::<u16>().ok())
                .filter(|d| (16..=512).contains(d))
                .map(ValueFormat::Hex),
        }
    }

    /// The value as it joins the seed: numbers sorted within their group,
    /// digits in lower case, whatever the separators typed.
    pub fn canonical(self, typed: &str) -> Result<String, ValueError> {
        let draw = |main: (usize, u32), extra: (usize, u32)| -> Result<String, ValueError> {
            let numbers: Vec<u32> = typed
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap_or(u32::MAX))
                .collect();
            if numbers.len() != main.0 + extra.0 {
                return Err(ValueError::Count {
                    expected: main.0 + extra.0,
                    found: numbers.len(),
                });
            }
            let group = |slice: &[u32], top: u32| -> Result<String, ValueError> {
                let mut sorted = slice.to_vec();
                sorted.sort_unstable();
                if let Some(&n) = sorted.iter().find(|&&n| n == 0 || n > top) {
                    return Err(ValueError::OutOfRange(n));
                }
                if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
                    return Err(ValueError::Repeated(w[0]));
                }
                Ok(sorted
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" "))
            };
            Ok(format!(
                "{} + {}",
                group(&numbers[..main.0], main.1)?,
                group(&numbers[main.0..], extra.1)?
            ))
        };
        match self {
            ValueFormat::Loto => draw((5, 49), (1, 10)),
            ValueFormat::EuroMillions => draw((5, 50), (2, 12)),
            ValueFormat::Hex(digits) => {
                let text: String = typed
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let expected = usize::from(digits);
                if text.len() != expected || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(ValueError::Digits {
                        expected,
                        found: text.chars().filter(char::is_ascii_hexdigit).count(),
                    });
                }
                Ok(text)
            }
        }
    }
}

impl Serialize for ValueFormat {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.keyword())
    }
}

impl<'de> Deserialize<'de> for ValueFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let keyword = String::deserialize(deserializer)?;
        ValueFormat::from_keyword(&keyword)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown value format {keyword:?}")))
    }
}

/// Why a transcript's timeline would have let someone steer the seed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", content = "values", rename_all = "snake_case")]
pub enum ChainError {
    #[error("the record does not say when the ceremony ran")]
    NoTimeline,
    #[error("the ceremony's deadlines are out of order")]
    Deadlines,
    #[error(
        "no public value joins the seed: whoever revealed last could withhold their secret to choose between two seeds"
    )]
    NoPublicValue,
    #[error("{0}: announced without its format or the moment it becomes known")]
    Unannounced(String),
    #[error("{0}: known from {1}, before the reveals closed at {2}")]
    KnownTooSoon(String, DateTime<Utc>, DateTime<Utc>),
    #[error("{0}: entered before it could be known")]
    EnteredEarly(String),
    #[error("{0}: {1}")]
    Malformed(String, ValueError),
    #[error("{0}: written {1:?}, which its format writes {2:?}")]
    NotCanonical(String, String, String),
}

/// Checks that nobody could have steered the seed: the public values were
/// announced with the pool, before any commitment closed, in a fixed
/// format; they became known only after the reveals closed, were entered
/// only then, and are written as their format writes them.
pub fn check_chain(transcript: &SeedTranscript) -> Result<(), ChainError> {
    let t = transcript.timeline.ok_or(ChainError::NoTimeline)?;
    if !(t.announced_at < t.commit_until && t.commit_until <= t.reveal_until) {
        return Err(ChainError::Deadlines);
    }
    if transcript.public_values.is_empty() {
        return Err(ChainError::NoPublicValue);
    }
    for v in &transcript.public_values {
        let name = || v.description.clone();
        let (Some(format), Some(after)) = (v.format, v.available_after) else {
            return Err(ChainError::Unannounced(name()));
        };
        if after < t.reveal_until {
            return Err(ChainError::KnownTooSoon(name(), after, t.reveal_until));
        }
        if v.entered_at.is_none_or(|at| at < after) {
            return Err(ChainError::EnteredEarly(name()));
        }
        let canonical = format
            .canonical(&v.value)
            .map_err(|e| ChainError::Malformed(name(), e))?;
        if canonical != v.value {
            return Err(ChainError::NotCanonical(name(), v.value.clone(), canonical));
        }
    }
    Ok(())
}

/// Why a transcript gives no seed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", content = "values", rename_all = "snake_case")]
pub enum CeremonyError {
    #[error("{0}'s secret does not match their commitment")]
    BadReveal(String),
    #[error("{0} committed twice")]
    DuplicateContributor(String),
    #[error("no secret was revealed and no public value was announced")]
    NoRandomness,
}

/// The seed and who it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedDerivation {
    /// 32 bytes, hex.
    pub seed: String,
    pub revealed: Vec<String>,
    /// Committed but never revealed: left out of the seed.
    pub unrevealed: Vec<String>,
}

fn field(hasher: &mut Sha256, text: &str) {
    hasher.update(format!("{}:", text.len()).as_bytes());
    hasher.update(text.as_bytes());
    hasher.update(b"\n");
}

/// What a contributor publishes first.
pub fn commitment(contributor: &str, secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(COMMIT_FORMAT.as_bytes());
    hasher.update(b"\n");
    field(&mut hasher, contributor);
    field(&mut hasher, secret);
    hex::encode(hasher.finalize())
}

/// A secret worth revealing: 16 to 200 visible characters (the page makes
/// 32 random bytes in hex; people may type their own).
pub fn valid_secret(secret: &str) -> bool {
    (16..=200).contains(&secret.chars().count()) && !secret.chars().any(char::is_control)
}

/// Recomputes the seed from a transcript.
pub fn derive_seed(transcript: &SeedTranscript) -> Result<SeedDerivation, CeremonyError> {
    let mut hasher = Sha256::new();
    hasher.update(SEED_FORMAT.as_bytes());
    hasher.update(b"\n");
    field(&mut hasher, &transcript.inputs_hash);
    let mut revealed = Vec::new();
    let mut unrevealed = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in &transcript.commitments {
        if !seen.insert(c.contributor.as_str()) {
            return Err(CeremonyError::DuplicateContributor(c.contributor.clone()));
        }
        match &c.secret {
            None => unrevealed.push(c.contributor.clone()),
            Some(secret) => {
                if commitment(&c.contributor, secret) != c.commitment {
                    return Err(CeremonyError::BadReveal(c.contributor.clone()));
                }
                field(&mut hasher, &c.contributor);
                field(&mut hasher, secret);
                revealed.push(c.contributor.clone());
            }
        }
    }
    for v in &transcript.public_values {
        field(&mut hasher, &v.description);
        field(&mut hasher, &v.value);
    }
    if revealed.is_empty() && transcript.public_values.is_empty() {
        return Err(CeremonyError::NoRandomness);
    }
    Ok(SeedDerivation {
        seed: hex::encode(hasher.finalize()),
        revealed,
        unrevealed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcript(secrets: &[(&str, Option<&str>)]) -> SeedTranscript {
        SeedTranscript {
            inputs_hash: "ab".repeat(32),
            commitments: secrets
                .iter()
                .map(|(who, secret)| SeedCommitment {
                    contributor: (*who).into(),
                    commitment: commitment(who, secret.unwrap_or("never revealed here")),
                    secret: secret.map(str::to_owned),
                })
                .collect(),
            public_values: Vec::new(),
            timeline: None,
        }
    }

    #[test]
    fn the_seed_depends_on_every_revealed_secret_and_skips_the_silent() {
        let t = transcript(&[
            ("alice", Some("0123456789abcdef-alice")),
            ("bob", None),
            ("chloe", Some("0123456789abcdef-chloe")),
        ]);
        let d = derive_seed(&t).unwrap();
        assert_eq!(d.revealed, ["alice", "chloe"]);
        assert_eq!(d.unrevealed, ["bob"]);
        assert_eq!(d.seed.len(), 64);
        // One honest contributor changing their secret changes the seed.
        let other = transcript(&[
            ("alice", Some("0123456789abcdef-alice")),
            ("bob", None),
            ("chloe", Some("0123456789abcdef-CHLOE")),
        ]);
        assert_ne!(derive_seed(&other).unwrap().seed, d.seed);
        // So does the pool it is bound to.
        let mut moved = t.clone();
        moved.inputs_hash = "cd".repeat(32);
        assert_ne!(derive_seed(&moved).unwrap().seed, d.seed);
    }

    #[test]
    fn a_reveal_that_does_not_match_is_refused() {
        let mut t = transcript(&[("alice", Some("0123456789abcdef-alice"))]);
        t.commitments[0].secret = Some("0123456789abcdef-other".into());
        assert_eq!(
            derive_seed(&t),
            Err(CeremonyError::BadReveal("alice".into()))
        );
        // Someone else's commitment cannot be copied: it is bound to its author.
        let copied = SeedCommitment {
            contributor: "mallory".into(),
            commitment: commitment("alice", "0123456789abcdef-alice"),
            secret: Some("0123456789abcdef-alice".into()),
        };
        let t = SeedTranscript {
            commitments: vec![copied],
            ..transcript(&[])
        };
        assert_eq!(
            derive_seed(&t),
            Err(CeremonyError::BadReveal("mallory".into()))
        );
    }

    #[test]
    fn no_randomness_no_seed_and_a_public_value_alone_is_enough() {
        let mut t = transcript(&[("alice", None)]);
        assert_eq!(derive_seed(&t), Err(CeremonyError::NoRandomness));
        t.public_values.push(loto("7 12 23 34 45 + 6"));
        assert!(derive_seed(&t).is_ok());
        let twice = transcript(&[
            ("a", Some("0123456789abcdef-a")),
            ("a", Some("0123456789abcdef-b")),
        ]);
        assert_eq!(
            derive_seed(&twice),
            Err(CeremonyError::DuplicateContributor("a".into()))
        );
    }

    #[test]
    fn secrets_must_be_long_enough_and_printable() {
        assert!(valid_secret(&"f".repeat(64)));
        assert!(!valid_secret("short"));
        assert!(!valid_secret("0123456789abcdef\u{0}"));
        assert!(!valid_secret(&"x".repeat(201)));
    }

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + hours * 3600, 0).unwrap()
    }

    fn loto(value: &str) -> PublicValue {
        PublicValue {
            description: "Loto, tirage du 12 mai 2027".into(),
            value: value.into(),
            format: Some(ValueFormat::Loto),
            available_after: Some(at(60)),
            entered_at: Some(at(61)),
        }
    }

    /// Committed at hour 0, commitments until 24, reveals until 48, the
    /// Loto drawn at 60 and entered at 61.
    fn honest() -> SeedTranscript {
        SeedTranscript {
            public_values: vec![loto("7 12 23 34 45 + 6")],
            timeline: Some(Timeline {
                announced_at: at(0),
                commit_until: at(24),
                reveal_until: at(48),
            }),
            ..transcript(&[("alice", Some("0123456789abcdef-alice"))])
        }
    }

    #[test]
    fn every_spelling_of_a_result_is_one_canonical_value() {
        for typed in [
            "7 12 23 34 45 + 6",
            "45, 7, 34, 12, 23 — chance 6",
            "07-12-23-34-45 / 06",
        ] {
            assert_eq!(
                ValueFormat::Loto.canonical(typed).as_deref(),
                Ok("7 12 23 34 45 + 6")
            );
        }
        assert_eq!(
            ValueFormat::EuroMillions
                .canonical("3 50 12 23 1 étoiles 11 2")
                .as_deref(),
            Ok("1 3 12 23 50 + 2 11")
        );
        let digest = "AB".repeat(32);
        assert_eq!(
            ValueFormat::Hex(64).canonical(&format!(" {digest}\n")),
            Ok("ab".repeat(32))
        );
        assert_eq!(
            ValueFormat::Loto.canonical("7 12 23 34 45"),
            Err(ValueError::Count {
                expected: 6,
                found: 5
            })
        );
        assert_eq!(
            ValueFormat::Loto.canonical("7 12 23 34 50 + 6"),
            Err(ValueError::OutOfRange(50))
        );
        assert_eq!(
            ValueFormat::Loto.canonical("7 7 23 34 45 + 6"),
            Err(ValueError::Repeated(7))
        );
        assert_eq!(
            ValueFormat::Loto.canonical("7 12 23 34 45 + 11"),
            Err(ValueError::OutOfRange(11))
        );
        assert!(ValueFormat::Hex(64).canonical(&"g".repeat(64)).is_err());
        for format in ValueFormat::ALL {
            assert_eq!(ValueFormat::from_keyword(&format.keyword()), Some(format));
        }
        assert_eq!(ValueFormat::from_keyword("hex-064"), None);
        assert_eq!(ValueFormat::from_keyword("hex-2"), None);
        assert_eq!(ValueFormat::from_keyword("Loto"), None);
    }

    #[test]
    fn an_honest_chain_passes_and_each_way_to_steer_fails_at_its_step() {
        assert_eq!(check_chain(&honest()), Ok(()));
        let through_json: SeedTranscript =
            serde_json::from_str(&serde_json::to_string(&honest()).unwrap()).unwrap();
        assert_eq!(check_chain(&through_json), Ok(()));

        // Without a public value, the last to reveal chooses between two seeds.
        let mut t = honest();
        t.public_values.clear();
        assert_eq!(check_chain(&t), Err(ChainError::NoPublicValue));
        // A value known before the reveals closed: revealers could know it.
        let mut t = honest();
        t.public_values[0].available_after = Some(at(47));
        assert!(matches!(check_chain(&t), Err(ChainError::KnownTooSoon(..))));
        // Entered before it could be known, or never said when.
        let mut t = honest();
        t.public_values[0].entered_at = Some(at(59));
        assert!(matches!(check_chain(&t), Err(ChainError::EnteredEarly(_))));
        t.public_values[0].entered_at = None;
        assert!(matches!(check_chain(&t), Err(ChainError::EnteredEarly(_))));
        // Free text, as before: no format was announced.
        let mut t = honest();
        t.public_values[0].format = None;
        assert!(matches!(check_chain(&t), Err(ChainError::Unannounced(_))));
        // Another spelling of the same numbers would give another seed.
        let mut t = honest();
        t.public_values[0].value = "07 12 23 34 45 + 6".into();
        assert!(matches!(check_chain(&t), Err(ChainError::NotCanonical(..))));
        let mut t = honest();
        t.public_values[0].value = "7 12 23 34 45 + 6 ".into();
        assert!(matches!(check_chain(&t), Err(ChainError::NotCanonical(..))));
        // Announced after the commitments closed.
        let mut t = honest();
        t.timeline.as_mut().unwrap().announced_at = at(24);
        assert_eq!(check_chain(&t), Err(ChainError::Deadlines));
        let mut t = honest();
        t.timeline = None;
        assert_eq!(check_chain(&t), Err(ChainError::NoTimeline));
    }

    proptest::proptest! {
        /// Whatever separators and order are typed, the same draw gives
        /// the same value and so the same seed: spellings choose nothing.
        #[test]
        fn spellings_never_change_the_seed(
            picks in proptest::sample::subsequence((1u32..=50).collect::<Vec<_>>(), 5),
            stars in proptest::sample::subsequence((1u32..=12).collect::<Vec<_>>(), 2),
            order in proptest::collection::vec(0usize..7, 7),
            separators in proptest::collection::vec(
                proptest::sample::select(vec![" ", ", ", "-", " / ", "  ", " + ", " étoile "]), 7),
        ) {
            let mut main = picks.clone();
            for (i, &j) in order.iter().take(5).enumerate() {
                main.swap(i, j % 5);
            }
            let typed: String = main
                .iter()
                .chain(stars.iter().rev())
                .zip(&separators)
                .map(|(n, sep)| format!("{n:02}{sep}"))
                .collect();
            let value = ValueFormat::EuroMillions.canonical(&typed).unwrap();
            let mut t = honest();
            t.public_values[0].value = value;
            t.public_values[0].format = Some(ValueFormat::EuroMillions);
            let seed = derive_seed(&t).unwrap().seed;
            let sorted = format!(
                "{} + {}",
                picks.iter().map(u32::to_string).collect::<Vec<_>>().join(" "),
                stars.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
            );
            t.public_values[0].value = sorted;
            proptest::prop_assert_eq!(derive_seed(&t).unwrap().seed, seed);
            proptest::prop_assert_eq!(check_chain(&t), Ok(()));
        }
    }
}
