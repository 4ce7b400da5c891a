//! `/drafts`: the drafts members write together, and starting one;
//! `/drafts/{id}`: the live editor (a separate wasm, loaded by this page
//! only), who is here, suggestions, saved versions, co-authors and
//! publication.

use domain::{AmendmentStatus, DraftRole, DraftView, diff};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{Diff, ErrorBox, Loading};
use crate::drafts::{
    CreateDraft, DecideSuggestion, InviteCoauthor, PublishDraft, SaveVersion, SuggestChange,
    get_draft, list_drafts,
};
use crate::forms::{Field, FormError, count_successes, field_error, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::public::get_themes;

#[component]
pub fn DraftsPage() -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateDraft>::new();
    let drafts = Resource::new(|| (), |_| list_drafts());
    let themes = Resource::new(|| (), |_| get_themes());
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/drafts/{id}"), Default::default());
        }
    });
    view! {
        <Title text=page_title(Msg::DraftsTitle)/>
        <h1>{tr(Msg::DraftsTitle)}</h1>
        <p class="lead">{tr(Msg::DraftsLead)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let (list, themes) = (drafts.await, themes.await.unwrap_or_default());
                match list {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(list) => view! {
                        <details class="new-draft">
                            <summary>{tr(Msg::StartDraft)}</summary>
                            <ActionForm action=create attr:class="stack" attr:novalidate=true>
                                <div class="field">
                                    <label for="f-draft-theme">{tr(Msg::FilterTheme)}</label>
                                    <select id="f-draft-theme" name="theme">
                                        {themes.into_iter().map(|t| {
                                            let slug = t.slug.clone();
                                            view! { <option value=slug>{move || i18n::theme_name(&t, locale.0.get())}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <Field name="title" label=Msg::ProposalTitleLabel error=field_error(create, "title")/>
                                <FormError error=general_error(create) shown=&["title"]/>
                                <button type="submit" class="button">{tr(Msg::StartDraft)}</button>
                            </ActionForm>
                        </details>
                        {list.is_empty().then(|| view! { <p class="muted">{tr(Msg::NoDrafts)}</p> })}
                        <ul class="cards">
                            {list.into_iter().map(|d| {
                                let updated = d.updated_at;
                                let theme = d.theme.clone();
                                view! {
                                    <li class="card">
                                        <h2 class="card-title"><a href=format!("/drafts/{}", d.id)>{d.title.clone()}</a></h2>
                                        <p class="card-meta">
                                            <span class="theme">{move || i18n::theme_name(&theme, locale.0.get())}</span>
                                            <span>{d.authors.join(", ")}</span>
                                            <time datetime=updated.to_rfc3339()>{move || i18n::format_date(updated, locale.0.get())}</time>
                                            {d.proposal_id.map(|_| view! { <span class="badge">{tr(Msg::DraftPublishedBadge)}</span> })}
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The draft page's actions; each success reloads its panels (never the
/// editor, whose text lives on the websocket).
#[derive(Clone, Copy)]
struct DraftActions {
    suggest: ServerAction<SuggestChange>,
    decide: ServerAction<DecideSuggestion>,
    version: ServerAction<SaveVersion>,
    invite: ServerAction<InviteCoauthor>,
    publish: ServerAction<PublishDraft>,
}

#[component]
pub fn DraftPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    let actions = DraftActions {
        suggest: ServerAction::new(),
        decide: ServerAction::new(),
        version: ServerAction::new(),
        invite: ServerAction::new(),
        publish: ServerAction::new(),
    };
    let saved = RwSignal::new(0usize);
    count_successes(actions.suggest, saved);
    count_successes(actions.decide, saved);
    count_successes(actions.version, saved);
    count_successes(actions.invite, saved);
    // What the others change (a suggestion, a version, a co-author) is
    // announced by the server: the panels reload as after one's own.
    Effect::new(move |_| {
        if let Some(id) = id.get() {
            super::in_browser::listen(&format!("/drafts/{id}/events"), "draft", move || {
                saved.update(|n| *n += 1)
            });
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(proposal)) = actions.publish.value().get() {
            leptos_router::hooks::use_navigate()(
                &format!("/proposals/{proposal}"),
                Default::default(),
            );
        }
    });
    // The editor and the forms are drawn once; the lists reload after each
    // change.
    let first = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_draft(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    // Until something changes, the panels show the draft as first loaded
    // (one query, not two, when the page opens).
    let panels = Resource::new(
        move || (id.get(), saved.get()),
        move |(id, changes)| async move {
            match id {
                Some(_) if changes == 0 => first.await,
                Some(id) => get_draft(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match first.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(view) => view! {
                        // Minutes belong to their sitting, not among the
                        // proposals' drafts (which facilitators may not list).
                        {match view.summary.minutes_of {
                            Some(sitting) => view! {
                                <p class="breadcrumb"><a href=format!("/seances/{sitting}")>"← " {tr(Msg::TheSitting)}</a></p>
                            }.into_any(),
                            None => view! {
                                <p class="breadcrumb"><a href="/drafts">"← " {tr(Msg::DraftsTitle)}</a></p>
                            }.into_any(),
                        }}
                        <Editor view=view.clone()/>
                        <Panels first=view panels actions/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The shared text: the textarea the editor module binds to, the overlay
/// of the others' carets, the connection state and who is here.
#[component]
fn Editor(view: DraftView) -> impl IntoView {
    let locale = use_locale();
    let draft_id = view.summary.id;
    let read_only = !view.role.edits() || view.frozen;
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let overlay = NodeRef::<leptos::html::Div>::new();
    let status = NodeRef::<leptos::html::P>::new();
    let people = NodeRef::<leptos::html::Ul>::new();
    Effect::new(move |_| {
        if let (Some(t), Some(o), Some(s), Some(p)) =
            (textarea.get(), overlay.get(), status.get(), people.get())
        {
            super::in_browser::start_editor(
                t.into(),
                o.into(),
                s.into(),
                p.into(),
                draft_id,
                read_only,
                locale.0.get_untracked(),
            );
        }
    });
    let theme = view.summary.theme.clone();
    view! {
        <Title text=view.summary.title.clone()/>
        <h1>{view.summary.title.clone()}</h1>
        {match view.summary.minutes_of {
            // Minutes file under no theme a reader should see.
            Some(sitting) => view! {
                <p class="notice-box">
                    {tr(if view.frozen { Msg::MinutesFrozen } else { Msg::MinutesOfSitting })} " "
                    <a href=format!("/seances/{sitting}")>{tr(Msg::SeeTheSitting)}</a>
                </p>
            }.into_any(),
            None => view! {
                <p class="card-meta">
                    <span class="theme">{move || i18n::theme_name(&theme, locale.0.get())}</span>
                    {view.summary.proposal_id.map(|p| view! {
                        <a href=format!("/proposals/{p}")>{tr(Msg::DraftPublishedBadge)}</a>
                    })}
                </p>
            }.into_any(),
        }}
        {(view.role == DraftRole::Member && !view.frozen).then(|| view! {
            <p class="notice-box">{tr(Msg::DraftReaderNotice)}</p>
        })}
        <div class="draft-editor">
            <p class="connection connecting" role="status" aria-live="polite" node_ref=status>{tr(Msg::Connecting)}</p>
            <div class="editor-wrap">
                <div class="editor-overlay" aria-hidden="true" node_ref=overlay></div>
                <label id="draft-text-label" for="draft-text" class="visually-hidden">{tr(Msg::DraftTextLabel)}</label>
                <textarea id="draft-text" class="editor-text" rows="18" spellcheck="true"
                    readonly=read_only node_ref=textarea></textarea>
            </div>
            <h2 class="small-heading" id="draft-people-label">{tr(Msg::DraftPresent)}</h2>
            <ul class="people" aria-labelledby="draft-people-label" node_ref=people></ul>
        </div>
    }
}

type Latest = Resource<Result<DraftView, crate::error::AppError>>;

/// Part of the page drawn again from the draft as it is now, each time it
/// changes.
fn follow<V: IntoView + 'static>(
    latest: Latest,
    part: impl Fn(DraftView) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Transition>
            {move || {
                let part = part.clone();
                Suspend::new(async move { latest.await.ok().map(part) })
            }}
        </Transition>
    }
}

/// Suggestions, versions, co-authors and publication. The lists follow
/// every change, the page's own and the others'; the forms are drawn once,
/// from the draft as it was when the page opened, so that a change made
/// elsewhere never wipes what someone is typing.
#[component]
fn Panels(first: DraftView, panels: Latest, actions: DraftActions) -> impl IntoView {
    let draft_id = first.summary.id;
    let open = !first.frozen;
    // Minutes: every facilitator writes them already, and they are
    // approved in a sitting, never published as a proposal.
    let proposal_draft = first.summary.minutes_of.is_none();
    let role = first.role;
    view! {
        {follow(panels, move |now| changed_notice(role, open, &now))}
        <section aria-labelledby="suggestions">
            <h2 id="suggestions">{tr(Msg::Suggestions)}</h2>
            {follow(panels, move |now| suggestion_cards(now, actions))}
            <FormError shown=&[] error=general_error(actions.decide)/>
            {(role == DraftRole::Member && open).then(|| view! {
                <details class="new-amendment" open=true>
                    <summary>{tr(Msg::SuggestChange)}</summary>
                    <ActionForm action=actions.suggest attr:class="stack" attr:novalidate=true>
                        <input type="hidden" name="draft_id" value=draft_id/>
                        <Field name="passage" label=Msg::AmendmentPassage error=field_error(actions.suggest, "passage")/>
                        <Field name="replacement" label=Msg::AmendmentNewWording error=field_error(actions.suggest, "replacement")/>
                        <FormError error=general_error(actions.suggest) shown=&["passage", "replacement"]/>
                        <button type="submit" class="button">{tr(Msg::SendSuggestion)}</button>
                    </ActionForm>
                </details>
            })}
        </section>

        <section aria-labelledby="versions">
            <h2 id="versions">{tr(Msg::DraftVersions)}</h2>
            {(role.edits() && open).then(|| view! {
                <ActionForm action=actions.version attr:class="inline-form">
                    <input type="hidden" name="draft_id" value=draft_id/>
                    <button type="submit" class="button-secondary">{tr(Msg::SaveVersion)}</button>
                </ActionForm>
                <FormError error=general_error(actions.version) shown=&[]/>
            })}
            {follow(panels, version_list)}
        </section>

        <section aria-labelledby="coauthors">
            <h2 id="coauthors">{tr(Msg::Coauthors)}</h2>
            {follow(panels, |now| view! { <p class="authors">{now.summary.authors.join(", ")}</p> })}
            {(role == DraftRole::Owner && open && proposal_draft).then(|| view! {
                <ActionForm action=actions.invite attr:class="stack">
                    <input type="hidden" name="draft_id" value=draft_id/>
                    <div class="field">
                        <label for="f-coauthor">{tr(Msg::InviteCoauthor)}</label>
                        <select id="f-coauthor" name="user_id">
                            {follow(panels, |now| now.invitable.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view())}
                        </select>
                    </div>
                    <button type="submit" class="button-secondary">{tr(Msg::InviteCoauthor)}</button>
                </ActionForm>
                <FormError shown=&[] error=general_error(actions.invite)/>
            })}
        </section>
        {(role == DraftRole::Owner && open && proposal_draft).then(|| view! {
            <section aria-labelledby="publish">
                <h2 id="publish">{tr(Msg::PublishDraft)}</h2>
                <p>{tr(Msg::PublishDraftLead)}</p>
                <ActionForm action=actions.publish attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="draft_id" value=draft_id/>
                    <Field name="summary" label=Msg::ProposalSummaryLabel error=field_error(actions.publish, "summary")/>
                    // The body is the draft itself: its refusal is the form's.
                    <FormError error=general_error(actions.publish) shown=&["summary"]/>
                    <button type="submit" class="button">{tr(Msg::PublishDraft)}</button>
                </ActionForm>
            </section>
        })}
    }
}

/// Says so when the draft changed under the page in a way its forms do not
/// follow: it became a proposal, its minutes were approved, or the reader
/// became a co-author.
fn changed_notice(role: DraftRole, open: bool, now: &DraftView) -> Option<AnyView> {
    if let (true, true, Some(sitting)) = (open, now.frozen, now.summary.minutes_of) {
        return Some(
            view! {
                <p class="notice-box" role="status">
                    {tr(Msg::MinutesFrozen)} " "
                    <a href=format!("/seances/{sitting}")>{tr(Msg::SeeTheSitting)}</a>
                </p>
            }
            .into_any(),
        );
    }
    if let (true, Some(proposal)) = (open, now.summary.proposal_id) {
        return Some(
            view! {
                <p class="notice-box" role="status">
                    <a href=format!("/proposals/{proposal}")>{tr(Msg::DraftPublishedBadge)}</a>
                </p>
            }
            .into_any(),
        );
    }
    (now.role != role).then(|| view! {
        <p class="notice-box" role="status">
            {tr(Msg::DraftRoleChanged)} " "
            <a href=format!("/drafts/{}", now.summary.id) rel="external">{tr(Msg::ReloadToWrite)}</a>
        </p>
    }.into_any())
}

fn suggestion_cards(now: DraftView, actions: DraftActions) -> impl IntoView {
    let locale = use_locale();
    let decides = now.role.edits() && !now.frozen;
    view! {
        {now.suggestions.is_empty().then(|| view! { <p class="muted">{tr(Msg::NoSuggestions)}</p> })}
        {now.suggestions.into_iter().map(|s| {
            let author = s.author.clone();
            view! {
                <div class="card amendment suggestion">
                    <p class="card-meta">
                        <span class=format!("badge amendment-{}", s.status.as_str())>
                            {move || i18n::amendment_status_label(s.status, locale.0.get())}
                        </span>
                        <span>{move || i18n::person(&author, locale.0.get())}</span>
                    </p>
                    <Diff pieces=diff::words(&s.original, &s.replacement)/>
                    {(decides && s.status == AmendmentStatus::Pending).then(|| view! {
                        <div class="actions">
                            <ActionForm action=actions.decide attr:class="inline-form">
                                <input type="hidden" name="suggestion_id" value=s.id/>
                                <input type="hidden" name="accept" value="true"/>
                                <button type="submit" class="button">{tr(Msg::AcceptAmendment)}</button>
                            </ActionForm>
                            <ActionForm action=actions.decide attr:class="inline-form">
                                <input type="hidden" name="suggestion_id" value=s.id/>
                                <input type="hidden" name="accept" value="false"/>
                                <button type="submit" class="button-secondary">{tr(Msg::RejectAmendment)}</button>
                            </ActionForm>
                        </div>
                    })}
                </div>
            }
        }).collect_view()}
    }
}

fn version_list(now: DraftView) -> impl IntoView {
    let locale = use_locale();
    let versions = now.versions;
    view! {
        {versions.is_empty().then(|| view! { <p class="muted">{tr(Msg::NoVersions)}</p> })}
        <ol class="versions">
            {versions.iter().enumerate().rev().map(|(i, v)| {
                let before = if i == 0 { String::new() } else { versions[i - 1].body.clone() };
                let at = v.created_at;
                let author = v.author.clone();
                view! {
                    <li>
                        <p class="card-meta">
                            <strong>{tr(Msg::Version)} " " {v.number}</strong>
                            <span>{move || i18n::person(&author, locale.0.get())}</span>
                            <time datetime=at.to_rfc3339()>{move || i18n::format_date(at, locale.0.get())}</time>
                        </p>
                        <Diff pieces=diff::words(&before, &v.body)/>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// How a published proposal was written, on its versions page: the
/// draft's saved versions and the suggestions its authors accepted, each
/// with who wrote it.
#[component]
pub fn DraftHistory(view: DraftView) -> impl IntoView {
    let locale = use_locale();
    let writers = view.summary.authors.join(", ");
    let suggestions = view.suggestions.clone();
    view! {
        <section aria-labelledby="draft-history" class="draft-history">
            <h2 id="draft-history">{tr(Msg::DraftHistory)}</h2>
            <p>{tr(Msg::DraftHistoryLead)}</p>
            <p class="byline">{tr(Msg::WrittenBy)} " " {writers}</p>
            <h3>{tr(Msg::DraftVersions)}</h3>
            {version_list(view)}
            {(!suggestions.is_empty()).then(|| view! {
                <h3>{tr(Msg::AcceptedSuggestions)}</h3>
                {suggestions.into_iter().map(|s| {
                    let author = s.author.clone();
                    view! {
                        <div class="card amendment suggestion">
                            <p class="card-meta">
                                <span>{move || i18n::person(&author, locale.0.get())}</span>
                            </p>
                            <Diff pieces=diff::words(&s.original, &s.replacement)/>
                        </div>
                    }
                }).collect_view()}
            })}
        </section>
    }
}
