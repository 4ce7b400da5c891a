//! The assembly's composition over its term (`/assemblee`): for each census
//! category, the seats its share of Paris calls for, the range the draw
//! allowed, the seats the draw gave it and those it holds today, after
//! departures and replacements; the replacement rounds; how many members
//! came to each sitting and took part in each vote. Counts only: never a
//! named member's record.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::quotas::FEATURES;

/// A person's census profile: feature → value (`gender` → `female`).
pub type Profile = BTreeMap<String, String>;

/// One value's quota, as the draw's record publishes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaLine {
    pub feature: String,
    pub value: String,
    pub min: u32,
    pub max: u32,
}

/// One value of a category: its census target, its allowed range, its
/// seats at the draw and today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub value: String,
    /// Seats its share of the census calls for (None outside the census).
    pub target: Option<f64>,
    pub min: u32,
    pub max: u32,
    pub at_draw: u32,
    pub today: u32,
}

impl Row {
    /// Departures and replacements took it out of the range the draw kept.
    pub fn outside(&self) -> bool {
        self.today < self.min || self.today > self.max
    }
}

/// A census feature and its values, in the census's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub feature: String,
    pub rows: Vec<Row>,
}

/// The composition of a cohort seating `seats`, from its quotas and the
/// profiles of its members at the draw and today. Features and values
/// come in the census's order; others after, in the quotas' order.
pub fn categories(
    quotas: &[QuotaLine],
    seats: u32,
    at_draw: &[Profile],
    today: &[Profile],
) -> Vec<Category> {
    let count = |people: &[Profile], feature: &str, value: &str| {
        let n = people
            .iter()
            .filter(|p| p.get(feature).is_some_and(|v| v == value))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let rank = |feature: &str, value: &str| match FEATURES.iter().position(|(f, _)| *f == feature) {
        None => (usize::MAX, usize::MAX),
        Some(i) => (
            i,
            FEATURES[i]
                .1
                .iter()
                .position(|s| s.value == value)
                .unwrap_or(usize::MAX),
        ),
    };
    let mut lines: Vec<&QuotaLine> = quotas.iter().collect();
    lines.sort_by_key(|q| rank(&q.feature, &q.value));
    let mut categories: Vec<Category> = Vec::new();
    for q in lines {
        let row = Row {
            value: q.value.clone(),
            target: crate::quotas::target(&q.feature, &q.value, seats),
            min: q.min,
            max: q.max,
            at_draw: count(at_draw, &q.feature, &q.value),
            today: count(today, &q.feature, &q.value),
        };
        match categories.last_mut() {
            Some(c) if c.feature == q.feature => c.rows.push(row),
            _ => categories.push(Category {
                feature: q.feature.clone(),
                rows: vec![row],
            }),
        }
    }
    categories
}

/// A replacement round: when it ran and how many seats it filled again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub round: i32,
    pub at: DateTime<Utc>,
    pub replaced: u32,
}

/// How many sitting members came to a sitting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingTurnout {
    pub id: i64,
    pub day: NaiveDate,
    pub seated: u32,
    pub present: u32,
}

/// How many of those who could vote did, in a closed vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteTurnout {
    pub proposal_id: i64,
    pub title: String,
    pub closed_at: DateTime<Utc>,
    pub eligible: u32,
    pub cast: u32,
}

/// A share in whole percent, None of nothing.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| {
        u32::try_from((u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole))
            .unwrap_or(u32::MAX)
    })
}

/// The sitting cohort's composition and participation, as `/assemblee`
/// shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Composition {
    pub draw_id: i64,
    pub title: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub seats: u32,
    /// Members sitting today (accepted, not left).
    pub sitting: u32,
    /// Seats empty today: a departure or a refusal not yet made good (a
    /// newcomer invited sits once they accept).
    pub empty: u32,
    pub categories: Vec<Category>,
    pub rounds: Vec<Round>,
    pub sittings: Vec<SittingTurnout>,
    pub votes: Vec<VoteTurnout>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(gender: &str, district: &str) -> Profile {
        [("gender", gender), ("district", district)]
            .into_iter()
            .map(|(f, v)| (f.to_owned(), v.to_owned()))
            .collect()
    }

    fn line(feature: &str, value: &str, min: u32, max: u32) -> QuotaLine {
        QuotaLine {
            feature: feature.into(),
            value: value.into(),
            min,
            max,
        }
    }

    #[test]
    fn each_value_counts_its_seats_at_the_draw_and_today_in_census_order() {
        // Quotas listed out of order: districts first, male before female.
        let quotas = [
            line("district", "75105", 0, 1),
            line("district", "paris-centre", 0, 2),
            line("gender", "male", 1, 2),
            line("gender", "female", 1, 2),
        ];
        let drawn = [
            profile("female", "paris-centre"),
            profile("male", "paris-centre"),
            profile("female", "75105"),
        ];
        // A woman of the 5th left; a man of Paris Centre replaced her.
        let today = [
            profile("female", "paris-centre"),
            profile("male", "paris-centre"),
            profile("male", "paris-centre"),
        ];
        let c = categories(&quotas, 3, &drawn, &today);
        assert_eq!(
            c.iter().map(|c| c.feature.as_str()).collect::<Vec<_>>(),
            ["gender", "district"]
        );
        let gender = &c[0].rows;
        assert_eq!(
            gender
                .iter()
                .map(|r| (r.value.as_str(), r.at_draw, r.today))
                .collect::<Vec<_>>(),
            [("female", 2, 1), ("male", 1, 2)]
        );
        assert!(gender.iter().all(|r| !r.outside()));
        let district = &c[1].rows;
        assert_eq!(
            district
                .iter()
                .map(|r| (r.value.as_str(), r.at_draw, r.today, r.outside()))
                .collect::<Vec<_>>(),
            [("paris-centre", 2, 3, true), ("75105", 1, 0, false)]
        );
        // The census target: the value's share of Paris × seats.
        let female = gender[0].target.unwrap();
        let male = gender[1].target.unwrap();
        assert!((female + male - 3.0).abs() < 1e-9);
        assert!(female > male);
    }

    #[test]
    fn a_value_outside_the_census_has_no_target_and_comes_last() {
        let quotas = [line("pet", "cat", 0, 5), line("gender", "female", 0, 5)];
        let c = categories(&quotas, 10, &[], &[]);
        assert_eq!(c[0].feature, "gender");
        assert_eq!(c[1].rows[0].target, None);
        assert_eq!((c[1].rows[0].at_draw, c[1].rows[0].today), (0, 0));
    }

    #[test]
    fn shares_are_rounded_whole_percents_and_none_of_nothing() {
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(100, 100), Some(100));
    }
}
