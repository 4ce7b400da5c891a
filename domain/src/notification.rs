//! What the app tells the people concerned, and what facilitators see in
//! the moderation queue.

use chrono::{DateTime, NaiveDateTime, Utc};
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
        /// To the members who may vote and have not: the vote closes within a day.
        VoteReminder = "vote.reminder",
        /// To the members who could vote, and the proposal's author and
        /// supporters: the vote closed and was counted.
        VoteClosed = "vote.closed",
        /// To a proposal's author and supporters: the city answered.
        CityAnswered = "city.answered",
        /// To a proposal's author and supporters: the city reported progress.
        CityProgress = "city.progress",
        /// To a comment's author: someone replied.
        CommentReply = "comment.reply",
        /// To a comment's author: a facilitator hid it.
        CommentHidden = "comment.hidden",
        /// To the sitting members: a sitting is convened (answer present,
        /// absent or excused).
        SittingConvened = "sitting.convened",
        /// To the sitting members: a convened sitting's day, hours or place
        /// changed.
        SittingMoved = "sitting.moved",
        /// To the sitting members who did not send their apologies: the
        /// sitting is tomorrow.
        SittingReminder = "sitting.reminder",
        /// To those who follow its theme: a new proposal.
        ProposalNew = "proposal.new",
        /// To the officials of the department a proposal was sent to: its
        /// answer is due in a week.
        AnswerDueSoon = "city.due_soon",
        /// To the same: its answer is due today.
        AnswerDue = "city.due",
        /// To the officials of the department a proposal was sent to: a
        /// commitment of their answer falls due in a week.
        CommitmentDueSoon = "commitment.due_soon",
        /// To the same: it falls due today.
        CommitmentDue = "commitment.due",
    }
}

keyword_enum! {
    /// How a person hears of one kind of event, as stored in
    /// `notification_prefs.delivery`. Every way but `Off` also lists it in
    /// the app.
    Delivery {
        /// In the app only.
        App = "app",
        /// By e-mail, at once.
        Email = "email",
        /// At once on each device the person turned push notifications
        /// on for (Web Push).
        Push = "push",
        /// In one e-mail a day (at 8:00, Paris time) with the rest.
        Daily = "daily",
        /// In one e-mail a week (Monday, 8:00, Paris time) with the rest.
        Weekly = "weekly",
        /// Not at all.
        Off = "off",
    }
}

impl NotificationKind {
    /// How someone who chose nothing hears of it. The kinds follow the
    /// roles (votes and amendments reach members, answers reach residents
    /// who proposed or supported), so the default per kind is the default
    /// per role: a member hears at once of what asks them to act (a vote
    /// opened or about to close, a sitting convened, moved or tomorrow, a
    /// comment hidden); the rest waits in the app or the day's digest, so
    /// that the assembly never floods anyone.
    pub fn default_delivery(self) -> Delivery {
        use NotificationKind::*;
        match self {
            VoteOpened | VoteReminder | CommentHidden | SittingConvened | SittingMoved
            | SittingReminder | AnswerDueSoon | AnswerDue | CommitmentDueSoon | CommitmentDue => {
                Delivery::Email
            }
            CityAnswered | CityProgress | VoteClosed | ProposalNew => Delivery::Daily,
            AmendmentProposed | AmendmentAccepted | AmendmentRejected | CommentReply => {
                Delivery::App
            }
        }
    }
}

impl Delivery {
    /// Whether the notification is written at all.
    pub fn keeps(self) -> bool {
        self != Delivery::Off
    }

    /// What the notification waits for beyond the app: an e-mail, a push
    /// or a digest (stored in `notifications.delivery`).
    pub fn leaves_the_app(self) -> Option<Delivery> {
        matches!(
            self,
            Delivery::Email | Delivery::Push | Delivery::Daily | Delivery::Weekly
        )
        .then_some(self)
    }
}

/// What a person follows: proposals (id and title) and themes (slugs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Following {
    pub proposals: Vec<(i64, String)>,
    pub themes: Vec<String>,
}

/// One line of a person's notification settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPref {
    pub kind: NotificationKind,
    pub delivery: Delivery,
    /// Whether the person chose it (false: the kind's default).
    pub chosen: bool,
}

/// What a notification is about, with what its line and its e-mail
/// show of it: a proposal, or a sitting of the assembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationAbout {
    Proposal {
        id: i64,
        title: String,
    },
    /// Its hours as Paris wall-clock times.
    Sitting {
        id: i64,
        starts_local: NaiveDateTime,
        ends_local: NaiveDateTime,
        place: String,
    },
}

impl NotificationAbout {
    /// The page it links to, from the site's root.
    pub fn path(&self) -> String {
        match self {
            NotificationAbout::Proposal { id, .. } => format!("/proposals/{id}"),
            NotificationAbout::Sitting { id, .. } => format!("/seances/{id}"),
        }
    }

    /// The same subject whatever its details: digests group by it.
    pub fn key(&self) -> (bool, i64) {
        match self {
            NotificationAbout::Proposal { id, .. } => (false, *id),
            NotificationAbout::Sitting { id, .. } => (true, *id),
        }
    }
}

/// One notification as its recipient sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub about: NotificationAbout,
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
        assert_eq!(NotificationKind::parse("vote.close"), None);
        for delivery in Delivery::ALL {
            assert_eq!(Delivery::parse(delivery.as_str()), Some(*delivery));
            assert!(delivery.as_str().len() <= 16, "{delivery}");
        }
    }

    #[test]
    fn a_notification_links_to_its_proposal_or_its_sitting_and_groups_by_it() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let proposal = NotificationAbout::Proposal {
            id: 7,
            title: "Des arbres".into(),
        };
        let sitting = NotificationAbout::Sitting {
            id: 7,
            starts_local: at.naive_utc(),
            ends_local: at.naive_utc(),
            place: "Hôtel de Ville".into(),
        };
        assert_eq!(proposal.path(), "/proposals/7");
        assert_eq!(sitting.path(), "/seances/7");
        assert_ne!(proposal.key(), sitting.key());
        let renamed = NotificationAbout::Proposal {
            id: 7,
            title: "Plus d'arbres".into(),
        };
        assert_eq!(proposal.key(), renamed.key());
    }

    #[test]
    fn only_off_writes_nothing_and_only_mail_leaves_the_app() {
        assert!(!Delivery::Off.keeps());
        assert!(Delivery::App.keeps() && Delivery::App.leaves_the_app().is_none());
        for d in [Delivery::Email, Delivery::Daily, Delivery::Weekly] {
            assert!(d.keeps());
            assert_eq!(d.leaves_the_app(), Some(d));
        }
    }

    #[test]
    fn members_are_mailed_at_once_when_asked_to_vote_and_nobody_by_default_of_every_reply() {
        assert_eq!(
            NotificationKind::VoteOpened.default_delivery(),
            Delivery::Email
        );
        assert_eq!(
            NotificationKind::VoteReminder.default_delivery(),
            Delivery::Email
        );
        assert_eq!(
            NotificationKind::CommentReply.default_delivery(),
            Delivery::App
        );
        // A convocation asks for an answer: it is mailed at once.
        assert_eq!(
            NotificationKind::SittingConvened.default_delivery(),
            Delivery::Email
        );
        assert!(
            NotificationKind::ALL
                .iter()
                .all(|k| k.default_delivery().keeps())
        );
    }
}
