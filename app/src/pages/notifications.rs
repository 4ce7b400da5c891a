//! `/notifications`: what concerns the signed-in person, newest first,
//! each linking to its proposal or its sitting; what they follow (proposals,
//! themes); then how they choose to hear of each kind (`#preferences`,
//! where every e-mail's footer links), and push on the device in hand.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::error::{AppError, FieldIssue};
use crate::forms::{FormError, general_error, if_sent_by};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::notifications::{
    FollowProposal, FollowTheme, MarkNotificationsRead, SetNotificationPref, following,
    notification_prefs, notifications,
};
use crate::push::{push_setup, push_subscribe, push_unsubscribe};
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
                                    let href = n.about.path();
                                    view! {
                                        <li class=if n.read { "notification" } else { "notification unread" }>
                                            {(!n.read).then(|| view! { <span class="badge status-vote">{tr(Msg::NotificationUnread)}</span> " " })}
                                            <a href=href>
                                                {move || format!(
                                                    "{}{}{}",
                                                    i18n::notification_text(n.kind, locale.0.get()),
                                                    i18n::colon(locale.0.get()),
                                                    i18n::notification_about(&n.about, locale.0.get()),
                                                )}
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
        <Following/>
        <Preferences/>
    }
}

/// What the person follows: the proposals (each with its own button to
/// stop), and every theme with a button to follow it or stop. Each row is
/// its own form, so a refusal shows beside the button pressed.
#[component]
fn Following() -> impl IntoView {
    let locale = use_locale();
    let proposal = ServerAction::<FollowProposal>::new();
    let theme = ServerAction::<FollowTheme>::new();
    let sent_proposal = RwSignal::new(None::<i64>);
    let sent_theme = RwSignal::new(None::<String>);
    let follows = Resource::new(
        move || (proposal.version().get(), theme.version().get()),
        |_| following(),
    );
    let themes = Resource::new(|| (), |_| crate::public::get_themes());
    view! {
        <section aria-labelledby="following" class="following">
            <h2 id="following">{tr(Msg::FollowingTitle)}</h2>
            <p class="hint">{tr(Msg::FollowingIntro)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let follows = match follows.await {
                        // The list above already says to sign in.
                        Err(AppError::Unauthorized) => return ().into_any(),
                        Err(error) => return view! { <ErrorBox error/> }.into_any(),
                        Ok(follows) => follows,
                    };
                    let themes = themes.await.unwrap_or_default();
                    view! {
                        <h3>{tr(Msg::FollowedProposals)}</h3>
                        {follows.proposals.is_empty().then(|| view! { <p class="muted">{tr(Msg::FollowingNone)}</p> })}
                        <ul class="pref-list">
                            {follows.proposals.into_iter().map(|(id, title)| view! {
                                <li class="pref">
                                    <div class="form-and-error" on:submit=move |_| sent_proposal.set(Some(id))>
                                        <ActionForm action=proposal attr:class="pref-form">
                                            <input type="hidden" name="proposal_id" value=id/>
                                            <input type="hidden" name="on" value="false"/>
                                            <a href=format!("/proposals/{id}")>{title}</a>
                                            <button type="submit" class="button-secondary">{tr(Msg::Unfollow)}</button>
                                        </ActionForm>
                                        <FormError error=if_sent_by(general_error(proposal), sent_proposal, id) shown=&[]/>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                        <h3>{tr(Msg::FollowedThemes)}</h3>
                        <ul class="pref-list">
                            {themes.into_iter().map(|t| {
                                let on = follows.themes.contains(&t.slug);
                                let slug = t.slug.clone();
                                let sent = slug.clone();
                                let name_id = format!("follow-{slug}");
                                let refused = if_sent_by(general_error(theme), sent_theme, slug.clone());
                                view! {
                                    <li class="pref">
                                        <div class="form-and-error" on:submit=move |_| sent_theme.set(Some(sent.clone()))>
                                            <ActionForm action=theme attr:class="pref-form">
                                                <input type="hidden" name="theme" value=slug/>
                                                <input type="hidden" name="on" value=(!on).to_string()/>
                                                <span class="theme-name" id=name_id.clone()>{move || i18n::theme_name(&t, locale.0.get())}</span>
                                                <button type="submit" class="button-secondary" aria-pressed=on.to_string() aria-describedby=name_id>
                                                    {tr(if on { Msg::Unfollow } else { Msg::FollowTheme })}
                                                </button>
                                            </ActionForm>
                                            <FormError error=refused shown=&[]/>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// One choice per kind of event: in the app, by e-mail at once, in a
/// digest, or never. Each row is its own form, so that a refusal shows
/// beside the row that was sent.
#[component]
fn Preferences() -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SetNotificationPref>::new();
    let sent_kind = RwSignal::new(None::<domain::NotificationKind>);
    let prefs = Resource::new(move || save.version().get(), |_| notification_prefs());
    view! {
        <section aria-labelledby="preferences" class="preferences">
            <h2 id="preferences">{tr(Msg::NotificationPrefsTitle)}</h2>
            <p class="hint">{tr(Msg::NotificationPrefsIntro)}</p>
            <PushDevice/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match prefs.await {
                        // The list above already says to sign in.
                        Err(crate::error::AppError::Unauthorized) => ().into_any(),
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                        Ok(prefs) => view! {
                            <ul class="pref-list">
                                {prefs.into_iter().map(|p| {
                                    let kind = p.kind;
                                    let id = format!("pref-{}", kind.as_str().replace('.', "-"));
                                    let refused = if_sent_by(general_error(save), sent_kind, kind);
                                    let saved = Signal::derive(move || {
                                        sent_kind.get() == Some(kind)
                                            && matches!(save.value().get(), Some(Ok(())))
                                    });
                                    view! {
                                        <li class="pref">
                                            <div class="form-and-error" on:submit=move |_| sent_kind.set(Some(kind))>
                                                <ActionForm action=save attr:class="pref-form">
                                                    <input type="hidden" name="kind" value=kind.as_str()/>
                                                    <label for=id.clone()>{move || i18n::notification_kind_label(kind, locale.0.get())}</label>
                                                    <select id=id name="delivery">
                                                        {domain::Delivery::ALL.iter().map(|d| {
                                                            let d = *d;
                                                            view! {
                                                                <option value=d.as_str() selected=d == p.delivery>
                                                                    {move || i18n::delivery_label(d, locale.0.get())}
                                                                </option>
                                                            }
                                                        }).collect_view()}
                                                    </select>
                                                    <button type="submit" class="button-secondary">{tr(Msg::SavePref)}</button>
                                                </ActionForm>
                                                <p class="pref-saved" role="status">
                                                    {move || saved.get().then(|| tr(Msg::PrefSaved))}
                                                </p>
                                                <FormError error=refused shown=&[]/>
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Push notifications on the device in hand: the browser subscribes with
/// the instance's key (after asking the person), the server stores it;
/// turning it off unsubscribes the browser, so its push service forgets it
/// too. Refusals (the browser's or the server's) show beside the button.
#[component]
fn PushDevice() -> impl IntoView {
    use super::in_browser::{self, BrowserTask, PushProblem};
    let locale = use_locale();
    let setup = Resource::new(|| (), |_| push_setup());
    // Whether this browser is subscribed: known once the page runs here.
    let here = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            here.set(Some(in_browser::push_endpoint().await.is_some()));
        });
    });
    let task = BrowserTask::<Result<bool, AppError>>::new();
    let refused = Signal::derive(move || task.value.get().and_then(Result::err));
    Effect::watch(
        move || task.value.get(),
        move |done, _, _| {
            if let Some(Ok(on)) = done {
                here.set(Some(*on));
                setup.refetch();
            }
        },
        false,
    );
    let browser_refusal = move |problem: PushProblem| {
        let msg = match problem {
            PushProblem::Unsupported => Msg::PushUnsupported,
            PushProblem::Denied => Msg::PushDenied,
            PushProblem::Failed => Msg::PushFailed,
        };
        AppError::Invalid(vec![FieldIssue {
            field: "push".into(),
            message: msg.text(locale.0.get_untracked()).to_owned(),
        }])
    };
    let turn_on = move |key: String| async move {
        let device = in_browser::push_subscribe(&key)
            .await
            .map_err(browser_refusal)?;
        push_subscribe(device.endpoint, device.p256dh, device.auth).await?;
        Ok(true)
    };
    let turn_off = move || async move {
        if let Some(endpoint) = in_browser::push_unsubscribe().await {
            push_unsubscribe(endpoint).await?;
        }
        Ok(false)
    };
    view! {
        <section aria-labelledby="push-title" class="push-device">
            <h3 id="push-title">{tr(Msg::PushTitle)}</h3>
            <p class="hint">{tr(Msg::PushIntro)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let setup = setup.await.ok()?;
                    let key = setup.public_key.clone();
                    Some(view! {
                        <p class="muted">{tr(Msg::PushDevices)} " " {setup.devices}</p>
                        <div class="form-and-error">
                            {move || match here.get() {
                                None => None,
                                Some(true) => Some(view! {
                                    <button type="button" class="button-secondary" disabled=move || task.pending.get()
                                        on:click=move |_| task.run(turn_off())>
                                        {tr(Msg::PushDisable)}
                                    </button>
                                }.into_any()),
                                Some(false) => Some(view! {
                                    <button type="button" class="button-secondary" disabled=move || task.pending.get()
                                        on:click={
                                            let key = key.clone();
                                            move |_| task.run(turn_on(key.clone()))
                                        }>
                                        {tr(Msg::PushEnable)}
                                    </button>
                                }.into_any()),
                            }}
                            <p class="pref-saved" role="status">
                                {move || match task.value.get() {
                                    Some(Ok(true)) => Some(Msg::PushEnabled.text(locale.0.get())),
                                    Some(Ok(false)) => Some(Msg::PushDisabled.text(locale.0.get())),
                                    _ => None,
                                }}
                            </p>
                            <FormError error=refused shown=&[]/>
                        </div>
                    })
                })}
            </Suspense>
        </section>
    }
}
