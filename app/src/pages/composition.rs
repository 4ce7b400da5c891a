//! Who sits (`/assemblee`): the sitting cohort against the census, at its
//! draw and today, after departures and replacements; the replacement
//! rounds; attendance at sittings and participation in votes. Totals
//! only. Each chart is SVG drawn on the server inside the table that holds
//! its figures, so the page reads without JavaScript and with a screen
//! reader.

use domain::composition::{Category, Composition, Round, SittingTurnout, VoteTurnout, percent};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::accountability::get_composition;
use crate::components::{BarCell, ErrorBox, Loading};
use crate::i18n::{self, Msg, page_title, tr, use_locale};

#[component]
pub fn CompositionPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_composition());
    view! {
        <Title text=page_title(Msg::CompositionTitle)/>
        <h1>{tr(Msg::CompositionTitle)}</h1>
        <p class="lead">{tr(Msg::CompositionLead)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(None) => view! { <p class="empty">{tr(Msg::NoCohortYet)}</p> }.into_any(),
                    Ok(Some(c)) => view! { <Cohort composition=c/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Cohort(composition: Composition) -> impl IntoView {
    let locale = use_locale();
    let Composition {
        draw_id,
        title,
        term_start,
        term_end,
        seats,
        sitting,
        empty,
        categories,
        rounds,
        sittings,
        votes,
    } = composition;
    let replaced: u32 = rounds.iter().map(|r| r.replaced).sum();
    view! {
        <h2><a href=format!("/draws/{draw_id}")>{title}</a></h2>
        <p class="muted">
            <time datetime=term_start.to_string()>{move || i18n::format_date(term_start, locale.0.get())}</time>
            " – "
            <time datetime=term_end.to_string()>{move || i18n::format_date(term_end, locale.0.get())}</time>
        </p>
        <dl class="key-figures">
            <div><dt>{tr(Msg::CohortSeats)}</dt><dd>{seats}</dd></div>
            <div><dt>{tr(Msg::CohortSitting)}</dt><dd>{sitting}</dd></div>
            <div><dt>{tr(Msg::CohortEmpty)}</dt><dd>{empty}</dd></div>
            <div><dt>{tr(Msg::CohortReplaced)}</dt><dd>{replaced}</dd></div>
        </dl>
        <p class="hint">{tr(Msg::CompositionChartLegend)}</p>
        {categories.into_iter().map(|c| view! { <CategoryChart category=c/> }).collect_view()}
        <Rounds rounds/>
        <Attendance sittings/>
        <Participation votes/>
        <p class="muted">{tr(Msg::CompositionPrivacy)}</p>
    }
}

/// One census feature: a row per value with its target, its range, its
/// seats at the draw and today, and a bar drawing them.
#[component]
fn CategoryChart(category: Category) -> impl IntoView {
    let locale = use_locale();
    let feature = category.feature.clone();
    let id = format!("composition-{}", category.feature);
    let (heading, region) = (id.clone(), id.clone());
    let scale = category
        .rows
        .iter()
        .map(|r| r.max.max(r.at_draw).max(r.today))
        .max()
        .unwrap_or(1)
        .max(1);
    // SVG units (0 to 100): attributes, not inline styles, which the
    // pages' Content-Security-Policy forbids.
    let pct = move |x: f64| format!("{:.2}", (x / f64::from(scale) * 100.0).clamp(0.0, 100.0));
    view! {
        <section class="chart" aria-labelledby=id>
            <h3 id=heading>{move || crate::quota_text::feature_label(&feature, locale.0.get())}</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region>
                <table class="quota-fill composition">
                    <thead><tr>
                        <th scope="col">{tr(Msg::Value)}</th>
                        <th scope="col">{tr(Msg::CensusTarget)}</th>
                        <th scope="col">{tr(Msg::QuotaRange)}</th>
                        <th scope="col">{tr(Msg::AtDraw)}</th>
                        <th scope="col">{tr(Msg::Today)}</th>
                        <th scope="col" class="bar-col"><span class="visually-hidden">{tr(Msg::Chart)}</span></th>
                    </tr></thead>
                    <tbody>
                        {category.rows.into_iter().map(|r| {
                            let value = r.value.clone();
                            let outside = r.outside();
                            view! {
                                <tr class:outside=outside>
                                    <th scope="row">{move || i18n::census_label(&value, locale.0.get())}</th>
                                    <td>{r.target.map_or_else(|| "—".to_owned(), |t| format!("{t:.1}"))}</td>
                                    <td>{format!("{}–{}", r.min, r.max)}</td>
                                    <td>{r.at_draw}</td>
                                    <td>
                                        {r.today}
                                        {outside.then(|| view! { " " <span class="badge late">{tr(Msg::OutsideRange)}</span> })}
                                    </td>
                                    <BarCell>
                                        <rect class="fill-range" x=pct(f64::from(r.min)) y="0" height="12"
                                            width=pct(f64::from(r.max.saturating_sub(r.min)))/>
                                        <rect class="fill-at-draw" x="0" y="1" height="4" width=pct(f64::from(r.at_draw))/>
                                        <rect class="fill-drawn" x="0" y="6" height="5" width=pct(f64::from(r.today))/>
                                        {r.target.map(|t| view! {
                                            <rect class="fill-expected" x=pct(t) y="0" height="12" width="0.8"/>
                                        })}
                                    </BarCell>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Rounds(rounds: Vec<Round>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="chart" aria-labelledby="replacements">
            <h2 id="replacements">{tr(Msg::ReplacementsTitle)}</h2>
            <p class="hint">{tr(Msg::ReplacementsLead)}</p>
            {if rounds.is_empty() {
                view! { <p class="empty">{tr(Msg::NoReplacementYet)}</p> }.into_any()
            } else {
                view! {
                    <table class="chart-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::RoundColumn)}</th>
                            <th scope="col">{tr(Msg::DateColumn)}</th>
                            <th scope="col">{tr(Msg::CohortReplaced)}</th>
                        </tr></thead>
                        <tbody>
                            {rounds.into_iter().map(|r| {
                                let at = r.at;
                                view! {
                                    <tr>
                                        <th scope="row">{r.round}</th>
                                        <td><time datetime=at.to_rfc3339()>{move || i18n::format_date(at, locale.0.get())}</time></td>
                                        <td>{r.replaced}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// A line of a turnout table: what it was (a link), how many came or
/// voted, of how many who could.
struct Line {
    href: String,
    name: Signal<String>,
    part: u32,
    whole: u32,
}

/// Turnout as a table of counts, each line's rate drawn as a bar.
#[component]
fn TurnoutTable(
    id: &'static str,
    title: Msg,
    empty: Msg,
    columns: [Msg; 3],
    lines: Vec<Line>,
) -> impl IntoView {
    let [what, part, whole] = columns;
    view! {
        <section class="chart" aria-labelledby=id>
            <h2 id=id>{tr(title)}</h2>
            {if lines.is_empty() {
                view! { <p class="empty">{tr(empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby=id>
                        <table class="chart-table">
                            <thead><tr>
                                <th scope="col">{tr(what)}</th>
                                <th scope="col">{tr(part)}</th>
                                <th scope="col">{tr(whole)}</th>
                                <th scope="col">{tr(Msg::RateColumn)}</th>
                                <th scope="col" class="bar-col"><span class="visually-hidden">{tr(Msg::Chart)}</span></th>
                            </tr></thead>
                            <tbody>
                                {lines.into_iter().map(|l| {
                                    let share = percent(l.part, l.whole);
                                    view! {
                                        <tr>
                                            <th scope="row"><a href=l.href>{l.name}</a></th>
                                            <td>{l.part}</td>
                                            <td>{l.whole}</td>
                                            <td>{share.map_or_else(|| "—".to_owned(), |p| format!("{p} %"))}</td>
                                            <BarCell>
                                                <rect class="fill-drawn" x="0" y="0" height="12" width=share.unwrap_or(0).min(100).to_string()/>
                                            </BarCell>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Who came to each sitting held, of the members seated that day.
#[component]
fn Attendance(sittings: Vec<SittingTurnout>) -> impl IntoView {
    let locale = use_locale();
    let lines = sittings
        .into_iter()
        .map(|s| {
            let day = s.day;
            Line {
                href: format!("/seances/{}", s.id),
                name: Signal::derive(move || i18n::format_date(day, locale.0.get())),
                part: s.present,
                whole: s.seated,
            }
        })
        .collect();
    view! {
        <TurnoutTable id="attendance" title=Msg::SittingsAttendance empty=Msg::NoSittingHeld
            columns=[Msg::DateColumn, Msg::PresentColumn, Msg::SeatedColumn] lines/>
    }
}

/// Who voted in each closed vote, of those who could.
#[component]
fn Participation(votes: Vec<VoteTurnout>) -> impl IntoView {
    let locale = use_locale();
    let lines = votes
        .into_iter()
        .map(|v| {
            let (title, closed) = (v.title, v.closed_at);
            Line {
                href: format!("/proposals/{}", v.proposal_id),
                name: Signal::derive(move || {
                    format!("{title} ({})", i18n::format_date(closed, locale.0.get()))
                }),
                part: v.cast,
                whole: v.eligible,
            }
        })
        .collect();
    view! {
        <TurnoutTable id="participation" title=Msg::ParticipationTitle empty=Msg::NoVoteClosed
            columns=[Msg::ProposalColumn, Msg::VotersColumn, Msg::EligibleColumn] lines/>
    }
}
