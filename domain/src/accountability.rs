//! Holding the city to account: the departments that answer for the
//! proposals the assembly sends to the city, the date each answer is due
//! by, and what the public board (`/suivi`) shows of them.
//!
//! The due date itself is computed in Paris time on the server
//! (`paris::answer_due`); everything here is pure and takes `now`.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{CityVerdict, ProposalStatus, Theme};

pub use crate::city::{Department, Referral, days_late, next_change};

keyword_enum! {
    /// Where an adopted proposal stands with the city, as the board shows
    /// it; the keyword is the board's `statut` filter.
    Track {
        /// Adopted; the assembly has not sent it yet.
        ToSend = "to_send",
        /// Sent; the answer is not due yet.
        Awaiting = "awaiting",
        /// Sent; the answer is past due.
        Late = "late",
        Accepted = "accepted",
        Partly = "partly",
        Rejected = "rejected",
        InProgress = "in_progress",
        Implemented = "implemented",
        /// Closed by the city after a favourable answer, without being
        /// carried out.
        Closed = "closed",
    }
}

/// Where a proposal stands on the board, or None when it is not on it
/// (not adopted).
pub fn track(
    status: ProposalStatus,
    verdict: Option<CityVerdict>,
    answer_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<Track> {
    use ProposalStatus as S;
    Some(match status {
        S::Adopted => Track::ToSend,
        S::SentToCity if answer_due.is_some_and(|due| now >= due) => Track::Late,
        S::SentToCity => Track::Awaiting,
        S::CityResponded => match verdict? {
            CityVerdict::Accepted => Track::Accepted,
            CityVerdict::Partly => Track::Partly,
            CityVerdict::Rejected => Track::Rejected,
        },
        S::InProgress => Track::InProgress,
        S::Implemented => Track::Implemented,
        S::Closed if verdict == Some(CityVerdict::Rejected) => Track::Rejected,
        S::Closed => Track::Closed,
        S::Draft | S::Deliberation | S::Amendments | S::Vote | S::Rejected => return None,
    })
}

/// One adopted proposal on the board, with the dates of its timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardItem {
    pub id: i64,
    pub title: String,
    pub theme: Theme,
    pub department: Option<Department>,
    pub track: Track,
    pub adopted_at: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub answer_due: Option<DateTime<Utc>>,
    /// The last day the answer is on time, in Paris.
    pub due_day: Option<NaiveDate>,
    /// Days the answer is late (late items only).
    pub days_late: Option<i64>,
    pub answered_at: Option<DateTime<Utc>>,
    pub verdict: Option<CityVerdict>,
    /// The latest progress report's percentage.
    pub progress: Option<u8>,
    pub implemented_at: Option<DateTime<Utc>>,
    /// The commitments of the city's answer.
    pub commitments: u32,
    /// Those met (reported at 100 %).
    pub commitments_met: u32,
    /// Those overdue at the board's `now`, the longest overdue first.
    pub overdue: Vec<Overdue>,
}

/// A commitment past its due day and not met, as the board flags it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    pub commitment: i64,
    pub title: String,
    pub due: DateTime<Utc>,
    pub days_late: i64,
}

impl BoardItem {
    /// Days the answer took (or has taken so far, when late).
    pub fn days_to_answer(&self) -> Option<i64> {
        Some((self.answered_at? - self.sent_at?).num_days().max(0))
    }
}

/// The board's filters, as read from its URL (`theme`, `direction`,
/// `statut`; empty means all) and the page of items (`page`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFilter {
    pub theme: Option<String>,
    pub department: Option<String>,
    pub track: Option<Track>,
    /// The page of items, from 1 (0, the default, reads as 1).
    pub page: u32,
}

/// Items on a page of the board: the figures count them all, the list
/// shows them a page at a time (thousands once the assembly has sat for
/// years).
pub const ITEMS_PER_PAGE: usize = 20;

/// A filter's value that names nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterError {
    Theme,
    Department,
    Track,
    Page,
}

impl BoardFilter {
    /// Reads the filters, each checked against what exists.
    pub fn parse(
        theme: &str,
        department: &str,
        track: &str,
        page: &str,
        themes: &[Theme],
        departments: &[Department],
    ) -> Result<BoardFilter, FilterError> {
        let keyword = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
        let theme = keyword(theme);
        if theme
            .as_ref()
            .is_some_and(|t| !themes.iter().any(|x| &x.slug == t))
        {
            return Err(FilterError::Theme);
        }
        let department = keyword(department);
        if department
            .as_ref()
            .is_some_and(|d| !departments.iter().any(|x| &x.slug == d))
        {
            return Err(FilterError::Department);
        }
        let track = match keyword(track) {
            None => None,
            Some(t) => Some(Track::parse(&t).ok_or(FilterError::Track)?),
        };
        let page = match keyword(page) {
            None => 1,
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or(FilterError::Page)?,
        };
        Ok(BoardFilter {
            theme,
            department,
            track,
            page,
        })
    }

    /// The board's address at page `page` with these filters.
    pub fn href(&self, page: u32) -> String {
        let filters = self.query();
        match (filters.is_empty(), page) {
            (true, 1) => "/suivi".to_owned(),
            (false, 1) => format!("/suivi?{filters}"),
            (true, n) => format!("/suivi?page={n}"),
            (false, n) => format!("/suivi?{filters}&page={n}"),
        }
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    pub fn keeps(&self, item: &BoardItem) -> bool {
        self.theme.as_ref().is_none_or(|t| &item.theme.slug == t)
            && self
                .department
                .as_ref()
                .is_none_or(|d| item.department.as_ref().is_some_and(|x| &x.slug == d))
            && self.track.is_none_or(|t| item.track == t)
    }

    /// The query string that selects these filters (for links and feeds;
    /// without the page: `href` adds it).
    pub fn query(&self) -> String {
        let parts: Vec<String> = [
            self.theme.as_ref().map(|t| format!("theme={t}")),
            self.department.as_ref().map(|d| format!("direction={d}")),
            self.track.map(|t| format!("statut={t}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join("&")
    }
}

/// How many items of a group stand at each step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Indexed like `Track::ALL`.
    pub by_track: Vec<u32>,
    pub total: u32,
}

impl Counts {
    fn add(&mut self, track: Track) {
        if self.by_track.len() != Track::ALL.len() {
            self.by_track = vec![0; Track::ALL.len()];
        }
        if let Some(i) = Track::ALL.iter().position(|t| *t == track) {
            self.by_track[i] += 1;
        }
        self.total += 1;
    }

    pub fn of(&self, track: Track) -> u32 {
        Track::ALL
            .iter()
            .position(|t| *t == track)
            .and_then(|i| self.by_track.get(i).copied())
            .unwrap_or(0)
    }
}

/// The board's figures over a set of items.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub all: Counts,
    /// Per theme, in the order themes were given; themes with no item left out.
    pub by_theme: Vec<(Theme, Counts)>,
    /// Per department, by name; proposals not yet sent are in no department.
    pub by_department: Vec<(Department, Counts)>,
    /// The median of the days the city took to answer (the mean of the
    /// two middle ones, rounded down, for an even number).
    pub median_days_to_answer: Option<i64>,
    /// Of the proposals the city accepted, even in part, the share carried
    /// out, in percent (rounded down).
    pub implemented_percent: Option<u32>,
    /// The commitments of the city's answers: made, met, overdue.
    pub commitments: u32,
    pub commitments_met: u32,
    pub commitments_overdue: u32,
}

/// Over items or references to them: the board counts thousands it keeps
/// and shows twenty, and copies only those.
pub fn figures<I: Borrow<BoardItem>>(items: &[I], themes: &[Theme]) -> Figures {
    let items = || items.iter().map(Borrow::borrow);
    let mut all = Counts::default();
    let mut by_theme: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_department: BTreeMap<&Department, Counts> = BTreeMap::new();
    for item in items() {
        all.add(item.track);
        by_theme
            .entry(item.theme.slug.as_str())
            .or_default()
            .add(item.track);
        if let Some(d) = &item.department {
            by_department.entry(d).or_default().add(item.track);
        }
    }
    let mut days: Vec<i64> = items().filter_map(BoardItem::days_to_answer).collect();
    days.sort_unstable();
    let median_days_to_answer = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2]),
        n => Some((days[n / 2 - 1] + days[n / 2]) / 2),
    };
    let promised = items()
        .filter(|i| matches!(i.verdict, Some(CityVerdict::Accepted | CityVerdict::Partly)))
        .count();
    let done = items().filter(|i| i.track == Track::Implemented).count();
    let implemented_percent =
        (promised > 0).then(|| u32::try_from(done * 100 / promised).unwrap_or(100));
    let mut by_department: Vec<(Department, Counts)> = by_department
        .into_iter()
        .map(|(d, c)| (d.clone(), c))
        .collect();
    by_department.sort_by(|a, b| a.0.name_fr.cmp(&b.0.name_fr));
    let sum = |f: fn(&BoardItem) -> u32| items().map(f).sum::<u32>();
    Figures {
        commitments: sum(|i| i.commitments),
        commitments_met: sum(|i| i.commitments_met),
        commitments_overdue: sum(|i| u32::try_from(i.overdue.len()).unwrap_or(u32::MAX)),
        all,
        by_theme: themes
            .iter()
            .filter_map(|t| by_theme.remove(t.slug.as_str()).map(|c| (t.clone(), c)))
            .collect(),
        by_department,
        median_days_to_answer,
        implemented_percent,
    }
}

/// What the board page receives: the figures of every item the filters
/// keep, the page of those items asked for, and what the filters may
/// choose from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub items: Vec<BoardItem>,
    /// The filters as checked, with this page's number.
    pub filter: BoardFilter,
    /// How many pages of items there are (at least 1).
    pub pages: u32,
    pub figures: Figures,
    pub themes: Vec<Theme>,
    pub departments: Vec<Department>,
    pub now: DateTime<Utc>,
}

impl Board {
    /// The board of `items` (all those the filter keeps, in order): their
    /// figures, and the filter's page of them.
    pub fn of<I: Borrow<BoardItem>>(
        items: &[I],
        filter: BoardFilter,
        themes: Vec<Theme>,
        departments: Vec<Department>,
        now: DateTime<Utc>,
    ) -> Board {
        let figures = figures(items, &themes);
        let pages = u32::try_from(items.len().div_ceil(ITEMS_PER_PAGE).max(1)).unwrap_or(u32::MAX);
        let page = filter.page();
        let filter = BoardFilter { page, ..filter };
        let skip = usize::try_from(page - 1)
            .unwrap_or(usize::MAX)
            .saturating_mul(ITEMS_PER_PAGE);
        Board {
            items: items
                .iter()
                .skip(skip)
                .take(ITEMS_PER_PAGE)
                .map(|i| i.borrow().clone())
                .collect(),
            filter,
            pages,
            figures,
            themes,
            departments,
            now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_767_225_600, 0).unwrap() + Duration::days(day)
    }

    fn theme(slug: &str) -> Theme {
        Theme {
            slug: slug.into(),
            name_fr: slug.into(),
            name_en: slug.into(),
        }
    }

    fn department(slug: &str) -> Department {
        Department {
            slug: slug.into(),
            name_fr: format!("Direction {slug}"),
            name_en: format!("Department {slug}"),
        }
    }

    fn item(id: i64, theme_slug: &str, dept: Option<&str>, track: Track) -> BoardItem {
        BoardItem {
            id,
            title: format!("P{id}"),
            theme: theme(theme_slug),
            department: dept.map(department),
            track,
            adopted_at: Some(at(0)),
            sent_at: None,
            answer_due: None,
            due_day: None,
            days_late: None,
            answered_at: None,
            verdict: None,
            progress: None,
            implemented_at: None,
            commitments: 0,
            commitments_met: 0,
            overdue: vec![],
        }
    }

    #[test]
    fn a_department_s_keyword_keeps_its_long_name_apart() {
        assert_eq!(
            Department::slug_of("Direction de la Voirie et des Déplacements").as_deref(),
            Some("direction-de-la-voirie-et-des-deplacements")
        );
        let long = "Direction de la Démocratie, des Citoyen·nes et des Territoires";
        assert_eq!(
            Department::slug_of(long).as_deref(),
            Some("direction-de-la-democratie-des-citoyen-nes-et-des-territoires")
        );
        assert_eq!(Department::slug_of("·—·"), None);
        assert!(Department::slug_of(&"Direction ".repeat(20)).unwrap().len() <= 80);
    }

    #[test]
    fn a_sent_proposal_is_late_from_its_due_instant() {
        let due = at(90);
        let s = ProposalStatus::SentToCity;
        assert_eq!(track(s, None, Some(due), at(89)), Some(Track::Awaiting));
        assert_eq!(
            track(s, None, Some(due), due - Duration::seconds(1)),
            Some(Track::Awaiting)
        );
        assert_eq!(track(s, None, Some(due), due), Some(Track::Late));
        // Sent before deadlines existed: never late.
        assert_eq!(track(s, None, None, at(900)), Some(Track::Awaiting));
        assert_eq!(days_late(due, due), 0);
        assert_eq!(days_late(due, at(89)), 0);
        assert_eq!(days_late(due, at(102) + Duration::hours(3)), 12);
    }

    #[test]
    fn a_referral_is_late_only_while_its_answer_is_awaited() {
        let referral = Referral {
            department: department("x"),
            sent_at: at(0),
            answer_due: at(90),
            due_day: at(89).date_naive(),
            days_late: None,
        };
        assert_eq!(referral.clone().late_at(true, at(89)).days_late, None);
        assert_eq!(referral.clone().late_at(true, at(90)).days_late, Some(0));
        assert_eq!(referral.clone().late_at(true, at(95)).days_late, Some(5));
        assert_eq!(referral.late_at(false, at(95)).days_late, None, "answered");
    }

    #[test]
    fn the_answer_and_what_follows_decide_the_rest() {
        use CityVerdict::*;
        use ProposalStatus as S;
        let now = at(10);
        assert_eq!(track(S::Adopted, None, None, now), Some(Track::ToSend));
        assert_eq!(
            track(S::CityResponded, Some(Accepted), None, now),
            Some(Track::Accepted)
        );
        assert_eq!(
            track(S::CityResponded, Some(Partly), None, now),
            Some(Track::Partly)
        );
        assert_eq!(
            track(S::CityResponded, Some(Rejected), None, now),
            Some(Track::Rejected)
        );
        assert_eq!(
            track(S::InProgress, Some(Partly), None, now),
            Some(Track::InProgress)
        );
        assert_eq!(
            track(S::Implemented, Some(Accepted), None, now),
            Some(Track::Implemented)
        );
        assert_eq!(
            track(S::Closed, Some(Rejected), None, now),
            Some(Track::Rejected)
        );
        assert_eq!(
            track(S::Closed, Some(Accepted), None, now),
            Some(Track::Closed)
        );
        for off in [
            S::Draft,
            S::Deliberation,
            S::Amendments,
            S::Vote,
            S::Rejected,
        ] {
            assert_eq!(track(off, None, None, now), None, "{off}");
        }
    }

    #[test]
    fn figures_count_each_group_and_take_the_median() {
        let mut items = vec![
            item(1, "a", Some("x"), Track::Late),
            item(2, "a", Some("y"), Track::Implemented),
            item(3, "b", Some("x"), Track::InProgress),
            item(4, "b", None, Track::ToSend),
            item(5, "a", Some("y"), Track::Rejected),
        ];
        for (i, days) in [(1, 30), (2, 10), (4, 40)] {
            items[i].sent_at = Some(at(0));
            items[i].answered_at = Some(at(days));
        }
        items[1].verdict = Some(CityVerdict::Accepted);
        items[2].verdict = Some(CityVerdict::Partly);
        items[4].verdict = Some(CityVerdict::Rejected);
        let f = figures(&items, &[theme("b"), theme("a"), theme("c")]);
        assert_eq!(f.all.total, 5);
        assert_eq!(f.all.of(Track::Late), 1);
        assert_eq!(f.all.of(Track::Awaiting), 0);
        let themes: Vec<(&str, u32)> = f
            .by_theme
            .iter()
            .map(|(t, c)| (t.slug.as_str(), c.total))
            .collect();
        assert_eq!(
            themes,
            [("b", 2), ("a", 3)],
            "in the themes' order, empty ones left out"
        );
        let depts: Vec<(&str, u32, u32)> = f
            .by_department
            .iter()
            .map(|(d, c)| (d.slug.as_str(), c.total, c.of(Track::Late)))
            .collect();
        assert_eq!(depts, [("x", 2, 1), ("y", 2, 0)]);
        // 10, 30, 40 days: the middle one.
        assert_eq!(f.median_days_to_answer, Some(30));
        // Two accepted (one in part), one carried out.
        assert_eq!(f.implemented_percent, Some(50));
        assert_eq!(
            (f.commitments, f.commitments_met, f.commitments_overdue),
            (0, 0, 0)
        );
        items[1].commitments = 3;
        items[1].commitments_met = 3;
        items[2].commitments = 2;
        items[2].overdue = vec![Overdue {
            commitment: 7,
            title: "Bancs".into(),
            due: at(50),
            days_late: 10,
        }];
        let f = figures(&items, &[]);
        assert_eq!(
            (f.commitments, f.commitments_met, f.commitments_overdue),
            (5, 3, 1)
        );
    }

    #[test]
    fn an_even_median_is_the_mean_of_the_middle_two_and_nothing_answered_has_none() {
        let mut items: Vec<BoardItem> = (0..4)
            .map(|i| item(i, "a", Some("x"), Track::Accepted))
            .collect();
        for (item, days) in items.iter_mut().zip([5, 9, 20, 100]) {
            item.sent_at = Some(at(0));
            item.answered_at = Some(at(days));
        }
        assert_eq!(figures(&items, &[]).median_days_to_answer, Some(14));
        let waiting = [item(9, "a", Some("x"), Track::Awaiting)];
        let f = figures(&waiting, &[]);
        assert_eq!(f.median_days_to_answer, None);
        assert_eq!(f.implemented_percent, None);
    }

    #[test]
    fn filters_are_checked_against_what_exists_and_keep_what_they_name() {
        let themes = [theme("a"), theme("b")];
        let depts = [department("x")];
        let f = BoardFilter::parse("a", "", "late", "", &themes, &depts).unwrap();
        assert_eq!(f.query(), "theme=a&statut=late");
        assert!(f.keeps(&item(1, "a", Some("x"), Track::Late)));
        assert!(!f.keeps(&item(2, "b", Some("x"), Track::Late)));
        assert!(!f.keeps(&item(3, "a", Some("x"), Track::Awaiting)));
        let by_dept = BoardFilter::parse(" ", "x", "", "2", &themes, &depts).unwrap();
        assert!(!by_dept.keeps(&item(4, "a", None, Track::ToSend)));
        assert_eq!(by_dept.page(), 2);
        assert_eq!(by_dept.href(3), "/suivi?direction=x&page=3");
        assert_eq!(by_dept.href(1), "/suivi?direction=x");
        assert_eq!(BoardFilter::default().href(2), "/suivi?page=2");
        assert!(BoardFilter::default().keeps(&item(4, "a", None, Track::ToSend)));
        assert_eq!(
            BoardFilter::parse("z", "", "", "", &themes, &depts),
            Err(FilterError::Theme)
        );
        assert_eq!(
            BoardFilter::parse("", "../x", "", "", &themes, &depts),
            Err(FilterError::Department)
        );
        assert_eq!(
            BoardFilter::parse("", "", "lost", "", &themes, &depts),
            Err(FilterError::Track)
        );
        for page in ["0", "-1", "deux", "99999999999"] {
            assert_eq!(
                BoardFilter::parse("", "", "", page, &themes, &depts),
                Err(FilterError::Page),
                "{page}"
            );
        }
    }

    #[test]
    fn the_figures_count_every_item_and_the_list_shows_one_page() {
        let items: Vec<BoardItem> = (0..45)
            .map(|i| item(i, "a", Some("x"), Track::Awaiting))
            .collect();
        let page = |n: u32| {
            let filter = BoardFilter {
                page: n,
                ..BoardFilter::default()
            };
            Board::of(&items, filter, vec![theme("a")], vec![], at(0))
        };
        let first = page(0);
        assert_eq!(
            (first.filter.page, first.pages, first.figures.all.total),
            (1, 3, 45)
        );
        assert_eq!(
            first.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            (0..20).collect::<Vec<_>>()
        );
        let last = page(3);
        assert_eq!(
            last.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            (40..45).collect::<Vec<_>>()
        );
        assert_eq!(last.figures, first.figures);
        let past = page(9);
        assert!(past.items.is_empty());
        assert_eq!((past.pages, past.figures.all.total), (3, 45));
        let none = Board::of::<BoardItem>(&[], BoardFilter::default(), vec![], vec![], at(0));
        assert_eq!((none.filter.page, none.pages), (1, 1));
    }
}
