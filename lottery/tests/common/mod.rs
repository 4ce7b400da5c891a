//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use lottery::{Inputs, Objective, Person, Quota};

pub fn person(id: &str, features: &[(&str, &str)]) -> Person {
    Person {
        id: id.to_string(),
        features: features
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
        weight: None,
    }
}

pub fn quotas(spec: &[(&str, &str, u32, u32)]) -> BTreeMap<String, BTreeMap<String, Quota>> {
    let mut q: BTreeMap<String, BTreeMap<String, Quota>> = BTreeMap::new();
    for (cat, val, min, max) in spec {
        q.entry((*cat).to_string()).or_default().insert(
            (*val).to_string(),
            Quota {
                min: *min,
                max: *max,
            },
        );
    }
    q
}

pub fn inputs(
    pool: Vec<Person>,
    quotas: BTreeMap<String, BTreeMap<String, Quota>>,
    k: u32,
) -> Inputs {
    Inputs {
        pool,
        quotas,
        k,
        objective: Objective::Leximin,
    }
}

/// True if the panel (ids) has k distinct pool members meeting every quota.
pub fn panel_ok(inputs: &Inputs, panel: &[String]) -> bool {
    let mut distinct = panel.to_vec();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != panel.len() || panel.len() != inputs.k as usize {
        return false;
    }
    for (cat, values) in &inputs.quotas {
        for (val, q) in values {
            let n = panel
                .iter()
                .filter(|id| {
                    inputs
                        .pool
                        .iter()
                        .find(|p| &p.id == *id)
                        .is_some_and(|p| p.features.get(cat) == Some(val))
                })
                .count() as u32;
            if n < q.min || n > q.max {
                return false;
            }
        }
    }
    true
}

/// Every feasible panel, by brute force (tiny pools only).
pub fn all_feasible_panels(inputs: &Inputs) -> Vec<Vec<String>> {
    let n = inputs.pool.len();
    let k = inputs.k as usize;
    let mut out = Vec::new();
    let mut idx: Vec<usize> = (0..k).collect();
    if k > n {
        return out;
    }
    loop {
        let panel: Vec<String> = idx.iter().map(|&i| inputs.pool[i].id.clone()).collect();
        if panel_ok(inputs, &panel) {
            out.push(panel);
        }
        // next combination
        let mut i = k;
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            if idx[i] < n - k + i {
                idx[i] += 1;
                for j in i + 1..k {
                    idx[j] = idx[j - 1] + 1;
                }
                break;
            }
            if i == 0 {
                return out;
            }
        }
    }
}
