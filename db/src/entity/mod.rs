//! SeaORM entities, one per table. They mirror the migrations and stay
//! private to this crate: the rest of the product sees domain types only.

pub mod amendment;
pub mod app_meta;
pub mod ballot;
pub mod ballot_receipt;
pub mod city_response;
pub mod comment;
pub mod comment_report;
pub mod comment_upvote;
pub mod draft;
pub mod draft_author;
pub mod draft_suggestion;
pub mod draft_update;
pub mod draft_version;
pub mod draw;
pub mod ledger_entry;
pub mod membership;
pub mod milestone;
pub mod notification;
pub mod outbox;
pub mod password_reset;
pub mod proposal;
pub mod proposal_event;
pub mod proposal_version;
pub mod rate_attempt;
pub mod replacement;
pub mod replacement_round;
pub mod role_change;
pub mod secret_tally;
pub mod seed_commitment;
pub mod session;
pub mod support;
pub mod theme;
pub mod user;
pub mod volunteer;
pub mod vote;
