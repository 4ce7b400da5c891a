//! The frame of every page: skip link, header, navigation, language switch,
//! footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Msg, tr, use_locale};
use crate::public::SetLang;
use crate::viewer::use_viewer;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◉"</span>
                    <span>{tr(Msg::SiteName)}</span>
                </a>
                <LanguageSwitch/>
            </div>
            <nav class="wrap main-nav" aria-label=tr(Msg::MainNav)>
                // `A` marks the current page with aria-current="page".
                <A href="/" exact=true>{tr(Msg::NavHome)}</A>
                <A href="/proposals">{tr(Msg::NavProposals)}</A>
                <A href="/draws">{tr(Msg::NavDraws)}</A>
                <Transition>
                    {move || {
                        let viewer = use_viewer().get();
                        let admin = viewer.as_ref().is_some_and(|v| v.facilitator);
                        view! {
                            {admin.then(|| view! {
                                <A href="/admin/users">{tr(Msg::NavAdmin)}</A>
                                <A href="/moderation">{tr(Msg::NavModeration)}</A>
                            })}
                            {match viewer {
                                Some(v) => view! {
                                    {v.member.then(|| view! { <A href="/drafts">{tr(Msg::NavDrafts)}</A> })}
                                    <A href="/notifications">
                                        {tr(Msg::NavNotifications)}
                                        {(v.unread > 0).then(|| view! {
                                            " " <span class="count-badge">{v.unread}<span class="visually-hidden">" " {tr(Msg::UnreadCount)}</span></span>
                                        })}
                                    </A>
                                    <A href="/account">{tr(Msg::NavAccount)}</A>
                                }.into_any(),
                                None => view! { <A href="/signin">{tr(Msg::NavSignIn)}</A> }.into_any(),
                            }}
                        }
                    }}
                </Transition>
            </nav>
        </header>
        <main id="main" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{tr(Msg::FooterText)}</p>
                <p class="footer-links">
                    <a href="/ledger">{tr(Msg::LedgerTitle)}</a>
                    " · "
                    <a href="/api/export">{tr(Msg::OpenData)}</a>
                    " · "
                    <a href="/feed.atom" type="application/atom+xml">{tr(Msg::AtomFeed)}</a>
                </p>
            </div>
        </footer>
    }
}

/// Switches between French and English. It is a real form: it works before
/// the page is hydrated (the server sets the cookie and redirects back) and,
/// once hydrated, switches the text in place.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetLang>::new();
    Effect::new(move |_| {
        if let Some(Ok(lang)) = action.value().get() {
            locale.0.set(lang);
            set_document_lang(lang);
        }
    });
    let other = move || match locale.0.get() {
        domain::Lang::Fr => domain::Lang::En,
        domain::Lang::En => domain::Lang::Fr,
    };
    view! {
        <ActionForm action=action attr:class="lang-switch">
            <input type="hidden" name="lang" value=move || other().code()/>
            <button
                type="submit"
                class="button-quiet"
                lang=move || other().code()
                aria-label=tr(Msg::SwitchLanguageLabel)
            >
                {tr(Msg::SwitchLanguage)}
            </button>
        </ActionForm>
    }
}

fn set_document_lang(lang: domain::Lang) {
    #[cfg(feature = "hydrate")]
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        root.set_attribute("lang", lang.code()).ok();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lang;
}
