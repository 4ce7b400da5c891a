//! `/notifications`: what concerns the signed-in person, newest first,
//! each linking to its proposal.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::forms::{FormError, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::notifications::{MarkNotificationsRead, notifications};
use crate::viewer::use_viewer;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = use_locale();
    let viewer = use_viewer();
    let read = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || read.version().get(), |_| notifications());
    // The header's count follows.
    Effect::watch(
        move || read.version().get(),
        move |_, _, _| viewer.refetch(),
        false,
    );
    view! {
        <Title text=page_title(Msg::NavNotifications)/>
        <h1>{tr(Msg::NavNotifications)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="muted">{tr(Msg::NotificationsEmpty)}</p> }.into_any(),
                    Ok(items) => {
                        let unread = items.iter().any(|n| !n.read);
                        view! {
                            {unread.then(|| view! {
                                <ActionForm action=read attr:class="inline-form">
                                    <button type="submit" class="button-secondary">{tr(Msg::MarkAllRead)}</button>
                                </ActionForm>
                                <FormError error=general_error(read) shown=&[]/>
                            })}
                            <ol class="notifications">
                                {items.into_iter().map(|n| {
                                    let at = n.created_at;
                                    view! {
                                        <li class=if n.read { "notification" } else { "notification unread" }>
                                            {(!n.read).then(|| view! { <span class="badge status-vote">{tr(Msg::NotificationUnread)}</span> " " })}
                                            <a href=format!("/proposals/{}", n.proposal_id)>
                                                {move || i18n::notification_text(n.kind, locale.0.get())}
                                                " : « " {n.proposal_title.clone()} " »"
                                            </a>
                                            " " <time class="muted" datetime=at.to_rfc3339()>{move || i18n::format_date(at, locale.0.get())}</time>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
