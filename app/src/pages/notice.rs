//! The accessibility statement, the legal notices and the personal data
//! notice: one page each, their text from the server (`crate::notices`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::i18n::{page_title, tr, use_locale};
use crate::notices::{Notice, get_notice};

#[component]
fn NoticePage(notice: Notice) -> impl IntoView {
    let locale = use_locale();
    // Fetched again when the language is switched in place.
    let text = Resource::new(move || locale.0.get(), move |lang| get_notice(notice, lang));
    view! {
        <Title text=page_title(notice.title())/>
        <article class="notice-page">
            <h1>{tr(notice.title())}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match text.await {
                        Ok(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                    }
                })}
            </Transition>
        </article>
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! { <NoticePage notice=Notice::Accessibility/> }
}

#[component]
pub fn LegalPage() -> impl IntoView {
    view! { <NoticePage notice=Notice::Legal/> }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! { <NoticePage notice=Notice::Privacy/> }
}
