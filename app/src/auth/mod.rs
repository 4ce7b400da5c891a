//! Accounts: sign-up, sign-in, sign-out, password change and reset,
//! profile, export, deletion, and the facilitators' role management.

mod api;
#[cfg(feature = "ssr")]
pub mod mailer;
mod pages;
#[cfg(feature = "ssr")]
pub mod session;

#[cfg(feature = "ssr")]
pub(crate) use api::ssr as api_ssr;
pub use api::*;
pub use pages::{
    AccountPage, AdminUsersPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage,
};
