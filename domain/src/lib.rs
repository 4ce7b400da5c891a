//! Shared types and rules of Kleroterion.
//!
//! Everything here is pure (serde only) and compiles both on the server and in
//! the browser, so a value is validated by the same code on both sides.

pub mod account;
pub mod census;
pub mod lang;
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod permissions;
pub mod proposal;
pub mod query;
pub mod tally;

pub use lang::Lang;
pub use permissions::{Action, Actor, Resource, can};
pub use proposal::*;
pub use query::{ProposalQuery, ProposalSort, QueryError};
pub use tally::{Majority, Outcome, Tally, VoteRule};
