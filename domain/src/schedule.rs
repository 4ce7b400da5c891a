//! Work the platform does at a set time, kept in the database so that it
//! survives a restart and runs once across instances (`db::jobs`).

use chrono::{DateTime, Duration, Utc};

keyword_enum! {
    /// What a scheduled job does, as stored in `jobs.kind`; its subject
    /// is a vote's id, or for digests the Unix time they are due.
    JobKind {
        /// Closes and counts a vote at its closing time.
        CloseVote = "vote.close",
        /// Reminds the members who have not voted, a day before it closes.
        RemindVote = "vote.remind",
        /// Reminds the members expected at a sitting, the day before.
        RemindSitting = "sitting.remind",
        /// Reminds a department's officials that an answer is due in a
        /// week (subject: the proposal).
        AnswerDueSoon = "answer.due_soon",
        /// Reminds them on the day it is due.
        AnswerDue = "answer.due",
        /// Reminds a department's officials that a commitment falls due in
        /// a week (subject: the commitment).
        CommitmentDueSoon = "commitment.due_soon",
        /// Reminds them on the day it falls due.
        CommitmentDue = "commitment.due",
        /// Sends the day's digests.
        DailyDigest = "digest.daily",
        /// Sends the week's digests.
        WeeklyDigest = "digest.weekly",
    }
}

/// The shortest time a vote may stay open when it closes itself.
pub const MIN_VOTE_OPEN: Duration = Duration::hours(1);
/// The longest (a vote that runs past a term is a mistake).
pub const MAX_VOTE_OPEN: Duration = Duration::days(60);
/// How long before a vote closes the members who have not voted are told.
pub const REMIND_BEFORE: Duration = Duration::hours(24);

/// Why a closing time is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosingError {
    TooSoon,
    TooLate,
}

/// A vote's closing time, checked against the moment it opens.
pub fn closing_time(
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, ClosingError> {
    if closes_at < now + MIN_VOTE_OPEN {
        Err(ClosingError::TooSoon)
    } else if closes_at > now + MAX_VOTE_OPEN {
        Err(ClosingError::TooLate)
    } else {
        Ok(closes_at)
    }
}

/// When the members who have not voted are reminded: a day before the
/// close, unless the vote opens less than a day before it (they were just
/// told it opened).
pub fn reminder_time(opened_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let at = closes_at - REMIND_BEFORE;
    (at > opened_at).then_some(at)
}

/// How long before a sitting its members are reminded of it.
pub const SITTING_REMINDER_BEFORE: Duration = Duration::hours(24);

/// When the members expected at a sitting starting at `starts_at` are
/// reminded: a day before, unless that moment has passed by `now` (a
/// sitting convened or moved less than a day ahead: its convocation or
/// its change of date was the reminder).
pub fn sitting_reminder_time(
    now: DateTime<Utc>,
    starts_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let at = starts_at - SITTING_REMINDER_BEFORE;
    (at > now).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_time_is_at_least_an_hour_and_at_most_sixty_days_away() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(
            closing_time(now + Duration::minutes(59), now),
            Err(ClosingError::TooSoon)
        );
        assert_eq!(
            closing_time(now - Duration::days(1), now),
            Err(ClosingError::TooSoon)
        );
        assert!(closing_time(now + Duration::hours(1), now).is_ok());
        assert!(closing_time(now + Duration::days(60), now).is_ok());
        assert_eq!(
            closing_time(now + Duration::days(61), now),
            Err(ClosingError::TooLate)
        );
    }

    #[test]
    fn a_sitting_is_recalled_the_day_before_unless_that_has_passed() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let starts = now + Duration::days(10);
        assert_eq!(
            sitting_reminder_time(now, starts),
            Some(starts - Duration::hours(24))
        );
        assert_eq!(sitting_reminder_time(now, now + Duration::hours(24)), None);
        assert_eq!(sitting_reminder_time(now, now + Duration::hours(3)), None);
        assert_eq!(sitting_reminder_time(now, now - Duration::days(1)), None);
    }

    #[test]
    fn the_reminder_comes_a_day_before_the_close_or_not_at_all() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(
            reminder_time(now, now + Duration::days(3)),
            Some(now + Duration::days(2))
        );
        assert_eq!(reminder_time(now, now + Duration::hours(24)), None);
        assert_eq!(reminder_time(now, now + Duration::hours(2)), None);
    }

    #[test]
    fn kinds_round_trip_and_fit_their_column() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(*kind));
            assert!(kind.as_str().len() <= 32);
        }
    }
}
