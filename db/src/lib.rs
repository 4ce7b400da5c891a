//! Server-only persistence. Every function takes a connection (or a
//! transaction) and returns domain types; SeaORM entities stay inside.

pub mod accounts;
pub mod amendments;
pub mod board;
pub mod city;
pub mod comments;
pub mod composition;
mod connection;
pub mod demo;
pub mod departments;
pub mod drafts;
pub mod draws;
mod entity;
mod error;
pub mod export;
pub mod floor;
pub mod follows;
pub mod invitations;
pub mod jobs;
pub mod kept;
pub mod ledger;
pub mod lifecycle;
pub mod limits;
pub mod moderation;
pub mod notifications;
pub mod passwords;
mod proposals;
pub mod push;
pub mod relay;
mod settings;
pub mod sittings;
pub mod stage;
pub mod supports;
#[cfg(feature = "testing")]
pub mod testing;
pub mod themes;
pub mod votes;

pub use connection::{ConnectError, PoolSettings, connect, ping, write_txn};
pub use error::Error;
pub use proposals::{comments_of, overview, proposal_detail, proposals_page, recount, recount_all};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
