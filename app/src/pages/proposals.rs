use domain::{Origin, ProposalQuery, ProposalSort, ProposalStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::components::{ErrorBox, Loading, Pager, ProposalCard};
use crate::error::AppError;
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::public::{get_themes, list_proposals};

#[component]
pub fn ProposalsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| {
            ProposalQuery::parse(
                p.get_str("theme"),
                p.get_str("status"),
                p.get_str("origin"),
                p.get_str("q"),
                p.get_str("sort"),
                p.get_str("page"),
            )
        })
    });
    let themes = Resource::new(|| (), |_| get_themes());
    let page = Resource::new(
        move || query.get(),
        move |parsed| async move {
            match parsed {
                Ok(q) => list_proposals(q).await,
                Err(e) => Err(AppError::invalid(
                    "query",
                    i18n::query_error(e),
                    locale.0.get_untracked(),
                )),
            }
        },
    );
    let current = move || query.get().unwrap_or_default();

    view! {
        <Title text=page_title(Msg::ProposalsTitle)/>
        <h1>{tr(Msg::ProposalsTitle)}</h1>
        <p><a class="button" href="/proposals/new">{tr(Msg::NewProposalTitle)}</a></p>
        <Transition>
            {move || crate::viewer::use_viewer().get().is_some_and(|v| v.facilitator).then(|| view! { <ThresholdForm/> <ThemeForm/> })}
        </Transition>
        // The search in view; the other filters folded behind one control
        // that says how many are on, so that a phone shows proposals first.
        <Form method="GET" action="/proposals" attr:class="filters proposal-filters" attr:role="search" attr:aria-label=tr(Msg::Filters)>
            <div class="search-row">
                <div class="field">
                    <label for="f-q">{tr(Msg::FilterSearch)}</label>
                    <input id="f-q" type="search" name="q" maxlength="100"
                        prop:value=move || current().text().unwrap_or_default().to_owned()/>
                </div>
                <button type="submit" class="button">{tr(Msg::Search)}</button>
            </div>
            <details class="more-filters">
            <summary>
                {tr(Msg::FiltersAndSort)}
                {move || {
                    let on = current().active_filters();
                    (on > 0).then(|| view! { " " <span class="badge status-vote">{on} " " {tr(Msg::FiltersOn)}</span> })
                }}
            </summary>
            <div class="filter-fields">
            <div class="field">
                <label for="f-theme">{tr(Msg::FilterTheme)}</label>
                <select id="f-theme" name="theme">
                    <option value="">{tr(Msg::AllThemes)}</option>
                    <Suspense>
                        {move || Suspend::new(async move {
                            themes.await.unwrap_or_default().into_iter().map(|t| {
                                let slug = t.slug.clone();
                                let value = t.slug.clone();
                                let selected = move || current().theme() == Some(slug.as_str());
                                view! {
                                    <option value=value selected=selected>
                                        {move || i18n::theme_name(&t, locale.0.get())}
                                    </option>
                                }
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label for="f-status">{tr(Msg::FilterStatus)}</label>
                <select id="f-status" name="status">
                    <option value="">{tr(Msg::AllStatuses)}</option>
                    {ProposalStatus::ALL.iter().copied().filter(|s| *s != ProposalStatus::Draft).map(|s| view! {
                        <option value=s.as_str() selected=move || current().status() == Some(s)>
                            {move || i18n::status_label(s, locale.0.get())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-origin">{tr(Msg::FilterOrigin)}</label>
                <select id="f-origin" name="origin">
                    <option value="">{tr(Msg::AllOrigins)}</option>
                    {Origin::ALL.iter().copied().map(|o| view! {
                        <option value=o.as_str() selected=move || current().origin() == Some(o)>
                            {move || i18n::origin_label(o, locale.0.get())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-sort">{tr(Msg::FilterSort)}</label>
                <select id="f-sort" name="sort">
                    {ProposalSort::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || current().sort() == s>
                            {move || i18n::sort_label(s, locale.0.get())}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{tr(Msg::Apply)}</button>
            </div>
            </details>
        </Form>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(page) => {
                        let pages = page.page_count();
                        let number = page.page;
                        let total = page.total;
                        view! {
                            <p class="results-count" aria-live="polite">{total} " " {tr(Msg::ResultsCount)}</p>
                            {if page.items.is_empty() {
                                view! { <p class="empty">{tr(Msg::NoResults)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="cards">
                                        {page.items.into_iter().map(|p| view! { <ProposalCard proposal=p/> }).collect_view()}
                                    </div>
                                }.into_any()
                            }}
                            <Pager number pages link=move |n| format!("/proposals?{}", current().with_page(n).to_query_string())/>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Facilitators set how many supports bring a citizen proposal to the
/// assembly's agenda. The current number loads in the browser when the form
/// opens (nothing of it is rendered on the server).
#[component]
fn ThresholdForm() -> impl IntoView {
    use crate::forms::{Field, FormError, field_error, general_error};
    let save = ServerAction::<crate::agenda::SetSupportThreshold>::new();
    let current = RwSignal::new(None::<u32>);
    let load = move || {
        leptos::task::spawn_local(async move {
            current.set(crate::agenda::support_threshold().await.ok());
        });
    };
    Effect::new(move |_| {
        if save.version().get() > 0 {
            load();
        }
    });
    view! {
        <details class="new-draw" on:toggle=move |_| {
            if current.get_untracked().is_none() {
                load();
            }
        }>
            <summary>{tr(Msg::AgendaThreshold)}</summary>
            {move || current.get().map(|now| view! {
                <ActionForm action=save attr:class="inline-form" attr:novalidate=true>
                    <Field name="supports" label=Msg::AgendaThreshold kind="number" value=now.to_string() error=field_error(save, "supports")/>
                    <FormError error=general_error(save) shown=&["supports"]/>
                    <button type="submit" class="button">{tr(Msg::SaveThreshold)}</button>
                </ActionForm>
            })}
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p role="status">{tr(Msg::ThresholdSaved)}</p> })}
        </details>
    }
}

/// Facilitators add a theme to the four of Paris.
#[component]
fn ThemeForm() -> impl IntoView {
    use crate::forms::{Field, FormError, field_error, general_error};
    let add = ServerAction::<crate::agenda::CreateTheme>::new();
    view! {
        <details class="new-draw">
            <summary>{tr(Msg::AddTheme)}</summary>
            <ActionForm action=add attr:class="stack" attr:novalidate=true>
                <Field name="name_fr" label=Msg::ThemeNameFr error=field_error(add, "name_fr")/>
                <Field name="name_en" label=Msg::ThemeNameEn error=field_error(add, "name_en")/>
                <FormError error=general_error(add) shown=&["name_fr", "name_en"]/>
                <button type="submit" class="button">{tr(Msg::AddTheme)}</button>
            </ActionForm>
            {move || matches!(add.value().get(), Some(Ok(_))).then(|| view! { <p role="status">{tr(Msg::ThemeAdded)}</p> })}
        </details>
    }
}
