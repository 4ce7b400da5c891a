//! How identifying a published pool is. Verification needs every
//! volunteer's quota features, so the pool is published with them; this
//! measures what that reveals: the size of each group of people who share
//! a combination of published features (k-anonymity). Someone unique on
//! them is singled out by anyone who knows those few facts about them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Inputs;

/// How the pool splits on some features.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Uniqueness {
    pub features: Vec<String>,
    pub people: usize,
    /// Distinct combinations of the features' values.
    pub groups: usize,
    /// People alone in their group.
    pub unique: usize,
    /// People in a group of fewer than five.
    pub under_five: usize,
    /// The smallest group's size (the pool's k-anonymity on these features).
    pub k: usize,
}

/// The pool's groups on `features` (a person without one of them counts
/// it as an empty value).
pub fn uniqueness(inputs: &Inputs, features: &[&str]) -> Uniqueness {
    let mut groups: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
    for person in &inputs.pool {
        let key = features
            .iter()
            .map(|f| person.features.get(*f).map_or("", String::as_str))
            .collect();
        *groups.entry(key).or_default() += 1;
    }
    let in_groups = |small: usize| groups.values().filter(|&&size| size < small).sum::<usize>();
    Uniqueness {
        features: features.iter().map(|f| (*f).to_owned()).collect(),
        people: inputs.pool.len(),
        groups: groups.len(),
        unique: in_groups(2),
        under_five: in_groups(5),
        k: groups.values().copied().min().unwrap_or(0),
    }
}

/// [`uniqueness`] on every non-empty subset of the quota features, the
/// whole set first, then by fewer features.
pub fn report(inputs: &Inputs) -> Vec<Uniqueness> {
    let all: Vec<&str> = inputs.quotas.keys().map(String::as_str).collect();
    let mut subsets: Vec<Vec<&str>> = (1u32..1 << all.len())
        .map(|mask| {
            all.iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect()
        })
        .collect();
    subsets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    subsets.iter().map(|s| uniqueness(inputs, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(rows: &[(&str, &str)]) -> Inputs {
        let mut inputs = crate::synthetic::inputs(crate::synthetic::BENCHMARK, 1, 1, 1, 1);
        inputs.pool = rows
            .iter()
            .enumerate()
            .map(|(i, (gender, district))| crate::Person {
                id: format!("p{i}"),
                features: [("gender", *gender), ("district", *district)]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
                weight: None,
            })
            .collect();
        inputs
    }

    #[test]
    fn people_alone_in_their_group_are_counted_and_fewer_features_hide_more() {
        let inputs = pool(&[
            ("female", "75111"),
            ("female", "75111"),
            ("male", "75111"),
            ("female", "75120"),
        ]);
        let both = uniqueness(&inputs, &["gender", "district"]);
        assert_eq!(
            (both.groups, both.unique, both.under_five, both.k),
            (3, 2, 4, 1)
        );
        let gender = uniqueness(&inputs, &["gender"]);
        assert_eq!((gender.groups, gender.unique, gender.k), (2, 1, 1));
        let district = uniqueness(&inputs, &["district"]);
        assert_eq!((district.unique, district.k), (1, 1));
        // Dropping a feature never singles out more people.
        assert!(gender.unique <= both.unique && district.unique <= both.unique);
    }
}
