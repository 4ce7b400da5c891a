//! The actions of a proposal page, created once and shared by its parts
//! through context; each success reloads the proposal and the visitor's
//! part in it.

use leptos::prelude::*;

use crate::accountability::SendToCity;
use crate::agenda::{
    AddCommitment, AdvanceProposal, CityRespond, DecideAmendment, OpenAmendmentVote, OpenVote,
    PostMilestone, ProposeAmendment,
};
use crate::deliberation::{CastBallot, CloseVote, Participation, PostComment, SetSupport};
use crate::error::AppError;
use crate::forms::count_successes;

/// The actions of a proposal page, shared by its parts; each success
/// reloads the proposal and the visitor's part in it.
#[derive(Clone, Copy)]
pub struct Actions {
    /// Counts the successes that reload the page.
    pub(super) saved: RwSignal<usize>,
    pub(super) comment: ServerAction<PostComment>,
    /// Which comment form sent the last comment (`Some(None)`: the form
    /// for a new comment; `Some(Some(id))`: the reply to comment `id`).
    /// The comment forms share one action; only the one that sent it shows
    /// its refusal.
    pub(super) comment_from: RwSignal<Option<Option<i64>>>,
    pub(super) support: ServerAction<SetSupport>,
    pub(super) follow: ServerAction<crate::notifications::FollowProposal>,
    pub(super) ballot: ServerAction<CastBallot>,
    /// The choice a member last picked in each open vote's form, by vote.
    /// The page is rebuilt when its data reloads (the participation and the
    /// proposal come back one after the other), and a rebuilt form must show
    /// what the member picked since, not the ballot stored before.
    pub(super) picked: RwSignal<Vec<(i64, domain::Choice)>>,
    pub(super) close: ServerAction<CloseVote>,
    pub(super) steward: StewardActions,
    pub(super) part: Resource<Result<Participation, AppError>>,
}

#[derive(Clone, Copy)]
pub struct StewardActions {
    pub(super) advance: ServerAction<AdvanceProposal>,
    /// The stage the last press of an advance button asked for.
    pub(super) advance_to: RwSignal<Option<domain::ProposalStatus>>,
    pub(super) open_vote: ServerAction<OpenVote>,
    pub(super) send: ServerAction<SendToCity>,
    pub(super) respond: ServerAction<CityRespond>,
    pub(super) milestone: ServerAction<PostMilestone>,
    pub(super) commitment: ServerAction<AddCommitment>,
    pub(super) amend: ServerAction<ProposeAmendment>,
    pub(super) decide: ServerAction<DecideAmendment>,
    pub(super) amendment_vote: ServerAction<OpenAmendmentVote>,
    /// The amendment whose decision, or vote, was last asked for.
    pub(super) decided: RwSignal<Option<i64>>,
    pub(super) put_to_vote: RwSignal<Option<i64>>,
}

impl StewardActions {
    /// The actions, each counted in `saved` when it succeeds.
    pub fn new(saved: RwSignal<usize>) -> StewardActions {
        let s = StewardActions {
            advance: ServerAction::new(),
            advance_to: RwSignal::new(None),
            open_vote: ServerAction::new(),
            send: ServerAction::new(),
            respond: ServerAction::new(),
            milestone: ServerAction::new(),
            commitment: ServerAction::new(),
            amend: ServerAction::new(),
            decide: ServerAction::new(),
            amendment_vote: ServerAction::new(),
            decided: RwSignal::new(None),
            put_to_vote: RwSignal::new(None),
        };
        count_successes(s.advance, saved);
        count_successes(s.open_vote, saved);
        count_successes(s.send, saved);
        count_successes(s.respond, saved);
        count_successes(s.milestone, saved);
        count_successes(s.commitment, saved);
        count_successes(s.amend, saved);
        count_successes(s.decide, saved);
        count_successes(s.amendment_vote, saved);
        s
    }
}
