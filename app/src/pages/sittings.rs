//! `/seances` (alias `/sittings`): the assembly's calendar, and a sitting's
//! page with its agenda. Facilitators prepare sittings on the same pages:
//! the date and place, the agenda items, and the steps that convene, open
//! and close the sitting.

use domain::sitting::{AgendaItemView, AgendaPurpose, SittingSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::components::{ErrorBox, Loading};
use crate::error::AppError;
use crate::forms::{Field, FormError, count_successes, field_error, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::sittings::{
    AddAgendaItem, ChangeAgendaItem, CreateSitting, SittingPage, StepSitting, UpdateSitting,
    get_sitting, list_sittings,
};

#[component]
pub fn SittingsPage() -> impl IntoView {
    let calendar = Resource::new(|| (), |_| list_sittings());
    view! {
        <Title text=page_title(Msg::SittingsTitle)/>
        <h1>{tr(Msg::SittingsTitle)}</h1>
        <p class="lead">{tr(Msg::SittingsLead)}</p>
        <p><a href="/seances.ics" type="text/calendar">{tr(Msg::SittingsCalendar)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match calendar.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(c) => view! {
                        {c.can_manage.then(|| view! { <NewSitting/> })}
                        <section aria-labelledby="upcoming">
                            <h2 id="upcoming">{tr(Msg::SittingsUpcoming)}</h2>
                            <SittingList sittings=c.upcoming empty=Msg::NoSittingsUpcoming/>
                        </section>
                        <section aria-labelledby="past">
                            <h2 id="past">{tr(Msg::SittingsPast)}</h2>
                            <SittingList sittings=c.past empty=Msg::NoSittingsPast/>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SittingList(sittings: Vec<SittingSummary>, empty: Msg) -> impl IntoView {
    let locale = use_locale();
    if sittings.is_empty() {
        return view! { <p class="empty">{tr(empty)}</p> }.into_any();
    }
    view! {
        <ul class="sittings">
            {sittings.into_iter().map(|s| view! {
                <li class="card sitting-card">
                    <h3 class="card-title">
                        <a href=format!("/seances/{}", s.id)>
                            {tr(Msg::SittingTitle)} " "
                            <time datetime=s.starts_local.format("%Y-%m-%dT%H:%M").to_string()>
                                {move || i18n::sitting_when(s.starts_local, s.ends_local, locale.0.get())}
                            </time>
                        </a>
                    </h3>
                    <p class="card-foot">
                        <span class=format!("badge sitting-{}", s.state.as_str())>{move || i18n::sitting_state_label(s.state, locale.0.get())}</span>
                        <span>{s.place.clone()}</span>
                        <span>{s.items} " " {tr(Msg::SittingAgenda)}</span>
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Prepares a sitting (facilitators): it stays theirs until convened.
#[component]
fn NewSitting() -> impl IntoView {
    let create = ServerAction::<CreateSitting>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/seances/{id}"), Default::default());
        }
    });
    view! {
        <details class="new-sitting">
            <summary>{tr(Msg::NewSitting)}</summary>
            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                {sitting_fields(create, [String::new(), String::new(), "Hôtel de Ville, salle des fêtes, 5 rue de Lobau, Paris 4e".into(), String::new()])}
                <button type="submit" class="button">{tr(Msg::CreateSitting)}</button>
            </ActionForm>
        </details>
    }
}

/// The fields of the sitting form, shared by creation and edition, with
/// their values: start, end, place, livestream link.
fn sitting_fields<I, O>(action: ServerAction<I>, values: [String; 4]) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let [starts, ends, place, livestream] = values;
    view! {
        <Field name="starts" label=Msg::SittingStarts kind="datetime-local" value=starts error=field_error(action, "starts")/>
        <Field name="ends" label=Msg::SittingEnds kind="datetime-local" value=ends error=field_error(action, "ends")/>
        <Field name="place" label=Msg::SittingPlace value=place error=field_error(action, "place")/>
        <Field name="livestream" label=Msg::SittingLivestreamField kind="url" value=livestream error=field_error(action, "livestream")/>
        <FormError error=general_error(action) shown=&["starts", "ends", "place", "livestream"]/>
    }
}

/// The sitting named by the route's `{id}`.
#[component]
pub fn SittingPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    let changes = RwSignal::new(0usize);
    // The agenda form stays open from one item to the next.
    let adding = RwSignal::new(false);
    let page = Resource::new(
        move || (id.get(), changes.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_sitting(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Sitting page=p changes adding/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Sitting(page: SittingPage, changes: RwSignal<usize>, adding: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let s = page.sitting.summary.clone();
    let planned = page.sitting.planned_minutes();
    let editable = page.can_manage && s.state.editable();
    let title = move || {
        format!(
            "{} {}",
            Msg::SittingTitle.text(locale.0.get()),
            i18n::format_date(s.starts_local, locale.0.get())
        )
    };
    let ledger_href = format!("/ledger?subject={}", domain::Subject::Sitting(s.id));
    view! {
        <Title text=title/>
        <p class="breadcrumb"><a href="/seances">"← " {tr(Msg::SittingsTitle)}</a></p>
        <article class="sitting">
            <header>
                <p class="card-meta">
                    <span class=format!("badge sitting-{}", s.state.as_str())>{move || i18n::sitting_state_label(s.state, locale.0.get())}</span>
                </p>
                <h1>{title}</h1>
                {(!s.state.public()).then(|| view! { <p class="notice-box">{tr(Msg::SittingNotPublic)}</p> })}
                <dl class="sitting-facts">
                    <dt>{tr(Msg::SittingWhen)}</dt>
                    <dd>
                        <time datetime=s.starts_local.format("%Y-%m-%dT%H:%M").to_string()>
                            {move || i18n::sitting_when(s.starts_local, s.ends_local, locale.0.get())}
                        </time>
                        " " {tr(Msg::ParisTime)}
                    </dd>
                    <dt>{tr(Msg::SittingPlace)}</dt>
                    <dd>{s.place.clone()}</dd>
                    {s.livestream_url.clone().map(|url| view! {
                        <dt>{tr(Msg::SittingLivestream)}</dt>
                        <dd><a href=url.clone() rel="noopener noreferrer">{url.clone()}</a></dd>
                    })}
                </dl>
            </header>
            <section aria-labelledby="agenda">
                <h2 id="agenda">{tr(Msg::SittingAgenda)}</h2>
                {if page.sitting.agenda.is_empty() {
                    view! { <p class="empty">{tr(Msg::SittingAgendaEmpty)}</p> }.into_any()
                } else {
                    let count = page.sitting.agenda.len();
                    view! {
                        <ol class="agenda">
                            {page.sitting.agenda.clone().into_iter().enumerate().map(|(n, item)| view! {
                                <AgendaItem item sitting_id=s.id editable first={n == 0} last={n + 1 == count} changes/>
                            }).collect_view()}
                        </ol>
                        <p class="muted">{tr(Msg::SittingPlanned)} " : " {planned} " " {tr(Msg::MinutesShort)}</p>
                    }.into_any()
                }}
            </section>
            <p><a href=ledger_href>{tr(Msg::LedgerSeeEntries)}</a></p>
            {page.can_manage.then(|| view! {
                <Facilitation page=page.clone() changes adding/>
            })}
        </article>
    }
}

#[component]
fn AgendaItem(
    item: AgendaItemView,
    sitting_id: i64,
    editable: bool,
    first: bool,
    last: bool,
    changes: RwSignal<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let purpose = item.purpose;
    view! {
        <li class="agenda-item">
            <p class="agenda-title"><strong>{item.title.clone()}</strong></p>
            <p class="card-foot">
                <span>{move || i18n::agenda_purpose_label(purpose, locale.0.get())}</span>
                <span>{item.minutes} " " {tr(Msg::MinutesShort)}</span>
                {item.proposal.clone().map(|(id, title)| view! {
                    <a href=format!("/proposals/{id}")>{title}</a>
                })}
            </p>
            {editable.then(|| view! {
                <ItemTools sitting_id item_id=item.id title=item.title.clone() first last changes/>
            })}
        </li>
    }
}

/// Up, down and remove: three small forms, each its own button.
#[component]
fn ItemTools(
    sitting_id: i64,
    item_id: i64,
    /// Said to screen readers with each button: three "Move up" in a row
    /// would not say which item they move.
    title: String,
    first: bool,
    last: bool,
    changes: RwSignal<usize>,
) -> impl IntoView {
    let change = ServerAction::<ChangeAgendaItem>::new();
    count_successes(change, changes);
    let button = move |what: &'static str, label: Msg, disabled: bool| {
        let title = title.clone();
        view! {
            <ActionForm action=change attr:class="inline-form">
                <input type="hidden" name="sitting_id" value=sitting_id/>
                <input type="hidden" name="item_id" value=item_id/>
                <input type="hidden" name="change" value=what/>
                <button type="submit" class="button-small" disabled=disabled>
                    {tr(label)}<span class="visually-hidden">" « " {title.clone()} " »"</span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <div class="item-tools">
            {button("up", Msg::AgendaUp, first)}
            {button("down", Msg::AgendaDown, last)}
            {button("remove", Msg::AgendaRemove, false)}
        </div>
        <FormError error=general_error(change) shown=&[]/>
    }
}

/// The facilitators' part of the page: the next step, then (until the
/// sitting opens) the agenda and the details.
#[component]
fn Facilitation(
    page: SittingPage,
    changes: RwSignal<usize>,
    adding: RwSignal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let s = page.sitting.summary.clone();
    let step = ServerAction::<StepSitting>::new();
    let add = ServerAction::<AddAgendaItem>::new();
    let update = ServerAction::<UpdateSitting>::new();
    count_successes(step, changes);
    count_successes(add, changes);
    count_successes(update, changes);
    // After an item is added, the form is blank for the next one.
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::watch(
        move || add.version().get(),
        move |_, _, _| {
            if matches!(add.value().get_untracked(), Some(Ok(())))
                && let Some(form) = add_form.get_untracked()
            {
                form.reset();
            }
        },
        false,
    );
    let purpose_error = field_error(add, "purpose");
    let proposal_error = field_error(add, "proposal_id");
    let sitting_id = s.id;
    view! {
        <section class="facilitation" aria-labelledby="facilitation">
            <h2 id="facilitation">{tr(Msg::SittingFacilitation)}</h2>
            {page.next_step.map(|next| view! {
                <ActionForm action=step attr:class="stack">
                    <input type="hidden" name="sitting_id" value=sitting_id/>
                    <input type="hidden" name="step" value=next.as_str()/>
                    <FormError error=general_error(step) shown=&[]/>
                    <button type="submit" class="button">{move || i18n::sitting_step_button(next, locale.0.get())}</button>
                </ActionForm>
            })}
            {s.state.editable().then(|| view! {
                <details class="agenda-add" open=page.sitting.agenda.is_empty() || adding.get_untracked()>
                    <summary>{tr(Msg::AgendaAdd)}</summary>
                    <div on:submit=move |_| adding.set(true)>
                    <ActionForm action=add node_ref=add_form attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="sitting_id" value=sitting_id/>
                        <Field name="title" label=Msg::AgendaItemTitle error=field_error(add, "title")/>
                        <Field name="minutes" label=Msg::AgendaItemMinutes kind="number" value="30" error=field_error(add, "minutes")/>
                        <div class="field">
                            <label for="f-purpose">{tr(Msg::AgendaItemPurpose)}</label>
                            <select id="f-purpose" name="purpose" aria-describedby="f-purpose-error">
                                {AgendaPurpose::ALL.iter().copied().map(|p| view! {
                                    <option value=p.as_str()>{move || i18n::agenda_purpose_label(p, locale.0.get())}</option>
                                }).collect_view()}
                            </select>
                            <p class="field-error" id="f-purpose-error" role="alert" hidden=move || purpose_error.get().is_none()>
                                {move || purpose_error.get().unwrap_or_default()}
                            </p>
                        </div>
                        <div class="field">
                            <label for="f-proposal">{tr(Msg::AgendaItemProposal)}</label>
                            <select id="f-proposal" name="proposal_id" aria-describedby="f-proposal-error">
                                <option value="">{tr(Msg::AgendaNoProposal)}</option>
                                {page.candidates.clone().into_iter().map(|(id, title)| view! {
                                    <option value=id>{title}</option>
                                }).collect_view()}
                            </select>
                            <p class="field-error" id="f-proposal-error" role="alert" hidden=move || proposal_error.get().is_none()>
                                {move || proposal_error.get().unwrap_or_default()}
                            </p>
                        </div>
                        <FormError error=general_error(add) shown=&["title", "minutes", "purpose", "proposal_id"]/>
                        <button type="submit" class="button">{tr(Msg::AgendaAdd)}</button>
                    </ActionForm>
                    </div>
                </details>
                <details class="sitting-edit">
                    <summary>{tr(Msg::EditSitting)}</summary>
                    <ActionForm action=update attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="sitting_id" value=sitting_id/>
                        {sitting_fields(update, [
                            s.starts_local.format("%Y-%m-%dT%H:%M").to_string(),
                            s.ends_local.format("%Y-%m-%dT%H:%M").to_string(),
                            s.place.clone(),
                            s.livestream_url.clone().unwrap_or_default(),
                        ])}
                        <button type="submit" class="button">{tr(Msg::SaveSitting)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}
