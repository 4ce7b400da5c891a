//! Sittings: the assembly meets, in a room, on a date, with an agenda.
//!
//! A sitting moves forward only, one facilitator step at a time:
//! planned → convened → open → closed → minutes approved. Its details and
//! its agenda can change until it opens; after that they are the record.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

keyword_enum! {
    /// Where a sitting stands.
    SittingState {
        Planned = "planned",
        Convened = "convened",
        Open = "open",
        Closed = "closed",
        MinutesApproved = "minutes_approved",
    }
}

keyword_enum! {
    /// What a facilitator does to move a sitting on.
    SittingStep {
        Convene = "convene",
        Open = "open",
        Close = "close",
        ApproveMinutes = "approve_minutes",
    }
}

keyword_enum! {
    /// What the assembly does with an agenda item.
    AgendaPurpose {
        Debate = "debate",
        Amendments = "amendments",
        FinalVote = "final_vote",
        Other = "other",
    }
}

keyword_enum! {
    /// A member's answer to a convocation.
    ConvocationAnswer {
        Present = "present",
        Absent = "absent",
        Excused = "excused",
    }
}

keyword_enum! {
    /// How a member's presence was recorded.
    CheckInWay {
        /// The member typed the code shown in the room.
        Code = "code",
        /// A facilitator marked them on the roll call.
        RollCall = "roll_call",
    }
}

/// Seconds a room code stays valid; the one before is still taken, so a
/// code read just before it changed works.
pub const CODE_WINDOW_SECS: i64 = 120;

/// The windows whose codes are taken at `now`: the current one, then the
/// one before.
pub fn code_windows(now: DateTime<Utc>) -> [i64; 2] {
    let current = now.timestamp().div_euclid(CODE_WINDOW_SECS);
    [current, current - 1]
}

/// A room code as typed: six digits, spaces allowed (`123 456`).
pub fn parse_room_code(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// A sitting's attendance, as everyone may see it: counts, never names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// Members whose term covers the sitting's day.
    pub seated: u32,
    /// Checked in or marked present.
    pub present: u32,
    /// Answers to the convocation.
    pub coming: u32,
    pub absent: u32,
    pub excused: u32,
}

impl Attendance {
    /// The quorum: more than half of the seated members in the room.
    pub fn quorum(&self) -> u32 {
        self.seated / 2 + 1
    }

    pub fn quorate(&self) -> bool {
        self.seated > 0 && self.present >= self.quorum()
    }

    /// Members who have not answered the convocation.
    pub fn unanswered(&self) -> u32 {
        self.seated
            .saturating_sub(self.coming + self.absent + self.excused)
    }
}

/// What a member sees of their own part in a sitting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAttendance {
    /// The member sits on the sitting's day (may answer and check in).
    pub seated: bool,
    pub answer: Option<ConvocationAnswer>,
    pub present: Option<CheckInWay>,
}

/// One line of the facilitators' roll call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollCallLine {
    pub user_id: i64,
    pub name: String,
    /// The member's public label (`M-…`).
    pub label: String,
    pub answer: Option<ConvocationAnswer>,
    pub present: Option<CheckInWay>,
}

impl SittingState {
    /// The state a step leads to, if the step can be taken from here.
    pub fn after(self, step: SittingStep) -> Option<SittingState> {
        use SittingState as S;
        use SittingStep as T;
        match (self, step) {
            (S::Planned, T::Convene) => Some(S::Convened),
            (S::Convened, T::Open) => Some(S::Open),
            (S::Open, T::Close) => Some(S::Closed),
            (S::Closed, T::ApproveMinutes) => Some(S::MinutesApproved),
            _ => None,
        }
    }

    /// The one step that moves the sitting on from here.
    pub fn next_step(self) -> Option<SittingStep> {
        SittingStep::ALL
            .iter()
            .copied()
            .find(|step| self.after(*step).is_some())
    }

    /// Date, place and agenda can be changed until the sitting opens.
    pub fn editable(self) -> bool {
        matches!(self, SittingState::Planned | SittingState::Convened)
    }

    /// Whether the public sees it: a planned sitting is the facilitators'
    /// draft until it is convened.
    pub fn public(self) -> bool {
        self != SittingState::Planned
    }
}

/// Why a sitting's details or an agenda item were refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SittingError {
    Empty,
    TooLong { max: usize },
    NotATime,
    EndsBeforeStart,
    TooLongASitting,
    InThePast,
    NotAWebLink,
    MinutesOutOfRange,
}

/// A sitting's details, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SittingDetails {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub livestream_url: Option<String>,
}

/// The longest sitting: a plenary may run late, not past a day.
pub const MAX_SITTING_HOURS: i64 = 12;
pub const PLACE_MAX: usize = 200;
pub const URL_MAX: usize = 500;
pub const TITLE_MAX: usize = 200;
pub const ITEM_MINUTES_MAX: u32 = 600;

/// Free text on one line, trimmed, of bounded length.
fn line(raw: &str, max: usize) -> Result<String, SittingError> {
    let text: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(SittingError::Empty);
    }
    if text.chars().count() > max {
        return Err(SittingError::TooLong { max });
    }
    Ok(text)
}

/// An optional `https://` (or `http://`) link with a host, or nothing.
pub fn parse_web_link(raw: &str) -> Result<Option<String>, SittingError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > URL_MAX {
        return Err(SittingError::TooLong { max: URL_MAX });
    }
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or(SittingError::NotAWebLink)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let plausible = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && text.chars().all(|c| c.is_ascii_graphic());
    if !plausible {
        return Err(SittingError::NotAWebLink);
    }
    Ok(Some(text.to_owned()))
}

/// The fields of the sitting form, each refused on its own.
pub struct SittingFields {
    pub starts_at: Result<DateTime<Utc>, SittingError>,
    pub ends_at: Result<DateTime<Utc>, SittingError>,
    pub place: Result<String, SittingError>,
    pub livestream_url: Result<Option<String>, SittingError>,
}

impl SittingFields {
    /// `starts` and `ends` are instants already read from the Paris wall
    /// clock (None: not a time, or one the clocks skip).
    pub fn check(
        starts: Option<DateTime<Utc>>,
        ends: Option<DateTime<Utc>>,
        place: &str,
        livestream: &str,
        now: DateTime<Utc>,
    ) -> SittingFields {
        let starts_at = match starts {
            None => Err(SittingError::NotATime),
            Some(t) if t <= now => Err(SittingError::InThePast),
            Some(t) => Ok(t),
        };
        let ends_at = match (starts, ends) {
            (_, None) => Err(SittingError::NotATime),
            (Some(s), Some(e)) if e <= s => Err(SittingError::EndsBeforeStart),
            (Some(s), Some(e)) if e - s > chrono::Duration::hours(MAX_SITTING_HOURS) => {
                Err(SittingError::TooLongASitting)
            }
            (_, Some(e)) => Ok(e),
        };
        SittingFields {
            starts_at,
            ends_at,
            place: line(place, PLACE_MAX),
            livestream_url: parse_web_link(livestream),
        }
    }
}

pub fn parse_agenda_title(raw: &str) -> Result<String, SittingError> {
    line(raw, TITLE_MAX)
}

pub fn parse_item_minutes(raw: &str) -> Result<u32, SittingError> {
    match raw.trim().parse::<u32>() {
        Ok(m) if (1..=ITEM_MINUTES_MAX).contains(&m) => Ok(m),
        Ok(_) => Err(SittingError::MinutesOutOfRange),
        Err(_) if raw.trim().is_empty() => Err(SittingError::Empty),
        Err(_) => Err(SittingError::MinutesOutOfRange),
    }
}

/// One line of the calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingSummary {
    pub id: i64,
    pub state: SittingState,
    /// Paris wall-clock times, for display.
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub place: String,
    pub livestream_url: Option<String>,
    pub items: u32,
}

/// An agenda item as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItemView {
    pub id: i64,
    pub position: u32,
    pub title: String,
    pub minutes: u32,
    pub purpose: AgendaPurpose,
    /// The proposal it takes up, with its title.
    pub proposal: Option<(i64, String)>,
}

/// A sitting's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingView {
    pub summary: SittingSummary,
    pub agenda: Vec<AgendaItemView>,
}

impl SittingView {
    /// The agenda's planned length, in minutes.
    pub fn planned_minutes(&self) -> u32 {
        self.agenda.iter().map(|i| i.minutes).sum()
    }
}

/// A sitting's minutes as its page shows them: the draft being written
/// (the facilitators write, the members read and suggest) until the
/// assembly approves them in a later sitting; then the frozen text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MinutesView {
    pub draft_id: Option<i64>,
    pub approved: Option<ApprovedMinutes>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovedMinutes {
    /// Markdown, as approved.
    pub text: String,
    /// `text` rendered (`markdown::render`: no raw HTML passes).
    pub html: String,
    /// SHA-256 of `text` (UTF-8), hex: also in the ledger.
    pub sha256: String,
    /// The sitting that approved them, and when it started (Paris time).
    pub approved_in: i64,
    pub approved_in_local: NaiveDateTime,
    pub approved_at: DateTime<Utc>,
}

/// Where the proposal page says "on the agenda of the sitting of …".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnAgenda {
    pub sitting_id: i64,
    pub starts_local: NaiveDateTime,
    pub purpose: AgendaPurpose,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_sitting_moves_forward_one_step_at_a_time_and_never_back() {
        use SittingState as S;
        let mut state = S::Planned;
        let mut walked = vec![state];
        while let Some(step) = state.next_step() {
            state = state.after(step).unwrap();
            walked.push(state);
        }
        assert_eq!(
            walked,
            [
                S::Planned,
                S::Convened,
                S::Open,
                S::Closed,
                S::MinutesApproved
            ]
        );
        // Every other pair is refused: no skipping, no going back.
        for from in S::ALL {
            for step in SittingStep::ALL {
                if Some(*step) != from.next_step() {
                    assert_eq!(from.after(*step), None, "{from} {step}");
                }
            }
        }
    }

    #[test]
    fn details_and_agenda_change_only_before_the_sitting_opens() {
        let editable: Vec<_> = SittingState::ALL
            .iter()
            .filter(|s| s.editable())
            .copied()
            .collect();
        assert_eq!(editable, [SittingState::Planned, SittingState::Convened]);
        assert!(!SittingState::Planned.public());
        assert!(SittingState::Convened.public());
    }

    #[test]
    fn sitting_fields_are_refused_one_by_one() {
        let now = at("2026-12-06T10:00:00Z");
        let ok = SittingFields::check(
            Some(at("2026-12-10T17:00:00Z")),
            Some(at("2026-12-10T20:00:00Z")),
            "  Hôtel de Ville,\n salle des fêtes ",
            "https://paris.fr/direct",
            now,
        );
        assert_eq!(ok.place.unwrap(), "Hôtel de Ville, salle des fêtes");
        assert_eq!(
            ok.livestream_url.unwrap().as_deref(),
            Some("https://paris.fr/direct")
        );
        assert!(ok.starts_at.is_ok() && ok.ends_at.is_ok());

        let bad = SittingFields::check(
            Some(at("2026-12-01T17:00:00Z")),
            Some(at("2026-12-01T16:00:00Z")),
            " ",
            "javascript:alert(1)",
            now,
        );
        assert_eq!(bad.starts_at, Err(SittingError::InThePast));
        assert_eq!(bad.ends_at, Err(SittingError::EndsBeforeStart));
        assert_eq!(bad.place, Err(SittingError::Empty));
        assert_eq!(bad.livestream_url, Err(SittingError::NotAWebLink));

        let long = SittingFields::check(
            Some(at("2026-12-10T08:00:00Z")),
            Some(at("2026-12-10T21:00:00Z")),
            &"x".repeat(PLACE_MAX + 1),
            "",
            now,
        );
        assert_eq!(long.ends_at, Err(SittingError::TooLongASitting));
        assert_eq!(long.place, Err(SittingError::TooLong { max: PLACE_MAX }));
        assert_eq!(long.livestream_url, Ok(None));
        let none = SittingFields::check(None, None, "Salle", "", now);
        assert_eq!(none.starts_at, Err(SittingError::NotATime));
        assert_eq!(none.ends_at, Err(SittingError::NotATime));
    }

    #[test]
    fn the_quorum_is_more_than_half_of_the_seated_members() {
        let mut a = Attendance {
            seated: 100,
            present: 50,
            coming: 70,
            absent: 5,
            excused: 10,
        };
        assert_eq!(a.quorum(), 51);
        assert!(!a.quorate());
        a.present = 51;
        assert!(a.quorate());
        assert_eq!(a.unanswered(), 15);
        let odd = Attendance {
            seated: 99,
            present: 50,
            ..Default::default()
        };
        assert_eq!(odd.quorum(), 50);
        assert!(odd.quorate());
        assert!(!Attendance::default().quorate(), "nobody seated, no quorum");
    }

    #[test]
    fn room_codes_are_six_digits_and_last_two_windows() {
        assert_eq!(parse_room_code(" 123 456 ").as_deref(), Some("123456"));
        for bad in ["12345", "1234567", "12a456", ""] {
            assert_eq!(parse_room_code(bad), None, "{bad}");
        }
        let now = at("2026-12-10T17:00:30Z");
        let [current, before] = code_windows(now);
        assert_eq!(current - before, 1);
        assert_eq!(
            code_windows(now + chrono::Duration::seconds(CODE_WINDOW_SECS))[1],
            current
        );
    }

    #[test]
    fn web_links_need_a_scheme_and_a_host() {
        for bad in [
            "paris.fr",
            "ftp://paris.fr",
            "https://localhost",
            "https://.fr",
            "https://pa ris.fr",
        ] {
            assert_eq!(parse_web_link(bad), Err(SittingError::NotAWebLink), "{bad}");
        }
        assert_eq!(
            parse_web_link("http://live.paris.fr/a?b=c#d")
                .unwrap()
                .as_deref(),
            Some("http://live.paris.fr/a?b=c#d")
        );
    }

    #[test]
    fn agenda_items_have_a_title_and_a_sensible_length() {
        assert_eq!(
            parse_agenda_title("  Budget  participatif "),
            Ok("Budget participatif".into())
        );
        assert_eq!(parse_agenda_title(""), Err(SittingError::Empty));
        assert_eq!(parse_item_minutes("45"), Ok(45));
        for bad in ["0", "601", "-3", "une heure"] {
            assert_eq!(
                parse_item_minutes(bad),
                Err(SittingError::MinutesOutOfRange),
                "{bad}"
            );
        }
        assert_eq!(parse_item_minutes(" "), Err(SittingError::Empty));
    }
}
