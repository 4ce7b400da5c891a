//! The browser entry point: hydrates the page the server rendered. Pages
//! other than the residents' (home, proposals) are separate wasm chunks
//! (`cargo leptos build --split`): hydration first loads the chunk of the
//! page at hand, so it is asynchronous.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // An Err only means the executor was already set up.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(body) = document.body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Marks the page as interactive: end-to-end tests wait for it, and
        // CSS could use it to reveal controls that need the wasm.
        if let Some(root) = document.document_element() {
            root.set_attribute("data-hydrated", "").ok();
        }
    });
}
