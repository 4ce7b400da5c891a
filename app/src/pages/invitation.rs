//! `/invitations/{token}`: an invitation, opened from its e-mailed link,
//! and the answer.

use domain::MembershipStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading};
use crate::error::AppError;
use crate::forms::{FormError, general_error};
use crate::i18n::{Msg, format_date, page_title, tr, use_locale};
use crate::invitations::{AnswerInvitation, InvitationView, get_invitation};

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let answer = ServerAction::<AnswerInvitation>::new();
    let invitation = Resource::new(
        move || (token.get(), answer.version().get()),
        |(token, _)| get_invitation(token),
    );
    view! {
        <Title text=page_title(Msg::InvitationTitle)/>
        <h1>{tr(Msg::InvitationTitle)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(i) => view! { <Invitation invitation=i token=token.get_untracked() answer/> }.into_any(),
                    Err(error @ AppError::NotFound) => view! {
                        <ErrorBox error text=Msg::InvitationUnknown/>
                    }.into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Invitation(
    invitation: InvitationView,
    token: String,
    answer: ServerAction<AnswerInvitation>,
) -> impl IntoView {
    let locale = use_locale();
    let i = invitation;
    let outcome = match i.status {
        MembershipStatus::Active => Some(Msg::InvitationAccepted),
        MembershipStatus::Declined => Some(Msg::InvitationDeclined),
        MembershipStatus::Left => Some(Msg::MemberLeft),
        MembershipStatus::Invited if i.expired => Some(Msg::InvitationExpired),
        MembershipStatus::Invited => None,
    };
    let deadline = i.respond_by;
    let (accept_token, decline_token) = (token.clone(), token);
    view! {
        <p class="lead">
            {i.name.clone().map(|n| view! { {n} ", " })}
            {tr(Msg::InvitationLead)} " "
            <a href=format!("/draws/{}", i.draw_id)>{i.draw_title.clone()}</a>
            " (" {i.term_start.to_string()} " → " {i.term_end.to_string()} ")."
        </p>
        {match outcome {
            Some(msg) => view! { <p class="verdict verdict-ok" role="status">{tr(msg)}</p> }.into_any(),
            None => view! {
                {deadline.map(|d| view! {
                    <p>{tr(Msg::AnswerBefore)} " " <strong>{move || format_date(d, locale.0.get())} " " {d.format("%H:%M UTC").to_string()}</strong>.</p>
                })}
                <ActionForm action=answer attr:class="inline-form">
                    <input type="hidden" name="token" value=accept_token/>
                    <input type="hidden" name="accept" value="true"/>
                    <div class="checkbox">
                        <input id="public-name" type="checkbox" name="public_name"/>
                        <label for="public-name">{tr(Msg::ShowMyName)}</label>
                    </div>
                    <button type="submit" class="button">{tr(Msg::Accept)}</button>
                </ActionForm>
                <ActionForm action=answer attr:class="inline-form">
                    <input type="hidden" name="token" value=decline_token/>
                    <input type="hidden" name="accept" value="false"/>
                    <button type="submit" class="button-secondary">{tr(Msg::Decline)}</button>
                </ActionForm>
                <FormError error=general_error(answer) shown=&[]/>
            }.into_any(),
        }}
    }
}
