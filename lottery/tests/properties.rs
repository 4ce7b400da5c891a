//! Property tests on small random pools, checked against brute force.

mod common;

use std::collections::BTreeMap;

use common::{all_feasible_panels, inputs, panel_ok, person, quotas};
use lottery::{Bound, Inputs, LotteryError, compute, round};
use proptest::prelude::*;

fn quiet(_: &lottery::Progress) {}

const GENDERS: [&str; 2] = ["f", "m"];
const AGES: [&str; 3] = ["y", "mid", "o"];

fn instance() -> impl Strategy<Value = Inputs> {
    (3usize..=11)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec((0usize..2, 0usize..3), n),
                1u32..=(n.min(6) as u32),
                proptest::collection::vec((0u32..=2, 0u32..=3), 5),
            )
        })
        .prop_map(|(people, k, bounds)| {
            let pool = people
                .iter()
                .enumerate()
                .map(|(i, &(g, a))| {
                    person(
                        &format!("p{i:02}"),
                        &[("gender", GENDERS[g]), ("age", AGES[a])],
                    )
                })
                .collect();
            let mut spec = Vec::new();
            for (i, g) in GENDERS.iter().enumerate() {
                spec.push(("gender", *g, bounds[i].0, bounds[i].0 + bounds[i].1));
            }
            for (i, a) in AGES.iter().enumerate() {
                spec.push((
                    "age",
                    *a,
                    bounds[2 + i].0,
                    bounds[2 + i].0 + bounds[2 + i].1,
                ));
            }
            inputs(pool, quotas(&spec), k)
        })
}

/// Smallest total violation of the quotas over all k-subsets, by brute force.
fn brute_force_min_violation(inp: &Inputs) -> u32 {
    let mut relaxed = inp.clone();
    for values in relaxed.quotas.values_mut() {
        for q in values.values_mut() {
            q.min = 0;
            q.max = inp.k;
        }
    }
    all_feasible_panels(&relaxed)
        .iter()
        .map(|panel| {
            let mut v = 0;
            for (cat, values) in &inp.quotas {
                for (val, q) in values {
                    let n = panel
                        .iter()
                        .filter(|id| {
                            inp.pool
                                .iter()
                                .any(|p| &p.id == *id && p.features[cat] == *val)
                        })
                        .count() as u32;
                    v += q.min.saturating_sub(n) + n.saturating_sub(q.max);
                }
            }
            v
        })
        .min()
        .unwrap_or(u32::MAX)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn feasible_instances_yield_a_fair_lottery_of_valid_panels(inp in instance()) {
        let panels = all_feasible_panels(&inp);
        match compute(&inp, &mut quiet) {
            Err(LotteryError::Infeasible(d)) => {
                prop_assert!(panels.is_empty(), "diagnosed infeasible but a panel exists");
                // The relaxation is as small as brute force says, and applying it works.
                prop_assert_eq!(d.relaxation_seats, brute_force_min_violation(&inp));
                prop_assert!(!d.conflict.is_empty());
                let mut fixed = inp.clone();
                for r in &d.relaxation {
                    let q = fixed.quotas.get_mut(&r.category).unwrap().get_mut(&r.value).unwrap();
                    match r.bound { Bound::Min => q.min = r.to, Bound::Max => q.max = r.to }
                }
                prop_assert!(compute(&fixed, &mut quiet).is_ok());
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
            Ok(dist) => {
                prop_assert!(!panels.is_empty());
                let k = f64::from(inp.k);
                let total: f64 = dist.marginals.values().sum();
                prop_assert!((total - k).abs() < 1e-6, "marginals sum to {total}, k = {k}");
                // Nobody who can sit on some panel is left with no chance.
                let mut can_sit: BTreeMap<&str, bool> = BTreeMap::new();
                for p in &panels { for id in p { can_sit.insert(id, true); } }
                for (id, &p) in &dist.marginals {
                    if can_sit.contains_key(id.as_str()) {
                        prop_assert!(p > 1e-6, "{id} could sit but has {p}");
                    } else {
                        prop_assert!(p < 1e-9);
                    }
                }
                // At least as fair at the bottom as the uniform distribution
                // over all feasible panels (a feasible competitor).
                let uniform_min = inp.pool.iter().filter(|p| can_sit.contains_key(p.id.as_str())).map(|p| {
                    panels.iter().filter(|panel| panel.contains(&p.id)).count() as f64 / panels.len() as f64
                }).fold(f64::INFINITY, f64::min);
                let our_min = dist.marginals.iter().filter(|(id, _)| can_sit.contains_key(id.as_str()))
                    .map(|(_, &p)| p).fold(f64::INFINITY, f64::min);
                prop_assert!(our_min >= uniform_min - 1e-6, "min {our_min} < uniform's {uniform_min}");

                let lottery = round(&dist).unwrap();
                prop_assert_eq!(lottery.panels.len(), 1000);
                for panel in &lottery.panels {
                    prop_assert!(panel_ok(&inp, panel), "invalid panel {panel:?}");
                }
                let lottery_total: f64 = lottery.marginals.values().sum();
                prop_assert!((lottery_total - k).abs() < 1e-9);
                // Rounding error within the Beck–Fiala bound k/m, and in
                // practice within a few panels.
                prop_assert!(lottery.max_rounding_error <= k / 1000.0 + 1e-12);
                prop_assert!(lottery.max_rounding_error <= 0.005, "rounding error {}", lottery.max_rounding_error);
            }
        }
    }

    #[test]
    fn the_same_inputs_always_give_the_same_bits(inp in instance()) {
        let a = compute(&inp, &mut quiet);
        let b = compute(&inp, &mut quiet);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }
}
