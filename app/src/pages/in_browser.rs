//! Runs a function of the verifier module (a separate wasm, fetched only by
//! the pages that check something) on a published file.

use leptos::prelude::*;

/// Work started in the browser (from a click or an effect) with its result
/// in a signal. Unlike a local `Action`, it creates nothing that must stay on
/// one thread while the page renders on the server.
pub struct BrowserTask<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<T>>,
    pub pending: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for BrowserTask<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for BrowserTask<T> {}

impl<T: Send + Sync + 'static> BrowserTask<T> {
    pub fn new() -> Self {
        BrowserTask {
            value: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    pub fn run(self, work: impl Future<Output = T> + 'static) {
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = work.await;
            self.value.set(Some(result));
            self.pending.set(false);
        });
    }
}

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

/// A document from this site, as text.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    #[cfg(feature = "hydrate")]
    {
        browser::fetch_text(url)
            .await
            .map_err(|e| format!("{e:?}"))?
            .as_string()
            .ok_or_else(|| format!("{url}: no text"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = url;
        Err("this runs in the browser".to_owned())
    }
}

/// `bytes` random bytes from the browser's cryptographic generator, in hex:
/// a ceremony secret that never leaves the browser before its reveal.
pub fn random_hex(bytes: u32) -> Result<String, String> {
    #[cfg(feature = "hydrate")]
    {
        browser::random_hex(bytes).map_err(|e| format!("{e:?}"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = bytes;
        Err("this runs in the browser".to_owned())
    }
}

/// SHA-256 of a text (UTF-8), in hex, by the browser's Web Crypto.
pub async fn sha256_hex(text: &str) -> Result<String, String> {
    #[cfg(feature = "hydrate")]
    {
        browser::sha256_hex(text)
            .await
            .map_err(|e| format!("{e:?}"))?
            .as_string()
            .ok_or_else(|| "no digest".to_owned())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        Err("this runs in the browser".to_owned())
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
    export async function fetch_text(url) {
        const response = await fetch(url);
        if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
        return await response.text();
    }
    export function random_hex(n) {
        const bytes = crypto.getRandomValues(new Uint8Array(n));
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    }
    export async function sha256_hex(text) {
        const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
        return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
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
        pub async fn fetch_text(url: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn random_hex(n: u32) -> Result<String, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn sha256_hex(text: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn remembered(key: &str) -> Result<Option<String>, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn remember(key: &str, value: &str) -> Result<(), JsValue>;
    }
}
