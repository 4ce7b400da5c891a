//! One module per page.

mod amendments;
mod components;
mod draw_lifecycle;
mod draws;
mod home;
mod in_browser;
mod ledger;
mod new_proposal;
mod not_found;
mod proposal;
mod proposals;
mod quota_editor;
mod roster;
mod steward;

pub use amendments::VersionsPage;
#[cfg(feature = "ssr")]
pub use components::set_status;
pub use components::{ErrorBox, Loading};
pub use draws::{DrawPage, DrawVerifyPage, DrawsPage};
pub use home::HomePage;
pub use ledger::LedgerPage;
pub use new_proposal::NewProposalPage;
pub use not_found::NotFound;
pub use proposal::ProposalPage;
pub use proposals::ProposalsPage;
pub use roster::RosterPage;
