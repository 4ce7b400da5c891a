//! `/unsubscribe?token=…`: the page an e-mail's "stop these e-mails" link
//! opens. It says what the link stops and asks for a click (a mail
//! scanner that follows links must not unsubscribe anyone); no sign-in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorBox, Loading};
use crate::forms::{FormError, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::notifications::{MailStopped, Unsubscribe, UnsubscribeOutcome, unsubscribe_link};

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let link = Resource::new(move || token.get(), unsubscribe_link);
    let stop = ServerAction::<Unsubscribe>::new();
    view! {
        <Title text=page_title(Msg::UnsubscribeTitle)/>
        <h1>{tr(Msg::UnsubscribeTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match link.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(what) => view! {
                        {match what {
                            MailStopped::Kind(kind) => view! {
                                <p>{tr(Msg::UnsubscribeKind)} " "
                                    <strong>{move || i18n::notification_kind_label(kind, locale.0.get())}</strong>
                                </p>
                            }.into_any(),
                            MailStopped::Digest(domain::Delivery::Weekly) => view! { <p>{tr(Msg::UnsubscribeDigestWeekly)}</p> }.into_any(),
                            MailStopped::Digest(_) => view! { <p>{tr(Msg::UnsubscribeDigestDaily)}</p> }.into_any(),
                        }}
                        <p class="hint">{tr(Msg::UnsubscribeKeepsApp)}</p>
                        {move || match stop.value().get() {
                            Some(Ok(outcome)) => view! {
                                <p class="notice" role="status">{tr(match outcome {
                                    UnsubscribeOutcome::Done => Msg::UnsubscribeDone,
                                    UnsubscribeOutcome::Already => Msg::UnsubscribeAlready,
                                    UnsubscribeOutcome::Stale => Msg::UnsubscribeStale,
                                })}</p>
                            }.into_any(),
                            _ => view! {
                                <ActionForm action=stop attr:class="inline-form">
                                    <input type="hidden" name="token" value=token.get_untracked()/>
                                    <button type="submit" class="button">{tr(Msg::UnsubscribeButton)}</button>
                                </ActionForm>
                                <FormError error=general_error(stop) shown=&[]/>
                            }.into_any(),
                        }}
                    }.into_any(),
                }
            })}
        </Suspense>
        <p><a href="/notifications#preferences">{tr(Msg::UnsubscribeManage)}</a></p>
    }
}
