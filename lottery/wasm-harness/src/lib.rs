//! `extern "C"` exports for the wasm determinism check (no wasm-bindgen):
//! `run_case(i)` computes case `i` and returns the length of its digest,
//! `out_ptr()` points at the digest bytes in linear memory.

use std::sync::Mutex;

static OUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Number of cases.
#[unsafe(no_mangle)]
pub extern "C" fn cases() -> u32 {
    lottery::selftest::CASES
}

/// Runs case `i`; returns the digest's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn run_case(i: u32) -> u32 {
    let digest = lottery::selftest::case_digest(i).into_bytes();
    let len = digest.len() as u32;
    if let Ok(mut out) = OUT.lock() {
        *out = digest;
    }
    len
}

/// Address of the last digest.
#[unsafe(no_mangle)]
pub extern "C" fn out_ptr() -> *const u8 {
    OUT.lock().map(|o| o.as_ptr()).unwrap_or(std::ptr::null())
}

/// Reserves `len` bytes for an `Inputs` JSON document and returns where to
/// write it (used by bench/lottery/wasm_bench.mjs to time real pools).
#[unsafe(no_mangle)]
pub extern "C" fn input_buffer(len: u32) -> *mut u8 {
    match INPUT.lock() {
        Ok(mut input) => {
            input.clear();
            input.resize(len as usize, 0);
            input.as_mut_ptr()
        }
        Err(_) => std::ptr::null_mut(),
    }
}

/// Runs compute → round → pick (seed of 32 zero bytes) on the inputs written
/// with `input_buffer`; the output is JSON `{digest, min_probability,
/// lottery_min_probability}` or `{error}`. Returns its length.
#[unsafe(no_mangle)]
pub extern "C" fn run_input() -> u32 {
    let parsed: Result<lottery::Inputs, String> = INPUT
        .lock()
        .map_err(|e| e.to_string())
        .and_then(|i| serde_json::from_slice(&i).map_err(|e| e.to_string()));
    let out = match parsed.and_then(|inputs| {
        lottery::select(&inputs, &[0u8; 32], &mut |_| {}).map_err(|e| e.to_string())
    }) {
        Ok(r) => serde_json::json!({
            "digest": lottery::result_digest(&r),
            "min_probability": r.distribution.min_probability,
            "lottery_min_probability": r.lottery.min_probability,
        }),
        Err(e) => serde_json::json!({ "error": e }),
    };
    let bytes = out.to_string().into_bytes();
    let len = bytes.len() as u32;
    if let Ok(mut o) = OUT.lock() {
        *o = bytes;
    }
    len
}
