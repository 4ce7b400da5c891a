//! `extern "C"` exports for the wasm determinism check (no wasm-bindgen):
//! `run_case(i)` computes case `i` and returns the length of its digest,
//! `out_ptr()` points at the digest bytes in linear memory.

use std::sync::Mutex;

static OUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

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
