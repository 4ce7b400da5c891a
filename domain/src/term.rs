//! A cohort's term: before, during and after it, and when its renewal is
//! due. The next cohort is drawn while the current one sits, so that the
//! assembly never stands empty: a pool, a ceremony and invitations take
//! about three months.

use chrono::{Days, NaiveDate};

keyword_enum! {
    /// Where a cohort's term stands on a given day.
    TermStage { Upcoming = "upcoming", Current = "current", Past = "past" }
}

impl TermStage {
    pub fn of(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> TermStage {
        if today < start {
            TermStage::Upcoming
        } else if today <= end {
            TermStage::Current
        } else {
            TermStage::Past
        }
    }
}

/// Days before a term ends from which its renewal is due.
pub const RENEWAL_NOTICE_DAYS: u64 = 120;

/// Whether the draw of the next cohort should be under way.
pub fn renewal_due(term_end: NaiveDate, today: NaiveDate) -> bool {
    today
        .checked_add_days(Days::new(RENEWAL_NOTICE_DAYS))
        .is_none_or(|horizon| horizon >= term_end)
}

/// The term after `start..=end`: it starts the next day and lasts as long.
pub fn next_term(start: NaiveDate, end: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let length = u64::try_from((end - start).num_days()).ok()?;
    let next_start = end.checked_add_days(Days::new(1))?;
    Some((next_start, next_start.checked_add_days(Days::new(length))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_term_includes_its_first_and_last_days() {
        let (start, end) = (day(2026, 1, 1), day(2027, 6, 30));
        assert_eq!(
            TermStage::of(start, end, day(2025, 12, 31)),
            TermStage::Upcoming
        );
        assert_eq!(TermStage::of(start, end, start), TermStage::Current);
        assert_eq!(TermStage::of(start, end, end), TermStage::Current);
        assert_eq!(TermStage::of(start, end, day(2027, 7, 1)), TermStage::Past);
    }

    #[test]
    fn the_renewal_is_due_four_months_before_the_end() {
        let end = day(2027, 6, 30);
        assert!(!renewal_due(end, day(2027, 3, 1)));
        assert!(renewal_due(end, day(2027, 3, 2)));
        assert!(renewal_due(end, day(2028, 1, 1)));
    }

    #[test]
    fn the_next_term_follows_without_a_gap_and_lasts_as_long() {
        let (start, end) = (day(2026, 1, 1), day(2027, 6, 30));
        let (next_start, next_end) = next_term(start, end).unwrap();
        assert_eq!(next_start, day(2027, 7, 1));
        assert_eq!((next_end - next_start), (end - start));
        assert_eq!(next_term(end, start), None);
    }
}
