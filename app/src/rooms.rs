//! Live drafts on this server: one room per draft being written, holding
//! its document, who is here, and the channel to every connection.
//!
//! An edit is applied, stored, then relayed, in that order and under the
//! room's lock: a client told of an edit can count on it being on disk.
//! Edits from other instances arrive by id through PostgreSQL's NOTIFY.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, Weak};

use chrono::Utc;
use cowrite::{Draft, DraftError, Presence, Splice, frame};
use tokio::sync::broadcast;
use yrs::StateVector;
use yrs::block::ClientID;
use yrs::sync::AwarenessUpdate;
use yrs::sync::awareness::AwarenessUpdateEntry;

/// A frame for every connection of a room but `from` (0: from the server,
/// for everyone; [`CLOSING`]: every connection closes with the frame's
/// text as its reason).
#[derive(Clone, Debug)]
pub struct Relay {
    pub from: u64,
    pub frame: Arc<[u8]>,
}

/// Not a connection: the connections of the room close.
pub const CLOSING: u64 = u64::MAX;

/// Why an edit was refused; the connection that sent it is closed with
/// this reason.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    Draft(#[from] DraftError),
    #[error("the draft is published")]
    Published,
    #[error(transparent)]
    Db(#[from] db::DbErr),
}

impl EditError {
    pub fn close_reason(&self) -> &'static str {
        match self {
            EditError::Draft(DraftError::TooLong) => "draft too long",
            EditError::Draft(_) => "malformed update",
            EditError::Published => "draft published",
            EditError::Db(_) => "server error, reconnect",
        }
    }
}

struct Peer {
    clock: u32,
    json: Arc<str>,
    conn: u64,
}

struct Live {
    draft: Draft,
    presence: HashMap<u64, Peer>,
    /// Stored edits this instance made since it last folded them.
    since_compaction: u64,
}

pub struct Room {
    draft_id: i64,
    live: tokio::sync::Mutex<Live>,
    tx: broadcast::Sender<Relay>,
    db: db::DatabaseConnection,
    instance: u64,
}

/// Every room of this instance; a room lives while a connection holds it.
#[derive(Clone)]
pub struct Rooms {
    rooms: Arc<Mutex<HashMap<i64, Weak<Room>>>>,
    db: db::DatabaseConnection,
    /// This process among the instances sharing the database.
    instance: u64,
    connections: Arc<std::sync::atomic::AtomicU64>,
}

fn load(stored: &db::drafts::Stored) -> Result<Draft, DraftError> {
    Draft::from_updates(stored.parts())
}

impl Rooms {
    pub fn new(db: db::DatabaseConnection) -> Rooms {
        let mut bytes = [0u8; 8];
        // An instance id only tells instances apart; a clock fallback is enough.
        if getrandom::fill(&mut bytes).is_err() {
            bytes = Utc::now().timestamp_nanos_opt().unwrap_or(1).to_le_bytes();
        }
        Rooms {
            rooms: Arc::default(),
            db,
            instance: u64::from_le_bytes(bytes) | 1,
            connections: Arc::new(std::sync::atomic::AtomicU64::new(1)),
        }
    }

    /// A new connection's number, unique in this process (never 0 nor
    /// [`CLOSING`]).
    pub fn next_connection(&self) -> u64 {
        self.connections
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// Closes every connection of every room with `reason` (the server is
    /// stopping, or a draft was published): clients reconnect.
    pub fn close_all(&self, reason: &str) {
        let rooms: Vec<Arc<Room>> = self
            .rooms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .filter_map(Weak::upgrade)
            .collect();
        for room in rooms {
            room.close(reason);
        }
    }

    /// Closes the connections of one draft's room (it was published: they
    /// reconnect, read-only).
    pub fn close_room(&self, draft_id: i64, reason: &str) {
        if let Some(room) = self.live(draft_id) {
            room.close(reason);
        }
    }

    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// The room of a draft, loaded from storage if nobody is in it here.
    pub async fn open(&self, draft_id: i64) -> Result<Option<Arc<Room>>, db::DbErr> {
        if let Some(room) = self.live(draft_id) {
            return Ok(Some(room));
        }
        let Some(stored) = db::drafts::stored(&self.db, draft_id).await? else {
            return Ok(None);
        };
        let draft =
            load(&stored).map_err(|e| db::DbErr::Custom(format!("draft {draft_id}: {e}")))?;
        let mut rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        // Another request may have loaded it meanwhile: keep one room.
        if let Some(room) = rooms.get(&draft_id).and_then(Weak::upgrade) {
            return Ok(Some(room));
        }
        rooms.retain(|_, room| room.strong_count() > 0);
        let room = Arc::new(Room {
            draft_id,
            live: tokio::sync::Mutex::new(Live {
                draft,
                presence: HashMap::new(),
                since_compaction: 0,
            }),
            tx: broadcast::channel(1024).0,
            db: self.db.clone(),
            instance: self.instance,
        });
        rooms.insert(draft_id, Arc::downgrade(&room));
        Ok(Some(room))
    }

    fn live(&self, draft_id: i64) -> Option<Arc<Room>> {
        self.rooms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&draft_id)
            .and_then(Weak::upgrade)
    }

    /// Another instance stored an edit (`{draft}:{update}:{instance}`):
    /// apply it here if anyone here is writing that draft.
    pub async fn relayed(&self, payload: &str) {
        let mut parts = payload.split(':').map(str::parse::<u64>);
        let (Some(Ok(draft)), Some(Ok(update)), Some(Ok(instance))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return;
        };
        if instance == self.instance {
            return;
        }
        let (Ok(draft), Ok(update)) = (i64::try_from(draft), i64::try_from(update)) else {
            return;
        };
        if let Some(room) = self.live(draft) {
            room.relayed(update).await;
        }
    }
}

impl Room {
    pub fn draft_id(&self) -> i64 {
        self.draft_id
    }

    fn close(&self, reason: &str) {
        self.send(CLOSING, reason.as_bytes().to_vec());
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Relay> {
        self.tx.subscribe()
    }

    fn send(&self, from: u64, frame: Vec<u8>) {
        // Nobody listening is not an error.
        let _ = self.tx.send(Relay {
            from,
            frame: frame.into(),
        });
    }

    /// What a new connection gets first: the server's state vector (so it
    /// sends what it has that the server misses, offline edits included)
    /// and who is here.
    pub async fn greeting(&self) -> Vec<Vec<u8>> {
        let live = self.live.lock().await;
        let mut frames = vec![frame::sync_step1(&live.draft.state_vector())];
        if !live.presence.is_empty() {
            frames.push(frame::awareness(presence_update(&live.presence, |_| true)));
        }
        frames
    }

    /// What a replica at `sv` misses, as a sync step 2.
    pub async fn missing(&self, sv: &StateVector) -> Vec<u8> {
        frame::sync_step2(self.live.lock().await.draft.missing(sv))
    }

    /// Everyone here, as one presence frame.
    pub async fn everyone(&self) -> Vec<u8> {
        frame::awareness(presence_update(&self.live.lock().await.presence, |_| true))
    }

    /// The whole document, for a connection that fell behind.
    pub async fn whole(&self) -> Vec<u8> {
        frame::sync_step2(self.live.lock().await.draft.snapshot())
    }

    pub async fn text(&self) -> String {
        self.live.lock().await.draft.text()
    }

    /// Applies, stores and relays an edit from connection `conn`.
    pub async fn edit(
        &self,
        conn: u64,
        author: Option<i64>,
        update: Vec<u8>,
    ) -> Result<(), EditError> {
        let mut live = self.live.lock().await;
        // yrs is not expected to panic on a decodable update; if it ever
        // does, this copy may be damaged: rebuild it from storage, which
        // never saw the update.
        let applied = catch_unwind(AssertUnwindSafe(|| live.draft.apply(&update)))
            .unwrap_or(Err(DraftError::Rejected));
        if let Err(e) = applied {
            self.reload(&mut live).await?;
            return Err(e.into());
        }
        self.store(&mut live, conn, author, update).await
    }

    /// A change the server makes for someone (an accepted suggestion).
    pub async fn splice(&self, author: i64, splice: &Splice) -> Result<(), EditError> {
        let mut live = self.live.lock().await;
        let update = live.draft.edit(splice);
        self.store(&mut live, 0, Some(author), update).await
    }

    async fn store(
        &self,
        live: &mut Live,
        conn: u64,
        author: Option<i64>,
        update: Vec<u8>,
    ) -> Result<(), EditError> {
        let id = match db::drafts::store_update(
            &self.db,
            self.draft_id,
            author,
            update.clone(),
            Utc::now(),
        )
        .await
        {
            Ok(id) => id,
            Err(e) => {
                // Not stored: nobody may see it as saved.
                self.reload(live).await?;
                return Err(e.into());
            }
        };
        self.send(conn, frame::update(update));
        if let Err(e) = db::relay::notify(
            &self.db,
            &format!("{}:{id}:{}", self.draft_id, self.instance),
        )
        .await
        {
            tracing::warn!(error = %e, draft = self.draft_id, "edit not announced to other instances");
        }
        live.since_compaction += 1;
        if live.since_compaction >= db::drafts::COMPACT_AFTER {
            live.since_compaction = 0;
            self.compact().await;
        }
        Ok(())
    }

    /// Folds the stored edits into a snapshot, from storage alone (another
    /// instance's edits this one has not seen yet are folded too).
    async fn compact(&self) {
        let result = async {
            let Some(stored) = db::drafts::stored(&self.db, self.draft_id).await? else {
                return Ok(());
            };
            let merged = load(&stored).map_err(|e| db::DbErr::Custom(e.to_string()))?;
            let folded: Vec<i64> = stored.updates.iter().map(|(id, _)| *id).collect();
            db::drafts::compact(
                &self.db,
                self.draft_id,
                merged.snapshot(),
                &folded,
                Utc::now(),
            )
            .await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, draft = self.draft_id, "draft not compacted; its edits stay stored one by one");
        }
    }

    /// Replaces the live copy by the stored one and sends it to everyone.
    async fn reload(&self, live: &mut Live) -> Result<(), db::DbErr> {
        let stored = db::drafts::stored(&self.db, self.draft_id)
            .await?
            .ok_or_else(|| db::DbErr::RecordNotFound(format!("draft {}", self.draft_id)))?;
        live.draft = load(&stored).map_err(|e| db::DbErr::Custom(e.to_string()))?;
        self.send(0, frame::sync_step2(live.draft.snapshot()));
        Ok(())
    }

    /// An edit another instance stored.
    async fn relayed(&self, update_id: i64) {
        let mut live = self.live.lock().await;
        match db::drafts::update_by_id(&self.db, update_id).await {
            Ok(Some((draft, update))) if draft == self.draft_id => {
                if live.draft.apply(&update).is_ok() {
                    self.send(0, frame::update(update));
                } else if let Err(e) = self.reload(&mut live).await {
                    tracing::warn!(error = %e, "relayed edit not applied");
                }
            }
            // Folded into the snapshot before we read it: reload from there.
            Ok(_) => {
                if let Err(e) = self.reload(&mut live).await {
                    tracing::warn!(error = %e, "relayed edit not applied");
                }
            }
            Err(e) => tracing::warn!(error = %e, "relayed edit not read"),
        }
    }

    /// A connection's presence: its entries keep only what a client may
    /// say, under its author's name and colour; a client id already used
    /// by another connection is ignored. Relayed to the others.
    pub async fn presence(&self, conn: u64, user_id: i64, name: &str, update: AwarenessUpdate) {
        let mut live = self.live.lock().await;
        let mut changed = Vec::new();
        for (client, entry) in update.clients {
            let id = client.get();
            if live.presence.get(&id).is_some_and(|p| p.conn != conn) {
                continue;
            }
            let Some(json) = Presence::from_client(&entry.json, name, user_id) else {
                continue;
            };
            live.presence.insert(
                id,
                Peer {
                    clock: entry.clock,
                    json: json.into(),
                    conn,
                },
            );
            changed.push(id);
        }
        if !changed.is_empty() {
            let update = presence_update(&live.presence, |id| changed.contains(&id));
            live.presence.retain(|_, p| &*p.json != "null");
            self.send(conn, frame::awareness(update));
        }
    }

    /// A connection closed: its authors leave the presence list.
    pub async fn leave(&self, conn: u64) {
        let mut live = self.live.lock().await;
        let gone: Vec<u64> = live
            .presence
            .iter()
            .filter(|(_, p)| p.conn == conn)
            .map(|(id, _)| *id)
            .collect();
        if gone.is_empty() {
            return;
        }
        for id in &gone {
            if let Some(p) = live.presence.get_mut(id) {
                p.clock += 1;
                p.json = "null".into();
            }
        }
        let update = presence_update(&live.presence, |id| gone.contains(&id));
        live.presence.retain(|_, p| p.conn != conn);
        self.send(conn, frame::awareness(update));
    }

    pub fn instance(&self) -> u64 {
        self.instance
    }
}

fn presence_update(presence: &HashMap<u64, Peer>, keep: impl Fn(u64) -> bool) -> AwarenessUpdate {
    AwarenessUpdate {
        clients: presence
            .iter()
            .filter(|(id, _)| keep(**id))
            .map(|(id, p)| {
                (
                    ClientID::new(*id),
                    AwarenessUpdateEntry {
                        clock: p.clock,
                        json: p.json.clone(),
                    },
                )
            })
            .collect(),
    }
}
