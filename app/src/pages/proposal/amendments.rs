//! Amendments on a proposal page: each shown word by word against the
//! passage it rewrites, the author's accept / reject, a member's new
//! amendment.

use domain::diff;
use domain::{AmendmentStatus, AmendmentView, ProposalStatus};
use leptos::prelude::*;

use super::actions::Actions;
use super::steward::VoteRuleFields;
use crate::components::Diff;
use crate::forms::{FormError, field_error, general_error, if_sent_by};
use crate::i18n::{self, Msg, tr, use_locale};

#[component]
pub fn Amendments(
    proposal_id: i64,
    status: ProposalStatus,
    amendments: Vec<AmendmentView>,
) -> impl IntoView {
    let locale = use_locale();
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
                    <div class="actions" on:submit=move |_| s.decided.set(Some(amendment_id))>
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
                    <FormError shown=&[] error=if_sent_by(general_error(s.decide), s.decided, amendment_id)/>
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
                        <div class="form-and-error" on:submit=move |_| s.put_to_vote.set(Some(amendment_id))>
                            <ActionForm action=s.amendment_vote attr:class="stack">
                                <input type="hidden" name="amendment_id" value=amendment_id/>
                                <VoteRuleFields prefix=format!("amendment-{amendment_id}")
                                    quorum_error=if_sent_by(field_error(s.amendment_vote, "quorum"), s.put_to_vote, amendment_id)
                                    closes_error=if_sent_by(field_error(s.amendment_vote, "closes_at"), s.put_to_vote, amendment_id)/>
                                <FormError shown=&["quorum", "closes_at"] error=if_sent_by(general_error(s.amendment_vote), s.put_to_vote, amendment_id)/>
                                <button type="submit" class="button">{tr(Msg::PutToVote)}</button>
                            </ActionForm>
                        </div>
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
                            <FormError error=general_error(s.amend) shown=&["passage", "replacement", "rationale"]/>
                            <button type="submit" class="button">{tr(Msg::SubmitAmendment)}</button>
                        </ActionForm>
                    </details>
                })
            })}
        </Transition>
    }
}
