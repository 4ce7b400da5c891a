//! The one error type the browser ever sees.
//!
//! Causes inside the server (database, I/O) are logged there and reach the
//! client as `Internal`, never with their details.

use domain::Lang;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A field's value was refused; the message is already in the user's
    /// language.
    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },
    #[error("conflict")]
    Conflict,
    #[error("internal error")]
    Internal,
    /// The call never reached the server function (network, encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// A refused field, worded in `lang`.
    pub fn invalid(field: &str, msg: Msg, lang: Lang) -> AppError {
        AppError::Invalid {
            field: field.to_owned(),
            message: msg.text(lang).to_owned(),
        }
    }

    /// What to tell the user.
    pub fn message(&self, lang: Lang) -> String {
        let msg = match self {
            AppError::Invalid { message, .. } => return message.clone(),
            AppError::Unauthorized => Msg::ErrorUnauthorized,
            AppError::Forbidden => Msg::ErrorForbidden,
            AppError::NotFound => Msg::NotFoundText,
            AppError::Conflict => Msg::ErrorConflict,
            AppError::Internal => Msg::ErrorInternal,
            AppError::Transport(_) => Msg::ErrorNetwork,
        };
        msg.text(lang).to_owned()
    }

    /// Logs an internal cause on the server and hides it from the client.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::Invalid {
                field: "request".into(),
                message: "Requête invalide / Invalid request".into(),
            },
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<db::DbErr> for AppError {
    fn from(e: db::DbErr) -> Self {
        AppError::internal(e)
    }
}
