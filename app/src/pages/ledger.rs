//! `/ledger`: the public ledger, newest first, checked in the visitor's
//! browser as soon as the page is interactive.

use domain::{LedgerQuery, Subject};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorBox, Loading, Pager};
use crate::error::AppError;
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::ledger_text;
use crate::public::get_ledger;

/// Where the browser keeps the newest entry it has verified.
const CHECKPOINT_KEY: &str = "kleroterion.ledger.checkpoint";
const LEDGER_URL: &str = "/api/export/ledger.json";

#[component]
pub fn LedgerPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| LedgerQuery::parse(p.get_str("subject"), p.get_str("page")))
    });
    let page = Resource::new(
        move || query.get(),
        move |parsed| async move {
            match parsed {
                Ok(q) => get_ledger(q).await,
                Err(e) => Err(AppError::invalid(
                    "query",
                    i18n::ledger_query_error(e),
                    locale.0.get_untracked(),
                )),
            }
        },
    );
    view! {
        <Title text=page_title(Msg::LedgerTitle)/>
        <h1>{tr(Msg::LedgerTitle)}</h1>
        <p class="lead">{tr(Msg::LedgerLead)}</p>
        <ChainCheck/>
        <p class="downloads">
            {tr(Msg::LedgerDownloads)} " "
            <a href=LEDGER_URL>"JSON"</a> " · "
            <a href="/api/export/ledger.csv">"CSV"</a> " · "
            <a href="/api/export">{tr(Msg::OpenData)}</a> " · "
            <a href="/feed.atom" type="application/atom+xml">{tr(Msg::AtomFeed)}</a>
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(page) => {
                        let q = query.get_untracked().unwrap_or_default();
                        let pages = page.page_count();
                        let number = page.page;
                        view! {
                            {q.subject().map(|s| view! { <SubjectFilter subject=s/> })}
                            {page.items.is_empty().then(|| view! { <p class="empty">{tr(Msg::LedgerEmpty)}</p> })}
                            <ol class="ledger" reversed>
                                {page.items.into_iter().map(|e| view! { <Entry entry=e/> }).collect_view()}
                            </ol>
                            <Pager number pages link=move |n| q.href(n)/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn SubjectFilter(subject: Subject) -> impl IntoView {
    let locale = use_locale();
    let (msg, id) = match subject {
        Subject::Proposal(id) => (Msg::LedgerAboutProposal, id),
        Subject::Draw(id) => (Msg::LedgerAboutDraw, id),
        Subject::Sitting(id) => (Msg::LedgerAboutSitting, id),
    };
    view! {
        <p class="filter-note">
            <a href=subject.page()>{move || msg.text(locale.0.get()).replace("{id}", &id.to_string())}</a>
            " · "
            <a href="/ledger">{tr(Msg::LedgerShowAll)}</a>
        </p>
    }
}

#[component]
fn Entry(entry: ledger::Entry) -> impl IntoView {
    let locale = use_locale();
    let kind = entry.kind.clone();
    let (kind_for_text, payload) = (entry.kind.clone(), entry.payload.clone());
    let link = Subject::parse(&entry.subject).map(|s| (s.page(), entry.subject.clone()));
    let pretty = serde_json::from_str::<serde_json::Value>(&entry.payload)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| entry.payload.clone());
    view! {
        <li class="ledger-entry" id=format!("entry-{}", entry.seq)>
            <p class="card-meta">
                <span class="seq">{tr(Msg::LedgerEntry)} {entry.seq}</span>
                <time datetime=entry.at.clone()>{entry.at.replace('T', " ").replace('Z', " UTC")}</time>
            </p>
            <p>
                <strong>{move || ledger_text::kind_label(&kind, locale.0.get())}</strong>
                " — "
                {move || ledger_text::describe(&kind_for_text, &payload, locale.0.get())}
            </p>
            <p class="card-foot">
                {link.map(|(href, subject)| view! { <a href=href>{subject}</a> })}
                <span>{tr(Msg::Hash)} " " <code class="hash">{entry.hash.clone()}</code></span>
            </p>
            <details>
                <summary>{tr(Msg::LedgerData)}</summary>
                <pre class="payload">{pretty}</pre>
            </details>
        </li>
    }
}

/// Downloads the whole ledger and checks the chain with the same Rust code
/// as the server, compiled to wasm, against the newest entry this browser
/// verified before (so entries removed from the end are caught too).
#[component]
fn ChainCheck() -> impl IntoView {
    let run = super::in_browser::BrowserTask::new();
    // Runs once the page is interactive; never on the server.
    Effect::new(move |_| {
        run.run(check_chain());
    });
    let running = run.pending;
    view! {
        <section class="verifier" aria-label=tr(Msg::LedgerVerifyAgain)>
            <noscript><p>{tr(Msg::LedgerNoScript)}</p></noscript>
            <div aria-live="polite">
                {move || running.get().then(|| view! { <p class="loading">{tr(Msg::LedgerVerifying)}</p> })}
                {move || run.value.get().map(|result| match result {
                    Ok(report) => view! { <Verdict report/> }.into_any(),
                    Err(message) => view! { <div class="error-box" role="alert"><p>{message}</p></div> }.into_any(),
                })}
            </div>
            <button type="button" class="button-secondary" disabled=running on:click=move |_| run.run(check_chain())>
                {tr(Msg::LedgerVerifyAgain)}
            </button>
        </section>
    }
}

#[component]
fn Verdict(report: ledger::Report) -> impl IntoView {
    let locale = use_locale();
    match report.first_break {
        None => {
            let count = report.verified;
            let head = report.head.map(|h| h.hash).unwrap_or_default();
            view! {
                <p class="verdict verdict-ok" role="status">
                    "✓ " {move || Msg::LedgerVerified.text(locale.0.get()).replace("{count}", &count.to_string())}
                </p>
                <dl class="hashes">
                    <dt>{tr(Msg::LedgerHead)}</dt>
                    <dd><code class="hash">{head}</code></dd>
                </dl>
                <p class="muted">{tr(Msg::LedgerHeadLead)}</p>
            }
            .into_any()
        }
        Some(b) => {
            let seq = b.seq;
            let detail = move || {
                let lang = locale.0.get();
                match &b.problem {
                    ledger::Problem::Sequence { found } => Msg::LedgerProblemSequence
                        .text(lang)
                        .replace("{found}", &found.to_string()),
                    ledger::Problem::Altered => Msg::LedgerProblemAltered.text(lang).to_owned(),
                    ledger::Problem::Link => Msg::LedgerProblemLink.text(lang).to_owned(),
                    ledger::Problem::Truncated => Msg::LedgerProblemTruncated.text(lang).to_owned(),
                    ledger::Problem::Rewritten { .. } => {
                        Msg::LedgerProblemRewritten.text(lang).to_owned()
                    }
                }
            };
            view! {
                <div class="verdict verdict-bad" role="alert">
                    <p>
                        <strong>"✗ " {move || Msg::LedgerBroken.text(locale.0.get()).replace("{seq}", &seq.to_string())}</strong>
                    </p>
                    <p>{detail}</p>
                </div>
            }
            .into_any()
        }
    }
}

/// Runs the check and, when the chain holds, remembers its head.
async fn check_chain() -> Result<ledger::Report, String> {
    let checkpoint = super::in_browser::remembered(CHECKPOINT_KEY)
        .map(|c| format!("[{c}]"))
        .unwrap_or_else(|| "[]".to_owned());
    let json = super::in_browser::verify("verify_ledger", LEDGER_URL, &checkpoint, |_| {}).await?;
    let report: ledger::Report = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    if report.ok
        && let Some(head) = &report.head
        && let Ok(text) = serde_json::to_string(head)
    {
        super::in_browser::remember(CHECKPOINT_KEY, &text);
    }
    Ok(report)
}
