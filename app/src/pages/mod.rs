//! One module per page (or a folder for a page of several parts). Pages
//! call the features' server functions; nothing outside `pages` imports
//! them except the route table (`lib.rs`, `split.rs`).

mod account;
mod board;
mod composition;
mod departments;
mod drafts;
mod draw_lifecycle;
mod draws;
mod floor;
mod home;
mod in_browser;
mod invitation;
mod ledger;
mod moderation;
mod new_proposal;
mod not_found;
mod notice;
mod notifications;
mod proposal;
mod proposals;
mod quota_editor;
mod roster;
mod sittings;
mod unsubscribe;
mod versions;
mod volunteer;

pub use account::{
    AccountPage, AdminUsersPage, ConfirmSignUpPage, ForgotPasswordPage, ResetPasswordPage,
    SignInPage, SignUpPage,
};
pub use board::BoardPage;
pub use composition::CompositionPage;
pub use drafts::{DraftPage, DraftsPage};
pub use draws::{DrawPage, DrawVerifyPage, DrawsPage};
pub use floor::SittingScreenPage;
pub use home::HomePage;
pub use invitation::InvitationPage;
pub use ledger::LedgerPage;
pub use moderation::ModerationPage;
pub use new_proposal::NewProposalPage;
pub use not_found::NotFound;
pub use notice::{AccessibilityPage, LegalPage, PrivacyPage};
pub use notifications::NotificationsPage;
pub use proposal::ProposalPage;
pub use proposals::ProposalsPage;
pub use roster::RosterPage;
pub use sittings::{SittingPage, SittingsPage};
pub use unsubscribe::UnsubscribePage;
pub use versions::VersionsPage;
pub use volunteer::VolunteerPage;
