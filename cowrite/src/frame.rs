//! Frames as they arrive: decoded, bounded and sorted into what a
//! participant may send. Anything else closes the connection with a reason
//! the other side can read, before it reaches the document.

use yrs::sync::protocol::MessageReader;
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{StateVector, Update};

use crate::limits::{MAX_FRAME_BYTES, MAX_MESSAGES_PER_FRAME};

/// One message a client may send.
#[derive(Debug)]
pub enum Incoming {
    /// "Here is what I have; send me what I miss."
    SyncStep1(StateVector),
    /// What the other side missed (answer to a step 1), or an edit;
    /// `empty` when it changes nothing (what a reader answers).
    Update { bytes: Vec<u8>, empty: bool },
    /// Who is here and where their cursor is.
    Awareness(AwarenessUpdate),
    /// "Tell me who is here."
    AwarenessQuery,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("frame of {0} bytes, over the limit")]
    TooLarge(usize),
    #[error("malformed frame")]
    Malformed,
    #[error("message type {0} is not accepted")]
    Unsupported(u8),
    #[error("too many messages in one frame")]
    TooManyMessages,
}

impl FrameError {
    /// The websocket close reason (at most 123 bytes, per RFC 6455).
    pub fn close_reason(&self) -> &'static str {
        match self {
            FrameError::TooLarge(_) => "frame too large",
            FrameError::Malformed => "malformed frame",
            FrameError::Unsupported(_) => "unsupported message",
            FrameError::TooManyMessages => "too many messages in one frame",
        }
    }
}

/// Decodes a binary frame into its messages. Updates are decoded once here
/// so that a malformed one is refused before anything applies it.
pub fn decode(bytes: &[u8]) -> Result<Vec<Incoming>, FrameError> {
    if bytes.len() > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge(bytes.len()));
    }
    // yrs debug-asserts that client ids fit in 53 bits: in a debug build a
    // larger one panics instead of failing to decode. It is a malformed
    // frame either way.
    std::panic::catch_unwind(|| decode_bounded(bytes)).unwrap_or(Err(FrameError::Malformed))
}

fn decode_bounded(bytes: &[u8]) -> Result<Vec<Incoming>, FrameError> {
    let mut decoder = DecoderV1::from(bytes);
    let mut messages = Vec::new();
    for message in MessageReader::new(&mut decoder) {
        if messages.len() == MAX_MESSAGES_PER_FRAME {
            return Err(FrameError::TooManyMessages);
        }
        messages.push(match message.map_err(|_| FrameError::Malformed)? {
            Message::Sync(SyncMessage::SyncStep1(sv)) => Incoming::SyncStep1(sv),
            Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                let decoded = Update::decode_v1(&update).map_err(|_| FrameError::Malformed)?;
                Incoming::Update {
                    empty: decoded.is_empty(),
                    bytes: update,
                }
            }
            Message::Awareness(update) => Incoming::Awareness(update),
            Message::AwarenessQuery => Incoming::AwarenessQuery,
            Message::Auth(_) => return Err(FrameError::Unsupported(2)),
            Message::Custom(tag, _) => return Err(FrameError::Unsupported(tag)),
        });
    }
    if messages.is_empty() {
        return Err(FrameError::Malformed);
    }
    Ok(messages)
}

/// "Send me what I miss", from a state vector.
pub fn sync_step1(sv: &StateVector) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep1(sv.clone())).encode_v1()
}

/// The answer to a step 1: the updates the other side misses.
pub fn sync_step2(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep2(update)).encode_v1()
}

/// An edit, relayed as it happened.
pub fn update(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

/// Presence: who is here and where.
pub fn awareness(update: AwarenessUpdate) -> Vec<u8> {
    Message::Awareness(update).encode_v1()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, ReadTxn, Text, Transact};

    fn an_edit() -> Vec<u8> {
        let doc = Doc::new();
        let text = doc.get_or_insert_text("body");
        let mut txn = doc.transact_mut();
        text.insert(&mut txn, 0, "Bonjour");
        txn.encode_update_v1()
    }

    #[test]
    fn what_a_client_sends_decodes_back() {
        let edit = an_edit();
        match decode(&update(edit.clone())).unwrap().as_slice() {
            [Incoming::Update { bytes, empty }] => {
                assert_eq!(bytes, &edit);
                assert!(!empty);
            }
            other => panic!("{other:?}"),
        }
        let doc = Doc::new();
        let sv = doc.transact().state_vector();
        assert!(matches!(
            decode(&sync_step1(&sv)).unwrap().as_slice(),
            [Incoming::SyncStep1(_)]
        ));
        let nothing = Doc::new().transact().encode_state_as_update_v1(&sv);
        assert!(matches!(
            decode(&sync_step2(nothing)).unwrap().as_slice(),
            [Incoming::Update { empty: true, .. }]
        ));
        let mut two = sync_step2(edit.clone());
        two.extend(update(edit));
        assert_eq!(decode(&two).unwrap().len(), 2);
    }

    #[test]
    fn bad_frames_are_refused_with_a_reason() {
        assert_eq!(decode(&[]).unwrap_err(), FrameError::Malformed);
        assert_eq!(
            decode(&vec![0; MAX_FRAME_BYTES + 1]).unwrap_err(),
            FrameError::TooLarge(MAX_FRAME_BYTES + 1)
        );
        // A sync update whose payload is not an update.
        let garbage = Message::Sync(SyncMessage::Update(vec![0xff, 0xff, 0xff, 0x01])).encode_v1();
        assert_eq!(decode(&garbage).unwrap_err(), FrameError::Malformed);
        // Auth and custom messages are not part of this protocol.
        let auth = Message::Auth(Some("x".into())).encode_v1();
        assert_eq!(decode(&auth).unwrap_err(), FrameError::Unsupported(2));
        let custom = Message::Custom(9, vec![1]).encode_v1();
        assert_eq!(decode(&custom).unwrap_err(), FrameError::Unsupported(9));
        let mut many = Vec::new();
        for _ in 0..=MAX_MESSAGES_PER_FRAME {
            many.extend(Message::AwarenessQuery.encode_v1());
        }
        assert_eq!(decode(&many).unwrap_err(), FrameError::TooManyMessages);
        for e in [
            FrameError::TooLarge(1),
            FrameError::Malformed,
            FrameError::Unsupported(1),
            FrameError::TooManyMessages,
        ] {
            assert!(e.close_reason().len() <= 123);
        }
    }
}
