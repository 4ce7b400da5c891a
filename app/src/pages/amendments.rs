//! Amendments on a proposal page: each shown word by word against the
//! passage it rewrites, the author's accept / reject, a member's new
//! amendment; and `/proposals/{id}/versions`, the text's versions with the
//! differences between any two.

use domain::diff::{self, Piece};
use domain::{AmendmentStatus, AmendmentView, ProposalStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::components::{ErrorBox, Loading};
use super::draw_lifecycle::Problems;
use super::proposal::Actions;
use crate::agenda::proposal_versions;
use crate::drafts::proposal_draft;
use crate::forms::field_error;
use crate::i18n::{self, Msg, page_title, tr, use_locale};

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

#[component]
pub fn Amendments(
    proposal_id: i64,
    status: ProposalStatus,
    amendments: Vec<AmendmentView>,
) -> impl IntoView {
    let locale = use_locale();
    let actions = expect_context::<Actions>();
    let s = actions.steward;
    let open = status == ProposalStatus::Amendments;
    let empty = amendments.is_empty();
    view! {
        <section aria-labelledby="amendments">
            <h2 id="amendments">{tr(Msg::Amendments)}</h2>
            {amendments.into_iter().map(|a| {
                let pending = a.status == AmendmentStatus::Pending;
                let author = a.author.clone();
                view! {
                    <div class="card amendment">
                        <p class="card-meta">
                            <span class=format!("badge amendment-{}", a.status.as_str())>
                                {move || i18n::amendment_status_label(a.status, locale.0.get())}
                            </span>
                            <span>{move || i18n::person(&author, locale.0.get())}</span>
                        </p>
                        <Diff pieces=diff::words(&a.original, &a.replacement)/>
                        <p class="muted">{a.rationale.clone()}</p>
                        {(pending && open).then(|| view! { <Decide amendment_id=a.id/> })}
                        {(a.status == AmendmentStatus::Rejected && open).then(|| view! { <PutToVote amendment_id=a.id/> })}
                    </div>
                }
            }).collect_view()}
            {(empty && !open).then(|| view! { <p class="muted">"—"</p> })}
            <Problems error=Signal::derive(move || s.decide.value().get().and_then(Result::err))/>
            <Problems error=Signal::derive(move || s.amendment_vote.value().get().and_then(Result::err))/>
            {open.then(|| view! { <Propose proposal_id/> })}
            <p><a href=format!("/proposals/{proposal_id}/versions")>{tr(Msg::SeeVersions)}</a></p>
        </section>
    }
}

/// Accept or reject, for the proposal's author only.
#[component]
fn Decide(amendment_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let s = actions.steward;
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                part.is_author.then(|| view! {
                    <div class="actions">
                        <ActionForm action=s.decide attr:class="inline-form">
                            <input type="hidden" name="amendment_id" value=amendment_id/>
                            <input type="hidden" name="accept" value="true"/>
                            <button type="submit" class="button">{tr(Msg::AcceptAmendment)}</button>
                        </ActionForm>
                        <ActionForm action=s.decide attr:class="inline-form">
                            <input type="hidden" name="amendment_id" value=amendment_id/>
                            <input type="hidden" name="accept" value="false"/>
                            <button type="submit" class="button-secondary">{tr(Msg::RejectAmendment)}</button>
                        </ActionForm>
                    </div>
                })
            })}
        </Transition>
    }
}

/// Facilitators put an amendment its author rejected to the assembly's
/// vote.
#[component]
fn PutToVote(amendment_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let s = actions.steward;
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                part.can_close_votes.then(|| view! {
                    <details class="put-to-vote">
                        <summary>{tr(Msg::PutToVote)}</summary>
                        <ActionForm action=s.amendment_vote attr:class="stack">
                            <input type="hidden" name="amendment_id" value=amendment_id/>
                            <super::steward::VoteRuleFields prefix=format!("amendment-{amendment_id}")
                                quorum_error=field_error(s.amendment_vote, "quorum")/>
                            <button type="submit" class="button">{tr(Msg::PutToVote)}</button>
                        </ActionForm>
                    </details>
                })
            })}
        </Transition>
    }
}

/// A labelled text area with its error, linked for screen readers.
#[component]
fn TextArea(
    name: &'static str,
    label: Msg,
    rows: u32,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <textarea id=id name=name rows=rows aria-describedby=error_id.clone()
                aria-invalid=move || error.get().is_some().then_some("true")></textarea>
            <p class="field-error" id=error_id role="alert" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

#[component]
fn Propose(proposal_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let s = actions.steward;
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                part.can_amend.then(|| view! {
                    <details class="new-amendment">
                        <summary>{tr(Msg::ProposeAmendment)}</summary>
                        <ActionForm action=s.amend attr:class="stack" attr:novalidate=true>
                            <input type="hidden" name="proposal_id" value=proposal_id/>
                            <TextArea name="passage" label=Msg::AmendmentPassage rows=3 error=field_error(s.amend, "passage")/>
                            <TextArea name="replacement" label=Msg::AmendmentNewWording rows=3 error=field_error(s.amend, "replacement")/>
                            <TextArea name="rationale" label=Msg::AmendmentRationale rows=3 error=field_error(s.amend, "rationale")/>
                            <button type="submit" class="button">{tr(Msg::SubmitAmendment)}</button>
                        </ActionForm>
                    </details>
                })
            })}
        </Transition>
    }
}

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
                    Err(crate::error::AppError::NotFound) => view! { <super::not_found::NotFound/> }.into_any(),
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
                draft.await.ok().flatten().map(|view| view! { <super::DraftHistory view/> })
            })}
        </Suspense>
    }
}
