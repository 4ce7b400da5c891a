//! A draw's quota sheet as a facilitator edits it: the census target of
//! every value, and the checks that run live in the browser while they type
//! and again on the server when they save. (The engine proves the rest: a
//! sheet that passes here can still be infeasible for a given pool.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::census::{self, QuotaRule, Share};

/// The features of a Paris draw and their census shares, in display order.
pub const FEATURES: [(&str, &[Share]); 4] = [
    (census::GENDER, &census::SEX),
    (census::AGE_BAND, &census::AGE_BANDS),
    (census::DIPLOMA, &census::DIPLOMAS),
    (census::DISTRICT, &census::DISTRICTS),
];

/// Seats per value and per feature beyond which a sheet is nonsense.
pub const MAX_SEATS: u32 = 500;

/// The census target of a value: its share of the population × seats.
pub fn target(feature: &str, value: &str, seats: u32) -> Option<f64> {
    let (_, shares) = FEATURES.iter().find(|(f, _)| *f == feature)?;
    let total: f64 = shares.iter().map(|s| s.weight).sum();
    let share = shares.iter().find(|s| s.value == value)?;
    Some(share.weight / total * f64::from(seats))
}

/// How many volunteers in the pool have each `(feature, value)`.
pub type PoolCounts = BTreeMap<(String, String), u32>;

/// What is wrong with a quota sheet, for the facilitator to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotaProblem {
    /// The sheet does not list exactly the census values (each once).
    WrongValues,
    MinAboveMax {
        feature: String,
        value: String,
    },
    /// The minimums of a feature leave no room: they add up past the seats.
    MinimumsTooHigh {
        feature: String,
        sum: u32,
        seats: u32,
    },
    /// The maximums of a feature cannot fill the seats.
    MaximumsTooLow {
        feature: String,
        sum: u32,
        seats: u32,
    },
    /// Fewer volunteers so far than the minimum (a warning while the pool
    /// is open; it blocks the commitment).
    FewerVolunteers {
        feature: String,
        value: String,
        min: u32,
        volunteers: u32,
    },
}

impl QuotaProblem {
    /// A problem that the pool may still fix by growing.
    pub fn is_pool_shortage(&self) -> bool {
        matches!(self, QuotaProblem::FewerVolunteers { .. })
    }
}

/// Every problem of `rules` for `seats` seats, and against the pool so far
/// when its counts are known. An empty list means the sheet can be saved.
pub fn check(rules: &[QuotaRule], seats: u32, pool: Option<&PoolCounts>) -> Vec<QuotaProblem> {
    let mut problems = Vec::new();
    let expected: Vec<(&str, &str)> = FEATURES
        .iter()
        .flat_map(|(f, shares)| shares.iter().map(move |s| (*f, s.value)))
        .collect();
    let mut given: Vec<(&str, &str)> = rules
        .iter()
        .map(|r| (r.feature.as_str(), r.value.as_str()))
        .collect();
    given.sort_unstable();
    let mut wanted = expected.clone();
    wanted.sort_unstable();
    if given != wanted || rules.iter().any(|r| r.max > MAX_SEATS) {
        return vec![QuotaProblem::WrongValues];
    }
    for rule in rules.iter().filter(|r| r.min > r.max) {
        problems.push(QuotaProblem::MinAboveMax {
            feature: rule.feature.clone(),
            value: rule.value.clone(),
        });
    }
    for (feature, _) in FEATURES {
        let of_feature = rules.iter().filter(|r| r.feature == feature);
        let (min, max) = of_feature.fold((0, 0), |(a, b), r| (a + r.min, b + r.max));
        if min > seats {
            problems.push(QuotaProblem::MinimumsTooHigh {
                feature: feature.to_owned(),
                sum: min,
                seats,
            });
        }
        if max < seats {
            problems.push(QuotaProblem::MaximumsTooLow {
                feature: feature.to_owned(),
                sum: max,
                seats,
            });
        }
    }
    if let Some(pool) = pool {
        for rule in rules {
            let volunteers = pool
                .get(&(rule.feature.clone(), rule.value.clone()))
                .copied()
                .unwrap_or(0);
            if volunteers < rule.min {
                problems.push(QuotaProblem::FewerVolunteers {
                    feature: rule.feature.clone(),
                    value: rule.value.clone(),
                    min: rule.min,
                    volunteers,
                });
            }
        }
    }
    problems
}

/// The sum of minimums and of maximums of each feature, in display order.
pub fn sums(rules: &[QuotaRule]) -> Vec<(&'static str, u32, u32)> {
    FEATURES
        .iter()
        .map(|(feature, _)| {
            let (min, max) = rules
                .iter()
                .filter(|r| r.feature == *feature)
                .fold((0, 0), |(a, b), r| (a + r.min, b + r.max));
            (*feature, min, max)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::paris_default_quotas;

    #[test]
    fn the_census_defaults_pass_for_any_assembly_size() {
        for seats in [10, 50, 100, 150] {
            for tolerance in 0..3 {
                let rules = paris_default_quotas(seats, tolerance);
                assert_eq!(check(&rules, seats, None), vec![], "{seats} ±{tolerance}");
            }
        }
    }

    #[test]
    fn targets_of_a_feature_add_up_to_the_seats() {
        for (feature, shares) in FEATURES {
            let total: f64 = shares
                .iter()
                .map(|s| target(feature, s.value, 100).unwrap())
                .sum();
            assert!((total - 100.0).abs() < 1e-9, "{feature}: {total}");
        }
        assert_eq!(target("gender", "robot", 100), None);
        assert_eq!(target("hair", "red", 100), None);
    }

    #[test]
    fn minimums_past_the_seats_and_maximums_short_of_them_are_named() {
        let mut rules = paris_default_quotas(100, 1);
        for r in rules.iter_mut().filter(|r| r.feature == census::GENDER) {
            r.min = 60;
            r.max = 70;
        }
        for r in rules.iter_mut().filter(|r| r.feature == census::AGE_BAND) {
            r.min = 0;
            r.max = 10;
        }
        let problems = check(&rules, 100, None);
        assert_eq!(
            problems,
            vec![
                QuotaProblem::MinimumsTooHigh {
                    feature: "gender".into(),
                    sum: 120,
                    seats: 100
                },
                QuotaProblem::MaximumsTooLow {
                    feature: "age_band".into(),
                    sum: 50,
                    seats: 100
                },
            ]
        );
    }

    #[test]
    fn a_minimum_above_its_maximum_is_named() {
        let mut rules = paris_default_quotas(100, 1);
        let women = rules.iter_mut().find(|r| r.value == "female").unwrap();
        women.min = 56;
        let problems = check(&rules, 100, None);
        assert!(problems.contains(&QuotaProblem::MinAboveMax {
            feature: "gender".into(),
            value: "female".into()
        }));
    }

    #[test]
    fn a_sheet_missing_a_value_or_with_an_unknown_one_is_refused_whole() {
        let mut rules = paris_default_quotas(100, 1);
        rules.pop();
        assert_eq!(check(&rules, 100, None), vec![QuotaProblem::WrongValues]);
        let mut rules = paris_default_quotas(100, 1);
        rules[0].value = "robot".into();
        assert_eq!(check(&rules, 100, None), vec![QuotaProblem::WrongValues]);
        let mut rules = paris_default_quotas(100, 1);
        let copy = rules[0].clone();
        rules[1] = copy;
        assert_eq!(check(&rules, 100, None), vec![QuotaProblem::WrongValues]);
        let mut rules = paris_default_quotas(100, 1);
        rules[0].max = MAX_SEATS + 1;
        assert_eq!(check(&rules, 100, None), vec![QuotaProblem::WrongValues]);
    }

    #[test]
    fn a_pool_short_of_a_minimum_is_a_shortage() {
        let rules = paris_default_quotas(100, 1);
        let mut pool = PoolCounts::new();
        for r in &rules {
            pool.insert((r.feature.clone(), r.value.clone()), r.min);
        }
        assert_eq!(check(&rules, 100, Some(&pool)), vec![]);
        pool.insert(("district".into(), "75113".into()), 2);
        let problems = check(&rules, 100, Some(&pool));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_pool_shortage());
        assert_eq!(
            problems[0],
            QuotaProblem::FewerVolunteers {
                feature: "district".into(),
                value: "75113".into(),
                min: 7,
                volunteers: 2
            }
        );
    }

    #[test]
    fn sums_follow_the_display_order() {
        let rules = paris_default_quotas(100, 0);
        let s = sums(&rules);
        assert_eq!(
            s.iter().map(|(f, _, _)| *f).collect::<Vec<_>>(),
            ["gender", "age_band", "diploma", "district"]
        );
        assert!(s.iter().all(|(_, min, max)| *min <= 100 && 100 <= *max));
    }
}
