//! The city's side of a proposal sent to it: the department that answers
//! for it and the date its answer is due (`accountability` builds the
//! board on them).

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
