//! The city's side of a proposal sent to it: the department that answers
//! for it, the date its answer is due, and the commitments a favourable
//! answer makes (`accountability` builds the board on them).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;

/// A direction of the city's administration (voirie, espaces verts, …):
/// a proposal sent to the city is sent to one of them, and its officials
/// answer for it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Department {
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
}

impl Department {
    /// The keyword of a department named `name_fr`: as a theme's, but up
    /// to 80 characters, for the directions' long names all start alike.
    pub fn slug_of(name_fr: &str) -> Option<String> {
        crate::keyword::keyword_of(name_fr, 80)
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.name_fr,
            Lang::En => &self.name_en,
        }
    }
}

/// What the city owes for a proposal sent to it: an answer from this
/// department by this date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub department: Department,
    pub sent_at: DateTime<Utc>,
    /// The first instant the answer is late (the end of the due day, in
    /// Paris time).
    pub answer_due: DateTime<Utc>,
    /// The last day the answer is on time, in Paris.
    pub due_day: NaiveDate,
    /// How many days the answer is late when read (`late_at`); None when
    /// it is not late, or came.
    pub days_late: Option<i64>,
}

impl Referral {
    /// The referral as read at `now`: late while its answer is `awaited`
    /// past the due instant.
    pub fn late_at(mut self, awaited: bool, now: DateTime<Utc>) -> Referral {
        self.days_late =
            (awaited && now >= self.answer_due).then(|| days_late(self.answer_due, now));
        self
    }
}

/// Whole days an answer due at `due` is late at `now` (0 before and on
/// the first day past it).
pub fn days_late(due: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - due).num_days().max(0)
}

/// The first instant after `now` at which what is read of `due` changes:
/// the due instant itself, or once it is past, the next whole day of
/// lateness. What is computed from due instants at `now` holds until the
/// earliest of these.
pub fn next_change(due: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    if now < due {
        due
    } else {
        due + chrono::Duration::days(days_late(due, now) + 1)
    }
}

/// A progress report of the city's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub title: String,
    pub progress: u8,
    pub at: DateTime<Utc>,
}

/// A dated promise of the city's accepted (or partly accepted) answer,
/// and the progress reported against it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub id: i64,
    pub title: String,
    /// The first instant it is overdue (the end of its Paris due day).
    pub due: DateTime<Utc>,
    /// The last day it is on time, in Paris.
    pub due_day: NaiveDate,
    /// The latest progress reported against it, in percent (0 before any).
    pub progress: u8,
    /// When a report brought it to 100 %.
    pub done_at: Option<DateTime<Utc>>,
    /// The reports against it, oldest first.
    pub milestones: Vec<MilestoneView>,
    /// How many days it is overdue when read (`late_at`); None when it is
    /// not, or is done.
    pub days_late: Option<i64>,
}

impl Commitment {
    /// The commitment as read at `now`: overdue while not done past its
    /// due instant, as long as the city works on the proposal (`open`;
    /// once it is implemented or closed, that step is the news). Done
    /// late, it is no longer flagged: its date says it.
    pub fn late_at(mut self, open: bool, now: DateTime<Utc>) -> Commitment {
        self.days_late =
            (open && overdue(self.due, self.done_at, now)).then(|| days_late(self.due, now));
        self
    }

    /// Whether it was carried out after its due day.
    pub fn done_late(&self) -> bool {
        self.done_at.is_some_and(|at| at >= self.due)
    }
}

/// Whether something due at `due` and not done (`done_at` None) is
/// overdue at `now`.
pub fn overdue(due: DateTime<Utc>, done_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    done_at.is_none() && now >= due
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn what_is_read_of_a_due_instant_holds_until_its_next_change() {
        let due = DateTime::from_timestamp(1_774_821_599, 0).unwrap();
        let tick = Duration::nanoseconds(1);
        assert_eq!(next_change(due, due - Duration::days(40)), due);
        assert_eq!(next_change(due, due - tick), due);
        for now in [
            due,
            due + Duration::hours(5),
            due + Duration::days(3) + Duration::seconds(1),
            due + Duration::days(400),
        ] {
            let next = next_change(due, now);
            assert!(next > now, "{now}");
            assert_eq!(days_late(due, next - tick), days_late(due, now), "{now}");
            assert_eq!(days_late(due, next), days_late(due, now) + 1, "{now}");
        }
    }

    fn commitment(due: DateTime<Utc>, done_at: Option<DateTime<Utc>>) -> Commitment {
        Commitment {
            id: 1,
            title: "Planter 40 arbres".into(),
            due,
            due_day: due.date_naive(),
            progress: if done_at.is_some() { 100 } else { 60 },
            done_at,
            milestones: vec![],
            days_late: None,
        }
    }

    #[test]
    fn a_commitment_is_overdue_from_its_due_instant_until_done() {
        let due = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let open = commitment(due, None);
        assert_eq!(
            open.clone()
                .late_at(true, due - Duration::seconds(1))
                .days_late,
            None
        );
        assert_eq!(open.clone().late_at(true, due).days_late, Some(0));
        assert_eq!(
            open.clone()
                .late_at(true, due + Duration::days(40))
                .days_late,
            Some(40)
        );
        assert!(!open.done_late());
        assert_eq!(
            open.clone()
                .late_at(false, due + Duration::days(40))
                .days_late,
            None,
            "the proposal was closed or implemented"
        );
        let on_time = commitment(due, Some(due - Duration::days(2)));
        assert_eq!(
            on_time
                .clone()
                .late_at(true, due + Duration::days(40))
                .days_late,
            None
        );
        assert!(!on_time.done_late());
        let late = commitment(due, Some(due + Duration::days(3)));
        assert_eq!(
            late.clone()
                .late_at(true, due + Duration::days(40))
                .days_late,
            None
        );
        assert!(late.done_late());
    }
}
