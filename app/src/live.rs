//! What changes while people watch: a proposal's comments. The server
//! announces each change to the pages open on that proposal (server-sent
//! events at `/proposals/{id}/events`); the page then reloads its comments
//! alone, so nothing anyone is typing is lost.

/// The announcements of one server process, to the pages it serves.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct Hub(tokio::sync::broadcast::Sender<i64>);

#[cfg(feature = "ssr")]
impl Default for Hub {
    fn default() -> Self {
        // Enough for bursts; a page that falls behind reloads once.
        Hub(tokio::sync::broadcast::channel(256).0)
    }
}

#[cfg(feature = "ssr")]
impl Hub {
    /// The comments of `proposal_id` changed.
    pub fn comments_changed(&self, proposal_id: i64) {
        // Nobody watching is not an error.
        let _ = self.0.send(proposal_id);
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<i64> {
        self.0.subscribe()
    }
}

#[cfg(feature = "ssr")]
impl Hub {
    /// Ends every stream (the server is stopping: open pages reconnect to
    /// another instance or when it is back).
    pub fn close(&self) {
        let _ = self.0.send(CLOSING);
    }
}

/// Not a proposal id: the streams end.
#[cfg(feature = "ssr")]
pub const CLOSING: i64 = 0;
