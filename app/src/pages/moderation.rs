//! `/moderation`: the reported comments, for facilitators. Hiding asks for
//! the public reason; keeping closes the reports.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::forms::{FormError, field_error, general_error, if_sent_by};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::moderation::{DismissReports, HideComment, moderation_queue};

#[component]
pub fn ModerationPage() -> impl IntoView {
    let locale = use_locale();
    let hide = ServerAction::<HideComment>::new();
    let dismiss = ServerAction::<DismissReports>::new();
    // The comment whose hiding, or keeping, was last asked for: its card
    // alone shows the refusal.
    let (hidden, kept) = (RwSignal::new(None::<i64>), RwSignal::new(None::<i64>));
    let queue = Resource::new(
        move || (hide.version().get(), dismiss.version().get()),
        |_| moderation_queue(),
    );
    let done = move || {
        [hide.value().get(), dismiss.value().get()]
            .into_iter()
            .flatten()
            .any(|r| r.is_ok())
    };
    view! {
        <Title text=page_title(Msg::ModerationTitle)/>
        <h1>{tr(Msg::ModerationTitle)}</h1>
        <p class="lead">{tr(Msg::ModerationLead)}</p>
        <p class="success" role="status" hidden=move || !done()>{tr(Msg::ModerationDone)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="muted">{tr(Msg::ModerationEmpty)}</p> }.into_any(),
                    Ok(items) => view! {
                        <ol class="moderation">
                            {items.into_iter().map(|item| {
                                let id = item.comment_id;
                                let reason_error = if_sent_by(field_error(hide, "reason"), hidden, id);
                                let reason_id = format!("hide-reason-{}", item.comment_id);
                                let error_id = format!("{reason_id}-error");
                                let created = item.created_at;
                                let author = item.author.clone();
                                view! {
                                    <li class="card">
                                        <p class="card-meta">
                                            <a href=format!("/proposals/{}#comments", item.proposal_id)>{item.proposal_title.clone()}</a>
                                            <strong>{move || i18n::person(&author, locale.0.get())}</strong>
                                            <time datetime=created.to_rfc3339()>{move || i18n::format_date(created, locale.0.get())}</time>
                                        </p>
                                        <blockquote class="reported">{item.body.clone()}</blockquote>
                                        <h2 class="small-heading">{tr(Msg::ReportReasons)} " (" {item.reasons.len()} ")"</h2>
                                        <ul>{item.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                                        <div class="actions">
                                            <div class="form-and-error" on:submit=move |_| { hidden.set(Some(id)); kept.set(None) }>
                                            <ActionForm action=hide attr:class="stack">
                                                <input type="hidden" name="comment_id" value=item.comment_id/>
                                                <div class="field">
                                                    <label for=reason_id.clone()>{tr(Msg::HideReason)}</label>
                                                    <input id=reason_id name="reason" maxlength="300" aria-describedby=error_id.clone()/>
                                                    <p class="field-error" id=error_id role="alert">{move || reason_error.get()}</p>
                                                </div>
                                                <FormError shown=&["reason"] error=if_sent_by(general_error(hide), hidden, id)/>
                                                <button type="submit" class="button-danger">{tr(Msg::HideComment)}</button>
                                            </ActionForm>
                                            </div>
                                            <div class="form-and-error" on:submit=move |_| { kept.set(Some(id)); hidden.set(None) }>
                                            <ActionForm action=dismiss attr:class="inline-form">
                                                <input type="hidden" name="comment_id" value=item.comment_id/>
                                                <button type="submit" class="button-secondary">{tr(Msg::KeepComment)}</button>
                                            </ActionForm>
                                            <FormError shown=&[] error=if_sent_by(general_error(dismiss), kept, id)/>
                                            </div>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
