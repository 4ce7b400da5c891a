//! Small pieces shared by several pages.

use domain::diff::Piece;
use domain::{ProposalStatus, ProposalSummary};
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{self, Msg, tr, use_locale};

#[component]
pub fn StatusBadge(status: ProposalStatus) -> impl IntoView {
    let locale = use_locale();
    view! {
        <span class=format!("badge status-{}", status.as_str())>
            {move || i18n::status_label(status, locale.0.get())}
        </span>
    }
}

/// One proposal in a list: its title is the link, everything else context.
#[component]
pub fn ProposalCard(proposal: ProposalSummary) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/proposals/{}", proposal.id);
    let theme = proposal.theme.clone();
    let origin = proposal.origin;
    let updated = proposal.updated_at;
    let late = proposal.days_late;
    view! {
        <article class="card proposal-card">
            <div class="card-meta">
                <StatusBadge status=proposal.status/>
                {late.map(|days| view! {
                    <span class="badge late">{move || i18n::late_by(days, locale.0.get())}</span>
                })}
                <span class="theme">{move || i18n::theme_name(&theme, locale.0.get())}</span>
            </div>
            <h3><a href=href>{proposal.title.clone()}</a></h3>
            <p>{proposal.summary.clone()}</p>
            <p class="card-foot">
                <span>{move || i18n::origin_label(origin, locale.0.get())}</span>
                {(origin == domain::Origin::Citizen).then(|| view! { <span>{proposal.supports} " " {tr(Msg::Supports)}</span> })}
                <span>{proposal.comments} " " {tr(Msg::CommentsCount)}</span>
                <time datetime=updated.to_rfc3339()>{move || i18n::format_date(updated, locale.0.get())}</time>
            </p>
        </article>
    }
}

/// An error, worded for the visitor (or with the page's own `text` for
/// it), announced to screen readers. A page rendered on the server with it
/// answers with the error's HTTP status.
#[component]
pub fn ErrorBox(error: AppError, #[prop(optional)] text: Option<Msg>) -> impl IntoView {
    let locale = use_locale();
    set_status(error.status());
    view! {
        <div class="error-box" role="alert">
            <p>{move || match text {
                Some(text) => text.text(locale.0.get()).to_owned(),
                None => error.message(locale.0.get()),
            }}</p>
        </div>
    }
}

/// Previous and next pages of a list, and where this one sits; `link`
/// gives the address of page n (its filters kept). Nothing for one page.
#[component]
pub fn Pager<F>(number: u32, pages: u32, link: F) -> impl IntoView
where
    F: Fn(u32) -> String + Send + Sync + 'static,
{
    let locale = use_locale();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=tr(Msg::Pagination)>
                {(number > 1).then(|| view! { <a rel="prev" href=link(number - 1)>"← " {tr(Msg::Previous)}</a> })}
                <span>{move || Msg::PageOf.text(locale.0.get()).replace("{page}", &number.to_string()).replace("{pages}", &pages.to_string())}</span>
                {(number < pages).then(|| view! { <a rel="next" href=link(number + 1)>{tr(Msg::Next)} " →"</a> })}
            </nav>
        }
    })
}

/// The bar of a chart's row: an SVG 100 units wide for the eye, hidden
/// from screen readers (the row's cells hold its figures). Lengths are
/// attributes, not inline styles, which the Content-Security-Policy forbids.
#[component]
pub fn BarCell(children: Children) -> impl IntoView {
    view! {
        <td class="bar-col" aria-hidden="true">
            <svg class="fill-track" viewBox="0 0 100 12" preserveAspectRatio="none">{children()}</svg>
        </td>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{tr(Msg::Loading)}</p> }
}

/// Sets the HTTP status of a server-rendered page (a missing page, an error).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Removed and added words, marked for every reader (`del`, `ins`).
#[component]
pub fn Diff(pieces: Vec<Piece>) -> impl IntoView {
    view! {
        <p class="diff">
            {pieces.into_iter().map(|p| match p {
                Piece::Same(t) => view! { <span>{t}</span> }.into_any(),
                Piece::Removed(t) => view! { <del>{t}</del> }.into_any(),
                Piece::Added(t) => view! { <ins>{t}</ins> }.into_any(),
            }).collect_view()}
        </p>
    }
}

/// A count as bars, each with its number and share.
#[component]
pub fn TallyBars(t: domain::Tally) -> impl IntoView {
    let cast = t.cast().max(1);
    let percent = |n: u32| n * 100 / cast;
    let bars = [
        (Msg::ChoiceFor, t.pour, "for"),
        (Msg::ChoiceAgainst, t.contre, "against"),
        (Msg::ChoiceAbstain, t.abstention, "abstain"),
    ];
    view! {
        <ul class="bars">
            {bars.into_iter().map(|(label, n, class)| view! {
                <li class=format!("bar bar-{class}")>
                    <span class="bar-label">{tr(label)}</span>
                    // An SVG width, not an inline style: the CSP allows no inline styles.
                    <svg class="bar-track" aria-hidden="true" viewBox="0 0 100 10" preserveAspectRatio="none">
                        <rect class="bar-fill" width=percent(n) height="10"/>
                    </svg>
                    <span class="bar-value">{n} " (" {percent(n)} " %)"</span>
                </li>
            }).collect_view()}
        </ul>
    }
}
