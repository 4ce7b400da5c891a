//! What changes while people watch: a proposal's comments, a draft's
//! suggestions, versions and co-authors, a sitting's floor. The server
//! announces each change to the pages open on it (server-sent events at
//! `/proposals/{id}/events`, `/drafts/{id}/events` and
//! `/seances/{id}/events`); the page then reloads that part alone, so
//! nothing anyone is typing is lost. On PostgreSQL, instances relay their
//! announcements to each other, so a page hears of a change whichever
//! instance made it.

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A proposal's comments (new, edited, up-voted, hidden).
    Comments(i64),
    /// A draft's suggestions, versions, co-authors or publication.
    Draft(i64),
    /// A sitting's floor: the item under way, the speakers, attendance,
    /// a show of hands, a vote on the item's proposal, a step.
    Sitting(i64),
    /// The server is stopping: the streams end (open pages reconnect to
    /// another instance, or when it is back).
    Closing,
}

impl Change {
    /// What an instance announces to the others: `comments:{id}:{instance}`,
    /// `draft:{id}:{instance}` or `sitting:{id}:{instance}`.
    pub fn payload(self, instance: u64) -> Option<String> {
        match self {
            Change::Comments(id) => Some(format!("comments:{id}:{instance}")),
            Change::Draft(id) => Some(format!("draft:{id}:{instance}")),
            Change::Sitting(id) => Some(format!("sitting:{id}:{instance}")),
            Change::Closing => None,
        }
    }

    /// The change and the announcing instance, from a payload.
    pub fn parse(payload: &str) -> Option<(Change, u64)> {
        let mut parts = payload.split(':');
        let (kind, id, instance) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
        let change = match kind {
            "comments" => Change::Comments(id),
            "draft" => Change::Draft(id),
            "sitting" => Change::Sitting(id),
            _ => return None,
        };
        Some((change, instance.parse().ok()?))
    }
}

/// The announcements of one server process, to the pages it serves.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct Hub {
    tx: tokio::sync::broadcast::Sender<Change>,
    /// Where the other instances hear of changes (PostgreSQL's NOTIFY).
    db: db::DatabaseConnection,
    /// Tells this process's announcements apart from the others'.
    instance: u64,
}

#[cfg(feature = "ssr")]
impl Hub {
    pub fn new(db: db::DatabaseConnection, instance: u64) -> Hub {
        Hub {
            // Enough for bursts; a page that falls behind reloads once.
            tx: tokio::sync::broadcast::channel(256).0,
            db,
            instance,
        }
    }

    /// Tells the pages open here, then the other instances (PostgreSQL
    /// only). Called once the change is stored; a lost announcement only
    /// delays what the page shows until its next reload, so it is logged,
    /// not returned.
    pub async fn announce(&self, change: Change) {
        // Nobody watching is not an error.
        let _ = self.tx.send(change);
        let Some(payload) = change.payload(self.instance) else {
            return;
        };
        if let Err(e) = db::relay::notify(&self.db, db::relay::LIVE_CHANNEL, &payload).await {
            tracing::warn!(error = %e, ?change, "change not announced to the other instances");
        }
    }

    /// Something on a sitting's floor, attendance or state changed: its
    /// page and its room's screen follow.
    pub async fn sitting_changed(&self, sitting_id: i64) {
        self.announce(Change::Sitting(sitting_id)).await;
    }

    /// A vote was opened, cast in or closed: the screens of the open
    /// sittings whose item under way takes up its proposal show it.
    pub async fn announce_vote(&self, vote_id: i64) {
        match db::floor::sittings_showing_vote(&self.db, vote_id).await {
            Ok(sittings) => {
                for id in sittings {
                    self.sitting_changed(id).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, vote_id, "vote not announced to the sittings"),
        }
    }

    /// Another instance announced a change (see [`Change::payload`]).
    pub fn relayed(&self, payload: &str) {
        if let Some((change, instance)) = Change::parse(payload)
            && instance != self.instance
        {
            let _ = self.tx.send(change);
        }
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Ends every stream (the server is stopping).
    pub fn close(&self) {
        let _ = self.tx.send(Change::Closing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_back() {
        for change in [
            Change::Comments(7),
            Change::Draft(i64::MAX),
            Change::Sitting(3),
        ] {
            let payload = change.payload(u64::MAX).unwrap();
            assert_eq!(Change::parse(&payload), Some((change, u64::MAX)));
        }
        assert_eq!(Change::Closing.payload(3), None);
        for bad in [
            "",
            "comments:7",
            "comments:7:3:4",
            "votes:7:3",
            "draft:0:3",
            "draft:-1:3",
            "draft:x:3",
            "draft:7:",
        ] {
            assert_eq!(Change::parse(bad), None, "{bad}");
        }
    }
}
