//! A synthetic pool of Parisian volunteers, drawn from the real census
//! figures but skewed the way self-selected volunteers are (older and more
//! educated than the city), which is what makes fair selection hard.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::content::{FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES};

#[derive(Clone, Debug, PartialEq)]
pub struct Volunteer {
    pub pseudonym: String,
    pub display_name: String,
    pub gender: &'static str,
    pub birth_year: i32,
    pub diploma: &'static str,
    pub district: &'static str,
}

/// The Paris districts as they vote since 2020: the 1st to 4th arrondissements
/// form "Paris Centre". Weights are the 2021 legal populations.
pub const DISTRICTS: [(&str, u32); 17] = [
    ("paris-centre", 98_155),
    ("75105", 56_841),
    ("75106", 40_209),
    ("75107", 47_947),
    ("75108", 35_123),
    ("75109", 58_951),
    ("75110", 83_543),
    ("75111", 142_583),
    ("75112", 140_954),
    ("75113", 178_350),
    ("75114", 136_368),
    ("75115", 227_746),
    ("75116", 162_061),
    ("75117", 164_413),
    ("75118", 188_446),
    ("75119", 181_616),
    ("75120", 189_805),
];

/// Age bands of the census, with the birth years they cover in 2026 and how
/// often each band volunteers (in percent of the pool).
const AGE_BANDS: [(&str, i32, i32, u32); 5] = [
    ("16-29", 1997, 2010, 16),
    ("30-44", 1982, 1996, 22),
    ("45-59", 1967, 1981, 27),
    ("60-74", 1952, 1966, 24),
    ("75+", 1932, 1951, 11),
];

/// Diploma levels of the census; volunteers hold more degrees than the city.
const DIPLOMAS: [(&str, u32); 7] = [
    ("none_or_cep", 5),
    ("bepc_brevet", 2),
    ("cap_bep", 6),
    ("baccalaureat", 11),
    ("bac_plus_2", 9),
    ("bac_plus_3_4", 19),
    ("bac_plus_5_or_more", 48),
];

/// The age band of someone born in `birth_year`, as of 2026.
pub fn age_band(birth_year: i32) -> &'static str {
    AGE_BANDS
        .iter()
        .find(|(_, from, to, _)| (*from..=*to).contains(&birth_year))
        .map_or("75+", |(band, ..)| band)
}

pub fn generate_pool(rng: &mut ChaCha8Rng, size: usize) -> Vec<Volunteer> {
    (0..size)
        .map(|_| {
            let female = rng.random_range(0..100) < 56;
            let first = if female {
                FIRST_NAMES_F[rng.random_range(0..FIRST_NAMES_F.len())]
            } else {
                FIRST_NAMES_M[rng.random_range(0..FIRST_NAMES_M.len())]
            };
            let last = LAST_NAMES[rng.random_range(0..LAST_NAMES.len())];
            let (_, from, to, _) = AGE_BANDS[weighted(rng, AGE_BANDS.map(|b| b.3).as_slice())];
            Volunteer {
                pseudonym: pseudonym(rng),
                display_name: format!("{first} {last}"),
                gender: if female { "female" } else { "male" },
                birth_year: rng.random_range(from..=to),
                diploma: DIPLOMAS[weighted(rng, DIPLOMAS.map(|d| d.1).as_slice())].0,
                district: DISTRICTS[weighted(rng, DISTRICTS.map(|d| d.1).as_slice())].0,
            }
        })
        .collect()
}

/// Chooses `seats` volunteers with gender parity: the demo's sitting
/// assembly.
pub fn select_panel(pool: &[Volunteer], seats: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let mut chosen = Vec::with_capacity(seats);
    for gender in ["female", "male"] {
        let mut candidates: Vec<usize> = (0..pool.len())
            .filter(|&i| pool[i].gender == gender)
            .collect();
        for _ in 0..seats / 2 {
            if candidates.is_empty() {
                break;
            }
            chosen.push(candidates.swap_remove(rng.random_range(0..candidates.len())));
        }
    }
    chosen.sort_unstable();
    chosen
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut roll = rng.random_range(0..total.max(1));
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
