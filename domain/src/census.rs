//! Paris census figures (INSEE) and the default quotas of a draw derived
//! from them. A facilitator edits every quota; these are the starting point.
//!
//! Sources (see `../shared/data/paris/README.md` in the project's workspace):
//! legal populations 2021 by arrondissement; population aged 15+ by sex,
//! census 2020; population by age band, census 2015; highest diploma of the
//! non-student population aged 15+, census 2019 (shares as printed).

use serde::{Deserialize, Serialize};

/// One value of a feature and its weight in the population.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub value: &'static str,
    pub weight: f64,
}

const fn share(value: &'static str, weight: f64) -> Share {
    Share { value, weight }
}

pub const GENDER: &str = "gender";
pub const AGE_BAND: &str = "age_band";
pub const DIPLOMA: &str = "diploma";
pub const DISTRICT: &str = "district";

pub const SEX: [Share; 2] = [share("female", 996_035.0), share("male", 861_497.0)];

pub const AGE_BANDS: [Share; 5] = [
    share("16-29", 514_644.0),
    share("30-44", 498_914.0),
    share("45-59", 404_781.0),
    share("60-74", 305_908.0),
    share("75+", 169_990.0),
];

pub const DIPLOMAS: [Share; 7] = [
    share("none_or_cep", 0.124),
    share("bepc_brevet", 0.038),
    share("cap_bep", 0.080),
    share("baccalaureat", 0.126),
    share("bac_plus_2", 0.083),
    share("bac_plus_3_4", 0.155),
    share("bac_plus_5_or_more", 0.395),
];

/// The districts as they vote since 2020: the 1st to 4th arrondissements
/// form "Paris Centre" (legal populations 2021).
pub const DISTRICTS: [Share; 17] = [
    share("paris-centre", 98_155.0),
    share("75105", 56_841.0),
    share("75106", 40_209.0),
    share("75107", 47_947.0),
    share("75108", 35_123.0),
    share("75109", 58_951.0),
    share("75110", 83_543.0),
    share("75111", 142_583.0),
    share("75112", 140_954.0),
    share("75113", 178_350.0),
    share("75114", 136_368.0),
    share("75115", 227_746.0),
    share("75116", 162_061.0),
    share("75117", 164_413.0),
    share("75118", 188_446.0),
    share("75119", 181_616.0),
    share("75120", 189_805.0),
];

/// The age band of someone born in `birth_year`, in the year `at_year`, or
/// `None` under 16 (the assembly's minimum age).
pub fn age_band(birth_year: i32, at_year: i32) -> Option<&'static str> {
    match at_year - birth_year {
        age if age < 16 => None,
        16..=29 => Some("16-29"),
        30..=44 => Some("30-44"),
        45..=59 => Some("45-59"),
        60..=74 => Some("60-74"),
        _ => Some("75+"),
    }
}

/// A quota on one value of one feature: between `min` and `max` seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRule {
    pub feature: String,
    pub value: String,
    pub min: u32,
    pub max: u32,
}

/// Quotas proportional to `shares`: the target `share × seats` rounded down
/// and up, widened by `tolerance` seats on each side.
pub fn proportional_quotas(
    feature: &str,
    shares: &[Share],
    seats: u32,
    tolerance: u32,
) -> Vec<QuotaRule> {
    let total: f64 = shares.iter().map(|s| s.weight).sum();
    shares
        .iter()
        .map(|s| {
            let target = s.weight / total * f64::from(seats);
            // Targets are small positive numbers: the casts cannot truncate.
            let (low, high) = (target.floor() as u32, target.ceil() as u32);
            QuotaRule {
                feature: feature.to_owned(),
                value: s.value.to_owned(),
                min: low.saturating_sub(tolerance),
                max: (high + tolerance).min(seats),
            }
        })
        .collect()
}

/// The default quotas of a Paris draw: gender, age band, diploma and
/// district in proportion to the census, each widened by `tolerance`.
pub fn paris_default_quotas(seats: u32, tolerance: u32) -> Vec<QuotaRule> {
    [
        (GENDER, &SEX[..]),
        (AGE_BAND, &AGE_BANDS[..]),
        (DIPLOMA, &DIPLOMAS[..]),
        (DISTRICT, &DISTRICTS[..]),
    ]
    .into_iter()
    .flat_map(|(feature, shares)| proportional_quotas(feature, shares, seats, tolerance))
    .collect()
}

/// A volunteer's pseudonym made from 32 random bytes: `V-` and eight
/// characters that can be read aloud (no look-alikes such as 0/O or 1/I).
/// It is their receipt, and their id in the published pool.
pub fn pseudonym(random: [u8; 32]) -> String {
    readable_code("V-", random)
}

/// A member's public label, made like a pseudonym but `M-`: how a member
/// who keeps their name private appears on the roster and in named
/// ballots. It is drawn apart from the pool pseudonym so that nothing
/// public links a member to the profile the draw record publishes.
pub fn member_label(random: [u8; 32]) -> String {
    readable_code("M-", random)
}

fn readable_code(prefix: &str, random: [u8; 32]) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    // 31 letters: bytes below 248 (8 × 31) map without bias.
    let code: String = random
        .iter()
        .filter(|b| **b < 248)
        .take(8)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("{prefix}{code}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pseudonym_has_eight_unambiguous_characters_and_no_bias_from_high_bytes() {
        let mut random = [255u8; 32];
        random[..8].copy_from_slice(&[0, 1, 30, 31, 247, 100, 200, 62]);
        let p = pseudonym(random);
        assert_eq!(p, "V-23Z2Z9G2");
        assert!(p[2..].chars().all(|c| !"01OIL".contains(c)));
    }

    #[test]
    fn a_member_label_cannot_be_taken_for_a_pool_pseudonym() {
        let random = [7u8; 32];
        assert_eq!(member_label(random), "M-99999999");
        assert_eq!(pseudonym(random), "V-99999999");
    }

    use super::*;

    #[test]
    fn district_populations_add_up_to_the_insee_total_for_paris() {
        let total: f64 = DISTRICTS.iter().map(|d| d.weight).sum();
        assert_eq!(total, 2_133_111.0);
    }

    #[test]
    fn every_feature_can_seat_exactly_the_assembly() {
        for tolerance in [0, 1, 2] {
            let quotas = paris_default_quotas(100, tolerance);
            for feature in [GENDER, AGE_BAND, DIPLOMA, DISTRICT] {
                let rules: Vec<_> = quotas.iter().filter(|q| q.feature == feature).collect();
                let (min, max): (u32, u32) = (
                    rules.iter().map(|q| q.min).sum(),
                    rules.iter().map(|q| q.max).sum(),
                );
                assert!(
                    min <= 100 && 100 <= max,
                    "{feature} ±{tolerance}: {min}..{max}"
                );
                assert!(rules.iter().all(|q| q.min <= q.max));
            }
        }
    }

    #[test]
    fn quotas_bracket_the_census_target() {
        let quotas = paris_default_quotas(100, 1);
        let women = quotas.iter().find(|q| q.value == "female").unwrap();
        // 53.6 % of residents aged 15+ are women: 53.6 seats.
        assert_eq!((women.min, women.max), (52, 55));
        let graduates = quotas
            .iter()
            .find(|q| q.value == "bac_plus_5_or_more")
            .unwrap();
        assert_eq!((graduates.min, graduates.max), (38, 41));
        let centre = quotas.iter().find(|q| q.value == "paris-centre").unwrap();
        assert_eq!((centre.min, centre.max), (3, 6));
    }

    #[test]
    fn the_assembly_starts_at_sixteen() {
        assert_eq!(age_band(2011, 2026), None);
        assert_eq!(age_band(2010, 2026), Some("16-29"));
        assert_eq!(age_band(1997, 2026), Some("16-29"));
        assert_eq!(age_band(1996, 2026), Some("30-44"));
        assert_eq!(age_band(1951, 2026), Some("75+"));
    }
}

/// A resident's answers when volunteering for a draw's pool, parsed once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volunteering {
    pub gender: &'static str,
    pub birth_year: i32,
    pub age_band: &'static str,
    pub diploma: &'static str,
    pub district: &'static str,
}

/// Why a volunteering form was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VolunteerError {
    UnknownGender,
    BadBirthYear,
    TooYoung,
    UnknownDiploma,
    UnknownDistrict,
    NoConsent,
}

fn known(value: &str, shares: &[Share]) -> Option<&'static str> {
    shares.iter().find(|s| s.value == value).map(|s| s.value)
}

impl Volunteering {
    /// Checks the answers against the census categories; `draw_year` is the
    /// year of the draw (the assembly's minimum age is 16 then).
    pub fn parse(
        gender: &str,
        birth_year: &str,
        diploma: &str,
        district: &str,
        consent: bool,
        draw_year: i32,
    ) -> Result<Volunteering, Vec<(&'static str, VolunteerError)>> {
        let mut errors = Vec::new();
        let gender = known(gender, &SEX);
        if gender.is_none() {
            errors.push(("gender", VolunteerError::UnknownGender));
        }
        let year = birth_year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (draw_year - 110..=draw_year).contains(y));
        let band = match year {
            None => {
                errors.push(("birth_year", VolunteerError::BadBirthYear));
                None
            }
            Some(y) => {
                let band = age_band(y, draw_year);
                if band.is_none() {
                    errors.push(("birth_year", VolunteerError::TooYoung));
                }
                band
            }
        };
        let diploma = known(diploma, &DIPLOMAS);
        if diploma.is_none() {
            errors.push(("diploma", VolunteerError::UnknownDiploma));
        }
        let district = known(district, &DISTRICTS);
        if district.is_none() {
            errors.push(("district", VolunteerError::UnknownDistrict));
        }
        if !consent {
            errors.push(("consent", VolunteerError::NoConsent));
        }
        match (gender, year, band, diploma, district) {
            (Some(gender), Some(birth_year), Some(age_band), Some(diploma), Some(district))
                if errors.is_empty() =>
            {
                Ok(Volunteering {
                    gender,
                    birth_year,
                    age_band,
                    diploma,
                    district,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod volunteering_tests {
    use super::*;

    #[test]
    fn a_complete_form_gives_the_age_band_of_the_draw_year() {
        let v = Volunteering::parse("female", "1990", "bac_plus_2", "75119", true, 2027).unwrap();
        assert_eq!((v.age_band, v.district), ("30-44", "75119"));
    }

    #[test]
    fn every_wrong_answer_is_reported_and_under_sixteen_is_refused() {
        let errors = Volunteering::parse("robot", "2015", "phd", "75101", false, 2027).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["gender", "birth_year", "diploma", "district", "consent"]
        );
        assert!(errors.contains(&("birth_year", VolunteerError::TooYoung)));
        let garbage =
            Volunteering::parse("male", "19x0", "cap_bep", "paris-centre", true, 2027).unwrap_err();
        assert_eq!(garbage, vec![("birth_year", VolunteerError::BadBirthYear)]);
        assert!(
            Volunteering::parse("male", "1900", "cap_bep", "paris-centre", true, 2027).is_err()
        );
    }
}
