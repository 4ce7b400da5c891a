//! One draft's shared text. Both ends count positions in UTF-16 code units,
//! as browsers do, so that a textarea's selection maps straight onto the
//! document.

use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Doc, GetString, OffsetKind, Options, ReadTxn, StateVector, Text, TextRef, Transact, Update,
};

use crate::limits::MAX_TEXT_UNITS;
use crate::splice::Splice;

/// The name of the text inside the Yjs document (what Yjs clients open).
pub const TEXT: &str = "body";

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("malformed update")]
    Malformed,
    #[error("the update could not be applied")]
    Rejected,
    /// Applied, but the draft is now past the length bound: the caller
    /// drops this copy and reloads the stored one, which never had it.
    #[error("the draft would be longer than {MAX_TEXT_UNITS} characters")]
    TooLong,
}

pub struct Draft {
    doc: Doc,
    text: TextRef,
}

impl Default for Draft {
    fn default() -> Self {
        Draft::new()
    }
}

impl Draft {
    /// An empty draft with a random client id.
    pub fn new() -> Draft {
        Draft::with_doc(Doc::with_options(Options {
            offset_kind: OffsetKind::Utf16,
            ..Options::default()
        }))
    }

    /// An empty draft whose edits are signed `client_id` (the server's own
    /// edits, such as an accepted suggestion, use a fixed one).
    pub fn with_client_id(client_id: u64) -> Draft {
        Draft::with_doc(Doc::with_options(Options {
            offset_kind: OffsetKind::Utf16,
            ..Options::with_client_id(yrs::block::ClientID::new(client_id))
        }))
    }

    fn with_doc(doc: Doc) -> Draft {
        let text = doc.get_or_insert_text(TEXT);
        Draft { doc, text }
    }

    /// A draft rebuilt from its stored snapshot and updates, in order.
    pub fn from_updates<'a>(
        updates: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Draft, DraftError> {
        let draft = Draft::new();
        for update in updates {
            draft.apply(update)?;
        }
        Ok(draft)
    }

    /// Applies an update from elsewhere.
    /// Applies an update from elsewhere. After an error the caller drops
    /// this copy and reloads the stored one, which never had the update.
    pub fn apply(&self, update: &[u8]) -> Result<(), DraftError> {
        let update = Update::decode_v1(update).map_err(|_| DraftError::Malformed)?;
        // What yrs cannot write back in a form it reads would be stored, but
        // break the draft's next snapshot (found by fuzzing).
        if Update::decode_v1(&update.encode_v1()).is_err() {
            return Err(DraftError::Malformed);
        }
        // A client's edits start where this copy's knowledge of that client
        // ends; one starting past it skips edits never seen, and yrs would
        // store it in a form its own decoder refuses (found by fuzzing).
        let have = self.state_vector();
        if update
            .state_vector_lower()
            .iter()
            .any(|(client, clock)| *clock > have.get(client))
        {
            return Err(DraftError::Rejected);
        }
        let mut txn = self.doc.transact_mut();
        txn.apply_update(update).map_err(|_| DraftError::Rejected)?;
        // An update that depends on edits this copy has not seen waits
        // inside the document, and yrs panics when it later encodes a
        // malformed one (found by fuzzing). Edits arrive in order (a
        // client syncs before it edits; instances store an edit before
        // announcing it), so a waiting update is refused: the caller
        // reloads, and the client resends after its next sync.
        if txn.has_missing_updates() {
            return Err(DraftError::Rejected);
        }
        drop(txn);
        // The last line of defence (fuzzing keeps finding updates yrs
        // applies but cannot write back): the whole draft must read back,
        // or the caller reloads the stored copy, which never had the update.
        if Update::decode_v1(&self.snapshot()).is_err() {
            return Err(DraftError::Rejected);
        }
        if self.len() > MAX_TEXT_UNITS {
            return Err(DraftError::TooLong);
        }
        Ok(())
    }

    /// The text, as it reads now.
    pub fn text(&self) -> String {
        self.text.get_string(&self.doc.transact())
    }

    /// Its length in UTF-16 code units.
    pub fn len(&self) -> u32 {
        self.text.len(&self.doc.transact())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// What a replica at `sv` misses.
    pub fn missing(&self, sv: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(sv)
    }

    /// The whole draft as one update: what compaction stores in place of
    /// the updates it replaces.
    pub fn snapshot(&self) -> Vec<u8> {
        self.missing(&StateVector::default())
    }

    /// Makes a local edit and returns it as an update to send. Positions
    /// past the end are clamped, so a stale selection cannot fail.
    pub fn edit(&self, splice: &Splice) -> Vec<u8> {
        let mut txn = self.doc.transact_mut();
        let len = self.text.len(&txn);
        let index = splice.index.min(len);
        let delete = splice.delete.min(len - index);
        if delete > 0 {
            self.text.remove_range(&mut txn, index, delete);
        }
        if !splice.insert.is_empty() {
            self.text.insert(&mut txn, index, &splice.insert);
        }
        txn.encode_update_v1()
    }

    pub fn doc(&self) -> &Doc {
        &self.doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_replicas_editing_at_once_converge() {
        let (a, b) = (Draft::new(), Draft::new());
        let first = a.edit(&Splice::between("", "Des bancs sur les places."));
        b.apply(&first).unwrap();
        // Both edit the same text at the same time, without seeing each other.
        let from_a = a.edit(&Splice::between(
            &a.text(),
            "Des bancs ombragés sur les places.",
        ));
        let from_b = b.edit(&Splice::between(
            &b.text(),
            "Des bancs sur toutes les places.",
        ));
        a.apply(&from_b).unwrap();
        b.apply(&from_a).unwrap();
        assert_eq!(a.text(), b.text());
        assert_eq!(a.text(), "Des bancs ombragés sur toutes les places.");
    }

    #[test]
    fn a_snapshot_rebuilds_the_same_text_and_replaying_is_harmless() {
        let a = Draft::new();
        let mut updates = Vec::new();
        for word in ["Fermer ", "les rues ", "aux voitures."] {
            updates.push(a.edit(&Splice {
                index: a.len(),
                delete: 0,
                insert: word.into(),
            }));
        }
        let rebuilt = Draft::from_updates(updates.iter().map(Vec::as_slice)).unwrap();
        assert_eq!(rebuilt.text(), "Fermer les rues aux voitures.");
        let from_snapshot = Draft::from_updates([a.snapshot().as_slice()]).unwrap();
        assert_eq!(from_snapshot.text(), a.text());
        // The same update twice, or out of order, changes nothing more.
        for u in updates.iter().rev() {
            from_snapshot.apply(u).unwrap();
        }
        assert_eq!(from_snapshot.text(), a.text());
    }

    #[test]
    fn positions_are_utf16_like_a_browser_s() {
        let a = Draft::new();
        a.edit(&Splice::between("", "Café 🌳 ici"));
        // "Café " is 5 units, the tree 2: "ici" starts at 8.
        a.edit(&Splice {
            index: 8,
            delete: 3,
            insert: "là".into(),
        });
        assert_eq!(a.text(), "Café 🌳 là");
        // A stale selection past the end is clamped, not a failure.
        a.edit(&Splice {
            index: 500,
            delete: 10,
            insert: "!".into(),
        });
        assert_eq!(a.text(), "Café 🌳 là!");
    }

    #[test]
    fn garbage_and_overlong_drafts_are_refused() {
        let a = Draft::new();
        assert_eq!(a.apply(&[1, 2, 3]), Err(DraftError::Malformed));
        let big = Draft::new();
        let update = big.edit(&Splice {
            index: 0,
            delete: 0,
            insert: "x".repeat(MAX_TEXT_UNITS as usize + 1),
        });
        assert_eq!(a.apply(&update), Err(DraftError::TooLong));
    }

    #[test]
    fn updates_that_skip_unseen_edits_are_refused_and_the_draft_still_reloads() {
        // A client's second edit alone, without its first: a gap.
        let author = Draft::with_client_id(5);
        author.edit(&Splice::between("", "abcd"));
        let sv = author.state_vector();
        author.edit(&Splice {
            index: 4,
            delete: 0,
            insert: "e".into(),
        });
        let second = author.missing(&sv);
        let fresh = Draft::new();
        assert_eq!(fresh.apply(&second), Err(DraftError::Rejected));
        // A frame the fuzzer found: it used to leave an update waiting
        // inside the document, which yrs then failed to encode.
        let found = [
            0x00, 0x01, 0x0e, 0x01, 0x01, 0x04, 0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x30, 0x00, 0x02, 0x01,
        ];
        let found_later = [
            0x00, 0x01, 0x0e, 0x01, 0x01, 0x04, 0x00, 0x12, 0x01, 0x00, 0x00, 0x00, 0x00, 0x0e,
            0x01, 0x01, 0x04, 0x00, 0x02, 0x01,
        ];
        for frame in [&found[..], &found_later[..]] {
            let Ok(messages) = crate::frame::decode(frame) else {
                continue;
            };
            for m in messages {
                if let crate::Incoming::Update { bytes, .. } = m {
                    assert!(Draft::new().apply(&bytes).is_err());
                }
            }
        }
        let reloaded = Draft::from_updates([fresh.snapshot().as_slice()]).unwrap();
        assert_eq!(reloaded.text(), "");
    }
}
