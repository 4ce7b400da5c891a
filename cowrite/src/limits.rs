//! The bounds every connection lives within. A client past one of them is
//! disconnected with a reason; the document is never touched.

/// The largest frame accepted: a pasted page of text fits many times over.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;
/// The longest draft, in UTF-16 code units (what browsers count): about
/// thirty pages of prose.
pub const MAX_TEXT_UNITS: u32 = 100_000;
/// Messages one frame may pack (Yjs clients send one at a time).
pub const MAX_MESSAGES_PER_FRAME: usize = 16;
/// Sustained frames per second per connection: fast typing with presence
/// sends about twenty.
pub const FRAMES_PER_SECOND: f64 = 40.0;
/// Frames a connection may send at once (a reconnect replays its edits).
pub const FRAME_BURST: f64 = 200.0;

/// Cursors one connection may announce: a tab is one Yjs client; a few
/// more allow for an editor that restarts its document.
pub const PRESENCE_PER_CONNECTION: usize = 4;
/// Cursors one person may hold in a room, over all their tabs and devices.
pub const PRESENCE_PER_PERSON: usize = 12;
/// Cursors a room holds; past it, newcomers edit without a cursor shown.
pub const PRESENCE_PER_ROOM: usize = 256;

/// A token bucket: `burst` frames at once, refilled at `per_second`. Pure:
/// the caller says what time it is.
#[derive(Clone, Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    tokens: f64,
    last_ms: u64,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: f64, now_ms: u64) -> RateLimiter {
        RateLimiter {
            per_second,
            burst,
            tokens: burst,
            last_ms: now_ms,
        }
    }

    /// The bounds of a co-writing connection.
    pub fn for_connection(now_ms: u64) -> RateLimiter {
        RateLimiter::new(FRAMES_PER_SECOND, FRAME_BURST, now_ms)
    }

    /// Takes one token if there is one.
    pub fn allow(&mut self, now_ms: u64) -> bool {
        let elapsed = now_ms.saturating_sub(self.last_ms) as f64 / 1000.0;
        self.last_ms = self.last_ms.max(now_ms);
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_rate_holds() {
        let mut limit = RateLimiter::new(10.0, 5.0, 0);
        assert_eq!((0..8).filter(|_| limit.allow(0)).count(), 5);
        // 100 ms later, one more token.
        assert!(limit.allow(100));
        assert!(!limit.allow(100));
        // A long pause refills to the burst, not beyond.
        assert_eq!((0..20).filter(|_| limit.allow(60_000)).count(), 5);
    }

    #[test]
    fn a_clock_going_backwards_grants_nothing() {
        let mut limit = RateLimiter::new(10.0, 1.0, 5_000);
        assert!(limit.allow(5_000));
        assert!(!limit.allow(1_000));
        assert!(!limit.allow(5_050));
        assert!(limit.allow(5_100));
    }
}
