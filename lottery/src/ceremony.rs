//! The seed ceremony: a commit-reveal among contributors, optionally with
//! public values announced in advance (a national lottery result), so that
//! nobody — not the server, not a facilitator — could have steered the seed
//! as long as one contributor is honest.
//!
//! 1. Once the pool is committed (its inputs hash is public), each
//!    contributor publishes `commitment(contributor, secret)`.
//! 2. When the commitment phase closes, each reveals the secret; a reveal
//!    that does not match its commitment is refused.
//! 3. The seed is SHA-256 over [`SEED_FORMAT`], the inputs hash, then every
//!    valid reveal in the order the commitments were published, then the
//!    public values, each field length-prefixed. Commitments never revealed
//!    are listed and left out.

use serde::{Deserialize, Serialize};
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
}

/// Why a transcript gives no seed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
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
        t.public_values.push(PublicValue {
            description: "Loto, tirage du 12 mai 2027".into(),
            value: "7 12 23 34 45 + 6".into(),
        });
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
}
