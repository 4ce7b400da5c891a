//! Counting members' ballots: quorum and majority.

use serde::{Deserialize, Serialize};

keyword_enum! {
    /// A member's ballot.
    Choice { For = "pour", Against = "contre", Abstain = "abstention" }
}

keyword_enum! {
    /// How many "pour" a vote needs; stored and sent as its keyword, parsed
    /// strictly (an unknown keyword is refused, never read as a default).
    #[derive(Default)]
    Majority {
        /// More "pour" than "contre"; abstentions count for the quorum only.
        #[default]
        Simple = "simple",
        /// At least two thirds of the "pour" and "contre" ballots are "pour".
        TwoThirds = "two_thirds",
    }
}

/// A member's own ballot in an open vote, as their page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MyBallot {
    /// A named ballot: its choice, which may change until the vote closes.
    Named(Choice),
    /// A secret ballot: cast and final. Nobody, the platform included, can
    /// tell its choice: it was only added to the vote's counters.
    Sealed,
}

/// Whether a vote's count may be shown: a named vote's at any time (its
/// ballots are published with names when it closes), a secret vote's only
/// once it is closed.
pub fn tally_is_public(secret: bool, closed: bool) -> bool {
    !secret || closed
}

/// How a vote is decided, chosen when the voting window opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRule {
    pub majority: Majority,
    /// Share of eligible members who must cast a ballot, in percent.
    pub quorum_percent: u8,
}

impl Default for VoteRule {
    fn default() -> Self {
        VoteRule {
            majority: Majority::Simple,
            quorum_percent: 50,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub pour: u32,
    pub contre: u32,
    pub abstention: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Adopted,
    Rejected,
    NoQuorum,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::Rejected => "rejected",
            Outcome::NoQuorum => "no_quorum",
        }
    }
}

impl Tally {
    pub fn from_ballots(ballots: impl IntoIterator<Item = Choice>) -> Tally {
        ballots.into_iter().fold(Tally::default(), |mut t, c| {
            t.add(c);
            t
        })
    }

    pub fn add(&mut self, choice: Choice) {
        match choice {
            Choice::For => self.pour += 1,
            Choice::Against => self.contre += 1,
            Choice::Abstain => self.abstention += 1,
        }
    }

    pub fn cast(&self) -> u32 {
        self.pour + self.contre + self.abstention
    }

    /// The result under `rule` when `eligible` members could vote.
    /// Integer arithmetic only, so that no rounding ever decides a vote.
    pub fn outcome(&self, rule: VoteRule, eligible: u32) -> Outcome {
        let cast = u64::from(self.cast());
        if cast * 100 < u64::from(rule.quorum_percent) * u64::from(eligible) || cast == 0 {
            return Outcome::NoQuorum;
        }
        let (pour, contre) = (u64::from(self.pour), u64::from(self.contre));
        let adopted = match rule.majority {
            Majority::Simple => pour > contre,
            Majority::TwoThirds => pour > 0 && pour * 3 >= (pour + contre) * 2,
        };
        if adopted {
            Outcome::Adopted
        } else {
            Outcome::Rejected
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_majority_is_read_from_its_keyword_only() {
        assert_eq!(Majority::parse("simple"), Some(Majority::Simple));
        assert_eq!(Majority::parse("two_thirds"), Some(Majority::TwoThirds));
        // A typo is refused, never read as a simple majority.
        assert_eq!(Majority::parse("two-thirds"), None);
        assert_eq!(Majority::parse(""), None);
    }

    use super::*;

    #[test]
    fn a_secret_vote_has_no_public_count_until_it_closes() {
        assert!(!tally_is_public(true, false));
        assert!(tally_is_public(true, true));
        assert!(tally_is_public(false, false));
        assert!(tally_is_public(false, true));
    }

    fn tally(pour: u32, contre: u32, abstention: u32) -> Tally {
        Tally {
            pour,
            contre,
            abstention,
        }
    }

    #[test]
    fn ballots_are_counted_by_choice() {
        let t = Tally::from_ballots([Choice::For, Choice::Abstain, Choice::For, Choice::Against]);
        assert_eq!(t, tally(2, 1, 1));
        assert_eq!(t.cast(), 4);
    }

    #[test]
    fn quorum_counts_abstentions_and_is_inclusive() {
        let rule = VoteRule {
            majority: Majority::Simple,
            quorum_percent: 50,
        };
        assert_eq!(tally(30, 10, 10).outcome(rule, 100), Outcome::Adopted);
        assert_eq!(tally(30, 10, 9).outcome(rule, 100), Outcome::NoQuorum);
        assert_eq!(
            tally(0, 0, 0).outcome(
                VoteRule {
                    quorum_percent: 0,
                    ..rule
                },
                100
            ),
            Outcome::NoQuorum
        );
    }

    #[test]
    fn a_tie_is_not_a_simple_majority() {
        let rule = VoteRule::default();
        assert_eq!(tally(30, 30, 0).outcome(rule, 100), Outcome::Rejected);
        assert_eq!(tally(31, 30, 0).outcome(rule, 100), Outcome::Adopted);
    }

    #[test]
    fn two_thirds_is_reached_exactly_at_two_thirds() {
        let rule = VoteRule {
            majority: Majority::TwoThirds,
            quorum_percent: 50,
        };
        assert_eq!(tally(40, 20, 0).outcome(rule, 100), Outcome::Adopted);
        assert_eq!(tally(39, 20, 0).outcome(rule, 100), Outcome::Rejected);
        assert_eq!(tally(0, 0, 60).outcome(rule, 100), Outcome::Rejected);
    }
}
