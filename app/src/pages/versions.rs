//! `/proposals/{id}/versions`: the text's versions with the differences
//! between any two, and how the text was written when it came from a draft.

use domain::diff;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::drafts::DraftHistory;
use super::not_found::NotFound;
use crate::agenda::proposal_versions;
use crate::components::{Diff, ErrorBox, Loading};
use crate::drafts::proposal_draft;
use crate::i18n::{self, Msg, page_title, tr, use_locale};

/// `/proposals/{id}/versions?from=&to=`: every version, and the words that
/// changed between two of them (by default, the first and the last).
#[component]
pub fn VersionsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    let versions = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => proposal_versions(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let draft = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => proposal_draft(id).await,
                None => Ok(None),
            }
        },
    );
    let pick = move |key: &str| query.with(|q| q.get_str(key).and_then(|v| v.parse::<i32>().ok()));
    view! {
        <Title text=page_title(Msg::Versions)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match versions.await {
                    Err(crate::error::AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(list) => {
                        let last = list.last().map_or(1, |v| v.number);
                        // Unknown numbers fall back to the defaults.
                        let known = |n: Option<i32>| n.filter(|n| list.iter().any(|v| v.number == *n));
                        let from = known(pick("from")).unwrap_or(1);
                        let to = known(pick("to")).unwrap_or(last);
                        let text = |n: i32| list.iter().find(|v| v.number == n).map(|v| v.body.clone()).unwrap_or_default();
                        let pieces = diff::words(&text(from), &text(to));
                        let proposal = id.get_untracked().unwrap_or_default();
                        let options = |selected: i32| list.iter().map(|v| {
                            let n = v.number;
                            view! { <option value=n selected=n == selected>{n}</option> }
                        }).collect_view();
                        view! {
                            <p class="breadcrumb"><a href=format!("/proposals/{proposal}")>"← " {list.last().map(|v| v.title.clone())}</a></p>
                            <h1>{tr(Msg::Versions)}</h1>
                            <p class="lead">{tr(Msg::VersionsLead)}</p>
                            <ol class="timeline">
                                {list.iter().map(|v| {
                                    let at = v.created_at;
                                    view! {
                                        <li>
                                            <strong>{tr(Msg::VersionN)} " " {v.number}</strong>
                                            " — " <time datetime=at.to_rfc3339()>{move || i18n::format_date(at, locale.0.get())}</time>
                                            {v.amendment_id.map(|_| view! { " · " {tr(Msg::FromAmendment)} })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <form method="GET" class="filters" action=format!("/proposals/{proposal}/versions")>
                                <div class="field">
                                    <label for="v-from">{tr(Msg::CompareFrom)}</label>
                                    <select id="v-from" name="from">{options(from)}</select>
                                </div>
                                <div class="field">
                                    <label for="v-to">{tr(Msg::CompareTo)}</label>
                                    <select id="v-to" name="to">{options(to)}</select>
                                </div>
                                <button type="submit" class="button">{tr(Msg::Compare)}</button>
                            </form>
                            <section aria-label=move || format!("{} {from} → {to}", Msg::Compare.text(locale.0.get()))>
                                <Diff pieces/>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                draft.await.ok().flatten().map(|view| view! { <DraftHistory view/> })
            })}
        </Suspense>
    }
}
