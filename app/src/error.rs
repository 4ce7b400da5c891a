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

/// A refused form field and why, already in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("sign in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// One or more fields were refused; nothing was changed.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldIssue>),
    #[error("conflict")]
    Conflict,
    /// Too many attempts; the next one is allowed after this many seconds.
    #[error("too many requests, retry in {0} s")]
    TooManyRequests(u64),
    #[error("internal error")]
    Internal,
    /// The call never reached the server function (network, encoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status of a server function's answer carrying this error.
    /// A transport error seen by the server is a request it could not read.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) | AppError::Transport(_) => 400,
            AppError::Conflict => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal => 500,
        }
    }

    /// The same refusals, shown next to `field` (the form's control that
    /// caused them), for a form where the usual field is not the one to fix.
    pub fn on_field(self, field: &str) -> AppError {
        match self {
            AppError::Invalid(issues) => AppError::Invalid(
                issues
                    .into_iter()
                    .map(|i| FieldIssue {
                        field: field.to_owned(),
                        message: i.message,
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// A refused field, worded in `lang`.
    pub fn invalid(field: &str, msg: Msg, lang: Lang) -> AppError {
        AppError::Invalid(vec![FieldIssue {
            field: field.to_owned(),
            message: msg.text(lang).to_owned(),
        }])
    }

    /// The message for one field, if it was refused.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(issues) => issues
                .iter()
                .find(|i| i.field == name)
                .map(|i| i.message.clone()),
            _ => None,
        }
    }

    /// What to tell the user.
    pub fn message(&self, lang: Lang) -> String {
        let msg = match self {
            AppError::Invalid(issues) => {
                return issues
                    .iter()
                    .map(|i| i.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            AppError::TooManyRequests(seconds) => {
                return Msg::TooManyAttempts
                    .text(lang)
                    .replace("{seconds}", &seconds.to_string());
            }
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
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Invalid(vec![FieldIssue {
                    field: "request".into(),
                    message: "Requête invalide / Invalid request".into(),
                }])
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}
