//! One module per page.

mod amendments;
mod components;
mod drafts;
mod draw_lifecycle;
mod draws;
mod home;
mod in_browser;
mod ledger;
mod moderation;
mod new_proposal;
mod not_found;
mod notifications;
mod proposal;
mod proposals;
mod quota_editor;
mod roster;
mod steward;

pub use amendments::VersionsPage;
#[cfg(feature = "ssr")]
pub use components::set_status;
pub use components::{ErrorBox, Loading};
pub use drafts::{DraftHistory, DraftPage, DraftsPage};
pub use draws::{DrawPage, DrawVerifyPage, DrawsPage};
pub use home::HomePage;
pub use ledger::LedgerPage;
pub use moderation::ModerationPage;
pub use new_proposal::NewProposalPage;
pub use not_found::NotFound;
pub use notifications::NotificationsPage;
pub use proposal::ProposalPage;
pub use proposals::ProposalsPage;
pub use roster::RosterPage;
