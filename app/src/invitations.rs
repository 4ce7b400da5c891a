//! Answering an invitation from its e-mailed link, without an account: the
//! respondents of a letter campaign are drawn like everyone else. The link
//! `/invitations/{id}.{signature}` carries the server's signature of the
//! invitation's id, so nobody can guess another person's link.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// What the link's page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub draw_id: i64,
    pub draw_title: String,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    pub status: domain::MembershipStatus,
    pub respond_by: Option<chrono::DateTime<chrono::Utc>>,
    /// The deadline has passed.
    pub expired: bool,
    pub name: Option<String>,
    pub public_name: bool,
}

/// The invitation's link and e-mail.
#[cfg(feature = "ssr")]
pub mod link {
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
            ..Default::default()
        }
    }
}

#[cfg(feature = "ssr")]
fn invitation_id(token: &str) -> Result<i64, AppError> {
    let state = ssr::state()?;
    link::membership_of(&state.auth, token.trim()).ok_or(AppError::NotFound)
}

/// The invitation behind a link (anyone holding the link).
#[server(endpoint = "invitations/get")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    let state = ssr::state()?;
    let id = invitation_id(&token)?;
    let i = db::invitations::invitation(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
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
    let state = ssr::state()?;
    let id = invitation_id(&token)?;
    db::invitations::respond(
        &state.db,
        id,
        accept,
        public_name.is_some(),
        state.clock.now(),
    )
    .await
    .map_err(AppError::from)
}
