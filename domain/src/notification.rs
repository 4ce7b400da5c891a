//! What the app tells the people concerned, and what facilitators see in
//! the moderation queue.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

keyword_enum! {
    /// Why someone is notified, as stored in `notifications.kind`.
    NotificationKind {
        /// To a proposal's author: a member proposed an amendment.
        AmendmentProposed = "amendment.proposed",
        /// To an amendment's author: it was accepted (by the author or the assembly).
        AmendmentAccepted = "amendment.accepted",
        /// To an amendment's author: it was rejected.
        AmendmentRejected = "amendment.rejected",
        /// To the members who may vote: a vote opened.
        VoteOpened = "vote.opened",
        /// To a proposal's author and supporters: the city answered.
        CityAnswered = "city.answered",
        /// To a proposal's author and supporters: the city reported progress.
        CityProgress = "city.progress",
        /// To a comment's author: someone replied.
        CommentReply = "comment.reply",
        /// To a comment's author: a facilitator hid it.
        CommentHidden = "comment.hidden",
    }
}

/// One notification as its recipient sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The reason a resident gives when reporting a comment.
pub const REPORT_REASON_MAX: usize = 500;
/// The public reason a facilitator gives when hiding a comment.
pub const HIDE_REASON_MAX: usize = 300;

/// A reported comment waiting for a facilitator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModerationItem {
    pub comment_id: i64,
    pub proposal_id: i64,
    pub proposal_title: String,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// The open reports' reasons, oldest first.
    pub reasons: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_fit_their_column() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(*kind));
            assert!(kind.as_str().len() <= 32, "{kind}");
        }
        assert_eq!(NotificationKind::parse("vote.closed"), None);
    }
}
