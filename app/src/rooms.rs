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
use cowrite::limits::{PRESENCE_PER_CONNECTION, PRESENCE_PER_PERSON, PRESENCE_PER_ROOM};
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

/// Why a suggestion could not be applied.
#[derive(Debug)]
pub enum ReplaceError {
    Passage(domain::diff::AmendError),
    TooLong,
}

struct Peer {
    clock: u32,
    json: Arc<str>,
    conn: u64,
    user_id: i64,
}

/// An edit applied to the live copy, waiting to be stored.
struct Queued {
    conn: u64,
    author: Option<i64>,
    update: Vec<u8>,
}

struct Live {
    draft: Draft,
    presence: HashMap<u64, Peer>,
    /// Stored edits this instance made since it last folded them.
    since_compaction: u64,
    queue: Vec<Queued>,
    /// A task is writing the queue.
    writing: bool,
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
                queue: Vec::new(),
                writing: false,
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

    /// Another instance stored edits (see `db::relay::payloads`): apply
    /// them here if anyone here is writing that draft.
    pub async fn relayed(&self, payload: &str) {
        let Some((draft, ids, instance)) = db::relay::parse(payload) else {
            return;
        };
        if instance == self.instance {
            return;
        }
        if let Some(room) = self.live(draft) {
            room.relayed(&ids).await;
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
            frames.push(frame::awareness(everyone_in(&live.presence)));
        }
        frames
    }

    /// What a replica at `sv` misses, as a sync step 2.
    pub async fn missing(&self, sv: &StateVector) -> Vec<u8> {
        frame::sync_step2(self.live.lock().await.draft.missing(sv))
    }

    /// Everyone here, as one presence frame.
    pub async fn everyone(&self) -> Vec<u8> {
        frame::awareness(everyone_in(&self.live.lock().await.presence))
    }

    /// The whole document, for a connection that fell behind.
    pub async fn whole(&self) -> Vec<u8> {
        frame::sync_step2(self.live.lock().await.draft.snapshot())
    }

    pub async fn text(&self) -> String {
        self.live.lock().await.draft.text()
    }

    /// Applies an edit from connection `conn` and queues it to be stored
    /// and then relayed.
    pub async fn edit(
        self: &Arc<Self>,
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
        self.queue(&mut live, conn, author, update);
        Ok(())
    }

    /// A change the server makes for someone (an accepted suggestion):
    /// `passage` replaced by `replacement` in the text as it reads under
    /// the room's lock, within the draft's length limit.
    pub async fn replace(
        self: &Arc<Self>,
        author: i64,
        passage: &str,
        replacement: &str,
    ) -> Result<(), ReplaceError> {
        let mut live = self.live.lock().await;
        let text = live.draft.text();
        let changed =
            domain::diff::apply(&text, passage, replacement).map_err(ReplaceError::Passage)?;
        let units = changed.encode_utf16().count();
        if units > usize::try_from(cowrite::limits::MAX_TEXT_UNITS).unwrap_or(usize::MAX) {
            return Err(ReplaceError::TooLong);
        }
        let update = live.draft.edit(&Splice::between(&text, &changed));
        self.queue(&mut live, 0, Some(author), update);
        Ok(())
    }

    /// Group commit: edits arriving while a batch is being written wait
    /// for the next batch, written in one transaction (one disk flush for
    /// all). The room's lock is not held while writing, so editing goes on.
    fn queue(self: &Arc<Self>, live: &mut Live, conn: u64, author: Option<i64>, update: Vec<u8>) {
        live.queue.push(Queued {
            conn,
            author,
            update,
        });
        if !live.writing {
            live.writing = true;
            tokio::spawn(self.clone().write_queued());
        }
    }

    async fn write_queued(self: Arc<Self>) {
        loop {
            let batch = {
                let mut live = self.live.lock().await;
                if live.queue.is_empty() {
                    live.writing = false;
                    return;
                }
                std::mem::take(&mut live.queue)
            };
            let rows: Vec<(Option<i64>, Vec<u8>)> =
                batch.iter().map(|q| (q.author, q.update.clone())).collect();
            let stored = db::drafts::store_updates(
                &self.db,
                self.draft_id,
                &rows,
                self.instance,
                Utc::now(),
            )
            .await;
            match stored {
                Ok(ids) => {
                    // Stored: now the others may see them.
                    for q in batch {
                        self.send(q.conn, frame::update(q.update));
                    }
                    let due = {
                        let mut live = self.live.lock().await;
                        live.since_compaction += ids.len() as u64;
                        let due = live.since_compaction >= db::drafts::COMPACT_AFTER;
                        if due {
                            live.since_compaction = 0;
                        }
                        due
                    };
                    if due {
                        // Apart from the writing: edits keep flowing meanwhile.
                        tokio::spawn(self.clone().compact());
                    }
                }
                Err(e) => {
                    // Not stored: nobody may take these edits as saved. The
                    // room starts again from storage, and every client
                    // reconnects and sends what the server misses.
                    tracing::error!(error = %e, draft = self.draft_id, "edits not stored");
                    let mut live = self.live.lock().await;
                    live.queue.clear();
                    if let Err(e) = self.reload(&mut live).await {
                        tracing::error!(error = %e, draft = self.draft_id, "draft not reloaded");
                    }
                    drop(live);
                    self.close("server error, reconnect");
                }
            }
        }
    }

    /// Folds the stored edits into a snapshot, from storage alone (another
    /// instance's edits this one has not seen yet are folded too). A
    /// snapshot that does not read back is never stored.
    async fn compact(self: Arc<Self>) {
        let fold = |stored: &db::drafts::Stored| {
            let merged = load(stored).ok()?;
            let snapshot = merged.snapshot();
            let reread = Draft::from_updates([snapshot.as_slice()]).ok()?;
            (reread.text() == merged.text()).then_some(snapshot)
        };
        match db::drafts::compact(&self.db, self.draft_id, fold, Utc::now()).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                draft = self.draft_id,
                "draft not compacted: its snapshot did not read back"
            ),
            Err(e) => {
                tracing::warn!(error = %e, draft = self.draft_id, "draft not compacted; its edits stay stored one by one")
            }
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

    /// Edits another instance stored.
    async fn relayed(&self, ids: &[i64]) {
        let mut live = self.live.lock().await;
        let rows = match db::drafts::updates_by_id(&self.db, self.draft_id, ids).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "relayed edits not read");
                return;
            }
        };
        // Some were folded into the snapshot before we read them: reload.
        let mut whole = rows.len() != ids.len();
        for (_, update) in rows {
            if live.draft.apply(&update).is_ok() {
                self.send(0, frame::update(update));
            } else {
                whole = true;
            }
        }
        if whole && let Err(e) = self.reload(&mut live).await {
            tracing::warn!(error = %e, "relayed edits not applied");
        }
    }

    /// A connection's presence: its entries keep only what a client may
    /// say, under its author's name and colour; a client id already used
    /// by another connection is ignored. Relayed to the others.
    ///
    /// Bounded, because one reader could otherwise freeze the room: a frame
    /// may announce thousands of cursors. Entries are parsed before the
    /// room's lock, at most [`PRESENCE_PER_CONNECTION`] per frame; a
    /// connection, a person and a room hold at most
    /// [`PRESENCE_PER_CONNECTION`], [`PRESENCE_PER_PERSON`] and
    /// [`PRESENCE_PER_ROOM`] cursors; the work under the lock is linear in
    /// the room's size.
    pub async fn presence(&self, conn: u64, user_id: i64, name: &str, update: AwarenessUpdate) {
        let said: Vec<(u64, u32, String)> = update
            .clients
            .into_iter()
            .take(PRESENCE_PER_CONNECTION)
            .filter_map(|(client, entry)| {
                let json = Presence::from_client(&entry.json, name, user_id)?;
                Some((client.get(), entry.clock, json))
            })
            .collect();
        let mut live = self.live.lock().await;
        let mut changed = Vec::new();
        for (id, clock, json) in said {
            let admitted = match live.presence.get(&id) {
                Some(p) => p.conn == conn,
                None => {
                    let (mut of_conn, mut of_person) = (0, 0);
                    for p in live.presence.values() {
                        of_conn += usize::from(p.conn == conn);
                        of_person += usize::from(p.user_id == user_id);
                    }
                    of_conn < PRESENCE_PER_CONNECTION
                        && of_person < PRESENCE_PER_PERSON
                        && live.presence.len() < PRESENCE_PER_ROOM
                }
            };
            if !admitted {
                continue;
            }
            live.presence.insert(
                id,
                Peer {
                    clock,
                    json: json.into(),
                    conn,
                    user_id,
                },
            );
            changed.push(id);
        }
        if !changed.is_empty() {
            let update = presence_of(&live.presence, &changed);
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
        let update = presence_of(&live.presence, &gone);
        live.presence.retain(|_, p| p.conn != conn);
        self.send(conn, frame::awareness(update));
    }

    pub fn instance(&self) -> u64 {
        self.instance
    }
}

/// The presence of everyone in `presence`.
fn everyone_in(presence: &HashMap<u64, Peer>) -> AwarenessUpdate {
    let ids: Vec<u64> = presence.keys().copied().collect();
    presence_of(presence, &ids)
}

/// The presence of the clients `ids`, one lookup each.
fn presence_of(presence: &HashMap<u64, Peer>, ids: &[u64]) -> AwarenessUpdate {
    AwarenessUpdate {
        clients: ids
            .iter()
            .filter_map(|id| {
                let p = presence.get(id)?;
                Some((
                    ClientID::new(*id),
                    AwarenessUpdateEntry {
                        clock: p.clock,
                        json: p.json.clone(),
                    },
                ))
            })
            .collect(),
    }
}
