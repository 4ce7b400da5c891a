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

/// Paris (residents 16+): real census weights for the quotas (INSEE: sex
/// 2020, age bands 2015, highest diploma 2019, legal population 2021 by
/// arrondissement with the 1st–4th merged as Paris Centre), and a volunteer
/// pool skewed older, more educated and more central, as volunteer pools are.
/// 2 × 5 × 7 × 17 = 1,190 possible profiles: a hard case for aggregation.
pub const PARIS: &[CategorySpec] = &[
    ("sex", &[("female", 996_035, 560), ("male", 861_497, 440)]),
    (
        "age",
        &[
            ("16-29", 514_644, 150),
            ("30-44", 498_914, 230),
            ("45-59", 404_781, 240),
            ("60-74", 305_908, 250),
            ("75+", 169_990, 130),
        ],
    ),
    (
        "diploma",
        &[
            ("none_or_cep", 124, 50),
            ("bepc_brevet", 38, 25),
            ("cap_bep", 80, 50),
            ("baccalaureat", 126, 110),
            ("bac_plus_2", 83, 95),
            ("bac_plus_3_4", 155, 200),
            ("bac_plus_5_or_more", 395, 470),
        ],
    ),
    (
        "arrondissement",
        &[
            ("paris_centre", 98_155, 70),
            ("75105", 56_841, 45),
            ("75106", 40_209, 35),
            ("75107", 47_947, 35),
            ("75108", 35_123, 20),
            ("75109", 58_951, 35),
            ("75110", 83_543, 45),
            ("75111", 142_583, 80),
            ("75112", 140_954, 70),
            ("75113", 178_350, 75),
            ("75114", 136_368, 70),
            ("75115", 227_746, 110),
            ("75116", 162_061, 70),
            ("75117", 164_413, 75),
            ("75118", 188_446, 70),
            ("75119", 181_616, 50),
            ("75120", 189_805, 75),
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
