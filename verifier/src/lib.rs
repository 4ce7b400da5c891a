//! Re-runs a published draw in the browser. Built separately from the
//! application's bundle (`scripts/build-verifier.sh`) so that the solver's
//! weight is paid only by people who open the verification page.

use wasm_bindgen::prelude::wasm_bindgen;

/// Verifies a published draw record (the JSON of `/draws/{id}/record.json`)
/// step by step, re-running the optimisation, and returns the report as
/// JSON (`lottery::VerifyReport`). `progress`, when given, is called with
/// the fraction done (0 to 1) while the optimisation re-runs: it is the
/// bulk of the work. A record that does not parse yields a failed report
/// naming the problem, never an exception.
#[wasm_bindgen]
pub fn verify_record(record_json: &str, progress: Option<js_sys::Function>) -> String {
    // A bug in the engine shows its message in the console, not "unreachable".
    console_error_panic_hook::set_once();
    let mut report_progress = |fraction: f64| {
        if let Some(callback) = &progress {
            // A callback that throws only loses its progress bar.
            let _ = callback.call1(&wasm_bindgen::JsValue::NULL, &fraction.into());
        }
    };
    report_json(record_json, &mut report_progress)
}

/// Checks the public ledger's hash chain (the JSON of
/// `/api/export/ledger.json`) against the checkpoints this browser saw
/// before (a JSON array of `{seq, hash}`, or empty), and returns the report
/// as JSON (`ledger::Report`). A file that does not parse yields a report
/// broken at entry 1, never an exception.
#[wasm_bindgen]
pub fn verify_ledger(entries_json: &str, checkpoints_json: &str) -> String {
    console_error_panic_hook::set_once();
    ledger_report_json(entries_json, checkpoints_json)
}

pub fn ledger_report_json(entries_json: &str, checkpoints_json: &str) -> String {
    let checkpoints: Vec<ledger::Checkpoint> =
        serde_json::from_str(checkpoints_json).unwrap_or_default();
    let report = match serde_json::from_str::<Vec<ledger::Entry>>(entries_json) {
        Ok(entries) => ledger::verify(&entries, &checkpoints),
        Err(_) => ledger::Report {
            ok: false,
            verified: 0,
            head: None,
            first_break: Some(ledger::Break {
                seq: 1,
                problem: ledger::Problem::Altered,
            }),
        },
    };
    serde_json::to_string(&report).unwrap_or_else(|_| "{\"ok\":false}".into())
}

/// The engine version this verifier runs.
#[wasm_bindgen]
pub fn engine_version() -> String {
    lottery::ENGINE_VERSION.to_owned()
}

pub fn report_json(record_json: &str, progress: &mut dyn FnMut(f64)) -> String {
    let report = match serde_json::from_str::<lottery::DrawRecord>(record_json) {
        Ok(record) => {
            progress(0.0);
            let report = lottery::verify(&record, lottery::VerifyOptions::default(), &mut |p| {
                progress(p.fraction());
            });
            progress(1.0);
            report
        }
        Err(e) => lottery::VerifyReport {
            ok: false,
            steps: vec![lottery::VerifyStep {
                name: "record".into(),
                ok: false,
                evidence: lottery::Evidence::Unreadable {
                    problem: e.to_string(),
                },
            }],
            pool_size: 0,
            k: 0,
            k_over_n: 0.0,
            min_probability: 0.0,
            max_probability: 0.0,
            histogram: Vec::new(),
            quota_fill: Vec::new(),
        },
    };
    serde_json::to_string(&report).unwrap_or_else(|_| "{\"ok\":false,\"steps\":[]}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_that_does_not_parse_is_broken_at_its_first_entry() {
        let report: serde_json::Value =
            serde_json::from_str(&ledger_report_json("[{\"seq\":1}]", "")).unwrap();
        assert_eq!(report["ok"], false);
        assert_eq!(report["first_break"]["seq"], 1);
        let empty: serde_json::Value =
            serde_json::from_str(&ledger_report_json("[]", "[]")).unwrap();
        assert_eq!(empty["ok"], true);
    }

    #[test]
    fn garbage_is_a_failed_report_not_a_crash() {
        let report: serde_json::Value =
            serde_json::from_str(&report_json("{not json", &mut |_| {})).unwrap();
        assert_eq!(report["ok"], false);
        assert_eq!(report["steps"][0]["name"], "record");
    }
}
