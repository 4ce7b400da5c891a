//! One module per page.

mod components;
mod home;
mod not_found;
mod proposal;
mod proposals;

#[cfg(feature = "ssr")]
pub use components::set_status;
pub use components::{ErrorBox, Loading};
pub use home::HomePage;
pub use not_found::NotFound;
pub use proposal::ProposalPage;
pub use proposals::ProposalsPage;
