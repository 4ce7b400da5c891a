//! Live co-writing of proposal drafts: what travels on the websocket and
//! the rules both ends apply.
//!
//! The wire format is the Yjs sync protocol (y-protocols: sync step 1 and
//! 2, updates, awareness), so that any Yjs client can talk to the server.
//! This crate adds what the protocol leaves open: the bounds on frames,
//! documents and rates, which messages each participant may send, the
//! presence each author shows, and turning a textarea's edit into CRDT
//! operations. It is pure: the server and the browser editor share it.

pub mod draft;
pub mod frame;
pub mod limits;
pub mod presence;
pub mod splice;

pub use draft::{Draft, DraftError};
pub use frame::{FrameError, Incoming};
pub use limits::RateLimiter;
pub use presence::Presence;
pub use splice::Splice;
