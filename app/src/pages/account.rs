//! Account pages. Every form is a real `<form>`: it works before the wasm
//! arrives, and once hydrated it shows field errors in place.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

use domain::Viewer;

use crate::auth::{
    ChangePassword, ConfirmSignUp, DeleteAccount, RequestReset, ResetPassword, SetUserRole, SignIn,
    SignOut, SignUp, UpdateProfile, list_users,
};
use crate::components::{ErrorBox, Loading};
use crate::error::AppError;
use crate::forms::{Field, FormError, field_error, general_error};
use crate::i18n::{Msg, page_title, tr, use_locale};
use crate::viewer::use_viewer;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let viewer = use_viewer();
    let action = ServerAction::<SignUp>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=page_title(Msg::SignUpTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::SignUpTitle)}</h1>
            // Inside a Transition: the viewer is a resource, read the same way
            // on the server and during hydration.
            <Transition>
            <Show when=move || viewer.get().is_none() fallback=move || view! { <SignedInNotice/> }>
            <Show when=move || !sent() fallback=|| view! {
                <div class="notice-box" role="status"><p>{tr(Msg::SignupSent)}</p></div>
            }>
                <p>{tr(Msg::SignUpLead)}</p>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <Field name="display_name" label=Msg::DisplayName autocomplete="nickname" hint=Msg::DisplayNameHint error=field_error(action, "display_name")/>
                    <Field name="email" label=Msg::Email kind="email" autocomplete="email" error=field_error(action, "email")/>
                    <Field name="password" label=Msg::Password kind="password" autocomplete="new-password" hint=Msg::PasswordHint error=field_error(action, "password")/>
                    <div class="field checkbox">
                        <input id="f-age16" type="checkbox" name="age16" value="on"
                            aria-invalid=move || field_error(action, "age16").get().is_some().then_some("true")
                            aria-describedby="f-age16-error"/>
                        <label for="f-age16">{tr(Msg::AgeConfirm)}</label>
                        <p class="field-error" id="f-age16-error" role="alert" hidden=move || field_error(action, "age16").get().is_none()>
                            {move || field_error(action, "age16").get().unwrap_or_default()}
                        </p>
                    </div>
                    <FormError error=general_error(action) shown=&["display_name", "email", "password", "age16"]/>
                    <button type="submit" class="button">{tr(Msg::SignUpButton)}</button>
                </ActionForm>
                <p>{tr(Msg::HaveAccount)} " " <a href="/signin">{tr(Msg::SignInTitle)}</a></p>
            </Show>
            </Show>
            </Transition>
        </section>
    }
}

/// Where the link mailed at sign-up leads: one button creates the account
/// (a mail scanner that opens the link creates nothing and gets no session).
#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let viewer = use_viewer();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let action = ServerAction::<ConfirmSignUp>::new();
    Effect::new(move |_| {
        if let Some(Ok(v)) = action.value().get() {
            viewer.signed_in(v);
        }
    });
    let created = move || match action.value().get() {
        Some(Ok(v)) => Some(v.display_name),
        _ => None,
    };
    view! {
        <Title text=page_title(Msg::ConfirmSignupTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::ConfirmSignupTitle)}</h1>
            <Show when=move || created().is_none() fallback=move || view! {
                <div class="notice-box" role="status">
                    <p>{tr(Msg::AccountCreated)} " " <strong>{created}</strong></p>
                    <p><a href="/account">{tr(Msg::AccountTitle)}</a> " · " <a href="/">{tr(Msg::NavHome)}</a></p>
                </div>
            }>
                <p>{tr(Msg::ConfirmSignupLead)}</p>
                <ActionForm action=action attr:class="stack">
                    <input type="hidden" name="token" value=token/>
                    // A refused link has no control: its message is the form's.
                    <FormError error=general_error(action) shown=&[]/>
                    <button type="submit" class="button">{tr(Msg::ConfirmSignupButton)}</button>
                </ActionForm>
            </Show>
        </section>
    }
}

#[component]
fn SignedInNotice() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <div class="notice-box" role="status">
            <p>{tr(Msg::SignedInAs)} " " <strong>{move || viewer.get().map(|v| v.display_name).unwrap_or_default()}</strong></p>
            <p><a href="/account">{tr(Msg::AccountTitle)}</a> " · " <a href="/">{tr(Msg::NavHome)}</a></p>
        </div>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let viewer = use_viewer();
    let action = ServerAction::<SignIn>::new();
    Effect::new(move |_| {
        if let Some(Ok(v)) = action.value().get() {
            viewer.signed_in(v);
        }
    });
    view! {
        <Title text=page_title(Msg::SignInTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::SignInTitle)}</h1>
            // Inside a Transition: the viewer is a resource, read the same way
            // on the server and during hydration.
            <Transition>
            <Show when=move || viewer.get().is_none() fallback=move || view! { <SignedInNotice/> }>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <Field name="email" label=Msg::Email kind="email" autocomplete="email" error=field_error(action, "email")/>
                    <Field name="password" label=Msg::Password kind="password" autocomplete="current-password" error=field_error(action, "password")/>
                    <FormError error=general_error(action) shown=&["email", "password"]/>
                    <button type="submit" class="button">{tr(Msg::SignInButton)}</button>
                </ActionForm>
                <p><a href="/forgot-password">{tr(Msg::ForgotPassword)}</a></p>
                <p>{tr(Msg::NoAccount)} " " <a href="/signup">{tr(Msg::SignUpTitle)}</a></p>
            </Show>
            </Transition>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestReset>::new();
    view! {
        <Title text=page_title(Msg::ForgotTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::ForgotTitle)}</h1>
            <Show when=move || !matches!(action.value().get(), Some(Ok(()))) fallback=|| view! {
                <div class="notice-box" role="status"><p>{tr(Msg::ResetSent)}</p></div>
            }>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <Field name="email" label=Msg::Email kind="email" autocomplete="email" error=field_error(action, "email")/>
                    <FormError error=general_error(action) shown=&["email"]/>
                    <button type="submit" class="button">{tr(Msg::SendResetLink)}</button>
                </ActionForm>
            </Show>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <Title text=page_title(Msg::ResetTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::ResetTitle)}</h1>
            <Show when=move || !matches!(action.value().get(), Some(Ok(()))) fallback=|| view! {
                <div class="notice-box" role="status"><p>{tr(Msg::PasswordReset)} " " <a href="/signin">{tr(Msg::SignInTitle)}</a></p></div>
            }>
                <ActionForm action=action attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="token" value=token/>
                    <Field name="new_password" label=Msg::NewPassword kind="password" autocomplete="new-password" hint=Msg::PasswordHint error=field_error(action, "new_password")/>
                    // A refused token has no control: its message is the form's.
                    <FormError error=general_error(action) shown=&["new_password"]/>
                    <button type="submit" class="button">{tr(Msg::SavePassword)}</button>
                </ActionForm>
            </Show>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <Title text=page_title(Msg::AccountTitle)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match viewer.load().await {
                    Some(v) => view! { <Account viewer=v/> }.into_any(),
                    None => view! { <Redirect path="/signin"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Account(viewer: Viewer) -> impl IntoView {
    let ctx = use_viewer();
    let locale = use_locale();
    let profile = ServerAction::<UpdateProfile>::new();
    let password = ServerAction::<ChangePassword>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(())))
            || matches!(delete.value().get(), Some(Ok(())))
        {
            // This browser stops getting the person's pushes: its push
            // service forgets the subscription, and the server with it.
            leptos::task::spawn_local(async {
                super::in_browser::push_unsubscribe().await;
            });
            ctx.signed_out();
        }
    });
    Effect::new(move |_| {
        if matches!(profile.value().get(), Some(Ok(()))) {
            ctx.refetch();
        }
    });
    let roles = {
        let mut roles = Vec::new();
        if viewer.member {
            roles.push(Msg::RoleMember);
        }
        if viewer.facilitator {
            roles.push(Msg::RoleFacilitator);
        }
        if viewer.city_official {
            roles.push(Msg::RoleCityOfficial);
        }
        if roles.is_empty() {
            roles.push(Msg::RoleResident);
        }
        roles
    };
    let current_lang = viewer.lang;
    view! {
        <section class="narrow">
            <h1>{tr(Msg::AccountTitle)}</h1>
            <p>{tr(Msg::SignedInAs)} " " <strong>{viewer.email.clone()}</strong></p>
            <p>{tr(Msg::YourRoles)} " " {roles.into_iter().map(|r| view! { <span class="badge">{tr(r)}</span> " " }).collect_view()}</p>
            <ActionForm action=sign_out attr:class="inline-form">
                <button type="submit" class="button-secondary">{tr(Msg::SignOut)}</button>
            </ActionForm>
            <FormError error=general_error(sign_out) shown=&[]/>

            <h2>{tr(Msg::ProfileTitle)}</h2>
            <ActionForm action=profile attr:class="stack" attr:novalidate=true>
                <Field name="display_name" label=Msg::DisplayName autocomplete="nickname" value=viewer.display_name.clone() error=field_error(profile, "display_name")/>
                <div class="field">
                    <label for="f-lang">{tr(Msg::Language)}</label>
                    <select id="f-lang" name="lang">
                        {domain::Lang::ALL.into_iter().map(|l| view! {
                            <option value=l.code() selected=l == current_lang>{if l == domain::Lang::Fr { "Français" } else { "English" }}</option>
                        }).collect_view()}
                    </select>
                </div>
                {move || matches!(profile.value().get(), Some(Ok(()))).then(|| view! { <p class="success" role="status">{tr(Msg::Saved)}</p> })}
                <FormError error=general_error(profile) shown=&["display_name"]/>
                <button type="submit" class="button">{tr(Msg::Save)}</button>
            </ActionForm>

            <h2>{tr(Msg::ChangePasswordTitle)}</h2>
            <ActionForm action=password attr:class="stack" attr:novalidate=true>
                <Field name="current" label=Msg::CurrentPassword kind="password" autocomplete="current-password" error=field_error(password, "current")/>
                <Field name="new_password" label=Msg::NewPassword kind="password" autocomplete="new-password" hint=Msg::PasswordHint error=field_error(password, "new_password")/>
                {move || matches!(password.value().get(), Some(Ok(()))).then(|| view! { <p class="success" role="status">{tr(Msg::PasswordChanged)}</p> })}
                <FormError error=general_error(password) shown=&["current", "new_password"]/>
                <button type="submit" class="button">{tr(Msg::SavePassword)}</button>
            </ActionForm>

            <h2>{tr(Msg::YourData)}</h2>
            <p>{tr(Msg::ExportLead)}</p>
            <p><a class="button-secondary" href="/account/export.json" download="kleroterion-account.json">{tr(Msg::ExportButton)}</a></p>

            <h2>{tr(Msg::DeleteTitle)}</h2>
            <p>{tr(Msg::DeleteLead)}</p>
            <ActionForm action=delete attr:class="stack danger-zone" attr:novalidate=true>
                <Field name="password" label=Msg::ConfirmWithPassword kind="password" autocomplete="current-password" error=field_error(delete, "password")/>
                <FormError error=general_error(delete) shown=&["password"]/>
                <button type="submit" class="button-danger">{tr(Msg::DeleteButton)}</button>
            </ActionForm>
            {move || matches!(delete.value().get(), Some(Ok(()))).then(|| view! {
                <p class="success" role="status">{move || Msg::AccountDeleted.text(locale.0.get())}</p>
            })}
        </section>
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let viewer = use_viewer();
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let set_role = ServerAction::<SetUserRole>::new();
    let users = Resource::new(
        move || (search(), set_role.version().get()),
        |(search, _)| list_users(search, 0),
    );
    view! {
        <Title text=page_title(Msg::AdminUsersTitle)/>
        <h1>{tr(Msg::AdminUsersTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let me = viewer.load().await;
                if !me.as_ref().is_some_and(|v| v.facilitator) {
                    return view! { <ErrorBox error=if me.is_some() { AppError::Forbidden } else { AppError::Unauthorized }/> }.into_any();
                }
                let result = users.await;
                view! {
                    <form method="get" action="/admin/users" class="filters" role="search">
                        <div class="field">
                            <label for="f-users-q">{tr(Msg::FilterSearch)}</label>
                            <input id="f-users-q" type="search" name="q" value=search() maxlength="100"/>
                        </div>
                        <button type="submit" class="button">{tr(Msg::Apply)}</button>
                    </form>
                    <FormError error=general_error(set_role) shown=&[]/>
                    {match result {
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                        Ok((rows, total)) => view! {
                            <p class="results-count">{total} " " {tr(Msg::AccountsCount)}</p>
                            <table class="users">
                                <caption class="visually-hidden">{tr(Msg::AdminUsersTitle)}</caption>
                                <thead><tr>
                                    <th scope="col">{tr(Msg::DisplayName)}</th>
                                    <th scope="col">{tr(Msg::Email)}</th>
                                    <th scope="col">{tr(Msg::RoleFacilitator)}</th>
                                    <th scope="col">{tr(Msg::RoleCityOfficial)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|u| view! {
                                        <tr>
                                            <td>{u.display_name.clone()}</td>
                                            <td>{u.email.clone()}</td>
                                            <td><RoleToggle action=set_role user_id=u.id role="facilitator" granted=u.facilitator name=u.display_name.clone()/></td>
                                            <td><RoleToggle action=set_role user_id=u.id role="city_official" granted=u.city_official name=u.display_name.clone()/></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }}
                    <super::departments::Departments/>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn RoleToggle(
    action: ServerAction<SetUserRole>,
    user_id: i64,
    role: &'static str,
    granted: bool,
    name: String,
) -> impl IntoView {
    let label = if granted { Msg::Revoke } else { Msg::Grant };
    let role_msg = if role == "facilitator" {
        Msg::RoleFacilitator
    } else {
        Msg::RoleCityOfficial
    };
    let locale = use_locale();
    view! {
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name="user_id" value=user_id/>
            <input type="hidden" name="role" value=role/>
            <input type="hidden" name="granted" value=(!granted).to_string()/>
            <span class="role-state">{tr(if granted { Msg::Yes } else { Msg::No })}</span>
            " "
            <button type="submit" class="button-small"
                aria-label=move || format!("{} — {} — {}", label.text(locale.0.get()), role_msg.text(locale.0.get()), name)>
                {tr(label)}
            </button>
        </ActionForm>
    }
}
