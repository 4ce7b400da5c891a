//! The assembly's clock: deadlines are typed and read in Paris time, and
//! digests leave at a Paris hour, whatever the server's own time zone.
//! Stored times stay UTC.

use chrono::{
    DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Europe::Paris;

/// A Paris wall-clock time as an instant. A time the clocks skip (the
/// spring change, 02:00–03:00 on the last Sunday of March) is no instant
/// and gives None; a time they repeat (the autumn change) is its first
/// occurrence, the earlier instant.
pub fn to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// An instant as Paris wall-clock time.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Paris).naive_local()
}

/// The first instant after `now` at which Paris clocks show `hour`:00.
/// On the day the clocks skip that hour, the instant they reach past it.
pub fn next_at_hour(now: DateTime<Utc>, hour: u32) -> DateTime<Utc> {
    let today = local(now).date();
    let at = |day: NaiveDate| {
        let wall = day.and_time(NaiveTime::from_hms_opt(hour.min(23), 0, 0).unwrap_or_default());
        // Skipped: an hour later on the wall clock is the same instant as
        // the clocks' jump.
        to_utc(wall).or_else(|| to_utc(wall + Duration::hours(1)))
    };
    (0..3)
        .filter_map(|days| at(today + Duration::days(days)))
        .find(|t| *t > now)
        .unwrap_or(now + Duration::days(1))
}

/// The first instant after `now` at which Paris clocks show `hour`:00 on
/// a `weekday` (the weekly digest: Monday, 8:00).
pub fn next_weekday_at_hour(now: DateTime<Utc>, weekday: Weekday, hour: u32) -> DateTime<Utc> {
    let mut at = next_at_hour(now, hour);
    while local(at).weekday() != weekday {
        at = next_at_hour(at, hour);
    }
    at
}

/// A time from an HTML `datetime-local` field (`2026-12-06T18:00`, seconds
/// allowed), or the same with a space, read as Paris time.
pub fn parse_local(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .and_then(to_utc)
}

/// The first instant an answer asked for at `sent_at` is late: the end of
/// the Paris day `months` calendar months after the day it was sent (31
/// August + 3 months is 30 November, the last day of the shorter month).
pub fn answer_due(sent_at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    let sent = local(sent_at).date();
    let due_day = sent.checked_add_months(Months::new(months)).unwrap_or(sent);
    end_of(due_day)
}

/// The first instant after the Paris day `day`: what is due on that day
/// is late from then.
pub fn end_of(day: NaiveDate) -> DateTime<Utc> {
    start_of(day + Duration::days(1))
}

/// The longest a commitment may run: past two terms is no commitment.
pub const MAX_COMMITMENT_YEARS: u32 = 6;

/// Why a commitment's due day is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueDayError {
    /// Not a day (`YYYY-MM-DD`, as a date field sends it).
    Unreadable,
    /// A day already past in Paris.
    Past,
    /// More than `MAX_COMMITMENT_YEARS` ahead.
    TooFar,
}

/// A commitment's due day as typed (`YYYY-MM-DD`), checked against the
/// Paris day of `now`: today at the earliest, `MAX_COMMITMENT_YEARS`
/// ahead at the latest.
pub fn due_day_from(text: &str, now: DateTime<Utc>) -> Result<NaiveDate, DueDayError> {
    let day =
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| DueDayError::Unreadable)?;
    let today = local(now).date();
    let last = today
        .checked_add_months(Months::new(12 * MAX_COMMITMENT_YEARS))
        .unwrap_or(today);
    if day < today {
        Err(DueDayError::Past)
    } else if day > last {
        Err(DueDayError::TooFar)
    } else {
        Ok(day)
    }
}

/// The Paris day an answer due at `answer_due` (`answer_due`'s result) is
/// due on: the last day it is on time.
pub fn due_day(answer_due: DateTime<Utc>) -> NaiveDate {
    local(answer_due - Duration::seconds(1)).date()
}

/// When the officials who owe something due at `answer_due` (an answer,
/// a commitment) are reminded: at 9:00 Paris time a week
/// before the due day, and on the due day; a moment already past at `now`
/// is left out.
pub fn due_reminders(answer_due: DateTime<Utc>, now: DateTime<Utc>) -> [Option<DateTime<Utc>>; 2] {
    let day = due_day(answer_due);
    let at_nine = |d: NaiveDate| {
        to_utc(d.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()))
            .filter(|t| *t > now)
    };
    [at_nine(day - Duration::days(7)), at_nine(day)]
}

/// Midnight at the start of a Paris day (it always exists: Paris changes
/// its clocks at 2:00 and 3:00).
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    to_utc(day.and_time(NaiveTime::MIN)).unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn paris_is_one_hour_ahead_in_winter_and_two_in_summer() {
        assert_eq!(
            parse_local("2026-12-06T18:00"),
            Some(utc("2026-12-06T17:00:00Z"))
        );
        assert_eq!(
            parse_local("2026-07-14 10:00"),
            Some(utc("2026-07-14T08:00:00Z"))
        );
        assert_eq!(
            local(utc("2026-07-14T08:00:00Z")).to_string(),
            "2026-07-14 10:00:00"
        );
    }

    #[test]
    fn the_spring_gap_has_no_instant_and_the_autumn_hour_takes_its_first() {
        // 29 March 2026: 02:00 becomes 03:00.
        assert_eq!(parse_local("2026-03-29T02:30"), None);
        assert_eq!(
            parse_local("2026-03-29T03:00"),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        // 25 October 2026: 03:00 becomes 02:00 again; 02:30 happens twice.
        assert_eq!(
            parse_local("2026-10-25T02:30"),
            Some(utc("2026-10-25T00:30:00Z"))
        );
    }

    #[test]
    fn the_weekly_digest_leaves_on_monday_at_eight_paris_time() {
        // Saturday 5 December 2026 → Monday 7 December, 8:00 CET.
        assert_eq!(
            next_weekday_at_hour(utc("2026-12-05T12:00:00Z"), Weekday::Mon, 8),
            utc("2026-12-07T07:00:00Z")
        );
        // On Monday at 8:00 itself, the next is a week later.
        assert_eq!(
            next_weekday_at_hour(utc("2026-12-07T07:00:00Z"), Weekday::Mon, 8),
            utc("2026-12-14T07:00:00Z")
        );
        // The Monday after the spring change is in summer time.
        assert_eq!(
            next_weekday_at_hour(utc("2026-03-27T12:00:00Z"), Weekday::Mon, 8),
            utc("2026-03-30T06:00:00Z")
        );
    }

    #[test]
    fn the_next_paris_hour_follows_the_clock_changes() {
        // Before 8:00 in Paris: today; after: tomorrow.
        assert_eq!(
            next_at_hour(utc("2026-12-05T06:59:00Z"), 8),
            utc("2026-12-05T07:00:00Z")
        );
        assert_eq!(
            next_at_hour(utc("2026-12-05T07:00:00Z"), 8),
            utc("2026-12-06T07:00:00Z")
        );
        // Across the spring change, 8:00 moves from 07:00 to 06:00 UTC.
        assert_eq!(
            next_at_hour(utc("2026-03-28T07:30:00Z"), 8),
            utc("2026-03-29T06:00:00Z")
        );
        // An hour the spring change skips is reached when the clocks jump.
        assert_eq!(
            next_at_hour(utc("2026-03-28T12:00:00Z"), 2),
            utc("2026-03-29T01:00:00Z")
        );
        // Across the autumn change, back to 07:00 UTC.
        assert_eq!(
            next_at_hour(utc("2026-10-24T07:00:00Z"), 8),
            utc("2026-10-25T07:00:00Z")
        );
    }

    #[test]
    fn anything_else_is_no_time() {
        for bad in [
            "",
            "demain",
            "2026-13-01T10:00",
            "2026-12-06",
            "18:00",
            "2026-12-06T25:00",
        ] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_answer_is_due_by_the_end_of_the_paris_day_months_later() {
        // Sent on Monday 7 December 2026 at 10:00 CET: due on 7 March
        // 2027, late from midnight that night (CET, UTC+1).
        let due = answer_due(utc("2026-12-07T09:00:00Z"), 3);
        assert_eq!(due, utc("2027-03-07T23:00:00Z"));
        assert_eq!(due_day(due).to_string(), "2027-03-07");
        // Sent at 00:30 Paris time on 1 June (still 31 May in UTC): the
        // Paris day counts, and the due day is in summer time (UTC+2).
        let due = answer_due(utc("2026-05-31T22:30:00Z"), 3);
        assert_eq!(due_day(due).to_string(), "2026-09-01");
        assert_eq!(due, utc("2026-09-01T22:00:00Z"));
        // The end of a longer month is the end of the shorter one.
        assert_eq!(
            due_day(answer_due(utc("2026-08-31T10:00:00Z"), 3)).to_string(),
            "2026-11-30"
        );
        assert_eq!(
            due_day(answer_due(utc("2027-11-30T10:00:00Z"), 3)).to_string(),
            "2028-02-29"
        );
    }

    #[test]
    fn a_deadline_across_a_clock_change_ends_at_paris_midnight() {
        // Sent in winter, due on the day the clocks go forward (29 March
        // 2026): midnight after it is 22:00 UTC, in summer time.
        let due = answer_due(utc("2025-12-29T12:00:00Z"), 3);
        assert_eq!(due_day(due).to_string(), "2026-03-29");
        assert_eq!(due, utc("2026-03-29T22:00:00Z"));
        // Due on the day they go back (25 October 2026): 23:00 UTC.
        let due = answer_due(utc("2026-07-25T12:00:00Z"), 3);
        assert_eq!(due, utc("2026-10-25T23:00:00Z"));
    }

    #[test]
    fn officials_are_reminded_a_week_before_and_on_the_due_day_at_nine() {
        let due = answer_due(utc("2026-12-07T09:00:00Z"), 3);
        let [week, day] = due_reminders(due, utc("2026-12-07T09:00:00Z"));
        // 28 February 2027 and 7 March 2027, 9:00 CET.
        assert_eq!(week, Some(utc("2027-02-28T08:00:00Z")));
        assert_eq!(day, Some(utc("2027-03-07T08:00:00Z")));
        // Across the spring change, 9:00 is 07:00 UTC on the due day.
        let due = answer_due(utc("2025-12-29T12:00:00Z"), 3);
        let [week, day] = due_reminders(due, utc("2025-12-29T12:00:00Z"));
        assert_eq!(week, Some(utc("2026-03-22T08:00:00Z")));
        assert_eq!(day, Some(utc("2026-03-29T07:00:00Z")));
        // Sent with less than a week to go: only the due day's reminder.
        let due = answer_due(utc("2026-12-07T09:00:00Z"), 0);
        let [week, day] = due_reminders(due, utc("2026-12-07T07:00:00Z"));
        assert_eq!(week, None);
        assert_eq!(day, Some(utc("2026-12-07T08:00:00Z")));
    }

    #[test]
    fn a_commitment_is_due_by_the_end_of_its_paris_day_whatever_the_season() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        // The spring change: the day has 23 hours; its end is midnight,
        // 22:00 UTC (summer time).
        assert_eq!(end_of(day), utc("2027-03-28T22:00:00Z"));
        assert_eq!(due_day(end_of(day)), day);
        let winter = NaiveDate::from_ymd_opt(2027, 10, 31).unwrap();
        assert_eq!(end_of(winter), utc("2027-10-31T23:00:00Z"));
        assert_eq!(due_day(end_of(winter)), winter);
    }

    #[test]
    fn a_commitment_s_due_day_is_from_today_in_paris_to_six_years_ahead() {
        // 23:30 UTC on 31 December is already 1 January in Paris.
        let now = utc("2026-12-31T23:30:00Z");
        assert_eq!(
            due_day_from("2026-12-31", now),
            Err(DueDayError::Past),
            "yesterday in Paris"
        );
        assert_eq!(
            due_day_from(" 2027-01-01 ", now),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
        );
        assert_eq!(
            due_day_from("2033-01-01", now),
            Ok(NaiveDate::from_ymd_opt(2033, 1, 1).unwrap())
        );
        assert_eq!(due_day_from("2033-01-02", now), Err(DueDayError::TooFar));
        for bad in ["", "demain", "2027-02-30", "01/02/2027", "2027-1-1x"] {
            assert_eq!(
                due_day_from(bad, now),
                Err(DueDayError::Unreadable),
                "{bad}"
            );
        }
    }
}
