//! The assembly's clock: deadlines are typed and read in Paris time, and
//! digests leave at a Paris hour, whatever the server's own time zone.
//! Stored times stay UTC.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
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
}
