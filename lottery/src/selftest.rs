//! Fixed cases whose digests must be identical on every platform: the wasm
//! determinism check (`lottery/tests/wasm_determinism.sh`) runs them natively
//! and in a wasm32 build under Node and compares.

use crate::synthetic::{BENCHMARK, inputs};
use crate::types::{Objective, Person};
use crate::{compute, inputs_hash, replace, result_digest, select};

/// Number of cases.
pub const CASES: u32 = 5;

/// The digest (SHA-256 hex) of case `i`'s complete output, or an empty
/// string for an unknown case.
pub fn case_digest(i: u32) -> String {
    let quiet = &mut |_: &crate::Progress| {};
    match i {
        // LEXIMIN, compute → round → pick.
        0 => {
            let inp = inputs(BENCHMARK, 200, 20, 1, 11);
            match select(&inp, &[1u8; 32], quiet) {
                Ok(r) => result_digest(&r),
                Err(e) => format!("error {e}"),
            }
        }
        // MAXIMIN on a bigger pool.
        1 => {
            let mut inp = inputs(BENCHMARK, 500, 50, 1, 12);
            inp.objective = Objective::Maximin;
            match select(&inp, &[2u8; 32], quiet) {
                Ok(r) => result_digest(&r),
                Err(e) => format!("error {e}"),
            }
        }
        // A weighted draw.
        2 => {
            let mut inp = inputs(BENCHMARK, 120, 12, 2, 13);
            for (j, p) in inp.pool.iter_mut().enumerate() {
                p.weight = Some(1.0 + (j % 3) as f64 * 0.5);
            }
            match select(&inp, &[3u8; 32], quiet) {
                Ok(r) => result_digest(&r),
                Err(e) => format!("error {e}"),
            }
        }
        // An infeasible instance: the diagnosis.
        3 => {
            let mut inp = inputs(BENCHMARK, 150, 15, 0, 14);
            if let Some(q) = inp
                .quotas
                .get_mut("gender")
                .and_then(|g| g.get_mut("other"))
            {
                q.min = 6;
            }
            let out = serde_json::to_string(&compute(&inp, quiet)).unwrap_or_default();
            crate::model::sha256_hex(out.as_bytes())
        }
        // A replacement, and the inputs commitment.
        4 => {
            let mut inp = inputs(BENCHMARK, 100, 10, 1, 15);
            inp.pool.push(Person {
                id: "zz-extra".into(),
                features: inp.pool[0].features.clone(),
                weight: None,
            });
            let record = match select(&inp, &[4u8; 32], quiet) {
                Ok(r) => r,
                Err(e) => return format!("error {e}"),
            };
            let leaver = record.draw.panel[0].clone();
            let r = replace(&inp, &record.draw.panel, &leaver, &[], &[5u8; 32]);
            let out = serde_json::to_string(&(inputs_hash(&inp), r)).unwrap_or_default();
            crate::model::sha256_hex(out.as_bytes())
        }
        _ => String::new(),
    }
}
