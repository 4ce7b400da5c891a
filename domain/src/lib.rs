//! Shared types and rules of Kleroterion.
//!
//! Everything here is pure (serde only) and compiles both on the server and in
//! the browser, so a value is validated by the same code on both sides.

/// Defines a string-backed enum whose stored and URL form is stable.
macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable keyword stored in the database and used in URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod account;
pub mod accountability;
pub mod census;
pub mod city;
pub mod composition;
pub mod diff;
pub mod draft;
pub mod floor;
pub mod ical;
#[cfg(feature = "import")]
pub mod import;
mod keyword;
pub mod lang;
pub mod ledger;
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod markup;
pub mod notification;
#[cfg(feature = "paris")]
pub mod paris;
pub mod permissions;
pub mod proposal;
pub mod push;
pub mod query;
pub mod quotas;
pub mod schedule;
pub mod sitting;
pub mod spreadsheet;
pub mod tally;
pub mod term;

pub use account::Viewer;
pub use draft::{DraftRole, DraftSummary, DraftVersionView, DraftView, SuggestionView};
pub use keyword::keyword_of;
pub use lang::Lang;
pub use ledger::{LedgerKind, LedgerQuery, LedgerQueryError, Subject};
pub use notification::{
    Delivery, Following, ModerationItem, NotificationAbout, NotificationKind, NotificationPref,
    NotificationView,
};
pub use permissions::{Action, Actor, Resource, can};
pub use proposal::*;
pub use query::{ProposalQuery, ProposalSort, QueryError};
pub use tally::{Choice, Majority, MyBallot, Outcome, Tally, VoteRule, tally_is_public};
pub use term::TermStage;
