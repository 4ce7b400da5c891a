//! What a co-writing websocket receives: any bytes are either refused as a
//! frame, or decode into messages whose updates apply to a draft or are
//! refused, never a panic; and what applied survives the snapshot that
//! compaction stores (the server reloads from storage after any refusal).
#![no_main]

use cowrite::{Draft, Incoming, frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(messages) = frame::decode(bytes) else {
        return;
    };
    let draft = Draft::new();
    for message in messages {
        if let Incoming::Update { bytes, .. } = message {
            if draft.apply(&bytes).is_err() {
                // A refused update: the server drops this copy and reloads.
                return;
            }
            let stored = draft.snapshot();
            let reloaded = Draft::from_updates([stored.as_slice()]).expect("a snapshot reloads");
            assert_eq!(reloaded.text(), draft.text());
        }
    }
});
