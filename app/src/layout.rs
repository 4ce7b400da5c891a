//! The frame of every page: skip link, header, navigation, language switch,
//! footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::forms::{FormError, general_error};
use crate::i18n::{Msg, tr, use_locale};
use crate::notices::Notice;
use crate::public::SetLang;
use crate::viewer::use_viewer;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    // The room's screen (`/seances/{id}/ecran`) is shown on a projector:
    // the page alone, without header, menu or footer.
    let location = leptos_router::hooks::use_location();
    let framed = move || {
        location
            .pathname
            .with(|p| !(p.ends_with("/ecran") || p.ends_with("/screen")))
    };
    view! {
        <Show when=framed>
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
                <ul class="nav-primary">
                    <li><A href="/" exact=true>{tr(Msg::NavHome)}</A></li>
                    <li><A href="/proposals">{tr(Msg::NavProposals)}</A></li>
                    <li><A href="/draws">{tr(Msg::NavDraws)}</A></li>
                </ul>
                <Menu/>
            </nav>
        </header>
        </Show>
        <main id="main" class:wrap=framed tabindex="-1">
            {children()}
        </main>
        <Show when=framed>
        <footer class="site-footer">
            <div class="wrap">
                <p>{tr(Msg::FooterText)}</p>
                <ul class="footer-links">
                    <li><a href="/ledger">{tr(Msg::LedgerTitle)}</a></li>
                    <li><a href="/api/export">{tr(Msg::OpenData)}</a></li>
                    <li><a href="/feed.atom" type="application/atom+xml">{tr(Msg::AtomFeed)}</a></li>
                    <li><a href=Notice::Accessibility.path()>{tr(Msg::FooterAccessibility)}</a></li>
                    <li><a href=Notice::Legal.path()>{tr(Msg::LegalTitle)}</a></li>
                    <li><a href=Notice::Privacy.path()>{tr(Msg::PrivacyTitle)}</a></li>
                </ul>
            </div>
        </footer>
        </Show>
    }
}

/// Everything but the three main destinations, behind one "Menu" control
/// that fits a phone's width beside them. A `<details>`: it opens before
/// the page is hydrated, by keyboard, and screen readers announce it as
/// expanded or collapsed. It closes when a page is chosen or on Escape.
#[component]
fn Menu() -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape"
            && let Some(details) = menu.get_untracked()
            && details.open()
        {
            details.set_open(false);
            if let Some(summary) = summary.get_untracked() {
                summary.focus().ok();
            }
        }
    };
    view! {
        <Transition>
            {move || {
                let viewer = use_viewer().get();
                let links = menu_links(viewer.as_ref());
                let hrefs: Vec<&'static str> = links.iter().map(|(href, _)| *href).collect();
                // Follows the page without rebuilding the menu.
                let holds_current = Memo::new(move |_| {
                    let path = location.pathname.get();
                    hrefs.iter().any(|href| path == *href || path.starts_with(&format!("{href}/")))
                });
                let unread = viewer.as_ref().map_or(0, |v| v.unread);
                view! {
                    <details class="nav-more" node_ref=menu on:keydown=on_keydown>
                        <summary node_ref=summary class:holds-current=holds_current>
                            {tr(Msg::NavMenu)}
                            <UnreadBadge unread/>
                            <span class="visually-hidden" hidden=move || !holds_current.get()>" " {tr(Msg::MenuHoldsCurrent)}</span>
                        </summary>
                        <ul>
                            {links.into_iter().map(|(href, msg)| view! {
                                <li>
                                    <A href=href>
                                        {tr(msg)}
                                        {(href == "/notifications").then(|| view! { <UnreadBadge unread/> })}
                                    </A>
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                }
            }}
        </Transition>
    }
}

/// How many notifications are unread, when there are any.
#[component]
fn UnreadBadge(unread: u64) -> impl IntoView {
    (unread > 0).then(|| {
        view! {
            " " <span class="count-badge">{unread}<span class="visually-hidden">" " {tr(Msg::UnreadCount)}</span></span>
        }
    })
}

/// The menu's destinations for this visitor, in the order they are shown.
fn menu_links(viewer: Option<&domain::Viewer>) -> Vec<(&'static str, Msg)> {
    let mut links = Vec::new();
    match viewer {
        Some(v) => {
            links.push(("/notifications", Msg::NavNotifications));
            if v.member {
                links.push(("/drafts", Msg::NavDrafts));
            }
            links.push(("/account", Msg::NavAccount));
            if v.facilitator {
                links.push(("/admin/users", Msg::NavAdmin));
                links.push(("/moderation", Msg::NavModeration));
            }
        }
        None => links.push(("/signin", Msg::NavSignIn)),
    }
    links.push(("/seances", Msg::NavSittings));
    links.push(("/suivi", Msg::BoardNav));
    links.push(("/volunteer", Msg::VolunteerTitle));
    links.push(("/members", Msg::RosterTitle));
    links.push(("/assemblee", Msg::CompositionNav));
    links.push(("/ledger", Msg::LedgerTitle));
    links
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
            // Only a failed connection can refuse it, but that too is said.
            <FormError error=general_error(action) shown=&[]/>
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
