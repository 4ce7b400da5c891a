//! What the public ledger records, and what each entry is about. The hash
//! chain itself lives in the `ledger` crate.

pub mod payload;

keyword_enum! {
    /// The kinds of public events, as written in each entry's `kind`.
    LedgerKind {
        DrawCommitment = "draw.commitment",
        SeedReveal = "draw.seed_reveal",
        PublicValue = "draw.public_value",
        DrawResult = "draw.result",
        ReplacementAnnounced = "draw.replacement_announced",
        Replacement = "draw.replacement",
        VoteOpened = "vote.opened",
        VoteResult = "vote.result",
        AmendmentAccepted = "amendment.accepted",
        ProposalStatus = "proposal.status",
        CityReferral = "city.referral",
        CityResponse = "city.response",
        CityCommitment = "city.commitment",
        Milestone = "city.milestone",
        CommentHidden = "comment.hidden",
        SittingStep = "sitting.step",
        SittingHands = "sitting.hands",
    }
}

/// What an entry is about: its `subject` is `proposal/{id}`, `draw/{id}`
/// or `sitting/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Subject {
    Proposal(i64),
    Draw(i64),
    Sitting(i64),
}

impl Subject {
    pub fn parse(text: &str) -> Option<Subject> {
        let (kind, id) = text.split_once('/')?;
        // Only canonical numbers, so that one subject has one spelling.
        let id: i64 = id
            .parse()
            .ok()
            .filter(|n: &i64| *n > 0 && n.to_string() == id)?;
        match kind {
            "proposal" => Some(Subject::Proposal(id)),
            "draw" => Some(Subject::Draw(id)),
            "sitting" => Some(Subject::Sitting(id)),
            _ => None,
        }
    }

    /// The page of the thing the entry is about.
    pub fn page(self) -> String {
        match self {
            Subject::Proposal(id) => format!("/proposals/{id}"),
            Subject::Draw(id) => format!("/draws/{id}"),
            Subject::Sitting(id) => format!("/seances/{id}"),
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Proposal(id) => write!(f, "proposal/{id}"),
            Subject::Draw(id) => write!(f, "draw/{id}"),
            Subject::Sitting(id) => write!(f, "sitting/{id}"),
        }
    }
}

/// The `/ledger` page's query string: an optional subject and a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LedgerQuery {
    subject: Option<Subject>,
    page: u32,
}

/// What is wrong with a `/ledger` query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerQueryError {
    BadSubject,
    BadPage,
}

impl LedgerQuery {
    /// Empty values mean "not given", as a submitted form sends them.
    pub fn parse(subject: Option<&str>, page: Option<&str>) -> Result<Self, LedgerQueryError> {
        let subject = match subject.filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => Some(Subject::parse(text).ok_or(LedgerQueryError::BadSubject)?),
        };
        let page = match page.filter(|p| !p.is_empty()) {
            None => 1,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=100_000).contains(p))
                .ok_or(LedgerQueryError::BadPage)?,
        };
        Ok(LedgerQuery { subject, page })
    }

    pub fn subject(&self) -> Option<Subject> {
        self.subject
    }

    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    /// The link to another page of the same listing.
    pub fn href(&self, page: u32) -> String {
        match self.subject() {
            Some(s) => format!("/ledger?subject={s}&page={page}"),
            None => format!("/ledger?page={page}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_round_trip_and_refuse_odd_spellings() {
        for s in [Subject::Proposal(12), Subject::Draw(1)] {
            assert_eq!(Subject::parse(&s.to_string()), Some(s));
        }
        for bad in [
            "proposal/012",
            "proposal/-1",
            "proposal/0",
            "vote/3",
            "draw/",
            "draw",
            "draw/1/2",
            "draw/+1",
        ] {
            assert_eq!(Subject::parse(bad), None, "{bad}");
        }
        assert_eq!(Subject::Proposal(3).page(), "/proposals/3");
    }

    #[test]
    fn ledger_queries_are_checked() {
        let q = LedgerQuery::parse(Some("draw/1"), Some("2")).unwrap();
        assert_eq!((q.subject(), q.page()), (Some(Subject::Draw(1)), 2));
        assert_eq!(q.href(3), "/ledger?subject=draw/1&page=3");
        assert_eq!(LedgerQuery::parse(Some(""), Some("")).unwrap().page(), 1);
        assert_eq!(
            LedgerQuery::parse(Some("<script>"), None),
            Err(LedgerQueryError::BadSubject)
        );
        for page in ["0", "-1", "x", "100001", "1e3"] {
            assert_eq!(
                LedgerQuery::parse(None, Some(page)),
                Err(LedgerQueryError::BadPage)
            );
        }
    }

    #[test]
    fn kinds_parse_back() {
        for k in LedgerKind::ALL {
            assert_eq!(LedgerKind::parse(k.as_str()), Some(*k));
        }
    }
}
