//! Draws: who sits in the assembly, how they were chosen, and a button that
//! re-runs the whole draw in the visitor's browser.

use domain::DrawView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::components::{BarCell, ErrorBox, Loading};
use crate::error::AppError;
use crate::i18n::{Msg, format_date, page_title, tr, use_locale};
use crate::public::{get_draw, list_draws};
use crate::verify_text;

#[component]
pub fn DrawsPage() -> impl IntoView {
    let draws = Resource::new(|| (), |_| list_draws());
    view! {
        <Title text=page_title(Msg::DrawsTitle)/>
        <h1>{tr(Msg::DrawsTitle)}</h1>
        <p class="lead">{tr(Msg::DrawsLead)}</p>
        <p><a href="/members">{tr(Msg::RosterLink)}</a></p>
        <Transition>
            {move || crate::viewer::use_viewer().get().is_some_and(|v| v.facilitator).then(|| view! { <NewDraw/> })}
        </Transition>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match draws.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(list) => view! {
                        <div class="cards">
                            {list.into_iter().map(|d| view! {
                                <article class="card">
                                    <h2 class="card-title"><a href=format!("/draws/{}", d.id)>{d.title.clone()}</a></h2>
                                    <p class="card-foot">
                                        <span>{d.seats} " " {tr(Msg::Seats)}</span>
                                        <span>{d.pool_size} " " {tr(Msg::Volunteers)}</span>
                                        <span>{d.term_start.to_string()} " → " {d.term_end.to_string()}</span>
                                    </p>
                                </article>
                            }).collect_view()}
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Sets up a draw (facilitators): its quotas start from the Paris census.
#[component]
fn NewDraw() -> impl IntoView {
    use crate::forms::{Field, FormError, field_error, general_error};
    let create = ServerAction::<crate::lifecycle::CreateDraw>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/draws/{id}"), Default::default());
        }
    });
    view! {
        <details class="new-draw">
            <summary>{tr(Msg::NewDraw)}</summary>
            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                <Field name="title" label=Msg::DrawTitleLabel error=field_error(create, "title")/>
                <Field name="seats" label=Msg::SeatsLabel kind="number" value="100" error=field_error(create, "seats")/>
                <Field name="term_start" label=Msg::TermStart kind="date" error=field_error(create, "term_start")/>
                <Field name="term_end" label=Msg::TermEnd kind="date" error=field_error(create, "term_end")/>
                <p class="hint">{tr(Msg::NewDrawHint)}</p>
                <FormError error=general_error(create) shown=&["title", "seats", "term_start", "term_end"]/>
                <button type="submit" class="button">{tr(Msg::CreateDraw)}</button>
            </ActionForm>
        </details>
    }
}

/// Cohorts follow each other: links to the previous and next draws, and for
/// facilitators, once a draw is done, the preparation of the next one
/// (highlighted four months before the term ends).
#[component]
fn Renewal(draw: DrawView) -> impl IntoView {
    use crate::forms::{Field, FormError, field_error, general_error};
    let renew = ServerAction::<crate::lifecycle::PrepareRenewal>::new();
    Effect::new(move |_| {
        if let Some(Ok(id)) = renew.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/draws/{id}"), Default::default());
        }
    });
    let due = draw.renewal_due;
    let can_prepare = draw.status == "done" && draw.renewed_by.is_none();
    let next = domain::term::next_term(draw.term_start, draw.term_end);
    let suggested = next.map(|(start, end)| {
        format!(
            "{} {}-{}",
            draw.title.split(" 20").next().unwrap_or(&draw.title),
            start.format("%Y"),
            end.format("%Y")
        )
    });
    let draw_id = draw.id.to_string();
    view! {
        {draw.renews.map(|id| view! {
            <p><a href=format!("/draws/{id}")>{tr(Msg::PreviousCohortDraw)}</a></p>
        })}
        {draw.renewed_by.map(|id| view! {
            <p class="notice-box"><a href=format!("/draws/{id}")>{tr(Msg::NextCohortDraw)}</a></p>
        })}
        <Transition>
            {move || (can_prepare && crate::viewer::use_viewer().get().is_some_and(|v| v.facilitator)).then(|| {
                let (draw_id, suggested) = (draw_id.clone(), suggested.clone());
                view! {
                    <details class="new-draw" open=due>
                        <summary>{tr(Msg::PrepareRenewal)}</summary>
                        {due.then(|| view! { <p class="notice-box">{tr(Msg::RenewalDue)}</p> })}
                        <p class="hint">{tr(Msg::RenewalHint)}
                            {next.map(|(start, end)| view! { " " <strong>{start.to_string()} " → " {end.to_string()}</strong> "." })}
                        </p>
                        <ActionForm action=renew attr:class="stack" attr:novalidate=true>
                            <input type="hidden" name="draw_id" value=draw_id/>
                            <Field name="title" label=Msg::DrawTitleLabel value=suggested.unwrap_or_default() error=field_error(renew, "title")/>
                            <FormError error=general_error(renew) shown=&["title"]/>
                            <button type="submit" class="button">{tr(Msg::CreateDraw)}</button>
                        </ActionForm>
                    </details>
                }
            })}
        </Transition>
    }
}

/// The draw named by the route's `{id}` (not found if it is not a number).
fn draw_of_route() -> Resource<Result<DrawView, AppError>> {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_draw(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// `/draws/{id}/verify`: re-runs the whole draw in the visitor's browser as
/// soon as the page is interactive, from the published record.
#[component]
pub fn DrawVerifyPage() -> impl IntoView {
    let draw = draw_of_route();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match draw.await {
                    Ok(d) if d.seed.is_some() => {
                        let record_url = format!("/draws/{}/record.json", d.id);
                        view! {
                            <Title text=d.title.clone()/>
                            <p class="breadcrumb"><a href=format!("/draws/{}", d.id)>"← " {d.title.clone()}</a></p>
                            <h1>{tr(Msg::VerifyTitle)}</h1>
                            <p class="lead">{tr(Msg::VerifyLead)}</p>
                            <p><a href=record_url.clone() download=format!("draw-{}-record.json", d.id)>{tr(Msg::DownloadRecord)}</a></p>
                            <Verifier record_url auto=true/>
                        }.into_any()
                    }
                    Ok(d) => view! { <NotDrawnYet draw=d/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The verification page of a draw that has not taken place: what will be
/// verifiable, and when, rather than a "page not found".
#[component]
fn NotDrawnYet(draw: DrawView) -> impl IntoView {
    let locale = use_locale();
    let when = draw.draw_after;
    let committed = draw.inputs_hash.is_some();
    view! {
        <Title text=draw.title.clone()/>
        <p class="breadcrumb"><a href=format!("/draws/{}", draw.id)>"← " {draw.title.clone()}</a></p>
        <h1>{tr(Msg::VerifyTitle)}</h1>
        <div class="notice-box" role="status">
            <p>{tr(Msg::NotDrawnYet)}</p>
            <p>
                {match when {
                    Some(after) => view! {
                        {tr(Msg::VerifiableAfter)} " "
                        <strong>{move || format_date(after, locale.0.get())} " " {after.format("%H:%M UTC").to_string()}</strong>
                        "."
                    }.into_any(),
                    None => {
                        let start = draw.term_start;
                        view! {
                            {tr(Msg::VerifiableOncePoolCloses)} " "
                            <strong>{move || format_date(start, locale.0.get())}</strong>
                            "."
                        }.into_any()
                    }
                }}
            </p>
        </div>
        {committed.then(|| view! {
            <p><a href=format!("/draws/{}/inputs.json", draw.id)>{tr(Msg::PublishedPool)}</a></p>
        })}
    }
}

#[component]
pub fn DrawPage() -> impl IntoView {
    let draw = draw_of_route();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match draw.await {
                    Ok(d) => view! { <Draw draw=d/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn percent(p: f64) -> String {
    format!("{:.2} %", p * 100.0)
}

#[component]
fn Draw(draw: DrawView) -> impl IntoView {
    let record_url = format!("/draws/{}/record.json", draw.id);
    let (draw_id, draw_open) = (draw.id, draw.status == "pool_open");
    let fair_share = f64::from(draw.seats) / f64::from(draw.pool_size.max(1));
    view! {
        <Title text=draw.title.clone()/>
        <p class="breadcrumb"><a href="/draws">"← " {tr(Msg::DrawsTitle)}</a></p>
        <h1>{draw.title.clone()}</h1>
        <dl class="facts">
            <div><dt>{tr(Msg::Seats)}</dt><dd>{draw.seats}</dd></div>
            <div><dt>{tr(Msg::Volunteers)}</dt><dd>{draw.pool_size}</dd></div>
            <div><dt>{tr(Msg::Term)}</dt><dd>{draw.term_start.to_string()} " → " {draw.term_end.to_string()}</dd></div>
            <div><dt>{tr(Msg::EqualChance)}</dt><dd>{percent(fair_share)}</dd></div>
            {draw.min_probability.map(|p| view! { <div><dt>{tr(Msg::MinChance)}</dt><dd>{percent(p)}</dd></div> })}
            {draw.max_probability.map(|p| view! { <div><dt>{tr(Msg::MaxChance)}</dt><dd>{percent(p)}</dd></div> })}
            {draw.picked_index.map(|i| view! { <div><dt>{tr(Msg::PickedPanel)}</dt><dd>{format!("#{i} / 1000")}</dd></div> })}
        </dl>
        <super::draw_lifecycle::Lifecycle draw_id=draw.id/>
        <Renewal draw=draw.clone()/>
        <section aria-labelledby="verify">
            <h2 id="verify">{tr(Msg::VerifyTitle)}</h2>
            <p>{tr(Msg::VerifyLead)}</p>
            <dl class="hashes">
                {draw.inputs_hash.clone().map(|h| view! { <dt>{tr(Msg::InputsHash)}</dt><dd><code>{h}</code></dd> })}
                {draw.seed.clone().map(|s| view! { <dt>{tr(Msg::Seed)}</dt><dd><code>{s}</code></dd> })}
                {draw.engine_version.clone().map(|v| view! { <dt>{tr(Msg::Engine)}</dt><dd><code>{v}</code></dd> })}
            </dl>
            <p><a href=record_url.clone() download=format!("draw-{}-record.json", draw.id)>{tr(Msg::DownloadRecord)}</a></p>
            <p><a href=format!("/ledger?subject={}", domain::Subject::Draw(draw.id))>{tr(Msg::LedgerSeeEntries)}</a></p>
            <p><a href=format!("/draws/{}/verify", draw.id)>{tr(Msg::VerifyPageLink)}</a></p>
            <Verifier record_url/>
        </section>
        <section aria-labelledby="quotas">
            <h2 id="quotas">{tr(Msg::Quotas)}</h2>
            <Transition>
                {move || (draw_open && crate::viewer::use_viewer().get().is_some_and(|v| v.facilitator))
                    .then(|| view! { <super::quota_editor::QuotaEditor draw_id/> })}
            </Transition>
            // Focusable so that keyboard users can scroll it on a phone.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="quotas">
                <table class="quotas">
                    <thead><tr>
                        <th scope="col">{tr(Msg::Feature)}</th>
                        <th scope="col">{tr(Msg::Value)}</th>
                        <th scope="col">{tr(Msg::QuotaRange)}</th>
                        <th scope="col">{tr(Msg::Seated)}</th>
                    </tr></thead>
                    <tbody>
                        {draw.quotas.into_iter().map(|q| view! {
                            <tr>
                                <td>{q.feature.clone()}</td>
                                <td>{q.value.clone()}</td>
                                <td>{q.min} "–" {q.max}</td>
                                <td>{q.seated}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="members">
            <h2 id="members">{tr(Msg::Members)} " (" {draw.members.len()} ")"</h2>
            <p class="muted">{tr(Msg::MembersLead)}</p>
            <ul class="members">
                {draw.members.into_iter().map(|m| view! {
                    <li>{m.name.clone().map(|n| view! { <strong>{n}</strong> " " })}<code>{m.label.clone()}</code></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Loads the verifier (a separate wasm, run by a web worker), re-runs the
/// draw from its published record with a progress bar, and shows each check
/// and the charts of the result.
#[component]
fn Verifier(record_url: String, #[prop(optional)] auto: bool) -> impl IntoView {
    let locale = use_locale();
    let run = super::in_browser::BrowserTask::new();
    let running = run.pending;
    let progress = RwSignal::new(None::<f64>);
    let start = move |url: String| {
        progress.set(None);
        run.run(verify_in_browser(url, progress));
    };
    if auto {
        // Once the page is interactive; never on the server.
        let url = record_url.clone();
        Effect::new(move |_| start(url.clone()));
    }
    view! {
        <div class="verifier">
            <button type="button" class="button" disabled=running on:click={
                let url = record_url.clone();
                move |_| start(url.clone())
            }>
                {tr(Msg::VerifyButton)}
            </button>
            <noscript><p>{tr(Msg::VerifyNoScript)}</p></noscript>
            {move || running.get().then(|| view! {
                <div class="verify-progress">
                    <label for="verify-progress">{tr(Msg::Verifying)}</label>
                    // Without a value the bar shows work of unknown length.
                    <progress id="verify-progress" max="100"
                        value=move || progress.get().map(|f| format!("{:.0}", f * 100.0))>
                    </progress>
                    <span aria-hidden="true">{move || progress.get().map(|f| format!(" {:.0} %", f * 100.0))}</span>
                </div>
            })}
            <div aria-live="polite">
                {move || run.value.get().map(|result| match result {
                    Ok(report) => {
                        let ok = report.ok;
                        let (fill, histogram, k_over_n) = (report.quota_fill.clone(), report.histogram.clone(), report.k_over_n);
                        view! {
                            <p class=if ok { "verdict verdict-ok" } else { "verdict verdict-bad" } role="status">
                                {move || (if ok { Msg::Verified } else { Msg::NotVerified }).text(locale.0.get())}
                            </p>
                            <ol class="checks">
                                {report.steps.into_iter().map(|s| view! {
                                    <li class=if s.ok { "check-ok" } else { "check-bad" }>
                                        <span aria-hidden="true">{if s.ok { "✓ " } else { "✗ " }}</span>
                                        <strong>{let name = s.name.clone(); move || verify_text::step_label(&name, locale.0.get())}</strong>
                                        " " <code class="step-name">{s.name.clone()}</code>
                                        <br/><span class="muted">{let evidence = s.evidence.clone(); move || verify_text::evidence_text(&evidence, locale.0.get())}</span>
                                    </li>
                                }).collect_view()}
                            </ol>
                            {(!fill.is_empty()).then(|| view! { <QuotaChart fill/> })}
                            {(!histogram.is_empty()).then(|| view! { <ChanceChart histogram k_over_n/> })}
                        }.into_any()
                    }
                    Err(message) => view! { <div class="error-box" role="alert"><p>{message}</p></div> }.into_any(),
                })}
            </div>
        </div>
    }
}

/// Each quota's allowed range, the seats the drawn panel gives it and the
/// seats the lottery gives it on average: a table, with a bar per row for
/// the eye (the numbers are in the cells).
#[component]
fn QuotaChart(fill: Vec<lottery::QuotaFill>) -> impl IntoView {
    let locale = use_locale();
    // Census features in their usual order, their values too.
    let rank = |category: &str, value: Option<&str>| {
        let features = domain::quotas::FEATURES.iter();
        match features.clone().position(|(f, _)| *f == category) {
            None => (usize::MAX, 0),
            Some(i) => (
                i,
                value
                    .and_then(|v| features.clone().nth(i)?.1.iter().position(|s| s.value == v))
                    .unwrap_or(0),
            ),
        }
    };
    let mut fill = fill;
    fill.sort_by_key(|q| rank(&q.category, Some(&q.value)));
    let mut categories: Vec<String> = Vec::new();
    for q in &fill {
        if !categories.contains(&q.category) {
            categories.push(q.category.clone());
        }
    }
    view! {
        <section aria-labelledby="quota-fill" class="chart">
            <h3 id="quota-fill">{tr(Msg::QuotaFillTitle)}</h3>
            <p class="hint">{tr(Msg::QuotaFillLead)}</p>
            {categories.into_iter().map(|category| {
                let rows: Vec<lottery::QuotaFill> = fill.iter().filter(|q| q.category == category).cloned().collect();
                let scale = rows.iter().map(|q| q.max.max(q.drawn)).max().unwrap_or(1).max(1) as f64;
                // Drawn in SVG units (0 to 100): attributes, not inline
                // styles, which the pages' Content-Security-Policy forbids.
                let pct = move |x: f64| format!("{:.2}", (x / scale * 100.0).clamp(0.0, 100.0));
                let label = category.clone();
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=move || crate::quota_text::feature_label(&label, locale.0.get())>
                        <table class="quota-fill">
                            <caption>{let c = category.clone(); move || crate::quota_text::feature_label(&c, locale.0.get())}</caption>
                            <thead><tr>
                                <th scope="col">{tr(Msg::Value)}</th>
                                <th scope="col">{tr(Msg::QuotaRange)}</th>
                                <th scope="col">{tr(Msg::DrawnSeats)}</th>
                                <th scope="col">{tr(Msg::AverageSeats)}</th>
                                <th scope="col" class="bar-col"><span class="visually-hidden">{tr(Msg::Chart)}</span></th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|q| {
                                    let value = q.value.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{move || crate::i18n::census_label(&value, locale.0.get())}</th>
                                            <td>{q.min} "–" {q.max}</td>
                                            <td>{q.drawn}</td>
                                            <td>{format!("{:.1}", q.expected)}</td>
                                            <BarCell>
                                                <rect class="fill-range" x=pct(f64::from(q.min)) y="0" height="12"
                                                    width=pct(f64::from(q.max.saturating_sub(q.min)))/>
                                                <rect class="fill-drawn" x="0" y="3" height="6" width=pct(f64::from(q.drawn))/>
                                                <rect class="fill-expected" x=pct(q.expected) y="0" height="12" width="0.8"/>
                                            </BarCell>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

/// How many volunteers got each chance of selection, next to the chance
/// everyone would have without quotas.
#[component]
fn ChanceChart(histogram: Vec<lottery::HistogramBin>, k_over_n: f64) -> impl IntoView {
    let most = histogram.iter().map(|b| b.people).max().unwrap_or(1).max(1);
    view! {
        <section aria-labelledby="chances" class="chart">
            <h3 id="chances">{tr(Msg::ChancesTitle)}</h3>
            <p class="hint">{tr(Msg::ChancesLead)} " " <strong>{percent(k_over_n)}</strong>.</p>
            <ol class="histogram">
                {histogram.into_iter().map(|b| {
                    let height = f64::from(b.people) / f64::from(most) * 100.0;
                    view! {
                        <li>
                            <span class="bar-count">{b.people}</span>
                            <svg class="bar-area" viewBox="0 0 10 100" preserveAspectRatio="none" aria-hidden="true">
                                <rect class="bar" x="0" width="10" y=format!("{:.2}", 100.0 - height) height=format!("{height:.2}")/>
                            </svg>
                            <span class="bar-label">{percent(b.from)} "–" {percent(b.to)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="hint">{tr(Msg::ChancesAxis)}</p>
        </section>
    }
}

async fn verify_in_browser(
    record_url: String,
    progress: RwSignal<Option<f64>>,
) -> Result<lottery::VerifyReport, String> {
    let json = super::in_browser::verify("verify_record", &record_url, "", move |f| {
        progress.set(Some(f))
    })
    .await?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}
