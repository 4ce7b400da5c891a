//! Drafts written live by several members (issue 7): what their pages show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::AmendmentStatus;

/// What someone may do in a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftRole {
    /// Wrote it first: invites co-authors, publishes it.
    Owner,
    /// Edits the text live and decides on suggestions.
    CoAuthor,
    /// Another sitting member: reads it live and suggests changes.
    Member,
}

impl DraftRole {
    pub fn edits(self) -> bool {
        matches!(self, DraftRole::Owner | DraftRole::CoAuthor)
    }

    /// Who may open a draft, and as what. A proposal's draft belongs to the
    /// sitting members: its owner and co-authors write, the other members
    /// read and suggest. A sitting's minutes are the facilitators' to
    /// write (all of them: whoever started them owns them) and the
    /// members' to read and suggest on. Anyone else may not open it.
    pub fn of(
        minutes: bool,
        actor: &crate::Actor,
        owner: bool,
        co_author: bool,
    ) -> Option<DraftRole> {
        actor.user_id?;
        let writer = if minutes {
            actor.facilitator
        } else {
            actor.member && (owner || co_author)
        };
        match (writer, owner) {
            (true, true) => Some(DraftRole::Owner),
            (true, false) => Some(DraftRole::CoAuthor),
            (false, _) if actor.member => Some(DraftRole::Member),
            (false, _) => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: i64,
    pub title: String,
    pub theme: crate::Theme,
    pub authors: Vec<String>,
    pub updated_at: DateTime<Utc>,
    /// Set once published.
    pub proposal_id: Option<i64>,
    /// Set when the draft is a sitting's minutes.
    pub minutes_of: Option<i64>,
}

/// A change a member who is not a co-author proposes; the same idea as an
/// amendment, decided by the authors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestionView {
    pub id: i64,
    pub author: String,
    pub original: String,
    pub replacement: String,
    pub status: AmendmentStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftVersionView {
    pub number: i32,
    pub body: String,
    pub author: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub summary: DraftSummary,
    pub role: DraftRole,
    pub suggestions: Vec<SuggestionView>,
    pub versions: Vec<DraftVersionView>,
    /// Sitting members the owner may invite (empty for everyone else).
    pub invitable: Vec<(i64, String)>,
    /// Takes no more edits: published as a proposal, or minutes approved.
    pub frozen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;

    fn actor(member: bool, facilitator: bool) -> Actor {
        Actor {
            user_id: Some(1),
            member,
            facilitator,
            ..Actor::default()
        }
    }

    #[test]
    fn members_write_proposals_drafts_and_facilitators_write_minutes() {
        let (member, facilitator, both) =
            (actor(true, false), actor(false, true), actor(true, true));
        let resident = actor(false, false);
        // A proposal's draft: its authors write, other members suggest.
        assert_eq!(
            DraftRole::of(false, &member, true, true),
            Some(DraftRole::Owner)
        );
        assert_eq!(
            DraftRole::of(false, &member, false, true),
            Some(DraftRole::CoAuthor)
        );
        assert_eq!(
            DraftRole::of(false, &member, false, false),
            Some(DraftRole::Member)
        );
        // An owner who no longer sits keeps their name, not the pen.
        assert_eq!(DraftRole::of(false, &facilitator, true, true), None);
        assert_eq!(DraftRole::of(false, &resident, false, false), None);
        // Minutes: every facilitator writes, members read and suggest.
        assert_eq!(
            DraftRole::of(true, &facilitator, true, true),
            Some(DraftRole::Owner)
        );
        assert_eq!(
            DraftRole::of(true, &facilitator, false, false),
            Some(DraftRole::CoAuthor)
        );
        assert_eq!(
            DraftRole::of(true, &both, false, false),
            Some(DraftRole::CoAuthor)
        );
        assert_eq!(
            DraftRole::of(true, &member, false, false),
            Some(DraftRole::Member)
        );
        // A member named co-author of minutes still only suggests.
        assert_eq!(
            DraftRole::of(true, &member, false, true),
            Some(DraftRole::Member)
        );
        assert_eq!(DraftRole::of(true, &resident, false, false), None);
        let anonymous = Actor {
            user_id: None,
            facilitator: true,
            ..Actor::default()
        };
        assert_eq!(DraftRole::of(true, &anonymous, false, false), None);
    }
}
