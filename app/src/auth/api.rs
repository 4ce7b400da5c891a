//! Account server functions. Each one: who is asking, parse the input, one
//! call, a plain result. Every refusal is an `AppError`.

use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in person, as the interface needs them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub lang: Lang,
    pub member: bool,
    pub facilitator: bool,
    pub city_official: bool,
    /// Notifications not read yet, for the header's badge (counted only
    /// when the page asks who is signed in, not by every action).
    #[serde(default)]
    pub unread: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserListItem {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub facilitator: bool,
    pub city_official: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use std::time::Duration;

    use chrono::Utc;
    use domain::{Actor, Lang, account::FieldError};
    use leptos::prelude::*;

    use super::Viewer;
    use crate::auth::session::{self, AuthConfig};
    use crate::error::{AppError, FieldIssue};
    use crate::i18n::Msg;

    pub fn state() -> Result<crate::AppState, AppError> {
        use_context::<crate::AppState>()
            .ok_or_else(|| AppError::internal("AppState missing from context"))
    }

    pub fn headers() -> http::HeaderMap {
        use_context::<http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default()
    }

    /// The caller's address, for rate limits ("unknown" in in-process tests).
    pub fn client_ip() -> String {
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|c| c.0.ip().to_string())
            })
            .unwrap_or_else(|| "unknown".into())
    }

    /// Sets the HTTP status that matches an error, then returns it.
    pub fn fail<T>(error: AppError) -> Result<T, AppError> {
        crate::pages::set_status(error.status());
        Err(error)
    }

    /// Who is asking: their roles today, or anonymous.
    pub async fn viewer() -> Result<Option<Viewer>, AppError> {
        let state = state()?;
        let Some((user_id, _)) = session::user_of(&state.db, &state.auth, &headers()).await? else {
            return Ok(None);
        };
        viewer_of(&state.db, user_id).await
    }

    /// A user's roles today.
    pub async fn viewer_of(
        conn: &db::DatabaseConnection,
        user_id: i64,
    ) -> Result<Option<Viewer>, AppError> {
        Ok(db::accounts::me(conn, user_id, Utc::now().date_naive())
            .await?
            .map(|me| Viewer {
                user_id,
                display_name: me.display_name,
                email: me.email,
                lang: me.lang,
                member: me.actor.member,
                facilitator: me.actor.facilitator,
                city_official: me.actor.city_official,
                unread: 0,
            }))
    }

    /// The signed-in owner of the account being managed.
    pub async fn account_owner() -> Result<Viewer, AppError> {
        let Some(viewer) = viewer().await? else {
            return fail(AppError::Unauthorized);
        };
        authorize(
            domain::Action::ManageAccount,
            domain::Resource::Account(viewer.user_id),
        )
        .await?;
        Ok(viewer)
    }

    pub fn actor(viewer: Option<&Viewer>) -> Actor {
        viewer.map_or_else(Actor::anonymous, |v| Actor {
            user_id: Some(v.user_id),
            member: v.member,
            facilitator: v.facilitator,
            city_official: v.city_official,
        })
    }

    /// The caller, who must be allowed to do `action` on `resource`.
    pub async fn authorize(
        action: domain::Action,
        resource: domain::Resource,
    ) -> Result<Option<Viewer>, AppError> {
        let viewer = viewer().await?;
        if domain::can(&actor(viewer.as_ref()), action, resource) {
            Ok(viewer)
        } else if viewer.is_none() {
            fail(AppError::Unauthorized)
        } else {
            fail(AppError::Forbidden)
        }
    }

    /// The signed-in caller, who must be allowed to do `action` on
    /// `resource`.
    pub async fn signed_in(
        action: domain::Action,
        resource: domain::Resource,
    ) -> Result<Viewer, AppError> {
        match authorize(action, resource).await? {
            Some(viewer) => Ok(viewer),
            None => fail(AppError::Unauthorized),
        }
    }

    /// Counts an attempt against a limit; refuses with the wait in seconds.
    pub fn limit(
        auth: &AuthConfig,
        key: &str,
        max: usize,
        window: Duration,
    ) -> Result<(), AppError> {
        auth.limiter
            .check(key, max, window)
            .or_else(|wait| fail(AppError::TooManyRequests(wait.as_secs().max(1))))
    }

    /// Collects field errors in the user's language.
    pub struct Fields {
        lang: Lang,
        issues: Vec<FieldIssue>,
    }

    impl Fields {
        pub fn new(lang: Lang) -> Fields {
            Fields {
                lang,
                issues: Vec::new(),
            }
        }

        pub fn check<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
            match result {
                Ok(value) => Some(value),
                Err(error) => {
                    self.add(field, field_message(error, self.lang));
                    None
                }
            }
        }

        pub fn add(&mut self, field: &str, message: String) {
            self.issues.push(FieldIssue {
                field: field.to_owned(),
                message,
            });
        }

        pub fn finish(self) -> Result<(), AppError> {
            if self.issues.is_empty() {
                Ok(())
            } else {
                fail(AppError::Invalid(self.issues))
            }
        }
    }

    pub fn field_message(error: FieldError, lang: Lang) -> String {
        match error {
            FieldError::Empty => Msg::FieldEmpty.text(lang).to_owned(),
            FieldError::TooLong { max } => Msg::FieldTooLong
                .text(lang)
                .replace("{max}", &max.to_string()),
            FieldError::TooShort { min } => Msg::FieldTooShort
                .text(lang)
                .replace("{min}", &min.to_string()),
            FieldError::MalformedEmail => Msg::FieldEmail.text(lang).to_owned(),
            FieldError::WeakPassword => Msg::FieldWeakPassword.text(lang).to_owned(),
            FieldError::ControlCharacters => Msg::FieldControl.text(lang).to_owned(),
            FieldError::MustConfirmAge => Msg::FieldAge.text(lang).to_owned(),
        }
    }

    /// Runs password hashing off the async threads.
    pub async fn blocking<T: Send + 'static>(
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        tokio::task::spawn_blocking(f)
            .await
            .map_err(AppError::internal)
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

#[server(endpoint = "auth/signup")]
pub async fn sign_up(
    email: String,
    password: String,
    display_name: String,
    age16: Option<String>,
) -> Result<Viewer, AppError> {
    use domain::account::{DisplayName, Email, Password, parse_age_confirmation};
    use std::time::Duration;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    ssr::limit(
        &state.auth,
        &format!("signup:ip:{}", ssr::client_ip()),
        10,
        Duration::from_secs(3600),
    )?;
    let mut fields = ssr::Fields::new(lang);
    let email = fields.check("email", Email::parse(&email));
    let password = fields.check("password", Password::parse(&password));
    let name = fields.check("display_name", DisplayName::parse(&display_name));
    fields.check("age16", parse_age_confirmation(age16.is_some()));
    fields.finish()?;
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return ssr::fail(AppError::Internal);
    };
    let hash = ssr::blocking(move || db::passwords::hash(password.expose())).await?;
    let new = db::accounts::NewAccount {
        email: email.as_str(),
        display_name: name.as_str(),
        password_hash: &hash,
        lang,
        now: chrono::Utc::now(),
    };
    let user_id = match db::accounts::create_account(&state.db, new).await {
        Ok(id) => id,
        Err(db::accounts::AccountError::EmailTaken) => {
            return ssr::fail(AppError::invalid(
                "email",
                crate::i18n::Msg::EmailTaken,
                lang,
            ));
        }
        Err(e) => return ssr::fail(AppError::internal(e)),
    };
    let cookie = crate::auth::session::start_session(&state.db, &state.auth, user_id).await?;
    crate::auth::session::set_response_cookie(cookie);
    Ok(Viewer {
        user_id,
        display_name: name.as_str().to_owned(),
        email: email.as_str().to_owned(),
        lang,
        member: false,
        facilitator: false,
        city_official: false,
        unread: 0,
    })
}

#[server(endpoint = "auth/signin")]
pub async fn sign_in(email: String, password: String) -> Result<Viewer, AppError> {
    use std::time::Duration;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let email = email.trim().to_lowercase();
    let window = Duration::from_secs(15 * 60);
    let network_key = format!("signin:ip:{}", ssr::client_ip());
    ssr::limit(&state.auth, &network_key, 30, window)?;
    let account_key = format!("signin:account:{email}");
    ssr::limit(&state.auth, &account_key, 5, window)?;
    let login = db::accounts::login_of(&state.db, &email).await?;
    // The same work and the same answer whether or not the account exists.
    let (user_id, hash) = login
        .clone()
        .unwrap_or((0, state.auth.decoy_hash.to_string()));
    let matches = ssr::blocking(move || db::passwords::verify(&password, &hash)).await?;
    if login.is_none() || !matches {
        return ssr::fail(AppError::invalid(
            "password",
            crate::i18n::Msg::BadCredentials,
            lang,
        ));
    }
    state.auth.limiter.reset(&account_key);
    // Only failures count against the network's limit.
    state.auth.limiter.take_back(&network_key);
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
    let lang = crate::request_lang();
    let viewer = ssr::account_owner().await?;
    let mut fields = ssr::Fields::new(lang);
    let new_password = fields.check("new_password", Password::parse(&new_password));
    let hash = db::accounts::password_hash_of(&state.db, viewer.user_id)
        .await?
        .unwrap_or_default();
    if !ssr::blocking(move || db::passwords::verify(&current, &hash)).await? {
        fields.add(
            "current",
            crate::i18n::Msg::WrongPassword.text(lang).to_owned(),
        );
    }
    fields.finish()?;
    let Some(new_password) = new_password else {
        return ssr::fail(AppError::Internal);
    };
    let hash = ssr::blocking(move || db::passwords::hash(new_password.expose())).await?;
    // Every other session ends; this browser gets a fresh one.
    db::accounts::set_password(&state.db, viewer.user_id, &hash)
        .await
        .map_err(AppError::internal)?;
    let cookie =
        crate::auth::session::start_session(&state.db, &state.auth, viewer.user_id).await?;
    crate::auth::session::set_response_cookie(cookie);
    Ok(())
}

/// Sends a reset link if the address has an account. The answer is the same
/// either way, so that nobody can probe who has an account.
#[server(endpoint = "auth/forgot")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    use std::time::Duration;
    let state = ssr::state()?;
    let email = email.trim().to_lowercase();
    ssr::limit(
        &state.auth,
        &format!("reset:ip:{}", ssr::client_ip()),
        10,
        Duration::from_secs(3600),
    )?;
    ssr::limit(
        &state.auth,
        &format!("reset:account:{email}"),
        3,
        Duration::from_secs(3600),
    )?;
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
    };
    state.mailer.send(&state.db, &mail).await
}

#[server(endpoint = "auth/reset")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use domain::account::Password;
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let mut fields = ssr::Fields::new(lang);
    let new_password = fields.check("new_password", Password::parse(&new_password));
    fields.finish()?;
    let Some(new_password) = new_password else {
        return ssr::fail(AppError::Internal);
    };
    let hash = crate::auth::session::token_hash(token.trim());
    let Some(user_id) = db::accounts::consume_reset(&state.db, &hash, chrono::Utc::now()).await?
    else {
        return ssr::fail(AppError::invalid(
            "token",
            crate::i18n::Msg::ResetExpired,
            lang,
        ));
    };
    let hash = ssr::blocking(move || db::passwords::hash(new_password.expose())).await?;
    db::accounts::set_password(&state.db, user_id, &hash)
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

#[server(endpoint = "account/profile")]
pub async fn update_profile(display_name: String, lang: String) -> Result<(), AppError> {
    use domain::account::DisplayName;
    let state = ssr::state()?;
    let current = crate::request_lang();
    let viewer = ssr::account_owner().await?;
    let mut fields = ssr::Fields::new(current);
    let name = fields.check("display_name", DisplayName::parse(&display_name));
    let lang = Lang::parse(&lang);
    if lang.is_none() {
        fields.add(
            "lang",
            crate::i18n::Msg::BadLanguage.text(current).to_owned(),
        );
    }
    fields.finish()?;
    let (Some(name), Some(lang)) = (name, lang) else {
        return ssr::fail(AppError::Internal);
    };
    db::accounts::update_profile(&state.db, viewer.user_id, name.as_str(), lang)
        .await
        .map_err(AppError::internal)
}

#[server(endpoint = "account/delete")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::account_owner().await?;
    let hash = db::accounts::password_hash_of(&state.db, viewer.user_id)
        .await?
        .unwrap_or_default();
    if !ssr::blocking(move || db::passwords::verify(&password, &hash)).await? {
        return ssr::fail(AppError::invalid(
            "password",
            crate::i18n::Msg::WrongPassword,
            lang,
        ));
    }
    match db::accounts::delete_account(&state.db, viewer.user_id, chrono::Utc::now()).await {
        Ok(()) => {}
        Err(db::accounts::AccountError::LastFacilitator) => {
            return ssr::fail(AppError::invalid(
                "password",
                crate::i18n::Msg::LastFacilitator,
                lang,
            ));
        }
        Err(e) => return ssr::fail(AppError::internal(e)),
    }
    crate::auth::session::set_response_cookie(crate::auth::session::clear_cookie(&state.auth));
    Ok(())
}

#[server(endpoint = "admin/users")]
pub async fn list_users(search: String, page: u32) -> Result<(Vec<UserListItem>, u64), AppError> {
    let state = ssr::state()?;
    ssr::authorize(domain::Action::ListUsers, domain::Resource::Assembly).await?;
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
    use db::accounts::{AccountError, Role};
    let state = ssr::state()?;
    let lang = crate::request_lang();
    let viewer = ssr::authorize(domain::Action::AssignRoles, domain::Resource::Assembly).await?;
    let role = match role.as_str() {
        "facilitator" => Role::Facilitator,
        "city_official" => Role::CityOfficial,
        _ => return ssr::fail(AppError::invalid("role", crate::i18n::Msg::BadRole, lang)),
    };
    let by = viewer.map(|v| v.user_id);
    match db::accounts::set_role(&state.db, by, user_id, role, granted, chrono::Utc::now()).await {
        Ok(()) => Ok(()),
        Err(AccountError::NotFound) => ssr::fail(AppError::NotFound),
        Err(AccountError::LastFacilitator) => ssr::fail(AppError::invalid(
            "role",
            crate::i18n::Msg::LastFacilitator,
            lang,
        )),
        Err(e) => ssr::fail(AppError::internal(e)),
    }
}
