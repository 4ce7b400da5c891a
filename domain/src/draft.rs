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
}
