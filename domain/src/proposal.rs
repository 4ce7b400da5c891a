//! Proposals, their lifecycle, and the read models the pages show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

keyword_enum! {
    /// Where a proposal comes from.
    Origin { Assembly = "assembly", Citizen = "citizen" }
}

keyword_enum! {
    /// The lifecycle of a proposal, from an idea to its implementation.
    ProposalStatus {
        Draft = "draft",
        Deliberation = "deliberation",
        Amendments = "amendments",
        Vote = "vote",
        Adopted = "adopted",
        Rejected = "rejected",
        SentToCity = "sent_to_city",
        CityResponded = "city_responded",
        InProgress = "in_progress",
        Implemented = "implemented",
        Closed = "closed",
    }
}

impl ProposalStatus {
    /// The statuses a proposal may move to from this one. Everything else is
    /// refused, so the public history always reads as a legal path.
    pub fn next(self) -> &'static [ProposalStatus] {
        use ProposalStatus::*;
        match self {
            Draft => &[Deliberation],
            Deliberation => &[Amendments, Vote],
            Amendments => &[Vote],
            Vote => &[Adopted, Rejected],
            Adopted => &[SentToCity],
            SentToCity => &[CityResponded],
            CityResponded => &[InProgress, Closed],
            InProgress => &[Implemented, Closed],
            Rejected | Implemented | Closed => &[],
        }
    }

    /// Whether residents may comment. From deliberation to the end of the
    /// city's work, including while the city carries a proposal out: how it
    /// is done is what residents then have most to say about. Not on a
    /// draft (not public yet), nor once closed (the record is final).
    pub fn takes_comments(self) -> bool {
        !matches!(self, ProposalStatus::Draft | ProposalStatus::Closed)
    }

    pub fn can_move_to(self, to: ProposalStatus) -> bool {
        self.next().contains(&to)
    }

    /// The path from `Draft` to this status, following the lifecycle's
    /// main line: used to build a believable public history.
    pub fn path_from_draft(self) -> Vec<ProposalStatus> {
        use ProposalStatus::*;
        let main = [
            Draft,
            Deliberation,
            Amendments,
            Vote,
            Adopted,
            SentToCity,
            CityResponded,
            InProgress,
            Implemented,
        ];
        match self {
            Rejected => vec![Draft, Deliberation, Amendments, Vote, Rejected],
            Closed => vec![
                Draft,
                Deliberation,
                Amendments,
                Vote,
                Adopted,
                SentToCity,
                CityResponded,
                Closed,
            ],
            _ => {
                let end = main.iter().position(|s| *s == self).unwrap_or(0);
                main[..=end].to_vec()
            }
        }
    }
}

keyword_enum! {
    /// A commenter's position on the proposal.
    Stance { For = "pour", Against = "contre", Neutral = "neutre" }
}

keyword_enum! {
    AmendmentStatus {
        Pending = "pending",
        Accepted = "accepted",
        Rejected = "rejected",
        /// Rejected by the author and put to the assembly's vote.
        Contested = "contested",
    }
}

keyword_enum! {
    /// The city's answer to an adopted proposal.
    CityVerdict { Accepted = "accepted", Partly = "partly", Rejected = "rejected" }
}

/// A theme of deliberation (facilitators can add more than the four defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
}

impl Theme {
    /// The URL keyword of a theme named `name` (French): lower case, accents
    /// folded, words joined by hyphens; `None` when nothing is left.
    pub fn slug_of(name: &str) -> Option<String> {
        crate::keyword::keyword_of(name, 40)
    }
}

/// One line of a proposals list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalSummary {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub theme: Theme,
    pub origin: Origin,
    pub status: ProposalStatus,
    pub supports: i64,
    pub comments: i64,
    pub updated_at: DateTime<Utc>,
    /// When the city's answer is due, while it is awaited.
    pub answer_due: Option<DateTime<Utc>>,
    /// How many days the answer is late when read (`late_at`); None when
    /// it is not late, or came.
    pub days_late: Option<i64>,
}

impl ProposalSummary {
    /// The line as read at `now`: flagged late past its answer's due
    /// instant (the server reads its clock, so the page and its hydration
    /// agree).
    pub fn late_at(mut self, now: DateTime<Utc>) -> ProposalSummary {
        self.days_late = self
            .answer_due
            .filter(|due| now >= *due)
            .map(|due| crate::city::days_late(due, now));
        self
    }
}

/// A page of results and where it sits in the whole list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u32 {
        let per_page = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per_page)).unwrap_or(u32::MAX)
    }
}

/// A recorded move in a proposal's lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: ProposalStatus,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author: String,
    pub stance: Stance,
    pub body: String,
    pub upvotes: i64,
    pub created_at: DateTime<Utc>,
    /// When its author last changed it, shown next to it.
    pub edited_at: Option<DateTime<Utc>>,
    /// Set when a facilitator hid the comment; the body is then withheld.
    pub hidden_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AmendmentView {
    pub id: i64,
    pub author: String,
    pub original: String,
    pub replacement: String,
    pub rationale: String,
    pub status: AmendmentStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoteView {
    pub id: i64,
    pub rule: crate::VoteRule,
    pub secret: bool,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The count, `None` while a secret vote is open: nobody, facilitators
    /// included, sees a total before it closes (a total before and after
    /// one ballot would tell what that member voted).
    pub tally: Option<crate::Tally>,
    /// How many members have voted so far.
    pub voters: u32,
    pub eligible: u32,
    /// A vote taken in a sitting: the members present there, whom its
    /// quorum counts from (when it closed, or now while it is open).
    pub present: Option<u32>,
    /// Set when the vote is on a contested amendment, not the proposal.
    pub amendment_id: Option<i64>,
    /// When it closes itself, as Paris clocks show it (the page shows the
    /// assembly's time to everyone, wherever their phone is set).
    pub closes_at: Option<chrono::NaiveDateTime>,
}

impl VoteView {
    /// Whom the quorum counts from: the members present for a sitting's
    /// vote, every member whose term runs for the others.
    pub fn quorum_base(&self) -> u32 {
        self.present.unwrap_or(self.eligible)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CityResponseView {
    pub verdict: CityVerdict,
    pub body: String,
    pub official: String,
    pub created_at: DateTime<Utc>,
}

pub use crate::city::{Commitment, MilestoneView};

/// Everything the proposal page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalDetail {
    pub summary: ProposalSummary,
    /// Sanitised HTML rendered from the Markdown body on the server.
    pub body_html: String,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub history: Vec<StatusChange>,
    pub comments: Vec<CommentView>,
    pub amendments: Vec<AmendmentView>,
    pub votes: Vec<VoteView>,
    /// Where it was sent in the city, and when its answer is due.
    pub referral: Option<crate::city::Referral>,
    pub city_response: Option<CityResponseView>,
    /// Progress reports on no commitment in particular.
    pub milestones: Vec<MilestoneView>,
    /// The commitments of a favourable answer, by due date.
    pub commitments: Vec<Commitment>,
    /// Supports a citizen proposal needs to reach the assembly's agenda.
    pub support_threshold: u32,
    /// The members who wrote it together, when it came from a live draft.
    pub writers: Vec<String>,
    /// The next sitting that takes it up, if one is convened.
    pub on_agenda: Option<crate::sitting::OnAgenda>,
}

/// The figures on the home page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub members: u64,
    pub volunteers: u64,
    pub proposals: u64,
    pub adopted: u64,
    pub city_answered: u64,
    pub latest: Vec<ProposalSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_slugs_fold_accents_and_join_words() {
        assert_eq!(
            Theme::slug_of("Inégalités sociales").as_deref(),
            Some("inegalites-sociales")
        );
        assert_eq!(
            Theme::slug_of("  Culture & sport ").as_deref(),
            Some("culture-sport")
        );
        assert_eq!(Theme::slug_of("Œ").as_deref(), None);
        assert_eq!(Theme::slug_of("!!").as_deref(), None);
        let long = Theme::slug_of(&"mot ".repeat(30)).unwrap();
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn a_line_is_late_from_the_due_instant_and_only_while_awaited() {
        let due: DateTime<Utc> = "2027-03-07T23:00:00Z".parse().unwrap();
        let line = |answer_due| ProposalSummary {
            id: 1,
            title: "Titre".into(),
            summary: "Résumé".into(),
            theme: Theme {
                slug: "t".into(),
                name_fr: "T".into(),
                name_en: "T".into(),
            },
            origin: Origin::Assembly,
            status: ProposalStatus::SentToCity,
            supports: 0,
            comments: 0,
            updated_at: due,
            answer_due,
            days_late: None,
        };
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            line(Some(due))
                .late_at(at("2027-03-07T22:59:59Z"))
                .days_late,
            None
        );
        assert_eq!(line(Some(due)).late_at(due).days_late, Some(0));
        assert_eq!(
            line(Some(due))
                .late_at(at("2027-03-17T23:00:00Z"))
                .days_late,
            Some(10)
        );
        // Answered (or never sent): no due date is carried, never late.
        assert_eq!(
            line(None).late_at(at("2030-01-01T00:00:00Z")).days_late,
            None
        );
    }

    #[test]
    fn every_status_round_trips_through_its_keyword() {
        for status in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(ProposalStatus::parse("Adopted"), None);
    }

    #[test]
    fn the_main_path_of_every_status_is_a_chain_of_legal_moves() {
        for status in ProposalStatus::ALL {
            let path = status.path_from_draft();
            assert_eq!(path.first(), Some(&ProposalStatus::Draft));
            assert_eq!(path.last(), Some(status));
            for step in path.windows(2) {
                assert!(
                    step[0].can_move_to(step[1]),
                    "{} -> {} is not a legal move",
                    step[0],
                    step[1]
                );
            }
        }
    }

    #[test]
    fn final_statuses_lead_nowhere_and_no_status_skips_the_vote() {
        use ProposalStatus::*;
        for end in [Rejected, Implemented, Closed] {
            assert!(end.next().is_empty());
        }
        for status in ProposalStatus::ALL {
            assert!(
                !status.can_move_to(Adopted) || *status == Vote,
                "{status} reaches adoption without a vote"
            );
        }
    }

    #[test]
    fn page_count_rounds_up_and_survives_a_zero_page_size() {
        let page = |total, per_page| Page::<()> {
            items: vec![],
            page: 1,
            per_page,
            total,
        };
        assert_eq!(page(0, 10).page_count(), 0);
        assert_eq!(page(10, 10).page_count(), 1);
        assert_eq!(page(11, 10).page_count(), 2);
        assert_eq!(page(3, 0).page_count(), 3);
    }
}

/// A draw as its public page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawView {
    pub id: i64,
    pub title: String,
    pub seats: u32,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    pub status: String,
    pub pool_size: u32,
    /// SHA-256 of the canonical inputs, published before the seed existed.
    pub inputs_hash: Option<String>,
    pub seed: Option<String>,
    pub picked_index: Option<u32>,
    pub engine_version: Option<String>,
    pub min_probability: Option<f64>,
    pub max_probability: Option<f64>,
    pub quotas: Vec<QuotaView>,
    pub members: Vec<MemberView>,
    /// The draw whose cohort this one follows, and the one that follows it.
    pub renews: Option<i64>,
    pub renewed_by: Option<i64>,
    /// The term ends soon: the next cohort's draw should be under way.
    pub renewal_due: bool,
    /// When the announced public value becomes known, after which the
    /// draw runs (set when the pool closes; none while it is open).
    pub draw_after: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaView {
    pub feature: String,
    pub value: String,
    pub min: u32,
    pub max: u32,
    /// Seats the picked panel gives this value.
    pub seated: u32,
}

/// A member of a drawn assembly: a name only if they agreed to publish it,
/// always their member label (never their pool pseudonym).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub label: String,
    pub name: Option<String>,
}

/// A cohort of the assembly: the members one draw seated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohort {
    pub draw_id: i64,
    pub title: String,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    pub stage: crate::TermStage,
    pub members: Vec<RosterMember>,
}

keyword_enum! {
    /// Where a person drawn stands in their cohort: invited until they
    /// answer, then active or declined; an active member may leave.
    MembershipStatus {
        Invited = "invited",
        Active = "active",
        Declined = "declined",
        Left = "left",
    }
}

/// A person drawn: their name only if they agreed, always their member
/// label (never their pool pseudonym).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterMember {
    pub label: String,
    pub name: Option<String>,
    /// Declined invitations are not listed.
    pub status: MembershipStatus,
}

/// A draw taking volunteers, and the asking resident's receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDraw {
    pub id: i64,
    pub title: String,
    pub term_start: chrono::NaiveDate,
    /// The pseudonym of the asking resident, if they already volunteered.
    pub my_pseudonym: Option<String>,
}
