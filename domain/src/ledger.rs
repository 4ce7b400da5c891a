//! What the public ledger records, and what each entry is about. The hash
//! chain itself lives in the `ledger` crate.

keyword_enum! {
    /// The kinds of public events, as written in each entry's `kind`.
    LedgerKind {
        DrawCommitment = "draw.commitment",
        SeedReveal = "draw.seed_reveal",
        DrawResult = "draw.result",
        Replacement = "draw.replacement",
        VoteOpened = "vote.opened",
        VoteResult = "vote.result",
        AmendmentAccepted = "amendment.accepted",
        ProposalStatus = "proposal.status",
        CityResponse = "city.response",
        Milestone = "city.milestone",
    }
}

/// What an entry is about: its `subject` is `proposal/{id}` or `draw/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Proposal(i64),
    Draw(i64),
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
            _ => None,
        }
    }

    /// The page of the thing the entry is about.
    pub fn page(self) -> String {
        match self {
            Subject::Proposal(id) => format!("/proposals/{id}"),
            Subject::Draw(id) => format!("/draws/{id}"),
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Proposal(id) => write!(f, "proposal/{id}"),
            Subject::Draw(id) => write!(f, "draw/{id}"),
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
    fn kinds_parse_back() {
        for k in LedgerKind::ALL {
            assert_eq!(LedgerKind::parse(k.as_str()), Some(*k));
        }
    }
}
