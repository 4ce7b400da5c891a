//! Accounts: sign-up, sign-in, sign-out, password change and reset,
//! profile, export, deletion, and the facilitators' role management. Each
//! server function: who is asking, parse the input, one call, a plain
//! result; every refusal is an `AppError`.

#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod session;

use domain::Viewer;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserListItem {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub facilitator: bool,
    pub city_official: bool,
}

/// The signed-in owner of the account being managed.
#[cfg(feature = "ssr")]
async fn account_owner() -> Result<Viewer, AppError> {
    let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
    let resource = domain::Resource::Account(viewer.user_id);
    if domain::can(
        &ssr::actor(Some(&viewer)),
        domain::Action::ManageAccount,
        resource,
    ) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(endpoint = "auth/me")]
pub async fn whoami() -> Result<Option<Viewer>, AppError> {
    let Some(mut viewer) = ssr::viewer().await? else {
        return Ok(None);
    };
    viewer.unread = db::notifications::unread(&ssr::state()?.db, viewer.user_id).await?;
    Ok(Some(viewer))
}

/// The limit on checks of a signed-in account's password (changing it,
/// deleting the account): whoever holds a session must not try passwords.
#[cfg(feature = "ssr")]
fn password_key(user_id: i64) -> String {
    format!("password:account:{user_id}")
}

/// Keeps the sign-up and mails the address a link that creates the account;
/// an address that already has one is told so by mail instead. The answer
/// is the same either way, so that nobody can probe who has an account.
#[server(endpoint = "auth/signup")]
pub async fn sign_up(
    email: String,
    password: String,
    display_name: String,
    age16: Option<String>,
) -> Result<(), AppError> {
    use domain::account::{DisplayName, Email, Password, parse_age_confirmation};
    let state = ssr::state()?;
    let lang = ssr::lang();
    ssr::limit(
        &format!("signup:ip:{}", ssr::client_ip()),
        10,
        chrono::Duration::hours(1),
    )
    .await?;
    let mut fields = ssr::Fields::new(lang);
    let email = fields.check("email", Email::parse(&email));
    let password = fields.check("password", Password::parse(&password));
    let name = fields.check("display_name", DisplayName::parse(&display_name));
    fields.check("age16", parse_age_confirmation(age16.is_some()));
    let (email, password, name) = fields.finish((email, password, name))?;
    // Nobody fills someone else's mailbox: a few messages per address.
    ssr::limit(
        &format!("signup:account:{}", email.as_str()),
        3,
        chrono::Duration::hours(1),
    )
    .await?;
    let hash = ssr::blocking(move || db::passwords::hash(password.expose())).await?;
    let site = crate::mail::Site {
        public_url: &state.public_url,
        auth: &state.auth,
    };
    let mail = if db::accounts::login_of(&state.db, email.as_str())
        .await?
        .is_some()
    {
        crate::mail::address_known_mail(email.as_str(), lang, &site)
    } else {
        let token = hex::encode(crate::auth::session::random_bytes());
        let now = chrono::Utc::now();
        let pending = db::accounts::PendingSignup {
            token_hash: &crate::auth::session::token_hash(&token),
            account: db::accounts::NewAccount {
                email: email.as_str(),
                display_name: name.as_str(),
                password_hash: &hash,
                lang,
                now,
            },
            expires_at: now + chrono::Duration::hours(24),
        };
        db::accounts::create_signup(&state.db, pending).await?;
        crate::mail::signup_mail(email.as_str(), lang, &site, &token)
    };
    state.mailer.send(&state.db, &mail).await
}

/// Opens the link mailed at sign-up: creates the account and signs in. A
/// button on the page calls it, never the link itself, so that a mail
/// scanner opening the link gets no session.
#[server(endpoint = "auth/confirm")]
pub async fn confirm_sign_up(token: String) -> Result<Viewer, AppError> {
    use db::accounts::Confirmation;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let hash = crate::auth::session::token_hash(token.trim());
    let user_id = match db::accounts::confirm_signup(&state.db, &hash, chrono::Utc::now()).await? {
        Confirmation::Created(user_id) => user_id,
        Confirmation::AddressTaken => {
            return Err(AppError::invalid("token", Msg::EmailTaken, lang));
        }
        Confirmation::Invalid => {
            return Err(AppError::invalid("token", Msg::SignupLinkExpired, lang));
        }
    };
    let cookie = crate::auth::session::start_session(&state.db, &state.auth, user_id).await?;
    crate::auth::session::set_response_cookie(cookie);
    ssr::viewer_of(&state.db, user_id)
        .await?
        .ok_or(AppError::Internal)
}

#[server(endpoint = "auth/signin")]
pub async fn sign_in(email: String, password: String) -> Result<Viewer, AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let email = email.trim().to_lowercase();
    let window = chrono::Duration::minutes(15);
    let network_key = format!("signin:ip:{}", ssr::client_ip());
    ssr::limit(&network_key, 30, window).await?;
    let account_key = format!("signin:account:{email}");
    ssr::limit(&account_key, 5, window).await?;
    let login = db::accounts::login_of(&state.db, &email).await?;
    // The same work and the same answer whether or not the account exists.
    let (user_id, hash) = login
        .clone()
        .unwrap_or((0, state.auth.decoy_hash.to_string()));
    let matches = ssr::blocking(move || db::passwords::verify(&password, &hash)).await?;
    if login.is_none() || !matches {
        return Err(AppError::invalid(
            "password",
            crate::i18n::Msg::BadCredentials,
            lang,
        ));
    }
    ssr::limit_reset(&account_key).await?;
    // Only failures count against the network's limit.
    ssr::limit_take_back(&network_key).await?;
    let cookie = crate::auth::session::start_session(&state.db, &state.auth, user_id).await?;
    crate::auth::session::set_response_cookie(cookie);
    ssr::viewer_of(&state.db, user_id)
        .await?
        .ok_or(AppError::Internal)
}

#[server(endpoint = "auth/signout")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = ssr::state()?;
    if let Some((_, hash)) =
        crate::auth::session::user_of(&state.db, &state.auth, &ssr::headers()).await?
    {
        db::accounts::delete_session(&state.db, &hash).await?;
    }
    crate::auth::session::set_response_cookie(crate::auth::session::clear_cookie(&state.auth));
    Ok(())
}

#[server(endpoint = "auth/password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use domain::account::Password;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = account_owner().await?;
    let password_key = password_key(viewer.user_id);
    ssr::limit(&password_key, 5, chrono::Duration::minutes(15)).await?;
    let mut fields = ssr::Fields::new(lang);
    let new_password = fields.check("new_password", Password::parse(&new_password));
    let hash = db::accounts::password_hash_of(&state.db, viewer.user_id)
        .await?
        .unwrap_or_default();
    if !ssr::blocking(move || db::passwords::verify(&current, &hash)).await? {
        fields.refuse("current", Msg::WrongPassword);
    }
    let new_password = fields.finish(new_password)?;
    ssr::limit_reset(&password_key).await?;
    let hash = ssr::blocking(move || db::passwords::hash(new_password.expose())).await?;
    // Every other session ends; this browser gets a fresh one.
    db::accounts::set_password(&state.db, viewer.user_id, &hash).await?;
    let cookie =
        crate::auth::session::start_session(&state.db, &state.auth, viewer.user_id).await?;
    crate::auth::session::set_response_cookie(cookie);
    Ok(())
}

/// Sends a reset link if the address has an account. The answer is the same
/// either way, so that nobody can probe who has an account.
#[server(endpoint = "auth/forgot")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let email = email.trim().to_lowercase();
    ssr::limit(
        &format!("reset:ip:{}", ssr::client_ip()),
        10,
        chrono::Duration::hours(1),
    )
    .await?;
    ssr::limit(
        &format!("reset:account:{email}"),
        3,
        chrono::Duration::hours(1),
    )
    .await?;
    let Some((user_id, _)) = db::accounts::login_of(&state.db, &email).await? else {
        return Ok(());
    };
    let token = hex::encode(crate::auth::session::random_bytes());
    let now = chrono::Utc::now();
    let hash = crate::auth::session::token_hash(&token);
    db::accounts::create_reset(
        &state.db,
        user_id,
        &hash,
        now,
        now + chrono::Duration::hours(1),
    )
    .await?;
    let mail = db::accounts::Mail {
        to: email,
        subject: "Réinitialiser votre mot de passe / Reset your password".into(),
        body: format!(
            "Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure :\n\
             To choose a new password, open this link within the hour:\n\n\
             {}/reset-password?token={token}\n\n\
             Si vous n'avez rien demandé, ignorez ce message.\nIf you did not ask, ignore this message.",
            state.public_url
        ),
        ..Default::default()
    };
    state.mailer.send(&state.db, &mail).await
}

#[server(endpoint = "auth/reset")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use domain::account::Password;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let mut fields = ssr::Fields::new(lang);
    let new_password = fields.check("new_password", Password::parse(&new_password));
    let new_password = fields.finish(new_password)?;
    let hash = crate::auth::session::token_hash(token.trim());
    let Some(user_id) = db::accounts::consume_reset(&state.db, &hash, chrono::Utc::now()).await?
    else {
        return Err(AppError::invalid(
            "token",
            crate::i18n::Msg::ResetExpired,
            lang,
        ));
    };
    let hash = ssr::blocking(move || db::passwords::hash(new_password.expose())).await?;
    db::accounts::set_password(&state.db, user_id, &hash).await?;
    Ok(())
}

#[server(endpoint = "account/profile")]
pub async fn update_profile(display_name: String, lang: String) -> Result<(), AppError> {
    use domain::account::DisplayName;
    let state = ssr::state()?;
    let viewer = account_owner().await?;
    let mut fields = ssr::Fields::new(ssr::lang());
    let name = fields.check("display_name", DisplayName::parse(&display_name));
    let lang = fields.require("lang", domain::Lang::parse(&lang), Msg::BadLanguage);
    let (name, lang) = fields.finish((name, lang))?;
    Ok(db::accounts::update_profile(&state.db, viewer.user_id, name.as_str(), lang).await?)
}

#[server(endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = account_owner().await?;
    ssr::limit(
        &password_key(viewer.user_id),
        5,
        chrono::Duration::minutes(15),
    )
    .await?;
    let hash = db::accounts::password_hash_of(&state.db, viewer.user_id)
        .await?
        .unwrap_or_default();
    if !ssr::blocking(move || db::passwords::verify(&password, &hash)).await? {
        return Err(AppError::invalid(
            "password",
            crate::i18n::Msg::WrongPassword,
            lang,
        ));
    }
    // The form has one field: the refusal (the last facilitator) goes there.
    db::accounts::delete_account(&state.db, viewer.user_id, chrono::Utc::now())
        .await
        .map_err(|e| AppError::from(e).on_field("password"))?;
    crate::auth::session::set_response_cookie(crate::auth::session::clear_cookie(&state.auth));
    Ok(())
}

#[server(endpoint = "admin/users")]
pub async fn list_users(search: String, page: u32) -> Result<(Vec<UserListItem>, u64), AppError> {
    let state = ssr::state()?;
    ssr::caller(domain::Action::ListUsers, domain::Resource::Assembly).await?;
    let search: String = search.trim().chars().take(100).collect();
    let (rows, total) =
        db::accounts::list_users(&state.db, Some(&search), u64::from(page.min(10_000))).await?;
    Ok((
        rows.into_iter()
            .map(|u| UserListItem {
                id: u.id,
                display_name: u.display_name,
                email: u.email,
                facilitator: u.facilitator,
                city_official: u.city_official,
            })
            .collect(),
        total,
    ))
}

#[server(endpoint = "admin/role")]
pub async fn set_user_role(user_id: i64, role: String, granted: bool) -> Result<(), AppError> {
    use db::accounts::Role;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::caller(domain::Action::AssignRoles, domain::Resource::Assembly).await?;
    let role = match role.as_str() {
        "facilitator" => Role::Facilitator,
        "city_official" => Role::CityOfficial,
        _ => return Err(AppError::invalid("role", crate::i18n::Msg::BadRole, lang)),
    };
    let by = viewer.map(|v| v.user_id);
    Ok(db::accounts::set_role(&state.db, by, user_id, role, granted, chrono::Utc::now()).await?)
}
