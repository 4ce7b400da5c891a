//! Validation of the inputs, aggregation of people into profiles, and the
//! canonical form of the inputs with its SHA-256 commitment.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::types::{ENGINE_VERSION, Inputs, LotteryError, Objective, Person, Quotas};

/// One quota row: a value of a category with its bounds.
#[derive(Clone, Debug)]
pub(crate) struct ValueRow {
    pub category: String,
    pub value: String,
    pub min: u32,
    pub max: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct ModelProfile {
    /// Index into `Model::values`, one per category (in category order).
    pub values: Vec<usize>,
    pub weight: f64,
    /// Indices into `Inputs::pool`, sorted by person id.
    pub members: Vec<usize>,
}

/// The validated problem, with people aggregated by (feature values, weight).
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub values: Vec<ValueRow>,
    pub profiles: Vec<ModelProfile>,
    pub k: u32,
}

impl Model {
    pub(crate) fn build(inputs: &Inputs) -> Result<Model, LotteryError> {
        if inputs.pool.is_empty() {
            return Err(LotteryError::EmptyPool);
        }
        if inputs.k == 0 {
            return Err(LotteryError::ZeroK);
        }
        if inputs.quotas.is_empty() {
            return Err(LotteryError::NoCategories);
        }
        let mut values = Vec::new();
        // category → value → row index
        let mut index: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for (cat, vals) in &inputs.quotas {
            let entry = index.entry(cat.as_str()).or_default();
            for (val, q) in vals {
                if q.min > q.max {
                    return Err(LotteryError::BadQuota {
                        category: cat.clone(),
                        value: val.clone(),
                        min: q.min,
                        max: q.max,
                    });
                }
                entry.insert(val.as_str(), values.len());
                values.push(ValueRow {
                    category: cat.clone(),
                    value: val.clone(),
                    min: q.min,
                    max: q.max,
                });
            }
        }
        let mut seen = BTreeSet::new();
        let mut groups: BTreeMap<(Vec<usize>, u64), Vec<usize>> = BTreeMap::new();
        for (i, p) in inputs.pool.iter().enumerate() {
            if !seen.insert(p.id.as_str()) {
                return Err(LotteryError::DuplicateId { id: p.id.clone() });
            }
            let weight = p.weight.unwrap_or(1.0);
            if !(weight.is_finite() && weight > 0.0) {
                return Err(LotteryError::BadWeight {
                    id: p.id.clone(),
                    weight,
                });
            }
            let mut key = Vec::with_capacity(index.len());
            for (cat, vals) in &index {
                let Some(v) = p.features.get(*cat) else {
                    return Err(LotteryError::MissingFeature {
                        id: p.id.clone(),
                        category: (*cat).to_string(),
                    });
                };
                let Some(&row) = vals.get(v.as_str()) else {
                    return Err(LotteryError::UnknownValue {
                        id: p.id.clone(),
                        category: (*cat).to_string(),
                        value: v.clone(),
                    });
                };
                key.push(row);
            }
            // Positive finite f64s order like their bit patterns.
            groups.entry((key, weight.to_bits())).or_default().push(i);
        }
        if inputs.k as usize > inputs.pool.len() {
            return Err(LotteryError::KLargerThanPool {
                k: inputs.k,
                pool: inputs.pool.len(),
            });
        }
        let profiles = groups
            .into_iter()
            .map(|((values, wbits), mut members)| {
                members.sort_by(|&a, &b| inputs.pool[a].id.cmp(&inputs.pool[b].id));
                ModelProfile {
                    values,
                    weight: f64::from_bits(wbits),
                    members,
                }
            })
            .collect();
        Ok(Model {
            values,
            profiles,
            k: inputs.k,
        })
    }

    /// True if integer counts per profile form a panel meeting every quota.
    pub(crate) fn counts_feasible(&self, counts: &[u32]) -> bool {
        let mut per_value = vec![0u64; self.values.len()];
        let mut total = 0u64;
        for (p, &c) in counts.iter().enumerate() {
            if c as usize > self.profiles[p].members.len() {
                return false;
            }
            total += u64::from(c);
            for &v in &self.profiles[p].values {
                per_value[v] += u64::from(c);
            }
        }
        total == u64::from(self.k)
            && self
                .values
                .iter()
                .zip(&per_value)
                .all(|(row, &n)| n >= u64::from(row.min) && n <= u64::from(row.max))
    }
}

#[derive(Serialize)]
struct CanonicalInputs<'a> {
    engine_version: &'a str,
    k: u32,
    objective: Objective,
    pool: Vec<&'a Person>,
    quotas: &'a Quotas,
}

/// The canonical serialization of the inputs: compact JSON (no spaces) of
/// `{"engine_version", "k", "objective", "pool", "quotas"}` in that key order,
/// the pool sorted by id, maps in key order (serde_json's float format for
/// weights).
pub fn canonical_inputs(inputs: &Inputs) -> Vec<u8> {
    let mut pool: Vec<&Person> = inputs.pool.iter().collect();
    pool.sort_by(|a, b| a.id.cmp(&b.id));
    let c = CanonicalInputs {
        engine_version: ENGINE_VERSION,
        k: inputs.k,
        objective: inputs.objective,
        pool,
        quotas: &inputs.quotas,
    };
    // Serializing plain data into a Vec cannot fail.
    serde_json::to_vec(&c).unwrap_or_default()
}

/// SHA-256 (lower-case hex) of [`canonical_inputs`]: the commitment published
/// before the seed exists.
pub fn inputs_hash(inputs: &Inputs) -> String {
    hex::encode(Sha256::digest(canonical_inputs(inputs)))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
