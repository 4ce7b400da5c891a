//! Re-runs a published draw in the browser. Built separately from the
//! application's bundle (`scripts/build-verifier.sh`) so that the solver's
//! weight is paid only by people who open the verification page.

use wasm_bindgen::prelude::wasm_bindgen;

/// Verifies a published draw record (the JSON of `/draws/{id}/record.json`)
/// step by step, re-running the optimisation, and returns the report as
/// JSON (`lottery::VerifyReport`). A record that does not parse yields a
/// failed report naming the problem, never an exception.
#[wasm_bindgen]
pub fn verify_record(record_json: &str) -> String {
    // A bug in the engine shows its message in the console, not "unreachable".
    console_error_panic_hook::set_once();
    report_json(record_json)
}

/// The engine version this verifier runs.
#[wasm_bindgen]
pub fn engine_version() -> String {
    lottery::ENGINE_VERSION.to_owned()
}

pub fn report_json(record_json: &str) -> String {
    let report = match serde_json::from_str::<lottery::DrawRecord>(record_json) {
        Ok(record) => lottery::verify(&record, lottery::VerifyOptions::default(), &mut |_| {}),
        Err(e) => lottery::VerifyReport {
            ok: false,
            steps: vec![lottery::VerifyStep {
                name: "record".into(),
                ok: false,
                detail: format!("the record is not a draw record: {e}"),
            }],
            pool_size: 0,
            k: 0,
            k_over_n: 0.0,
            min_probability: 0.0,
            max_probability: 0.0,
            histogram: Vec::new(),
        },
    };
    serde_json::to_string(&report).unwrap_or_else(|_| "{\"ok\":false,\"steps\":[]}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_failed_report_not_a_crash() {
        let report: serde_json::Value = serde_json::from_str(&report_json("{not json")).unwrap();
        assert_eq!(report["ok"], false);
        assert_eq!(report["steps"][0]["name"], "record");
    }
}
