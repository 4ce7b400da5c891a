//! A synthetic pool of Parisian volunteers, drawn from the census figures
//! but skewed the way self-selected volunteers are (older and more educated
//! than the city), which is what makes fair selection hard.

use domain::census::{self, Share};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::content::{FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES};

/// The year the demo pool is drawn in (age bands are computed for it).
pub const DRAW_YEAR: i32 = 2026;

#[derive(Clone, Debug, PartialEq)]
pub struct Volunteer {
    pub pseudonym: String,
    pub display_name: String,
    pub gender: &'static str,
    pub birth_year: i32,
    pub diploma: &'static str,
    pub district: &'static str,
}

/// How often each age band volunteers, in percent of the pool, and the ages
/// it spans.
const AGE_SKEW: [(u32, i32, i32); 5] = [
    (16, 16, 29),
    (22, 30, 44),
    (27, 45, 59),
    (24, 60, 74),
    (11, 75, 94),
];

/// How often each diploma level volunteers (same order as the census).
const DIPLOMA_SKEW: [f64; 7] = [5.0, 2.0, 6.0, 11.0, 9.0, 19.0, 48.0];

pub fn generate_pool(rng: &mut ChaCha8Rng, size: usize) -> Vec<Volunteer> {
    let diplomas: Vec<Share> = census::DIPLOMAS
        .iter()
        .zip(DIPLOMA_SKEW)
        .map(|(d, weight)| Share {
            value: d.value,
            weight,
        })
        .collect();
    (0..size)
        .map(|_| {
            let female = rng.random_range(0..100) < 56;
            let first = if female {
                FIRST_NAMES_F[rng.random_range(0..FIRST_NAMES_F.len())]
            } else {
                FIRST_NAMES_M[rng.random_range(0..FIRST_NAMES_M.len())]
            };
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let ages: Vec<f64> = AGE_SKEW.iter().map(|a| f64::from(a.0)).collect();
            let (_, youngest, oldest) = AGE_SKEW[weighted(rng, &ages)];
            let district_weights: Vec<f64> = census::DISTRICTS.iter().map(|d| d.weight).collect();
            let diploma_weights: Vec<f64> = diplomas.iter().map(|d| d.weight).collect();
            Volunteer {
                pseudonym: pseudonym(rng),
                display_name: format!("{first} {last}"),
                gender: if female { "female" } else { "male" },
                birth_year: DRAW_YEAR - rng.random_range(youngest..=oldest),
                diploma: diplomas[weighted(rng, &diploma_weights)].value,
                district: census::DISTRICTS[weighted(rng, &district_weights)].value,
            }
        })
        .collect()
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut roll = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

/// Pseudonyms avoid look-alike characters so that people can read them aloud.
fn pseudonym(rng: &mut ChaCha8Rng) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let code: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("V-{code}")
}
