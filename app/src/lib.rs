//! The Kleroterion web application: pages, components and server functions,
//! rendered on the server (`ssr`) and hydrated in the browser (`hydrate`).

pub mod accountability;
pub mod agenda;
pub mod auth;
mod components;
pub mod deliberation;
pub mod drafts;
pub mod error;
pub mod floor;
mod forms;
pub mod i18n;
pub mod invitations;
mod layout;
pub mod ledger_text;
pub mod lifecycle;
pub mod live;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod moderation;
pub mod notices;
pub mod notifications;
mod pages;
pub mod public;
pub mod push;
pub mod quota_text;
#[cfg(feature = "ssr")]
pub mod rooms;
pub mod sittings;
mod split;
#[cfg(feature = "ssr")]
pub mod ssr;
mod verify_text;
mod viewer;
pub mod volunteer;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use i18n::{Msg, provide_locale, request_lang};
use layout::Layout;
use pages::{HomePage, NotFound, ProposalPage, ProposalsPage};

/// The name of the compiled site's files (`/pkg/kleroterion.js`, `.wasm`,
/// `.css`), as `output-name` in the workspace's `Cargo.toml`.
pub const OUTPUT_NAME: &str = "kleroterion";

/// Pages may run only their own scripts: the wasm, its loader and the inline
/// scripts leptos writes, which carry this response's nonce. The policy goes
/// in a header and, so that no rendering path can ever lose it, in a
/// `<meta>` tag too (browsers enforce both).
#[cfg(feature = "ssr")]
fn content_security_policy() -> Option<String> {
    let nonce = leptos::nonce::use_nonce()?;
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'"
    );
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&format!("{policy}; frame-ancestors 'none'")),
    ) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    Some(policy)
}

/// The HTML document around the application; the page bundle's addresses
/// start with `assets` (the running build's `/v/{version}`: see the
/// server's `assets`).
pub fn shell(options: LeptosOptions, assets: String) -> impl IntoView {
    let lang = request_lang();
    #[cfg(feature = "ssr")]
    let policy = content_security_policy();
    #[cfg(not(feature = "ssr"))]
    let policy: Option<String> = None;
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                {policy.map(|p| view! { <meta http-equiv="Content-Security-Policy" content=p/> })}
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1d3557"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <script src="/sw-register.js" defer></script>
                <AutoReload options=options.clone()/>
                <link id="leptos" rel="stylesheet" href=format!("{assets}/pkg/kleroterion.css")/>
                <HydrationScripts options root=assets/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = provide_locale(request_lang());
    viewer::provide_viewer(auth::whoami);
    // Plain text, not a signal: see `i18n::page_title`.
    let site_name = Msg::SiteName.text(locale.0.get_untracked());
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { site_name.to_owned() } else { format!("{page} — {site_name}") }
        }/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    // Pages are rendered whole on the server (their queries take
                    // milliseconds): readable before the wasm arrives, with no
                    // inline script to swap streamed chunks in.
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("proposals") view=ProposalsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("proposals"), StaticSegment("new")) view={Lazy::<split::NewProposal>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("proposals"), ParamSegment("id")) view=ProposalPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("proposals"), ParamSegment("id"), StaticSegment("versions")) view={Lazy::<split::Versions>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("draws") view={Lazy::<split::Draws>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("draws"), ParamSegment("id")) view={Lazy::<split::Draw>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("draws"), ParamSegment("id"), StaticSegment("verify")) view={Lazy::<split::DrawVerify>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("seances") view={Lazy::<split::Sittings>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("seances"), ParamSegment("id")) view={Lazy::<split::Sitting>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("seances"), ParamSegment("id"), StaticSegment("ecran")) view={Lazy::<split::SittingScreen>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("sittings") view={Lazy::<split::Sittings>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("sittings"), ParamSegment("id")) view={Lazy::<split::Sitting>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("sittings"), ParamSegment("id"), StaticSegment("screen")) view={Lazy::<split::SittingScreen>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("suivi") view={Lazy::<split::Board>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("tracking") view={Lazy::<split::Board>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("assemblee") view={Lazy::<split::Composition>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("assembly") view={Lazy::<split::Composition>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("members") view={Lazy::<split::Roster>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("invitations"), ParamSegment("token")) view={Lazy::<split::Invitation>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("ledger") view={Lazy::<split::Ledger>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("moderation") view={Lazy::<split::Moderation>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("drafts") view={Lazy::<split::Drafts>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("drafts"), ParamSegment("id")) view={Lazy::<split::Draft>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("notifications") view={Lazy::<split::Notifications>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("unsubscribe") view={Lazy::<split::Unsubscribe>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("volunteer") view={Lazy::<split::Volunteer>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("signup") view={Lazy::<split::SignUp>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("signup"), StaticSegment("confirm")) view={Lazy::<split::ConfirmSignUp>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("signin") view={Lazy::<split::SignIn>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("forgot-password") view={Lazy::<split::ForgotPassword>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("reset-password") view={Lazy::<split::ResetPassword>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("account") view={Lazy::<split::Account>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("users")) view={Lazy::<split::AdminUsers>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("accessibility") view={Lazy::<split::Accessibility>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("legal") view={Lazy::<split::Legal>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("privacy") view={Lazy::<split::Privacy>::new()} ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
