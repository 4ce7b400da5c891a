//! The next step of a proposal, for the people whose step it is:
//! facilitators move the agenda (amendments, the vote, sending to the
//! city); city officials answer, report progress and close; members amend
//! and the author decides (see `amendments`). The server
//! checks every role again; this panel only shows what applies.

use domain::ProposalStatus;
use leptos::prelude::*;

use super::actions::{Actions, StewardActions};
use crate::forms::{Field, FormError, field_error, general_error, if_sent_by};
use crate::i18n::{Msg, tr};

/// `promising`: the city's answer was favourable, so commitments may be
/// made; `open_commitments`: those not met yet (id, title), which progress
/// may be reported against.
#[component]
pub fn Steward(
    proposal_id: i64,
    status: ProposalStatus,
    promising: bool,
    open_commitments: Vec<(i64, String)>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! {
        <Transition>
            {move || {
                let open_commitments = open_commitments.clone();
                Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                let agenda = part.can_close_votes && matches!(status,
                    ProposalStatus::Deliberation | ProposalStatus::Amendments | ProposalStatus::Adopted);
                let city = part.can_answer_for_city && matches!(status,
                    ProposalStatus::SentToCity | ProposalStatus::CityResponded | ProposalStatus::InProgress);
                (agenda || city).then(|| view! {
                    <section aria-labelledby="next-step" class="steward">
                        <h2 id="next-step">{tr(Msg::NextStep)}</h2>
                        {agenda.then(|| view! { <Agenda proposal_id status s=actions.steward/> })}
                        {city.then(|| view! {
                            <City proposal_id status promising open_commitments s=actions.steward/>
                        })}
                    </section>
                })
            })}}
        </Transition>
    }
}

/// A button that moves the proposal to `to`.
#[component]
fn Advance(proposal_id: i64, to: ProposalStatus, label: Msg, s: StewardActions) -> impl IntoView {
    // Several stages' buttons share the action: each shows the refusal of
    // its own move, beside it.
    let refused = if_sent_by(general_error(s.advance), s.advance_to, to);
    view! {
        // `submit` bubbles up from the form once it is sent.
        <div class="form-and-error" on:submit=move |_| s.advance_to.set(Some(to))>
            <ActionForm action=s.advance attr:class="inline-form">
                <input type="hidden" name="proposal_id" value=proposal_id/>
                <input type="hidden" name="to" value=to.as_str()/>
                <button type="submit" class="button-secondary">{tr(label)}</button>
            </ActionForm>
            <FormError error=refused shown=&[]/>
        </div>
    }
}

#[component]
fn Agenda(proposal_id: i64, status: ProposalStatus, s: StewardActions) -> impl IntoView {
    view! {
        {(status == ProposalStatus::Deliberation).then(|| view! {
            <Advance proposal_id to=ProposalStatus::Amendments label=Msg::OpenAmendments s/>
        })}
        {(status == ProposalStatus::Adopted).then(|| view! { <SendToCity proposal_id s/> })}
        {matches!(status, ProposalStatus::Deliberation | ProposalStatus::Amendments).then(|| view! {
            <ActionForm action=s.open_vote attr:class="stack">
                <input type="hidden" name="proposal_id" value=proposal_id/>
                <VoteRuleFields prefix="vote".into() quorum_error=field_error(s.open_vote, "quorum")
                    closes_error=field_error(s.open_vote, "closes_at")/>
                <InSittingField error=field_error(s.open_vote, "in_sitting")/>
                <button type="submit" class="button">{tr(Msg::OpenVote)}</button>
            </ActionForm>
        })}
        <FormError error=general_error(s.open_vote) shown=&["quorum", "closes_at", "in_sitting"]/>
        <StageError s/>
    }
}

/// Sending an adopted proposal to the city: to the department that will
/// answer for it (its answer is then due by a date the page shows).
#[component]
fn SendToCity(proposal_id: i64, s: StewardActions) -> impl IntoView {
    let departments = Resource::new(|| (), |_| crate::accountability::list_departments());
    let locale = crate::i18n::use_locale();
    let error = field_error(s.send, "department");
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = departments.await.unwrap_or_default();
                if list.is_empty() {
                    return view! {
                        <p class="hint">{tr(Msg::NoDepartmentYet)} " "
                            <a href="/admin/users#departments">{tr(Msg::KeepDepartments)}</a>
                        </p>
                    }.into_any();
                }
                view! {
                    <ActionForm action=s.send attr:class="stack">
                        <input type="hidden" name="proposal_id" value=proposal_id/>
                        <div class="field">
                            <label for="send-department">{tr(Msg::ResponsibleDepartment)}</label>
                            <select id="send-department" name="department"
                                aria-invalid=move || error.get().is_some().then_some("true")
                                aria-describedby="send-department-error">
                                {list.into_iter().map(|d| {
                                    let slug = d.slug.clone();
                                    let name = move || d.name(locale.0.get()).to_owned();
                                    view! { <option value=slug>{name}</option> }
                                }).collect_view()}
                            </select>
                            <p class="field-error" id="send-department-error" role="alert" hidden=move || error.get().is_none()>
                                {move || error.get().unwrap_or_default()}
                            </p>
                        </div>
                        <button type="submit" class="button-secondary">{tr(Msg::SendToCity)}</button>
                    </ActionForm>
                    <FormError error=general_error(s.send) shown=&["department"]/>
                }.into_any()
            })}
        </Suspense>
    }
}

/// A vote taken in the sitting whose item under way is this proposal: its
/// quorum counts from the members present there.
#[component]
fn InSittingField(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div class="checkbox">
            <input type="checkbox" id="vote-in-sitting" name="in_sitting"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby="vote-in-sitting-hint vote-in-sitting-error"/>
            <label for="vote-in-sitting">{tr(Msg::VoteInSitting)}</label>
        </div>
        <p class="hint" id="vote-in-sitting-hint">{tr(Msg::VoteInSittingHint)}</p>
        <p class="field-error" id="vote-in-sitting-error" role="alert" hidden=move || error.get().is_none()>
            {move || error.get().unwrap_or_default()}
        </p>
    }
}

/// How a vote decides: majority, quorum, named or secret ballots, and when
/// it closes by itself. Field ids start with `prefix`, so that several
/// forms fit on one page.
#[component]
pub(super) fn VoteRuleFields(
    prefix: String,
    #[prop(into)] quorum_error: Signal<Option<String>>,
    #[prop(into)] closes_error: Signal<Option<String>>,
) -> impl IntoView {
    let (majority, quorum, secret, closes) = (
        format!("{prefix}-majority"),
        format!("{prefix}-quorum"),
        format!("{prefix}-secret"),
        format!("{prefix}-closes"),
    );
    let quorum_error_id = format!("{quorum}-error");
    let closes_error_id = format!("{closes}-error");
    let closes_hint_id = format!("{closes}-hint");
    view! {
        <div class="field">
            <label for=majority.clone()>{tr(Msg::MajorityRule)}</label>
            <select id=majority name="majority">
                <option value="simple">{tr(Msg::MajoritySimple)}</option>
                <option value="two_thirds">{tr(Msg::MajorityTwoThirds)}</option>
            </select>
        </div>
        <div class="field">
            <label for=quorum.clone()>{tr(Msg::QuorumPercent)}</label>
            <input id=quorum name="quorum" type="number" min="0" max="100" value="50"
                aria-invalid=move || quorum_error.get().is_some().then_some("true")
                aria-describedby=quorum_error_id.clone()/>
            <p class="field-error" id=quorum_error_id role="alert" hidden=move || quorum_error.get().is_none()>
                {move || quorum_error.get().unwrap_or_default()}
            </p>
        </div>
        <div class="checkbox">
            <input type="checkbox" id=secret.clone() name="secret"/>
            <label for=secret>{tr(Msg::SecretBallotOption)}</label>
        </div>
        <div class="field">
            <label for=closes.clone()>{tr(Msg::ClosingTimeLabel)}</label>
            <p class="hint" id=closes_hint_id.clone()>{tr(Msg::ClosingTimeHint)}</p>
            <input id=closes name="closes_at" type="datetime-local"
                aria-invalid=move || closes_error.get().is_some().then_some("true")
                aria-describedby=format!("{closes_hint_id} {closes_error_id}")/>
            <p class="field-error" id=closes_error_id role="alert" hidden=move || closes_error.get().is_none()>
                {move || closes_error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

#[component]
fn City(
    proposal_id: i64,
    status: ProposalStatus,
    promising: bool,
    open_commitments: Vec<(i64, String)>,
    s: StewardActions,
) -> impl IntoView {
    let locale = crate::i18n::use_locale();
    let at_work = matches!(
        status,
        ProposalStatus::CityResponded | ProposalStatus::InProgress
    );
    view! {
        {(status == ProposalStatus::SentToCity).then(|| view! {
            <ActionForm action=s.respond attr:class="stack">
                <input type="hidden" name="proposal_id" value=proposal_id/>
                <div class="field">
                    <label for="city-verdict">{tr(Msg::CityVerdictLabel)}</label>
                    <select id="city-verdict" name="verdict">
                        {domain::CityVerdict::ALL.iter().map(|v| {
                            let v = *v;
                            view! { <option value=v.as_str()>{move || crate::i18n::verdict_label(v, locale.0.get())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="city-body">{tr(Msg::CityReasons)}</label>
                    <textarea id="city-body" name="body" rows="6"
                        aria-invalid=move || field_error(s.respond, "body").get().is_some().then_some("true")></textarea>
                    <p class="field-error" role="alert">{move || field_error(s.respond, "body").get()}</p>
                </div>
                <button type="submit" class="button">{tr(Msg::PublishAnswer)}</button>
            </ActionForm>
        })}
        {(at_work && promising).then(|| view! { <Commit proposal_id s/> })}
        {at_work.then(|| view! {
            <ActionForm action=s.milestone attr:class="stack">
                <input type="hidden" name="proposal_id" value=proposal_id/>
                {(!open_commitments.is_empty()).then(|| view! {
                    <ReportOn open_commitments error=field_error(s.milestone, "commitment")/>
                })}
                <Field name="title" label=Msg::MilestoneTitle error=field_error(s.milestone, "title")/>
                <Field name="progress" label=Msg::MilestoneProgress kind="number" value="0" error=field_error(s.milestone, "progress")/>
                <button type="submit" class="button">{tr(Msg::PostMilestone)}</button>
            </ActionForm>
        })}
        {(status == ProposalStatus::InProgress).then(|| view! {
            <Advance proposal_id to=ProposalStatus::Implemented label=Msg::MarkImplemented s/>
        })}
        {matches!(status, ProposalStatus::CityResponded | ProposalStatus::InProgress).then(|| view! {
            <Advance proposal_id to=ProposalStatus::Closed label=Msg::CloseProposal s/>
        })}
        <StageError s/>
    }
}

/// A dated commitment of the city's favourable answer.
#[component]
fn Commit(proposal_id: i64, s: StewardActions) -> impl IntoView {
    view! {
        <ActionForm action=s.commitment attr:class="stack">
            <input type="hidden" name="proposal_id" value=proposal_id/>
            <Field name="title" id="commitment-title" label=Msg::CommitmentTitle
                error=field_error(s.commitment, "title")/>
            <Field name="due_day" id="commitment-due" label=Msg::CommitmentDueDay kind="date"
                error=field_error(s.commitment, "due_day")/>
            <button type="submit" class="button-secondary">{tr(Msg::AddCommitment)}</button>
        </ActionForm>
        <FormError error=general_error(s.commitment) shown=&["title", "due_day"]/>
    }
}

/// What a progress report is on: the proposal as a whole, or one of its
/// commitments not met yet.
#[component]
fn ReportOn(
    open_commitments: Vec<(i64, String)>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="milestone-commitment">{tr(Msg::MilestoneOn)}</label>
            <select id="milestone-commitment" name="commitment"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby="milestone-commitment-error">
                <option value="">{tr(Msg::MilestoneOnWhole)}</option>
                {open_commitments.into_iter().map(|(id, title)| view! {
                    <option value=id.to_string()>{title}</option>
                }).collect_view()}
            </select>
            <p class="field-error" id="milestone-commitment-error" role="alert" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// A refusal of the city's answer or progress report (the stage moved
/// meanwhile, or a role); the fields' own errors show beside them.
#[component]
fn StageError(s: StewardActions) -> impl IntoView {
    let error = Signal::derive(move || {
        [s.respond.value().get(), s.milestone.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
    });
    view! { <FormError error shown=&["body", "title", "progress", "commitment"]/> }
}
