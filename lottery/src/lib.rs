//! Kleroterion's lottery engine.
//!
//! Pure and bit-reproducible (native and wasm32): no I/O, no clock, no OS
//! randomness, no threads, no hash-order dependence. The pipeline:
//!
//! 1. [`compute`]: the LEXIMIN (or MAXIMIN) distribution over panels meeting
//!    every quota, with everyone's selection probability;
//! 2. [`round`]: 1,000 equally likely panels approximating it;
//! 3. [`pick`]: one panel from a 32-byte public seed (ChaCha20 + rejection
//!    sampling);
//! 4. [`verify`]: re-check a published [`DrawRecord`] step by step;
//! 5. [`replace`]: a quota-preserving replacement for someone who leaves.
//!
//! [`inputs_hash`] commits to the inputs before the seed exists. The exact
//! rules and JSON shapes are in `docs/LOTTERY.md`.

pub mod ceremony;
mod diagnose;
mod draw;
mod leximin;
mod mip;
mod model;
pub mod privacy;
mod rounding;
pub mod selftest;
mod simplex;
pub mod synthetic;
mod types;
mod verify;

pub use draw::{parse_seed, pick, replace};
pub use leximin::compute;
pub use model::{canonical_inputs, inputs_hash};
pub use rounding::{round, round_to};
pub use types::*;
pub use verify::{
    AnnouncedValue, Evidence, HistogramBin, QuotaFill, VerifyOptions, VerifyReport, VerifyStep,
    quota_fill, verify,
};

/// Whether some panel meets every quota with this pool, without computing
/// the distribution (a fraction of a second where the draw takes minutes):
/// `Ok`, or why not with the smallest fix.
pub fn check_feasible(inputs: &Inputs) -> Result<(), LotteryError> {
    leximin::validated_model(inputs).map(|_| ())
}

/// Runs the whole pipeline: compute, round, pick.
pub fn select(
    inputs: &Inputs,
    seed: &[u8; 32],
    progress: &mut dyn FnMut(&Progress),
) -> Result<DrawRecord, LotteryError> {
    let distribution = compute(inputs, progress)?;
    let lottery = round(&distribution)?;
    let draw = pick(&lottery, seed)?;
    Ok(DrawRecord {
        engine_version: ENGINE_VERSION.to_string(),
        inputs: inputs.clone(),
        inputs_hash: distribution.inputs_hash.clone(),
        distribution,
        lottery,
        draw,
        ceremony: None,
    })
}

/// A digest of everything a run produces (distribution with every float's
/// bits through its JSON form, lottery, draw), used to compare native and
/// wasm builds.
pub fn result_digest(record: &DrawRecord) -> String {
    model::sha256_hex(&serde_json::to_vec(record).unwrap_or_default())
}
