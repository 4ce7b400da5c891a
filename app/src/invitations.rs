//! Answering an invitation from its e-mailed link, without an account: the
//! respondents of a letter campaign are drawn like everyone else. The link
//! `/invitations/{id}.{signature}` carries the server's signature of the
//! invitation's id, so nobody can guess another person's link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Msg, format_date, page_title, tr, use_locale};

/// What the link's page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub draw_id: i64,
    pub draw_title: String,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    /// `invited`, `active`, `declined` or `left`.
    pub status: String,
    pub respond_by: Option<chrono::DateTime<chrono::Utc>>,
    /// The deadline has passed.
    pub expired: bool,
    pub name: Option<String>,
    pub public_name: bool,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::auth::session::AuthConfig;

    fn purpose(membership_id: i64) -> String {
        format!("invitation:{membership_id}")
    }

    /// The credential of an invitation's link.
    pub fn token(auth: &AuthConfig, membership_id: i64) -> String {
        format!("{membership_id}.{}", auth.derive(&purpose(membership_id)))
    }

    /// The invitation a link's token stands for, if its signature is right.
    pub fn membership_of(auth: &AuthConfig, token: &str) -> Option<i64> {
        let (id, signature) = token.split_once('.')?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        auth.verify_derived(&purpose(id), signature).then_some(id)
    }

    /// The invitation's e-mail, in the person's language and then the other.
    pub fn mail(notice: &db::invitations::Notice, link: &str) -> db::accounts::Mail {
        let deadline = notice
            .respond_by
            .map(|by| by.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        let greeting = notice
            .name
            .as_deref()
            .map(|n| n.chars().filter(|c| !c.is_control()).collect::<String>())
            .unwrap_or_default();
        let (start, end) = (notice.term_start, notice.term_end);
        let french = format!(
            "Bonjour {greeting},\n\n\
             Vous avez été tiré·e au sort pour siéger à l'Assemblée citoyenne de Paris \
             (« {title} », mandat du {start} au {end}).\n\n\
             Pour accepter ou refuser, ouvrez ce lien avant le {deadline} :\n{link}\n\n\
             Si vous ne répondez pas à temps, une autre personne sera tirée au sort à votre place.",
            title = notice.draw_title
        );
        let english = format!(
            "Hello {greeting},\n\n\
             You have been drawn by lot to sit in the Paris Citizens' Assembly \
             (\"{title}\", term from {start} to {end}).\n\n\
             To accept or decline, open this link before {deadline}:\n{link}\n\n\
             If you do not answer in time, someone else will be drawn in your place.",
            title = notice.draw_title
        );
        let (first, second) = match notice.lang {
            domain::Lang::Fr => (french, english),
            domain::Lang::En => (english, french),
        };
        db::accounts::Mail {
            to: notice.to.clone(),
            subject: match notice.lang {
                domain::Lang::Fr => "Vous êtes tiré·e au sort / You have been drawn by lot",
                domain::Lang::En => "You have been drawn by lot / Vous êtes tiré·e au sort",
            }
            .into(),
            body: format!("{first}\n\n----\n\n{second}\n"),
        }
    }
}

#[cfg(feature = "ssr")]
fn invitation_id(token: &str) -> Result<i64, AppError> {
    let state = crate::auth::api_ssr::state()?;
    ssr::membership_of(&state.auth, token.trim()).ok_or_else(|| {
        crate::pages::set_status(404);
        AppError::NotFound
    })
}

/// The invitation behind a link (anyone holding the link).
#[server(endpoint = "invitations/get")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    let state = crate::auth::api_ssr::state()?;
    let id = invitation_id(&token)?;
    let Some(i) = db::invitations::invitation(&state.db, id).await? else {
        crate::pages::set_status(404);
        return Err(AppError::NotFound);
    };
    Ok(InvitationView {
        draw_id: i.draw_id,
        draw_title: i.draw_title,
        term_start: i.term_start,
        term_end: i.term_end,
        expired: i.respond_by.is_some_and(|by| state.clock.now() >= by),
        status: i.status,
        respond_by: i.respond_by,
        name: i.name,
        public_name: i.public_name,
    })
}

/// Accepts (optionally showing one's name) or declines through the link,
/// before the deadline.
#[server(endpoint = "invitations/respond")]
pub async fn answer_invitation(
    token: String,
    accept: bool,
    public_name: Option<String>,
) -> Result<(), AppError> {
    let state = crate::auth::api_ssr::state()?;
    let lang = crate::request_lang();
    let id = invitation_id(&token)?;
    db::invitations::respond(
        &state.db,
        id,
        accept,
        public_name.is_some(),
        state.clock.now(),
    )
    .await
    .map_err(|e| {
        let error = crate::lifecycle::ssr::lifecycle_error(e, lang);
        crate::pages::set_status(error.status());
        error
    })
}

/// `/invitations/{token}`: the invitation, and the answer.
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
        <Suspense fallback=crate::pages::Loading>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(i) => view! { <Invitation invitation=i token=token.get_untracked() answer/> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <div class="error-box" role="alert"><p>{tr(Msg::InvitationUnknown)}</p></div>
                    }.into_any(),
                    Err(error) => view! { <crate::pages::ErrorBox error/> }.into_any(),
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
    let outcome = match i.status.as_str() {
        "active" => Some(Msg::InvitationAccepted),
        "declined" => Some(Msg::InvitationDeclined),
        "left" => Some(Msg::MemberLeft),
        _ if i.expired => Some(Msg::InvitationExpired),
        _ => None,
    };
    let deadline = i.respond_by;
    let (accept_token, decline_token) = (token.clone(), token);
    let error = Signal::derive(move || answer.value().get().and_then(Result::err));
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
                {move || error.get().map(|e| view! {
                    <div class="error-box" role="alert"><p>{e.message(locale.0.get())}</p></div>
                })}
            }.into_any(),
        }}
    }
}
