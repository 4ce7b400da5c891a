//! The quota editor (facilitators, while the pool is open): every census
//! value with its target seats, the volunteers so far and its bounds; the
//! sums and problems update as they type (the same checks the server runs
//! on save), and the engine proves on demand that a panel exists.

use domain::census::QuotaRule;
use domain::quotas;
use leptos::prelude::*;

use crate::forms::FormError;
use crate::i18n::{Msg, census_label, tr, use_locale};
use crate::lifecycle::{CheckQuotas, QuotaSheet, SaveQuotas, get_quota_sheet};
use crate::quota_text::{feature_label, problem_text};

#[component]
pub fn QuotaEditor(draw_id: i64) -> impl IntoView {
    let save = ServerAction::<SaveQuotas>::new();
    // Loaded in the browser when the editor opens, and again after each
    // save: nothing of it is rendered on the server.
    let sheet = RwSignal::new(None::<Result<QuotaSheet, crate::error::AppError>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            sheet.set(Some(get_quota_sheet(draw_id).await));
        });
    };
    Effect::new(move |_| {
        if save.version().get() > 0 {
            load();
        }
    });
    view! {
        <details class="quota-editor" on:toggle=move |_| {
            if sheet.with_untracked(Option::is_none) {
                load();
            }
        }>
            <summary>{tr(Msg::EditQuotas)}</summary>
            {move || match sheet.get() {
                None => view! { <crate::components::Loading/> }.into_any(),
                Some(Ok(s)) if s.editable => view! { <Sheet draw_id sheet=s save/> }.into_any(),
                Some(Ok(_)) => ().into_any(),
                Some(Err(error)) => view! { <crate::components::ErrorBox error/> }.into_any(),
            }}
        </details>
    }
}

/// One editable bound: the text as typed, parsed when the sheet is checked.
#[derive(Clone, Copy)]
struct Row {
    min: RwSignal<String>,
    max: RwSignal<String>,
}

#[component]
fn Sheet(draw_id: i64, sheet: QuotaSheet, save: ServerAction<SaveQuotas>) -> impl IntoView {
    let locale = use_locale();
    let check = ServerAction::<CheckQuotas>::new();
    let seats = sheet.seats;
    let pool = sheet.pool_counts();
    let saved = sheet.rules.clone();
    let keys: Vec<(String, String)> = sheet
        .rules
        .iter()
        .map(|r| (r.feature.clone(), r.value.clone()))
        .collect();
    let rows: Vec<Row> = sheet
        .rules
        .iter()
        .map(|r| Row {
            min: RwSignal::new(r.min.to_string()),
            max: RwSignal::new(r.max.to_string()),
        })
        .collect();
    // The sheet as typed, or None while a cell is not a whole number.
    let typed = {
        let (keys, rows) = (keys.clone(), rows.clone());
        Memo::new(move |_| {
            keys.iter()
                .zip(&rows)
                .map(|((feature, value), row)| {
                    let parse = |s: RwSignal<String>| s.with(|t| t.trim().parse::<u32>().ok());
                    Some(QuotaRule {
                        feature: feature.clone(),
                        value: value.clone(),
                        min: parse(row.min)?,
                        max: parse(row.max)?,
                    })
                })
                .collect::<Option<Vec<_>>>()
        })
    };
    let problems = Memo::new(move |_| {
        typed.with(|t| match t {
            Some(rules) => quotas::check(rules, seats, Some(&pool)),
            None => Vec::new(),
        })
    });
    let blocked = Memo::new(move |_| {
        typed.with(Option::is_none) || problems.with(|p| p.iter().any(|p| !p.is_pool_shortage()))
    });
    let dirty = Memo::new(move |_| typed.with(|t| t.as_ref() != Some(&saved)));
    let reset = {
        let rows = rows.clone();
        move |tolerance: u32| {
            for (row, rule) in rows
                .iter()
                .zip(domain::census::paris_default_quotas(seats, tolerance))
            {
                row.min.set(rule.min.to_string());
                row.max.set(rule.max.to_string());
            }
        }
    };
    let tolerance = RwSignal::new("1".to_owned());
    let groups = quotas::FEATURES.iter().map(|(feature, _)| {
        let members: Vec<(usize, String)> = keys
            .iter()
            .enumerate()
            .filter(|(_, (f, _))| f == feature)
            .map(|(i, (_, v))| (i, v.clone()))
            .collect();
        let feature = *feature;
        let sums = move || {
            typed.with(|t| {
                t.as_ref().and_then(|rules| {
                    quotas::sums(rules)
                        .into_iter()
                        .find(|(f, _, _)| *f == feature)
                })
            })
        };
        let caption_id = format!("quota-{feature}");
        let rows = rows.clone();
        let pool = sheet.pool_counts();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby=format!("quota-{feature}")>
                <table class="quota-sheet">
                    <caption id=caption_id>{move || feature_label(feature, locale.0.get())}</caption>
                    <thead><tr>
                        <th scope="col">{tr(Msg::Value)}</th>
                        <th scope="col">{tr(Msg::CensusTarget)}</th>
                        <th scope="col">{tr(Msg::VolunteersSoFar)}</th>
                        <th scope="col">{tr(Msg::Minimum)}</th>
                        <th scope="col">{tr(Msg::Maximum)}</th>
                    </tr></thead>
                    <tbody>
                        {members.into_iter().map(|(i, value)| {
                            let row = rows[i];
                            let target = quotas::target(feature, &value, seats).unwrap_or(0.0);
                            let have = pool.get(&(feature.to_owned(), value.clone())).copied().unwrap_or(0);
                            let label = {
                                let value = value.clone();
                                move || census_label(&value, locale.0.get())
                            };
                            let bad = move |s: RwSignal<String>| move || {
                                s.with(|t| t.trim().parse::<u32>().is_err()).then_some("true")
                            };
                            let (min_id, max_id) = (format!("q-{feature}-{value}-min"), format!("q-{feature}-{value}-max"));
                            let name_id = format!("q-{feature}-{value}");
                            view! {
                                <tr>
                                    <th scope="row" id=name_id.clone()>{label}</th>
                                    <td>{format!("{target:.1}")}</td>
                                    <td>{have}</td>
                                    <td><input id=min_id type="number" inputmode="numeric" min="0" max=seats step="1"
                                        aria-labelledby=format!("{name_id} quota-min-label")
                                        aria-invalid=bad(row.min)
                                        prop:value=move || row.min.get()
                                        on:input=move |ev| row.min.set(event_target_value(&ev))/></td>
                                    <td><input id=max_id type="number" inputmode="numeric" min="0" max=seats step="1"
                                        aria-labelledby=format!("{name_id} quota-max-label")
                                        aria-invalid=bad(row.max)
                                        prop:value=move || row.max.get()
                                        on:input=move |ev| row.max.set(event_target_value(&ev))/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{tr(Msg::Total)}</th>
                        <td colspan="2">{seats} " " {tr(Msg::Seats)}</td>
                        {move || match sums() {
                            Some((_, min, max)) => {
                                let (min_ok, max_ok) = (min <= seats, max >= seats);
                                view! {
                                    <td class=if min_ok { "sum-ok" } else { "sum-bad" }>{if min_ok { "✓ " } else { "✗ " }} {min}</td>
                                    <td class=if max_ok { "sum-ok" } else { "sum-bad" }>{if max_ok { "✓ " } else { "✗ " }} {max}</td>
                                }.into_any()
                            }
                            None => view! { <td colspan="2">"—"</td> }.into_any(),
                        }}
                    </tr></tfoot>
                </table>
            </div>
        }
    }).collect_view();
    let save_now = move |_| {
        if let Some(rules) = typed.get_untracked() {
            save.dispatch(SaveQuotas {
                draw_id,
                quotas: serde_json::to_string(&rules).unwrap_or_default(),
            });
        }
    };
    let save_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let check_error = Signal::derive(move || check.value().get().and_then(Result::err));
    view! {
        <p class="hint">{tr(Msg::QuotaEditorLead)}</p>
        // Hidden labels named by every bound's input, with its row's value.
        <span id="quota-min-label" hidden>{tr(Msg::Minimum)}</span>
        <span id="quota-max-label" hidden>{tr(Msg::Maximum)}</span>
        <div class="quota-reset">
            <label for="quota-tolerance">{tr(Msg::CensusTolerance)}</label>
            <select id="quota-tolerance" prop:value=move || tolerance.get()
                on:change=move |ev| tolerance.set(event_target_value(&ev))>
                {(0..=3).map(|t| view! { <option value=t.to_string()>"± " {t}</option> }).collect_view()}
            </select>
            <button type="button" class="button-secondary" on:click=move |_| {
                reset(tolerance.get_untracked().parse().unwrap_or(1));
            }>{tr(Msg::ResetToCensus)}</button>
        </div>
        {groups}
        <div aria-live="polite" class="quota-problems">
            {move || typed.with(Option::is_none).then(|| view! {
                <p class="problem-bad">{tr(Msg::WholeSeats)}</p>
            })}
            {move || {
                let lang = locale.0.get();
                let list = problems.get();
                if list.is_empty() {
                    return typed.with(Option::is_some).then(|| view! {
                        <p class="problem-ok">"✓ " {tr(Msg::QuotasAddUp)}</p>
                    }.into_any());
                }
                Some(view! {
                    <ul class="problems">
                        {list.iter().map(|p| {
                            let class = if p.is_pool_shortage() { "problem-warn" } else { "problem-bad" };
                            view! { <li class=class>{problem_text(p, lang)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any())
            }}
        </div>
        <div class="actions">
            <button type="button" class="button" disabled=move || blocked.get() || save.pending().get()
                on:click=save_now>{tr(Msg::SaveQuotas)}</button>
            <button type="button" class="button-secondary"
                disabled=move || dirty.get() || check.pending().get()
                title=move || dirty.get().then(|| Msg::SaveBeforeCheck.text(locale.0.get()))
                on:click=move |_| { check.dispatch(CheckQuotas { draw_id }); }>
                {tr(Msg::CheckQuotasWithPool)}
            </button>
        </div>
        <FormError shown=&[] error=save_error/>
        <div aria-live="polite">
            {move || check.pending().get().then(|| view! { <p class="loading">{tr(Msg::CheckingQuotas)}</p> })}
            {move || (matches!(save.value().get(), Some(Ok(()))) && !dirty.get()).then(|| view! {
                <p class="verdict verdict-ok" role="status">"✓ " {tr(Msg::QuotasSaved)}</p>
            })}
            {move || (matches!(check.value().get(), Some(Ok(()))) && !dirty.get()).then(|| view! {
                <p class="verdict verdict-ok" role="status">"✓ " {tr(Msg::QuotasFeasible)}</p>
            })}
        </div>
        <FormError shown=&[] error=check_error/>
    }
}
