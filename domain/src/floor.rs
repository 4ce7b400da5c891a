//! The floor of an open sitting: members present ask to speak from their
//! phone, the facilitator orders the queue, gives the floor for a set time
//! and ends it; what the room decides by a show of hands is counted here.
//!
//! [`Floor`] is the queue's rules alone (who may be where, in what order);
//! the database keeps it and the server decides who may ask.

use serde::{Deserialize, Serialize};

use crate::sitting::{AgendaItemView, Attendance, SittingState};
use crate::tally::{Majority, Outcome, Tally, VoteRule};

keyword_enum! {
    /// Where a request for the floor stands.
    FloorState {
        Waiting = "waiting",
        Speaking = "speaking",
        /// Spoke, and the floor was ended or given to the next.
        Spoken = "spoken",
        /// Left the queue before speaking (by themselves or a facilitator).
        Withdrawn = "withdrawn",
    }
}

/// Why a move on the floor was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FloorError {
    /// The member is already in the queue: once is enough.
    AlreadyWaiting,
    /// The member has the floor.
    AlreadySpeaking,
    /// The member is not in the queue (any more).
    NotWaiting,
    /// Nobody has the floor.
    NobodySpeaking,
    /// Nobody is waiting to be given the floor.
    QueueEmpty,
}

/// The speaker and the queue, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Floor {
    pub speaking: Option<i64>,
    pub waiting: Vec<i64>,
}

/// What a floor move changed: who stopped speaking, who started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Handover {
    pub ended: Option<i64>,
    pub started: Option<i64>,
}

impl Floor {
    /// A member asks for the floor: to the end of the queue, once.
    pub fn ask(&mut self, member: i64) -> Result<(), FloorError> {
        if self.speaking == Some(member) {
            return Err(FloorError::AlreadySpeaking);
        }
        if self.waiting.contains(&member) {
            return Err(FloorError::AlreadyWaiting);
        }
        self.waiting.push(member);
        Ok(())
    }

    /// A member leaves the queue (or a facilitator takes them off it).
    pub fn withdraw(&mut self, member: i64) -> Result<(), FloorError> {
        let at = self.position(member)?;
        self.waiting.remove(at);
        Ok(())
    }

    /// Gives the floor to `member` (None: the first in the queue), ending
    /// whoever had it.
    pub fn give(&mut self, member: Option<i64>) -> Result<Handover, FloorError> {
        let at = match member {
            Some(member) => self.position(member)?,
            None if self.waiting.is_empty() => return Err(FloorError::QueueEmpty),
            None => 0,
        };
        let started = self.waiting.remove(at);
        let ended = self.speaking.replace(started);
        Ok(Handover {
            ended,
            started: Some(started),
        })
    }

    /// Ends the current speaker's turn.
    pub fn end(&mut self) -> Result<Handover, FloorError> {
        let ended = self.speaking.take().ok_or(FloorError::NobodySpeaking)?;
        Ok(Handover {
            ended: Some(ended),
            started: None,
        })
    }

    /// Moves a member one place earlier (`up`) or later in the queue; the
    /// first stays first, the last last.
    pub fn shift(&mut self, member: i64, up: bool) -> Result<(), FloorError> {
        let at = self.position(member)?;
        let to = if up {
            at.saturating_sub(1)
        } else {
            (at + 1).min(self.waiting.len() - 1)
        };
        self.waiting.swap(at, to);
        Ok(())
    }

    fn position(&self, member: i64) -> Result<usize, FloorError> {
        self.waiting
            .iter()
            .position(|m| *m == member)
            .ok_or(if self.speaking == Some(member) {
                FloorError::AlreadySpeaking
            } else {
                FloorError::NotWaiting
            })
    }
}

/// Speaking times a facilitator may give, in seconds.
pub const SPEAKING_TIMES: [u32; 5] = [60, 120, 180, 300, 600];

/// A speaking time as chosen (seconds, one of [`SPEAKING_TIMES`]).
pub fn parse_speaking_time(raw: &str) -> Option<u32> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|s| SPEAKING_TIMES.contains(s))
}

/// A show of hands, as counted in the room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hands {
    pub tally: Tally,
    pub majority: Majority,
    /// Why it was voted by hand (an electronic vote not possible, a
    /// procedural question…): the record says so.
    pub reason: String,
}

/// Why a show of hands was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandsError {
    /// A count is not a whole number (0 or more).
    NotACount,
    /// More hands than members present.
    MoreThanPresent {
        present: u32,
    },
    /// No hand at all.
    NoHands,
    ReasonEmpty,
    ReasonTooLong {
        max: usize,
    },
}

pub const HANDS_REASON_MAX: usize = 300;

/// The fields of a show of hands, each refused on its own.
pub struct HandsFields {
    pub pour: Result<u32, HandsError>,
    pub contre: Result<u32, HandsError>,
    pub abstention: Result<u32, HandsError>,
    /// The counts together: no more hands than members present, at least one.
    pub total: Result<(), HandsError>,
    pub reason: Result<String, HandsError>,
}

fn count(raw: &str) -> Result<u32, HandsError> {
    raw.trim().parse::<u32>().map_err(|_| HandsError::NotACount)
}

impl HandsFields {
    pub fn check(pour: &str, contre: &str, abstention: &str, reason: &str, present: u32) -> Self {
        let (p, c, a) = (count(pour), count(contre), count(abstention));
        let total = match (&p, &c, &a) {
            (Ok(p), Ok(c), Ok(a)) => {
                let sum = u64::from(*p) + u64::from(*c) + u64::from(*a);
                if sum == 0 {
                    Err(HandsError::NoHands)
                } else if sum > u64::from(present) {
                    Err(HandsError::MoreThanPresent { present })
                } else {
                    Ok(())
                }
            }
            // Each bad count is said on its own field.
            _ => Ok(()),
        };
        let reason_text = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        let reason = if reason_text.is_empty() {
            Err(HandsError::ReasonEmpty)
        } else if reason_text.chars().count() > HANDS_REASON_MAX {
            Err(HandsError::ReasonTooLong {
                max: HANDS_REASON_MAX,
            })
        } else {
            Ok(reason_text)
        };
        HandsFields {
            pour: p,
            contre: c,
            abstention: a,
            total,
            reason,
        }
    }
}

/// A show of hands' result: a sitting without its quorum decides nothing;
/// otherwise the majority rule of the assembly's votes.
pub fn hands_outcome(tally: Tally, majority: Majority, quorate: bool) -> Outcome {
    if !quorate {
        return Outcome::NoQuorum;
    }
    // The quorum is the room's, already met: every hand counts.
    let rule = VoteRule {
        majority,
        quorum_percent: 0,
    };
    tally.outcome(rule, tally.cast())
}

/// What everyone on the sitting page and the projector sees, live. People
/// are named as members appear in public (their name if they agreed,
/// otherwise their `M-…` label); requests are known by their own id, never
/// the member's account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FloorView {
    pub state: SittingState,
    pub current_item: Option<AgendaItemView>,
    pub speaker: Option<SpeakerView>,
    pub queue: Vec<QueueLine>,
    /// The last show of hands on the item under way.
    pub hands: Option<HandsView>,
    /// The assembly's vote on the item's proposal, if there is one.
    pub vote: Option<ScreenVote>,
    pub attendance: Attendance,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerView {
    pub request_id: i64,
    pub name: String,
    /// The viewer is the speaker.
    pub mine: bool,
    /// Seconds spoken when the view was read (the page counts on from it,
    /// whatever its own clock says).
    pub elapsed_secs: u32,
    pub allotted_secs: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub request_id: i64,
    pub name: String,
    /// The viewer's own place in the queue.
    pub mine: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandsView {
    pub tally: Tally,
    pub majority: Majority,
    pub outcome: Outcome,
    pub reason: String,
    pub present: u32,
    pub seated: u32,
}

/// A vote as the room's screen shows it: the count only once it may be
/// public (a secret vote's at its close).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenVote {
    pub open: bool,
    pub voters: u32,
    pub eligible: u32,
    /// A vote taken in the sitting: the members present, its quorum's base.
    pub present: Option<u32>,
    pub tally: Option<Tally>,
    pub outcome: Option<Outcome>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor(speaking: Option<i64>, waiting: &[i64]) -> Floor {
        Floor {
            speaking,
            waiting: waiting.to_vec(),
        }
    }

    #[test]
    fn members_queue_in_the_order_they_ask_and_each_once() {
        let mut f = Floor::default();
        for m in [3, 1, 2] {
            f.ask(m).unwrap();
        }
        assert_eq!(f.waiting, [3, 1, 2]);
        assert_eq!(f.ask(1), Err(FloorError::AlreadyWaiting));
        assert_eq!(f.waiting, [3, 1, 2], "a refused ask changes nothing");
        f.give(None).unwrap();
        assert_eq!(f.ask(3), Err(FloorError::AlreadySpeaking));
        assert_eq!(f, floor(Some(3), &[1, 2]));
    }

    #[test]
    fn giving_the_floor_ends_the_speaker_and_takes_the_next() {
        let mut f = floor(None, &[5, 6, 7]);
        assert_eq!(
            f.give(None),
            Ok(Handover {
                ended: None,
                started: Some(5)
            })
        );
        // The facilitator may give it out of order.
        assert_eq!(
            f.give(Some(7)),
            Ok(Handover {
                ended: Some(5),
                started: Some(7)
            })
        );
        assert_eq!(f, floor(Some(7), &[6]));
        assert_eq!(f.give(Some(5)), Err(FloorError::NotWaiting));
        assert_eq!(f.give(Some(7)), Err(FloorError::AlreadySpeaking));
        assert_eq!(
            f.end(),
            Ok(Handover {
                ended: Some(7),
                started: None
            })
        );
        assert_eq!(f.end(), Err(FloorError::NobodySpeaking));
        f.give(None).unwrap();
        assert_eq!(f.give(None), Err(FloorError::QueueEmpty));
        assert_eq!(f, floor(Some(6), &[]));
    }

    #[test]
    fn the_queue_is_reordered_and_members_removed() {
        let mut f = floor(Some(9), &[1, 2, 3]);
        f.shift(3, true).unwrap();
        assert_eq!(f.waiting, [1, 3, 2]);
        f.shift(1, true).unwrap();
        assert_eq!(f.waiting, [1, 3, 2], "the first stays first");
        f.shift(2, false).unwrap();
        assert_eq!(f.waiting, [1, 3, 2], "the last stays last");
        f.shift(1, false).unwrap();
        assert_eq!(f.waiting, [3, 1, 2]);
        f.withdraw(1).unwrap();
        assert_eq!(f.waiting, [3, 2]);
        assert_eq!(f.withdraw(1), Err(FloorError::NotWaiting));
        assert_eq!(f.withdraw(9), Err(FloorError::AlreadySpeaking));
        assert_eq!(f.shift(4, true), Err(FloorError::NotWaiting));
        // Whoever left may ask again, at the end.
        f.ask(1).unwrap();
        assert_eq!(f, floor(Some(9), &[3, 2, 1]));
    }

    #[test]
    fn speaking_times_are_the_offered_ones() {
        assert_eq!(parse_speaking_time(" 180 "), Some(180));
        for bad in ["", "0", "181", "-60", "3m", "100000"] {
            assert_eq!(parse_speaking_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_show_of_hands_never_counts_more_hands_than_members_present() {
        let ok = HandsFields::check("12", " 3", "0", "  Motion\nd'ordre ", 40);
        assert_eq!(
            (ok.pour, ok.contre, ok.abstention, ok.total),
            (Ok(12), Ok(3), Ok(0), Ok(()))
        );
        assert_eq!(ok.reason.unwrap(), "Motion d'ordre");
        let too_many = HandsFields::check("30", "10", "1", "x", 40);
        assert_eq!(
            too_many.total,
            Err(HandsError::MoreThanPresent { present: 40 })
        );
        assert_eq!(
            HandsFields::check("0", "0", "0", "x", 40).total,
            Err(HandsError::NoHands)
        );
        let bad = HandsFields::check("-1", "douze", "", "", 40);
        assert_eq!(bad.pour, Err(HandsError::NotACount));
        assert_eq!(bad.contre, Err(HandsError::NotACount));
        assert_eq!(bad.abstention, Err(HandsError::NotACount));
        assert_eq!(bad.total, Ok(()), "said on the counts themselves");
        assert_eq!(bad.reason, Err(HandsError::ReasonEmpty));
        let long = "a".repeat(HANDS_REASON_MAX + 1);
        assert_eq!(
            HandsFields::check("1", "0", "0", &long, 40).reason,
            Err(HandsError::ReasonTooLong {
                max: HANDS_REASON_MAX
            })
        );
        // Overflowing counts are refused, not wrapped.
        let huge = HandsFields::check("4294967295", "4294967295", "2", "x", 40);
        assert_eq!(huge.total, Err(HandsError::MoreThanPresent { present: 40 }));
    }

    #[test]
    fn a_show_of_hands_decides_only_in_a_quorate_sitting() {
        let t = Tally {
            pour: 30,
            contre: 20,
            abstention: 5,
        };
        assert_eq!(hands_outcome(t, Majority::Simple, true), Outcome::Adopted);
        assert_eq!(hands_outcome(t, Majority::Simple, false), Outcome::NoQuorum);
        assert_eq!(
            hands_outcome(t, Majority::TwoThirds, true),
            Outcome::Rejected
        );
        let tie = Tally {
            pour: 10,
            contre: 10,
            abstention: 0,
        };
        assert_eq!(
            hands_outcome(tie, Majority::Simple, true),
            Outcome::Rejected
        );
    }
}
