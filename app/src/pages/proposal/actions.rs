//! The actions of a proposal page, created once and shared by its parts
//! through context; each success reloads the proposal and the visitor's
//! part in it.

use leptos::prelude::*;

use crate::agenda::{
    AdvanceProposal, CityRespond, DecideAmendment, OpenAmendmentVote, OpenVote, PostMilestone,
    ProposeAmendment,
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
    pub(super) support: ServerAction<SetSupport>,
    pub(super) ballot: ServerAction<CastBallot>,
    pub(super) close: ServerAction<CloseVote>,
    pub(super) steward: StewardActions,
    pub(super) part: Resource<Result<Participation, AppError>>,
}

#[derive(Clone, Copy)]
pub struct StewardActions {
    pub(super) advance: ServerAction<AdvanceProposal>,
    pub(super) open_vote: ServerAction<OpenVote>,
    pub(super) respond: ServerAction<CityRespond>,
    pub(super) milestone: ServerAction<PostMilestone>,
    pub(super) amend: ServerAction<ProposeAmendment>,
    pub(super) decide: ServerAction<DecideAmendment>,
    pub(super) amendment_vote: ServerAction<OpenAmendmentVote>,
}

impl StewardActions {
    /// The actions, each counted in `saved` when it succeeds.
    pub fn new(saved: RwSignal<usize>) -> StewardActions {
        let s = StewardActions {
            advance: ServerAction::new(),
            open_vote: ServerAction::new(),
            respond: ServerAction::new(),
            milestone: ServerAction::new(),
            amend: ServerAction::new(),
            decide: ServerAction::new(),
            amendment_vote: ServerAction::new(),
        };
        count_successes(s.advance, saved);
        count_successes(s.open_vote, saved);
        count_successes(s.respond, saved);
        count_successes(s.milestone, saved);
        count_successes(s.amend, saved);
        count_successes(s.decide, saved);
        count_successes(s.amendment_vote, saved);
        s
    }
}
