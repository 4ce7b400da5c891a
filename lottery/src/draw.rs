//! Seed → index, and replacements. The exact rules are in docs/LOTTERY.md so
//! that anyone can reimplement them:
//!
//! * the stream is ChaCha20 (20 rounds) keyed with the 32-byte seed, nonce 0,
//!   block counter from 0, read as consecutive little-endian `u32` words;
//! * a uniform integer in `0..n` takes the next word `x` and accepts it if
//!   `x < 2³² − (2³² mod n)`, returning `x mod n`; otherwise it takes the
//!   next word (rejection sampling: no modulo bias, no floats).

use std::collections::BTreeSet;

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::model::Model;
use crate::types::{Draw, Inputs, Lottery, LotteryError, Replacement};

/// The ChaCha20 stream of a 32-byte key.
pub(crate) fn stream(key: [u8; 32]) -> ChaCha20Rng {
    ChaCha20Rng::from_seed(key)
}

/// Unbiased uniform integer in `0..n` (`n ≥ 1`) by rejection from `u32` words.
pub(crate) fn uniform(rng: &mut ChaCha20Rng, n: u32) -> u32 {
    debug_assert!(n >= 1);
    let n64 = u64::from(n);
    let limit = (1u64 << 32) - ((1u64 << 32) % n64);
    loop {
        let x = u64::from(rng.next_u32());
        if x < limit {
            return (x % n64) as u32;
        }
    }
}

/// Parses a seed written as 64 hex digits.
pub fn parse_seed(hex_seed: &str) -> Result<[u8; 32], LotteryError> {
    let bytes = hex::decode(hex_seed.trim()).map_err(|_| LotteryError::BadSeed)?;
    bytes.try_into().map_err(|_| LotteryError::BadSeed)
}

/// Picks the panel: index = uniform(ChaCha20(seed), number of panels).
pub fn pick(lottery: &Lottery, seed: &[u8; 32]) -> Result<Draw, LotteryError> {
    let m = u32::try_from(lottery.panels.len()).map_err(|_| LotteryError::EmptyLottery)?;
    if m == 0 {
        return Err(LotteryError::EmptyLottery);
    }
    let mut rng = stream(*seed);
    let index = uniform(&mut rng, m);
    Ok(Draw {
        seed: hex::encode(seed),
        index,
        panel: lottery.panels[index as usize].clone(),
    })
}

/// Replaces `leaver` on `panel`: the eligible candidates are the pool members
/// not on the panel and not in `excluded` such that the panel without the
/// leaver plus the candidate meets every quota; sorted by id, one is chosen
/// with index = uniform(ChaCha20(seed), number of eligible).
/// Use fresh public randomness for `seed`, never the draw's seed.
pub fn replace(
    inputs: &Inputs,
    panel: &[String],
    leaver: &str,
    excluded: &[String],
    seed: &[u8; 32],
) -> Result<Replacement, LotteryError> {
    let model = Model::build(inputs)?;
    if !panel.iter().any(|id| id == leaver) {
        return Err(LotteryError::NotOnPanel {
            id: leaver.to_string(),
        });
    }
    // Value rows of each pool member.
    let mut values_of: Vec<&[usize]> = vec![&[]; inputs.pool.len()];
    for prof in &model.profiles {
        for &i in &prof.members {
            values_of[i] = &prof.values;
        }
    }
    let on_panel: BTreeSet<&str> = panel.iter().map(String::as_str).collect();
    let banned: BTreeSet<&str> = excluded.iter().map(String::as_str).collect();
    let mut counts = vec![0i64; model.values.len()];
    for (i, p) in inputs.pool.iter().enumerate() {
        if on_panel.contains(p.id.as_str()) && p.id != leaver {
            for &v in values_of[i] {
                counts[v] += 1;
            }
        }
    }
    let mut eligible: Vec<(&str, usize)> = Vec::new();
    for (i, p) in inputs.pool.iter().enumerate() {
        if on_panel.contains(p.id.as_str()) || banned.contains(p.id.as_str()) {
            continue;
        }
        let ok = model.values.iter().enumerate().all(|(v, row)| {
            let n = counts[v] + i64::from(values_of[i].contains(&v));
            n >= i64::from(row.min) && n <= i64::from(row.max)
        });
        if ok {
            eligible.push((p.id.as_str(), i));
        }
    }
    eligible.sort();
    if eligible.is_empty() {
        return Err(LotteryError::NoReplacement {
            id: leaver.to_string(),
        });
    }
    let mut rng = stream(*seed);
    let index = uniform(&mut rng, eligible.len() as u32);
    let chosen = eligible[index as usize].0.to_string();
    let mut new_panel: Vec<String> = panel.iter().filter(|id| *id != leaver).cloned().collect();
    new_panel.push(chosen.clone());
    new_panel.sort();
    Ok(Replacement {
        seed: hex::encode(seed),
        leaver: leaver.to_string(),
        eligible: eligible.iter().map(|(id, _)| (*id).to_string()).collect(),
        index,
        replacement: chosen,
        panel: new_panel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_rfc_8439_chacha20_with_a_zero_nonce() {
        // RFC 8439 / RFC 7539 appendix A.1, test vector #1: all-zero key and
        // nonce, block counter 0; keystream starts 76 b8 e0 ad a0 f1 3d 90.
        let mut rng = stream([0u8; 32]);
        assert_eq!(rng.next_u32(), 0xade0_b876);
        assert_eq!(rng.next_u32(), 0x903d_f1a0);
    }

    #[test]
    fn uniform_rejects_words_in_the_biased_tail() {
        // For n = 3 the limit is 2^32 − 1: every word but 0xffff_ffff is kept.
        // Over many draws from n = 1000 the results stay in range and every
        // residue class is reachable.
        let mut rng = stream([7u8; 32]);
        let mut seen = [false; 10];
        for _ in 0..2000 {
            let x = uniform(&mut rng, 1000);
            assert!(x < 1000);
            seen[(x / 100) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn uniform_of_one_is_always_zero() {
        let mut rng = stream([1u8; 32]);
        assert_eq!(uniform(&mut rng, 1), 0);
    }

    #[test]
    fn a_seed_must_be_exactly_64_hex_digits() {
        assert!(parse_seed(&"ab".repeat(32)).is_ok());
        assert_eq!(parse_seed("abcd"), Err(LotteryError::BadSeed));
        assert_eq!(parse_seed(&"zz".repeat(32)), Err(LotteryError::BadSeed));
    }
}
