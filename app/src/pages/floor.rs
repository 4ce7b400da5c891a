//! A sitting's floor, live: on the sitting page (members ask for the floor,
//! facilitators run it) and on the room's screen (`/seances/{id}/ecran`,
//! large type, no controls). Both follow `/seances/{id}/events` and reload
//! the floor alone, so no form anyone is filling in is rebuilt.

use domain::Majority;
use domain::floor::{FloorView, SPEAKING_TIMES};
use domain::sitting::{AgendaItemView, SittingState};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::components::{ErrorBox, Loading, TallyBars};
use crate::error::AppError;
use crate::floor::{AskFloor, RecordHands, RunFloor, TakeUpItem, get_floor};
use crate::forms::{Field, FormError, count_successes, field_error, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};

/// The floor of a sitting, reloaded each time the server announces a
/// change on it, or the signal returned is bumped (after the viewer's own
/// action, should the announcement be slow to come).
fn live_floor(sitting_id: i64) -> (Resource<Result<FloorView, AppError>>, RwSignal<usize>) {
    let heard = RwSignal::new(0usize);
    Effect::new(move |_| {
        super::in_browser::listen(
            &format!("/seances/{sitting_id}/events"),
            "sitting",
            move || {
                heard.update(|n| *n += 1);
            },
        );
    });
    (
        Resource::new(move || heard.get(), move |_| get_floor(sitting_id)),
        heard,
    )
}

/// `m:ss`.
fn clock(secs: u32) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The speaker's time, counting on from what the server said: time left,
/// then time over.
#[component]
fn SpeakerClock(elapsed: u32, allotted: u32) -> impl IntoView {
    let ticks = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || ticks.update(|t| *t += 1),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    let spoken = move || elapsed + ticks.get();
    let over = move || spoken() > allotted;
    view! {
        <span class="speaker-clock" class:over=over role="timer">
            {move || if over() {
                view! { {tr(Msg::FloorOvertime)} " " {clock(spoken() - allotted)} }.into_any()
            } else {
                view! { {clock(allotted - spoken())} " " {tr(Msg::FloorTimeLeft)} }.into_any()
            }}
        </span>
    }
}

#[component]
fn CurrentItem(item: Option<AgendaItemView>) -> impl IntoView {
    let locale = use_locale();
    match item {
        None => view! { <p class="empty">{tr(Msg::FloorNoItem)}</p> }.into_any(),
        Some(item) => {
            let purpose = item.purpose;
            view! {
                <p class="current-item">
                    <span class="current-item-number">{item.position} ". "</span>
                    <strong>{item.title}</strong>
                    " · " {move || i18n::agenda_purpose_label(purpose, locale.0.get())}
                </p>
            }
            .into_any()
        }
    }
}

/// What the room decided on the item: the show of hands, the vote.
#[component]
fn Results(floor: FloorView) -> impl IntoView {
    let locale = use_locale();
    let hands = floor.hands.map(|h| {
        let outcome = h.outcome;
        view! {
            <div class="floor-result">
                <h3>{tr(Msg::HandsTitle)} " : " <strong>{move || i18n::outcome_label(outcome, locale.0.get())}</strong></h3>
                <TallyBars t=h.tally/>
                <p class="muted">{h.present} " / " {h.seated} " " {tr(Msg::HandsCounted)} " — " {h.reason}</p>
            </div>
        }
    });
    let vote = floor.vote.map(|v| {
        let outcome = v.outcome;
        view! {
            <div class="floor-result">
                <h3>
                    {tr(if v.open { Msg::VoteOpen } else { Msg::VoteClosed })}
                    {outcome.map(|o| view! { " : " <strong>{move || i18n::outcome_label(o, locale.0.get())}</strong> })}
                </h3>
                {v.tally.map(|t| view! { <TallyBars t/> })}
                <p class="muted">
                    {tr(Msg::Turnout)} " : " {v.voters} " / " {v.eligible}
                    {v.present.map(|n| view! { " · " {tr(Msg::Quorum)} " " {tr(Msg::QuorumOfPresent)} " (" {n} ")" })}
                </p>
            </div>
        }
    });
    view! { {hands} {vote} }
}

/// The floor on the sitting page, for everyone; with the member's own
/// request, and the facilitator's controls.
#[component]
pub fn FloorSection(
    sitting_id: i64,
    agenda: Vec<AgendaItemView>,
    /// The viewer sits and is marked present: may ask for the floor.
    may_ask: bool,
    can_manage: bool,
) -> impl IntoView {
    let (floor, heard) = live_floor(sitting_id);
    let ask = ServerAction::<AskFloor>::new();
    let run_line = ServerAction::<RunFloor>::new();
    count_successes(ask, heard);
    count_successes(run_line, heard);
    let seconds = RwSignal::new(SPEAKING_TIMES[2].to_string());
    view! {
        <section class="floor" aria-labelledby="floor">
            <h2 id="floor">{tr(Msg::FloorTitle)}</h2>
            <p><a href=format!("/seances/{sitting_id}/ecran")>{tr(Msg::ScreenLink)}</a></p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match floor.await {
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                        Ok(f) => view! { <FloorNow floor=f may_ask can_manage ask run_line seconds sitting_id/> }.into_any(),
                    }
                })}
            </Transition>
            {may_ask.then(|| view! { <FormError error=general_error(ask) shown=&[]/> })}
            {can_manage.then(|| view! {
                <FormError error=general_error(run_line) shown=&[]/>
                <FloorControls sitting_id agenda=agenda.clone() seconds heard/>
            })}
        </section>
    }
}

/// The floor now: item, speaker, queue, results; the member's button; the
/// facilitator's buttons on each request.
#[component]
fn FloorNow(
    floor: FloorView,
    may_ask: bool,
    can_manage: bool,
    ask: ServerAction<AskFloor>,
    run_line: ServerAction<RunFloor>,
    seconds: RwSignal<String>,
    sitting_id: i64,
) -> impl IntoView {
    if floor.state != SittingState::Open {
        return view! { <p class="empty">{tr(Msg::ScreenNotOpen)}</p> }.into_any();
    }
    let my_place = floor.queue.iter().position(|l| l.mine).map(|n| n + 1);
    let speaking_mine = floor.speaker.as_ref().is_some_and(|s| s.mine);
    let count = floor.queue.len();
    let line_button =
        move |what: &'static str, request_id: i64, label: Msg, name: String, disabled: bool| {
            view! {
                <ActionForm action=run_line attr:class="inline-form">
                    <input type="hidden" name="sitting_id" value=sitting_id/>
                    <input type="hidden" name="what" value=what/>
                    <input type="hidden" name="request_id" value=request_id/>
                    <input type="hidden" name="seconds" prop:value=move || seconds.get()/>
                    <button type="submit" class="button-small" disabled=disabled>
                        {tr(label)}<span class="visually-hidden">" " {name}</span>
                    </button>
                </ActionForm>
            }
        };
    // Attendance is shown once, above, by the sitting page.
    view! {
        <h3>{tr(Msg::FloorCurrentItem)}</h3>
        <CurrentItem item=floor.current_item.clone()/>
        <h3>{tr(Msg::FloorSpeaking)}</h3>
        {match floor.speaker.clone() {
            None => view! { <p class="empty">{tr(Msg::FloorNobodySpeaking)}</p> }.into_any(),
            Some(s) => view! {
                <p class="speaker" aria-live="polite">
                    <strong>{s.name}</strong> " "
                    <SpeakerClock elapsed=s.elapsed_secs allotted=s.allotted_secs/>
                </p>
            }.into_any(),
        }}
        <h3>{tr(Msg::FloorQueue)} " (" {count} ")"</h3>
        {if floor.queue.is_empty() {
            view! { <p class="empty">{tr(Msg::FloorQueueEmpty)}</p> }.into_any()
        } else {
            view! {
                <ol class="speakers">
                    {floor.queue.iter().cloned().enumerate().map(|(n, line)| view! {
                        <li class="speaker-line" class:mine=line.mine>
                            <span>{line.name.clone()}</span>
                            {can_manage.then(|| view! {
                                <span class="item-tools">
                                    {line_button("give", line.request_id, Msg::FloorGive, line.name.clone(), false)}
                                    {line_button("up", line.request_id, Msg::AgendaUp, line.name.clone(), n == 0)}
                                    {line_button("down", line.request_id, Msg::AgendaDown, line.name.clone(), n + 1 == count)}
                                    {line_button("remove", line.request_id, Msg::FloorRemove, line.name.clone(), false)}
                                </span>
                            })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {may_ask.then(|| {
            let (what, label) = if my_place.is_some() { ("withdraw", Msg::FloorWithdraw) } else { ("ask", Msg::FloorAsk) };
            view! {
                {my_place.map(|n| view! { <p class="notice-box" role="status">{tr(Msg::FloorYouWait)} " " {n}</p> })}
                {speaking_mine.then(|| view! { <p class="notice-box" role="status">{tr(Msg::FloorYouSpeak)}</p> })}
                {(!speaking_mine).then(|| view! {
                    <ActionForm action=ask attr:class="inline-form">
                        <input type="hidden" name="sitting_id" value=sitting_id/>
                        <input type="hidden" name="what" value=what/>
                        <button type="submit" class="button">{tr(label)}</button>
                    </ActionForm>
                })}
            }
        })}
        <Results floor/>
    }
    .into_any()
}

/// The facilitator's forms that stay put while the floor changes: the next
/// speaker and the time given, the item under way, a show of hands.
#[component]
fn FloorControls(
    sitting_id: i64,
    agenda: Vec<AgendaItemView>,
    seconds: RwSignal<String>,
    heard: RwSignal<usize>,
) -> impl IntoView {
    let run = ServerAction::<RunFloor>::new();
    let take_up = ServerAction::<TakeUpItem>::new();
    let hands = ServerAction::<RecordHands>::new();
    count_successes(run, heard);
    count_successes(take_up, heard);
    count_successes(hands, heard);
    let hands_form = NodeRef::<leptos::html::Form>::new();
    Effect::watch(
        move || hands.version().get(),
        move |_, _, _| {
            if matches!(hands.value().get_untracked(), Some(Ok(())))
                && let Some(form) = hands_form.get_untracked()
            {
                form.reset();
            }
        },
        false,
    );
    let majority_error = field_error(hands, "majority");
    view! {
        <div class="floor-controls">
            <ActionForm action=run attr:class="stack">
                <input type="hidden" name="sitting_id" value=sitting_id/>
                <div class="field">
                    <label for="f-seconds">{tr(Msg::FloorSpeakingTime)}</label>
                    <select id="f-seconds" name="seconds" on:change=move |ev| seconds.set(event_target_value(&ev))>
                        {SPEAKING_TIMES.iter().map(|s| view! {
                            <option value=s.to_string() selected=*s == SPEAKING_TIMES[2]>{clock(*s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="button-row">
                    <button type="submit" class="button" name="what" value="next">{tr(Msg::FloorGiveNext)}</button>
                    <button type="submit" class="button-secondary" name="what" value="end">{tr(Msg::FloorEnd)}</button>
                </div>
                <FormError error=general_error(run) shown=&[]/>
            </ActionForm>
            <ActionForm action=take_up attr:class="stack">
                <input type="hidden" name="sitting_id" value=sitting_id/>
                <div class="field">
                    <label for="f-item">{tr(Msg::FloorCurrentItem)}</label>
                    <select id="f-item" name="item_id">
                        <option value="">{tr(Msg::FloorNoItem)}</option>
                        {agenda.into_iter().map(|i| view! {
                            <option value=i.id>{i.position} ". " {i.title}</option>
                        }).collect_view()}
                    </select>
                </div>
                <FormError error=general_error(take_up) shown=&[]/>
                <button type="submit" class="button-secondary">{tr(Msg::FloorTakeUp)}</button>
            </ActionForm>
            <details class="hands">
                <summary>{tr(Msg::HandsTitle)}</summary>
                <ActionForm action=hands node_ref=hands_form attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="sitting_id" value=sitting_id/>
                    <Field name="pour" label=Msg::ChoiceFor kind="number" value="0" error=field_error(hands, "pour")/>
                    <Field name="contre" label=Msg::ChoiceAgainst kind="number" value="0" error=field_error(hands, "contre")/>
                    <Field name="abstention" label=Msg::ChoiceAbstain kind="number" value="0" error=field_error(hands, "abstention")/>
                    <div class="field">
                        <label for="f-majority">{tr(Msg::MajorityRule)}</label>
                        <select id="f-majority" name="majority" aria-describedby="f-majority-error">
                            {Majority::ALL.iter().copied().map(|m| view! {
                                <option value=m.as_str()>{tr(match m {
                                    Majority::Simple => Msg::MajoritySimple,
                                    Majority::TwoThirds => Msg::MajorityTwoThirds,
                                })}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" id="f-majority-error" role="alert" hidden=move || majority_error.get().is_none()>
                            {move || majority_error.get().unwrap_or_default()}
                        </p>
                    </div>
                    <Field name="reason" label=Msg::HandsReason error=field_error(hands, "reason")/>
                    <FormError error=general_error(hands) shown=&["pour", "contre", "abstention", "majority", "reason"]/>
                    <button type="submit" class="button">{tr(Msg::HandsRecord)}</button>
                </ActionForm>
            </details>
        </div>
    }
}

/// `/seances/{id}/ecran`: the room's screen. Large type, readable from the
/// back of the room; it changes by itself, and has nothing to press.
#[component]
pub fn SittingScreenPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok()));
    match id {
        None => view! { <NotFound/> }.into_any(),
        Some(id) => view! { <Screen sitting_id=id/> }.into_any(),
    }
}

#[component]
fn Screen(sitting_id: i64) -> impl IntoView {
    let (floor, _) = live_floor(sitting_id);
    view! {
        <Title text=page_title(Msg::ScreenTitle)/>
        <div class="screen">
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match floor.await {
                        Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                        Ok(f) if f.state != SittingState::Open => view! {
                            <p class="screen-waiting">{tr(Msg::ScreenNotOpen)}</p>
                        }.into_any(),
                        Ok(f) => view! { <ScreenNow floor=f/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ScreenNow(floor: FloorView) -> impl IntoView {
    let a = floor.attendance;
    view! {
        <h1 class="visually-hidden">{tr(Msg::ScreenTitle)}</h1>
        <div class="screen-item">
            <CurrentItem item=floor.current_item.clone()/>
        </div>
        <div class="screen-grid">
            <div class="screen-speaker">
                <h2>{tr(Msg::FloorSpeaking)}</h2>
                {match floor.speaker.clone() {
                    None => view! { <p class="screen-name muted">"—"</p> }.into_any(),
                    Some(s) => view! {
                        <p class="screen-name">{s.name}</p>
                        <p class="screen-clock"><SpeakerClock elapsed=s.elapsed_secs allotted=s.allotted_secs/></p>
                    }.into_any(),
                }}
            </div>
            <div class="screen-queue">
                <h2>{tr(Msg::FloorQueue)}</h2>
                {if floor.queue.is_empty() {
                    view! { <p class="muted">{tr(Msg::FloorQueueEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ol>{floor.queue.iter().map(|l| view! { <li>{l.name.clone()}</li> }).collect_view()}</ol>
                    }.into_any()
                }}
            </div>
        </div>
        <div class="screen-results">
            <Results floor/>
        </div>
        <p class="screen-foot">
            {tr(Msg::PresentOf)} " " {a.present} " / " {a.seated}
            " · " {tr(Msg::Quorum)} " " {a.quorum()} " : " {tr(if a.quorate() { Msg::QuorumMet } else { Msg::QuorumNotMet })}
        </p>
    }
}
