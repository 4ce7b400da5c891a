//! Runs a function of the verifier module (a separate wasm, fetched only by
//! the pages that check something) on a published file.

/// Fetches `data_url`, loads the verifier and returns
/// `verifier[function](data, extra)` (a JSON report).
pub async fn verify(function: &str, data_url: &str, extra: &str) -> Result<String, String> {
    #[cfg(feature = "hydrate")]
    {
        browser::run_verifier("/verifier/verifier.js", function, data_url, extra)
            .await
            .map_err(|e| format!("{e:?}"))?
            .as_string()
            .ok_or_else(|| "the verifier returned no report".to_owned())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (function, data_url, extra);
        Err("the verifier runs in the browser".to_owned())
    }
}

/// Reads and writes a value this browser keeps for the site (the ledger's
/// last seen head). Storage may be unavailable (private mode): then nothing
/// is remembered.
pub fn remembered(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::remembered(key).ok().flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

pub fn remember(key: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        browser::remember(key, value).ok();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;

    // Imported on demand: the verifier's wasm is not part of the page bundle.
    // The short pause lets the page paint "checking…" before the work starts.
    #[wasm_bindgen(
        inline_js = "export async function run_verifier(module_url, name, data_url, extra) {
        const [verifier, response] = await Promise.all([import(module_url), fetch(data_url)]);
        if (!response.ok) throw new Error(data_url + ': HTTP ' + response.status);
        const data = await response.text();
        await verifier.default();
        await new Promise((resolve) => setTimeout(resolve, 30));
        return verifier[name](data, extra);
    }
    export function remembered(key) { return window.localStorage.getItem(key); }
    export function remember(key, value) { window.localStorage.setItem(key, value); }"
    )]
    extern "C" {
        #[wasm_bindgen(catch)]
        pub async fn run_verifier(
            module_url: &str,
            name: &str,
            data_url: &str,
            extra: &str,
        ) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn remembered(key: &str) -> Result<Option<String>, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn remember(key: &str, value: &str) -> Result<(), JsValue>;
    }
}
