//! `/seances` (alias `/sittings`): the assembly's calendar, and a sitting's
//! page with its agenda. Facilitators prepare sittings on the same pages:
//! the date and place, the agenda items, the steps that convene, open
//! and close the sitting, and its minutes.

use domain::sitting::{
    AgendaItemView, AgendaPurpose, Attendance, ConvocationAnswer, MinutesView, MyAttendance,
    RollCallLine, SittingState, SittingSummary,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::floor::FloorSection;
use super::not_found::NotFound;
use crate::components::{ErrorBox, Loading};
use crate::error::AppError;
use crate::forms::{Field, FormError, count_successes, field_error, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::sittings::{
    AddAgendaItem, ApproveMinutes, ChangeAgendaItem, CheckIn, CreateSitting, MarkPresent,
    ReplyToConvocation, SittingPage, StartMinutes, StepSitting, UpdateSitting, get_sitting,
    list_sittings,
};
use crate::viewer::use_viewer;

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
            {s.state.public().then(|| view! {
                <Presence state=s.state attendance=page.attendance mine=page.mine sitting_id=s.id changes/>
            })}
            {(s.state == SittingState::Open).then(|| {
                let may_ask = page.mine.is_some_and(|m| m.seated && m.present.is_some());
                view! { <FloorSection sitting_id=s.id agenda=page.sitting.agenda.clone() may_ask can_manage=page.can_manage/> }
            })}
            {matches!(s.state, SittingState::Closed | SittingState::MinutesApproved).then(|| view! {
                <MinutesSection sitting_id=s.id state=s.state minutes=page.minutes.clone() can_manage=page.can_manage changes/>
            })}
            <p><a href=ledger_href>{tr(Msg::LedgerSeeEntries)}</a></p>
            {page.can_manage.then(|| view! {
                <Facilitation page=page.clone() changes adding/>
            })}
        </article>
    }
}

/// The minutes: published once approved, with their hash; until then, the
/// link to their draft for those who write or read it, and the
/// facilitators' buttons to start them and to have them approved.
#[component]
fn MinutesSection(
    sitting_id: i64,
    state: SittingState,
    minutes: MinutesView,
    can_manage: bool,
    changes: RwSignal<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let viewer = use_viewer();
    let start = ServerAction::<StartMinutes>::new();
    let approve = ServerAction::<ApproveMinutes>::new();
    count_successes(approve, changes);
    // Starting the minutes opens their draft.
    Effect::new(move |_| {
        if let Some(Ok(draft)) = start.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/drafts/{draft}"), Default::default());
        }
    });
    let body = match (minutes.approved, minutes.draft_id) {
        (Some(a), _) => {
            let approved_in = a.approved_in_local;
            view! {
                <p class="muted">
                    {tr(Msg::MinutesApprovedIn)} " "
                    <a href=format!("/seances/{}", a.approved_in)>{move || i18n::format_date(approved_in, locale.0.get())}</a>
                </p>
                <div class="prose minutes-text" inner_html=a.html></div>
                <p class="minutes-hash">{tr(Msg::MinutesHash)} " : " <code>{a.sha256}</code></p>
            }
            .into_any()
        }
        (None, draft) => {
            let reads = move || viewer.get().is_some_and(|v| v.member || v.facilitator);
            let closed = state == SittingState::Closed;
            view! {
                <p>{tr(if draft.is_some() { Msg::MinutesBeingWritten } else { Msg::MinutesNone })}</p>
                {draft.map(|id| view! {
                    <Show when=reads>
                        <p><a href=format!("/drafts/{id}")>{tr(Msg::MinutesOpenDraft)}</a></p>
                    </Show>
                })}
                {(can_manage && closed && draft.is_none()).then(|| view! {
                    <ActionForm action=start attr:class="inline-form">
                        <input type="hidden" name="sitting_id" value=sitting_id/>
                        <button type="submit" class="button">{tr(Msg::MinutesStart)}</button>
                    </ActionForm>
                    <FormError error=general_error(start) shown=&[]/>
                })}
                {(can_manage && closed && draft.is_some()).then(|| view! {
                    <ActionForm action=approve attr:class="inline-form">
                        <input type="hidden" name="sitting_id" value=sitting_id/>
                        <button type="submit" class="button">{tr(Msg::MinutesApprove)}</button>
                    </ActionForm>
                    <FormError error=general_error(approve) shown=&[]/>
                })}
            }
            .into_any()
        }
    };
    view! {
        <section class="minutes" aria-labelledby="minutes">
            <h2 id="minutes">{tr(Msg::Minutes)}</h2>
            {body}
        </section>
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

/// Who comes and who is there: the counts for everyone, and for a member
/// their answer to the convocation, then their check-in.
#[component]
fn Presence(
    state: SittingState,
    attendance: Attendance,
    mine: Option<MyAttendance>,
    sitting_id: i64,
    changes: RwSignal<usize>,
) -> impl IntoView {
    let counts = if state == SittingState::Convened {
        view! {
            <p>{tr(Msg::AttendanceAnswers)}</p>
            <ul class="counts">
                <li>{tr(Msg::AnswerComing)} " : " <strong>{attendance.coming}</strong></li>
                <li>{tr(Msg::AnswerExcusedCount)} " : " <strong>{attendance.excused}</strong></li>
                <li>{tr(Msg::AnswerAbsentCount)} " : " <strong>{attendance.absent}</strong></li>
                <li>{tr(Msg::AnswerNone)} " : " <strong>{attendance.unanswered()}</strong></li>
            </ul>
        }
        .into_any()
    } else {
        let quorate = attendance.quorate();
        view! {
            <p class="attendance-count">
                {tr(Msg::PresentOf)} " : " <strong>{attendance.present}</strong> " / " {attendance.seated}
                " · " {tr(Msg::Quorum)} " " {attendance.quorum()} " : "
                <span class=if quorate { "badge status-adopted" } else { "badge status-rejected" }>
                    {tr(if quorate { Msg::QuorumMet } else { Msg::QuorumNotMet })}
                </span>
            </p>
        }
        .into_any()
    };
    let own = mine.filter(|m| m.seated).map(|m| match state {
        SittingState::Convened => view! { <AnswerForm sitting_id current=m.answer changes/> }.into_any(),
        SittingState::Open if m.present.is_none() => view! { <CheckInForm sitting_id changes/> }.into_any(),
        _ => m
            .present
            .map(|_| view! { <p class="notice-box" role="status">{tr(Msg::YouAreMarkedPresent)}</p> })
            .into_any(),
    });
    view! {
        <section aria-labelledby="presence">
            <h2 id="presence">{tr(Msg::AttendanceTitle)}</h2>
            {counts}
            {own}
        </section>
    }
}

/// Present, absent or excused: three buttons, the current answer pressed.
#[component]
fn AnswerForm(
    sitting_id: i64,
    current: Option<ConvocationAnswer>,
    changes: RwSignal<usize>,
) -> impl IntoView {
    let reply = ServerAction::<ReplyToConvocation>::new();
    count_successes(reply, changes);
    let choices = [
        (ConvocationAnswer::Present, Msg::AnswerPresent),
        (ConvocationAnswer::Absent, Msg::AnswerAbsent),
        (ConvocationAnswer::Excused, Msg::AnswerExcused),
    ];
    view! {
        <div role="group" aria-labelledby="your-answer" class="answer-choices">
            <p id="your-answer"><strong>{tr(Msg::YourAnswer)}</strong></p>
            {choices.into_iter().map(|(answer, label)| view! {
                <ActionForm action=reply attr:class="inline-form">
                    <input type="hidden" name="sitting_id" value=sitting_id/>
                    <input type="hidden" name="answer" value=answer.as_str()/>
                    <button type="submit" class="button-small" aria-pressed=if current == Some(answer) { "true" } else { "false" }>
                        {tr(label)}
                    </button>
                </ActionForm>
            }).collect_view()}
        </div>
        <FormError error=general_error(reply) shown=&[]/>
    }
}

/// The member types the code shown in the room.
#[component]
fn CheckInForm(sitting_id: i64, changes: RwSignal<usize>) -> impl IntoView {
    let check_in = ServerAction::<CheckIn>::new();
    count_successes(check_in, changes);
    view! {
        <ActionForm action=check_in attr:class="stack checkin" attr:novalidate=true>
            <input type="hidden" name="sitting_id" value=sitting_id/>
            <div class="field">
                <label for="f-code">{tr(Msg::RoomCodeLabel)}</label>
                <input id="f-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7"
                    aria-invalid=move || field_error(check_in, "code").get().is_some().then_some("true")
                    aria-describedby="f-code-error"/>
                <p class="field-error" id="f-code-error" role="alert" hidden=move || field_error(check_in, "code").get().is_none()>
                    {move || field_error(check_in, "code").get().unwrap_or_default()}
                </p>
            </div>
            <FormError error=general_error(check_in) shown=&["code"]/>
            <button type="submit" class="button">{tr(Msg::CheckInButton)}</button>
        </ActionForm>
    }
}

/// The room's code, for the facilitator to show, and the roll call with a
/// search: mark present whoever has no phone.
#[component]
fn RollCallPanel(
    sitting_id: i64,
    open: bool,
    code: Option<(String, chrono::NaiveDateTime)>,
    lines: Vec<RollCallLine>,
    changes: RwSignal<usize>,
) -> impl IntoView {
    let locale = use_locale();
    let search = RwSignal::new(String::new());
    let mark = ServerAction::<MarkPresent>::new();
    count_successes(mark, changes);
    view! {
        {code.map(|(code, until)| {
            let until = until.format("%H:%M").to_string();
            view! {
                <div class="room-code" role="status">
                    <p>{tr(Msg::RoomCodeNow)}</p>
                    <p class="room-code-digits">{format!("{} {}", &code[..3], &code[3..])}</p>
                    <p class="muted">{tr(Msg::RoomCodeUntil)} " " {until} " " {tr(Msg::ParisTime)}</p>
                    <button type="button" class="button-small" on:click=move |_| changes.update(|n| *n += 1)>{tr(Msg::RoomCodeRefresh)}</button>
                </div>
            }
        })}
        <h3>{tr(Msg::RollCall)}</h3>
        <div class="field">
            <label for="f-roll-search">{tr(Msg::RollCallSearch)}</label>
            <input id="f-roll-search" type="search" prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))/>
        </div>
        <FormError error=general_error(mark) shown=&[]/>
        <ul class="roll-call">
            {lines.into_iter().map(|line| {
                let haystack = format!("{} {}", line.name, line.label).to_lowercase();
                let shown = move || search.with(|s| haystack.contains(&s.trim().to_lowercase()));
                let present = line.present.is_some();
                let answer = line.answer;
                view! {
                    <li class="roll-line" hidden=move || !shown()>
                        <span class="roll-name"><strong>{line.name.clone()}</strong> " " <span class="muted">{line.label.clone()}</span></span>
                        <span class="muted">
                            {move || answer.map(|a| i18n::answer_label(a, locale.0.get())).unwrap_or_default()}
                            {line.present.map(|how| view! { " · " {tr(match how {
                                domain::sitting::CheckInWay::Code => Msg::CheckedInByCode,
                                domain::sitting::CheckInWay::RollCall => Msg::MarkedByRollCall,
                            })} })}
                        </span>
                        {open.then(|| view! {
                            <ActionForm action=mark attr:class="inline-form">
                                <input type="hidden" name="sitting_id" value=sitting_id/>
                                <input type="hidden" name="user_id" value=line.user_id/>
                                <input type="hidden" name="present" value=if present { "false" } else { "true" }/>
                                <button type="submit" class="button-small" aria-pressed=if present { "true" } else { "false" }>
                                    {tr(if present { Msg::UnmarkPresent } else { Msg::MarkPresent })}
                                    <span class="visually-hidden">" " {line.name.clone()}</span>
                                </button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
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
            {s.state.public().then(|| view! {
                <RollCallPanel sitting_id open={s.state == SittingState::Open} code=page.room_code.clone() lines=page.roll_call.clone() changes/>
            })}
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
