//! Deterministic synthetic pools for tests, the wasm determinism check and
//! the benchmark: a pool skewed away from the population, with quotas set
//! from population shares (target ± tolerance), as organisers do.

use std::collections::BTreeMap;

use crate::draw::{stream, uniform};
use crate::types::{Inputs, Objective, Person, Quota};

/// A category: name, then (value, population share weight, pool weight).
pub type CategorySpec = (&'static str, &'static [(&'static str, u32, u32)]);

/// Four features (3 × 5 × 4 × 6 values) with a skewed pool, as in the
/// design notes' benchmark.
pub const BENCHMARK: &[CategorySpec] = &[
    (
        "gender",
        &[("female", 50, 55), ("male", 48, 43), ("other", 2, 2)],
    ),
    (
        "age",
        &[
            ("16-29", 22, 12),
            ("30-44", 25, 22),
            ("45-59", 24, 26),
            ("60-74", 19, 28),
            ("75+", 10, 12),
        ],
    ),
    (
        "diploma",
        &[
            ("none", 20, 8),
            ("secondary", 30, 22),
            ("bachelor", 25, 30),
            ("master", 25, 40),
        ],
    ),
    (
        "district",
        &[
            ("d1", 10, 20),
            ("d2", 15, 18),
            ("d3", 15, 14),
            ("d4", 20, 17),
            ("d5", 20, 16),
            ("d6", 20, 15),
        ],
    ),
];

fn categorical(rng: &mut rand_chacha::ChaCha20Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = uniform(rng, total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// A pool of `n` people and quotas for a panel of `k`: each quota is the
/// population share × k rounded down/up, widened by `tolerance` seats.
pub fn inputs(spec: &[CategorySpec], n: usize, k: u32, tolerance: u32, seed: u64) -> Inputs {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut rng = stream(key);
    let mut pool = Vec::with_capacity(n);
    for i in 0..n {
        let mut features = BTreeMap::new();
        for (cat, values) in spec {
            let w: Vec<u32> = values.iter().map(|v| v.2).collect();
            let v = categorical(&mut rng, &w);
            features.insert((*cat).to_string(), values[v].0.to_string());
        }
        pool.push(Person {
            id: format!("p{i:05}"),
            features,
            weight: None,
        });
    }
    let mut quotas = BTreeMap::new();
    for (cat, values) in spec {
        let total: u32 = values.iter().map(|v| v.1).sum();
        let mut m = BTreeMap::new();
        for (name, share, _) in values.iter() {
            let lo = (u64::from(*share) * u64::from(k) / u64::from(total)) as u32;
            let hi = (u64::from(*share) * u64::from(k)).div_ceil(u64::from(total)) as u32;
            m.insert(
                (*name).to_string(),
                Quota {
                    min: lo.saturating_sub(tolerance),
                    max: hi + tolerance,
                },
            );
        }
        quotas.insert((*cat).to_string(), m);
    }
    Inputs {
        pool,
        quotas,
        k,
        objective: Objective::Leximin,
    }
}
