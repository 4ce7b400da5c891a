//! The public accountability board (`/suivi`): what the city did with what
//! the assembly adopted — awaiting, late, answered, carried out — by step,
//! theme and department, with the dates of each proposal's timeline. The
//! charts are SVG drawn on the server, each in a table that holds its
//! figures, so the page reads without JavaScript and with a screen reader.

use domain::accountability::{Board, BoardItem, Counts, Figures, Track};
use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::{components::Form, hooks::use_query_map};

use crate::accountability::get_board;
use crate::components::{BarCell, ErrorBox, Loading, Pager};
use crate::i18n::{self, Msg, page_title, tr, use_locale};

#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_query_map();
    let get = move |key: &str| params.with(|p| p.get(key).unwrap_or_default());
    let filters = Memo::new(move |_| (get("theme"), get("direction"), get("statut")));
    let data = Resource::new(
        move || (filters.get(), get("page")),
        |((theme, direction, statut), page)| get_board(theme, direction, statut, page),
    );
    let feed_title = Msg::LateFeed.text(use_locale().0.get_untracked());
    view! {
        <Title text=page_title(Msg::BoardTitle)/>
        <Link rel="alternate" type_="application/atom+xml" href="/suivi/retards.atom" title=feed_title/>
        <h1>{tr(Msg::BoardTitle)}</h1>
        <p class="lead">{tr(Msg::BoardLead)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! {
                        <FilterForm board=Board::default() filters=filters.get_untracked()/>
                        <ErrorBox error/>
                    }.into_any(),
                    Ok(b) => view! {
                        <FilterForm board=b.clone() filters=filters.get_untracked()/>
                        <KeyFigures figures=b.figures.clone()/>
                        <ByTrack counts=b.figures.all.clone()/>
                        <Groups figures=b.figures.clone()/>
                        <Items items=b.items total=b.figures.all.total/>
                        <Pager number=b.filter.page() pages=b.pages link=move |n| b.filter.href(n)/>
                        <p class="open-data-links">
                            <a href="/suivi/retards.atom">{tr(Msg::LateFeed)}</a> " · "
                            <a href="/api/export/city_referrals.csv">{tr(Msg::BoardOpenData)} " (CSV)"</a> " · "
                            <a href="/api/export/city_referrals.json">"JSON"</a>
                        </p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One value a filter may take.
struct Choice {
    value: String,
    selected: bool,
    label: Signal<String>,
}

/// A filter of the board, `name` in the URL: "all" first, then its
/// choices.
#[component]
fn FilterSelect(name: &'static str, label: Msg, all: Msg, choices: Vec<Choice>) -> impl IntoView {
    let id = format!("b-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <select id=id name=name>
                <option value="">{tr(all)}</option>
                {choices.into_iter().map(|c| view! {
                    <option value=c.value selected=c.selected>{c.label}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The filters, in the URL: a link to the board filtered is the board
/// filtered.
#[component]
fn FilterForm(board: Board, filters: (String, String, String)) -> impl IntoView {
    let locale = use_locale();
    let (theme, direction, statut) = filters;
    view! {
        <Form method="GET" action="/suivi" attr:class="filters board-filters" attr:role="search" attr:aria-label=tr(Msg::Filters)>
            <FilterSelect name="theme" label=Msg::FilterTheme all=Msg::AllThemes
                choices=board.themes.into_iter().map(|t| Choice {
                    selected: t.slug == theme,
                    value: t.slug.clone(),
                    label: Signal::derive(move || i18n::theme_name(&t, locale.0.get())),
                }).collect()/>
            <FilterSelect name="direction" label=Msg::FilterDepartment all=Msg::AllDepartments
                choices=board.departments.into_iter().map(|d| Choice {
                    selected: d.slug == direction,
                    value: d.slug.clone(),
                    label: Signal::derive(move || d.name(locale.0.get()).to_owned()),
                }).collect()/>
            <FilterSelect name="statut" label=Msg::FilterStatus all=Msg::AllStatuses
                choices=Track::ALL.iter().copied().map(|t| Choice {
                    selected: t.as_str() == statut,
                    value: t.as_str().to_owned(),
                    label: Signal::derive(move || i18n::track_label(t, locale.0.get()).to_owned()),
                }).collect()/>
            <button type="submit" class="button">{tr(Msg::Apply)}</button>
        </Form>
    }
}

#[component]
fn KeyFigures(figures: Figures) -> impl IntoView {
    let locale = use_locale();
    let days = figures.median_days_to_answer;
    let share = figures.implemented_percent;
    view! {
        <dl class="key-figures">
            <div><dt>{tr(Msg::BoardAdopted)}</dt><dd>{figures.all.total}</dd></div>
            <div><dt>{tr(Msg::BoardLate)}</dt><dd>{figures.all.of(Track::Late)}</dd></div>
            <div>
                <dt>{tr(Msg::BoardMedianAnswer)}</dt>
                <dd>{move || days.map_or_else(|| "—".to_owned(), |d| i18n::days(d, locale.0.get()))}</dd>
            </div>
            <div>
                <dt>{tr(Msg::BoardImplementedShare)}</dt>
                <dd>{share.map_or_else(|| "—".to_owned(), |p| format!("{p} %"))}</dd>
            </div>
            <div>
                <dt>{tr(Msg::BoardCommitmentsMet)}</dt>
                <dd>{figures.commitments_met} " / " {figures.commitments}</dd>
            </div>
            <div><dt>{tr(Msg::CommitmentsOverdue)}</dt><dd>{figures.commitments_overdue}</dd></div>
        </dl>
    }
}

/// One bar per step: the table holds the counts, the bars draw them.
#[component]
fn ByTrack(counts: Counts) -> impl IntoView {
    let locale = use_locale();
    let most = f64::from(counts.by_track.iter().copied().max().unwrap_or(0).max(1));
    view! {
        <section aria-labelledby="by-track" class="chart">
            <h2 id="by-track">{tr(Msg::BoardByTrack)}</h2>
            <table class="chart-table">
                <thead><tr>
                    <th scope="col">{tr(Msg::FilterStatus)}</th>
                    <th scope="col">{tr(Msg::BoardCount)}</th>
                    <th scope="col" class="bar-col"><span class="visually-hidden">{tr(Msg::Chart)}</span></th>
                </tr></thead>
                <tbody>
                    {Track::ALL.iter().copied().map(|t| {
                        let n = counts.of(t);
                        let width = format!("{:.2}", f64::from(n) / most * 100.0);
                        view! {
                            <tr>
                                <th scope="row">{move || i18n::track_label(t, locale.0.get())}</th>
                                <td>{n}</td>
                                <BarCell>
                                    <rect class=format!("track-{}", t.as_str()) x="0" y="0" height="12" width=width/>
                                </BarCell>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// By theme and by department: how many are awaited, late, answered and
/// carried out, with a bar stacked by step.
#[component]
fn Groups(figures: Figures) -> impl IntoView {
    let locale = use_locale();
    let themes: Vec<(String, Counts)> = figures
        .by_theme
        .into_iter()
        .map(|(t, c)| (i18n::theme_name(&t, locale.0.get_untracked()), c))
        .collect();
    let departments: Vec<(String, Counts)> = figures
        .by_department
        .into_iter()
        .map(|(d, c)| (d.name(locale.0.get_untracked()).to_owned(), c))
        .collect();
    view! {
        <GroupTable id="by-theme" title=Msg::BoardByTheme rows=themes/>
        <GroupTable id="by-department" title=Msg::BoardByDepartment rows=departments/>
    }
}

#[component]
fn GroupTable(id: &'static str, title: Msg, rows: Vec<(String, Counts)>) -> impl IntoView {
    let locale = use_locale();
    let most = f64::from(rows.iter().map(|(_, c)| c.total).max().unwrap_or(0).max(1));
    let answered = |c: &Counts| {
        [
            Track::Accepted,
            Track::Partly,
            Track::Rejected,
            Track::InProgress,
            Track::Implemented,
            Track::Closed,
        ]
        .iter()
        .map(|t| c.of(*t))
        .sum::<u32>()
    };
    view! {
        <section aria-labelledby=id class="chart">
            <h2 id=id>{tr(title)}</h2>
            {if rows.is_empty() {
                view! { <p class="empty">{tr(Msg::NoResults)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby=id>
                    <table class="chart-table">
                        <thead><tr>
                            <th scope="col"><span class="visually-hidden">{tr(title)}</span></th>
                            <th scope="col">{tr(Msg::BoardCount)}</th>
                            <th scope="col">{move || i18n::track_label(Track::Late, locale.0.get())}</th>
                            <th scope="col">{tr(Msg::BoardAnswered)}</th>
                            <th scope="col">{move || i18n::track_label(Track::Implemented, locale.0.get())}</th>
                            <th scope="col" class="bar-col"><span class="visually-hidden">{tr(Msg::Chart)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(name, c)| {
                                let mut x = 0.0;
                                let parts: Vec<(Track, String, String)> = Track::ALL.iter().copied().filter_map(|t| {
                                    let n = c.of(t);
                                    (n > 0).then(|| {
                                        let w = f64::from(n) / most * 100.0;
                                        let part = (t, format!("{x:.2}"), format!("{w:.2}"));
                                        x += w;
                                        part
                                    })
                                }).collect();
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td>{c.total}</td>
                                        <td>{c.of(Track::Late)}</td>
                                        <td>{answered(&c)}</td>
                                        <td>{c.of(Track::Implemented)}</td>
                                        <BarCell>
                                            {parts.into_iter().map(|(t, x, w)| view! {
                                                <rect class=format!("track-{}", t.as_str()) x=x y="0" height="12" width=w/>
                                            }).collect_view()}
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

/// A page of the proposals the filters keep (`total` counts them all),
/// late ones first, each with its dates.
#[component]
fn Items(items: Vec<BoardItem>, total: u32) -> impl IntoView {
    let locale = use_locale();
    let date = move |d: chrono::DateTime<chrono::Utc>| move || i18n::format_date(d, locale.0.get());
    view! {
        <section aria-labelledby="board-items">
            <h2 id="board-items">{tr(Msg::BoardItems)} " (" {total} ")"</h2>
            {items.is_empty().then(|| view! { <p class="empty">{tr(Msg::NoResults)}</p> })}
            <ol class="board-items">
                {items.into_iter().map(|i| {
                    let track = i.track;
                    let theme = i.theme.clone();
                    let department = i.department.clone();
                    let late = i.days_late;
                    let overdue = i.overdue.len();
                    let commitments = (i.commitments > 0).then_some((i.commitments_met, i.commitments));
                    view! {
                        <li class="board-item">
                            <h3><a href=format!("/proposals/{}", i.id)>{i.title.clone()}</a></h3>
                            <p class="card-meta">
                                <span class=format!("badge track-badge-{}", track.as_str())>
                                    {move || i18n::track_label(track, locale.0.get())}
                                </span>
                                <span class="theme">{move || i18n::theme_name(&theme, locale.0.get())}</span>
                                {department.map(|d| view! { <span>{move || d.name(locale.0.get()).to_owned()}</span> })}
                                {(overdue > 0).then(|| view! {
                                    <span class="badge late">
                                        {move || i18n::overdue_commitments(u32::try_from(overdue).unwrap_or(u32::MAX), locale.0.get())}
                                    </span>
                                })}
                            </p>
                            <ol class="timeline compact">
                                {i.adopted_at.map(|d| view! { <li>{tr(Msg::TimelineAdopted)} " " <time datetime=d.to_rfc3339()>{date(d)}</time></li> })}
                                {i.sent_at.map(|d| view! { <li>{tr(Msg::TimelineSent)} " " <time datetime=d.to_rfc3339()>{date(d)}</time></li> })}
                                {i.due_day.filter(|_| i.answered_at.is_none()).map(|d| view! {
                                    <li>
                                        {tr(Msg::TimelineDue)} " " <time datetime=d.to_string()>{move || i18n::format_date(d, locale.0.get())}</time>
                                        {late.map(|days| view! { " " <strong class="late-note">{move || i18n::late_by(days, locale.0.get())}</strong> })}
                                    </li>
                                })}
                                {i.answered_at.map(|d| view! { <li>{tr(Msg::TimelineAnswered)} " " <time datetime=d.to_rfc3339()>{date(d)}</time></li> })}
                                {i.progress.filter(|_| track == Track::InProgress).map(|p| view! { <li>{tr(Msg::TimelineProgress)} " " {p} " %"</li> })}
                                {commitments.map(|(met, all)| view! { <li>{tr(Msg::BoardCommitmentsMet)} " " {met} " / " {all}</li> })}
                                {i.overdue.into_iter().map(|o| {
                                    let days = o.days_late;
                                    view! {
                                        <li>
                                            // Loaded by the browser, which scrolls to the
                                            // commitment (the router would render the page
                                            // before its data, and stay at the top).
                                            <a href=format!("/proposals/{}#commitment-{}", i.id, o.commitment) rel="external">{o.title}</a>
                                            " " <strong class="late-note">{move || i18n::late_by(days, locale.0.get())}</strong>
                                        </li>
                                    }
                                }).collect_view()}
                                {i.implemented_at.map(|d| view! { <li>{tr(Msg::TimelineImplemented)} " " <time datetime=d.to_rfc3339()>{date(d)}</time></li> })}
                            </ol>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
