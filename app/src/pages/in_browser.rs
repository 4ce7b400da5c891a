//! What pages do in the browser only: run a function of the verifier module
//! (a separate wasm, loaded by a web worker only on the pages that check
//! something) on a published file, fetch, hash, keep a value, make a secret.

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

/// Runs `verifier[function](data of data_url, extra)` in a web worker (the
/// page stays responsive) and returns its JSON report; `on_progress` gets
/// the share done, from 0 to 1, when the function reports it.
pub async fn verify(
    function: &str,
    data_url: &str,
    extra: &str,
    on_progress: impl FnMut(f64) + 'static,
) -> Result<String, String> {
    #[cfg(feature = "hydrate")]
    {
        let on_progress = wasm_bindgen::closure::Closure::<dyn FnMut(f64)>::new(on_progress);
        // The closure lives until the worker has answered.
        let report = browser::run_verifier(
            "/verifier-worker.js",
            function,
            data_url,
            extra,
            &on_progress,
        )
        .await;
        drop(on_progress);
        report
            .map_err(|e| browser::error_message(&e).unwrap_or_else(|| format!("{e:?}")))?
            .as_string()
            .ok_or_else(|| "the verifier returned no report".to_owned())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (function, data_url, extra, on_progress);
        Err("the verifier runs in the browser".to_owned())
    }
}

/// Binds the draft editor (a separate wasm module, loaded on demand) to
/// the page's textarea; the editor lives as long as the textarea.
#[allow(unused_variables)]
pub fn start_editor(
    textarea: leptos::web_sys::Element,
    overlay: leptos::web_sys::Element,
    status: leptos::web_sys::Element,
    people: leptos::web_sys::Element,
    draft_id: i64,
    read_only: bool,
    lang: domain::Lang,
) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let lang = match lang {
            domain::Lang::Fr => "fr",
            domain::Lang::En => "en",
        };
        if let Err(e) = browser::start_editor(
            &textarea,
            &overlay,
            &status,
            &people,
            draft_id as f64,
            read_only,
            lang,
        )
        .await
        {
            leptos::logging::error!("the editor did not start: {e:?}");
        }
    });
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

/// Calls `on_event` each time the server announces `event` on `url`
/// (server-sent events; the browser reconnects by itself), until the
/// calling scope is cleaned up.
pub fn listen(url: &str, event: &str, on_event: impl FnMut() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(on_event);
        let source = browser::listen(url, event, &callback);
        // The callback lives as long as the stream that calls it.
        let kept = StoredValue::new_local((source, callback));
        on_cleanup(move || kept.with_value(|(source, _)| browser::stop(source)));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, event, on_event);
}

pub fn remember(key: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        browser::remember(key, value).ok();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// Why this browser could not turn push notifications on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "hydrate"),
    allow(dead_code, reason = "only the browser meets these")
)]
pub enum PushProblem {
    /// No service worker, Push API or notifications here.
    Unsupported,
    /// The person (or the browser's settings) refused notifications.
    Denied,
    /// The browser's push service did not answer.
    Failed,
}

/// Subscribes this browser to push with the instance's VAPID public key
/// (asking the person's permission first) and returns the subscription.
pub async fn push_subscribe(public_key: &str) -> Result<domain::push::Subscription, PushProblem> {
    #[cfg(feature = "hydrate")]
    {
        let json =
            browser::push_subscribe(public_key).await.map_err(
                |e| match browser::error_message(&e).as_deref() {
                    Some("unsupported") => PushProblem::Unsupported,
                    Some("denied") => PushProblem::Denied,
                    _ => PushProblem::Failed,
                },
            )?;
        json.as_string()
            .and_then(|j| serde_json::from_str(&j).ok())
            .ok_or(PushProblem::Failed)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = public_key;
        Err(PushProblem::Unsupported)
    }
}

/// This browser's push endpoint, if it is subscribed.
pub async fn push_endpoint() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::push_endpoint().await.ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Unsubscribes this browser from push; its endpoint, if it had one.
pub async fn push_unsubscribe() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        browser::push_unsubscribe().await.ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;

    // The worker imports the verifier's wasm: it is not part of the page
    // bundle, and its work never blocks the page.
    #[wasm_bindgen(
        inline_js = "export function run_verifier(worker_url, name, data_url, extra, on_progress) {
        return new Promise((resolve, reject) => {
            const worker = new Worker(worker_url, { type: 'module' });
            worker.onmessage = (event) => {
                const message = event.data;
                if ('progress' in message) { on_progress(message.progress); return; }
                worker.terminate();
                if ('report' in message) resolve(message.report); else reject(new Error(message.error));
            };
            worker.onerror = (event) => {
                worker.terminate();
                reject(new Error(event.message || 'the verifier could not start'));
            };
            worker.postMessage({ name, dataUrl: data_url, extra });
        });
    }
    export function error_message(error) { return error instanceof Error ? error.message : undefined; }
    export function listen(url, name, callback) {
        const source = new EventSource(url);
        source.addEventListener(name, () => callback());
        return source;
    }
    export function stop(source) { source.close(); }
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
    export async function start_editor(textarea, overlay, status, people, id, read_only, lang) {
        const editor = await import('/editor/editor.js');
        await editor.default();
        const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/drafts/' + id + '/ws';
        textarea.coEditor = new editor.CoEditor(textarea, overlay, status, people, url, 'kleroterion-draft-' + id, read_only, lang);
    }
    function pushable() { return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window; }
    export async function push_subscribe(key) {
        if (!pushable()) throw new Error('unsupported');
        if (await Notification.requestPermission() !== 'granted') throw new Error('denied');
        await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        const registration = await navigator.serviceWorker.ready;
        const raw = atob(key.replace(/-/g, '+').replace(/_/g, '/'));
        const applicationServerKey = Uint8Array.from(raw, (c) => c.charCodeAt(0));
        let subscription;
        try {
            subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
        } catch (error) {
            throw new Error(error && error.name === 'NotAllowedError' ? 'denied' : 'failed');
        }
        const json = subscription.toJSON();
        return JSON.stringify({ endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth });
    }
    async function pushSubscription() {
        if (!pushable()) return null;
        const registration = await navigator.serviceWorker.getRegistration('/');
        return registration ? await registration.pushManager.getSubscription() : null;
    }
    export async function push_endpoint() {
        const subscription = await pushSubscription();
        return subscription ? subscription.endpoint : null;
    }
    export async function push_unsubscribe() {
        const subscription = await pushSubscription();
        if (!subscription) return null;
        await subscription.unsubscribe();
        return subscription.endpoint;
    }
    export function remembered(key) { return window.localStorage.getItem(key); }
    export function remember(key, value) { window.localStorage.setItem(key, value); }"
    )]
    extern "C" {
        #[wasm_bindgen(catch)]
        pub async fn run_verifier(
            worker_url: &str,
            name: &str,
            data_url: &str,
            extra: &str,
            on_progress: &Closure<dyn FnMut(f64)>,
        ) -> Result<JsValue, JsValue>;
        pub fn error_message(error: &JsValue) -> Option<String>;
        #[wasm_bindgen(catch)]
        pub async fn start_editor(
            textarea: &web_sys::Element,
            overlay: &web_sys::Element,
            status: &web_sys::Element,
            people: &web_sys::Element,
            id: f64,
            read_only: bool,
            lang: &str,
        ) -> Result<JsValue, JsValue>;
        pub fn listen(url: &str, name: &str, callback: &Closure<dyn FnMut()>) -> JsValue;
        pub fn stop(source: &JsValue);
        #[wasm_bindgen(catch)]
        pub async fn fetch_text(url: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn random_hex(n: u32) -> Result<String, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn sha256_hex(text: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn push_subscribe(key: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn push_endpoint() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub async fn push_unsubscribe() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn remembered(key: &str) -> Result<Option<String>, JsValue>;
        #[wasm_bindgen(catch)]
        pub fn remember(key: &str, value: &str) -> Result<(), JsValue>;
    }
}
