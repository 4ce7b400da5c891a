//! The one error type of the persistence layer: why an action was refused
//! (a rule of the assembly, checked here because it needs the stored
//! state), or why the database could not do it (`Db`).
//!
//! The web layer turns each refusal into a message in the user's language
//! in one place (`app::ssr::errors`); `Db` causes are logged there and never
//! shown.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What the action names does not exist (or is not visible).
    #[error("not found")]
    NotFound,

    // Proposals and their deliberation.
    /// The proposal's stage does not allow this now.
    #[error("not allowed at this stage of the proposal")]
    WrongStage,
    /// Replies go three levels deep at most.
    #[error("reply too deep")]
    TooDeep,
    /// A citizen proposal needs more supports before the assembly takes it up.
    #[error("{supports} supports of the {needed} needed")]
    NotOnAgenda { supports: u32, needed: u32 },
    /// One cannot up-vote or report one's own comment.
    #[error("one's own comment")]
    OwnComment,
    /// Too much written too fast by one person (`crate::limits`).
    #[error("too many: wait {wait}")]
    TooMany { wait: chrono::Duration },
    /// Only its author may do this (edit a comment, decide on amendments).
    #[error("someone else's")]
    NotYours,
    /// The comment was hidden by a facilitator.
    #[error("hidden comment")]
    Hidden,
    #[error("already reported")]
    AlreadyReported,
    /// A secret ballot is final: nothing records its choice to take back.
    #[error("a secret ballot cannot be changed")]
    BallotSealed,
    /// The quoted passage cannot be replaced as asked.
    #[error("the amendment does not apply: {0:?}")]
    Amendment(domain::diff::AmendError),

    // Accounts.
    #[error("this e-mail address already has an account")]
    EmailTaken,
    #[error("the last facilitator cannot lose the role")]
    LastFacilitator,

    // Draws: pool, ceremony, draw, seating.
    /// The draw's stage does not allow this now.
    #[error("not possible at this stage of the draw")]
    DrawStage,
    #[error("too early")]
    TooEarly,
    #[error("too late")]
    TooLate,
    /// Done already (a second reveal, a second volunteering, a second run).
    #[error("already done")]
    Already,
    /// The draw's pool does not take volunteers now.
    #[error("this draw does not take volunteers now")]
    PoolClosed,
    #[error("the secret does not match the commitment")]
    BadReveal,
    /// A public value must become known after the reveals close (after
    /// now, for a replacement round).
    #[error("the public value would be known too soon")]
    KnownTooSoon,
    /// The typed public value does not fit its announced format.
    #[error("the public value does not fit its format: {0}")]
    PublicValue(lottery::ceremony::ValueError),
    /// The ceremony as stored would have let someone steer the seed.
    #[error("the ceremony could have been steered: {0}")]
    Steerable(lottery::ceremony::ChainError),
    #[error("nobody to replace")]
    NobodyToReplace,
    #[error("the quotas cannot be met: {0}")]
    Infeasible(String),
    #[error("the quota sheet has problems: {0:?}")]
    Quotas(Vec<domain::quotas::QuotaProblem>),
    #[error("no panel meets the quotas with this pool: {0}")]
    Diagnosis(lottery::Diagnosis),

    // Sittings.
    /// The sitting has opened: its details and agenda are the record now.
    #[error("the sitting no longer changes")]
    SittingClosedToChanges,
    /// The step does not follow from the sitting's state.
    #[error("not a step from the sitting's state")]
    SittingStepRefused,
    /// Answers to a convocation are taken while the sitting is convened.
    #[error("the convocation no longer takes answers")]
    SittingNotConvened,
    /// Presence is recorded while the sitting is open.
    #[error("the sitting is not open")]
    SittingNotOpen,
    /// The person is not a member on the sitting's day.
    #[error("not seated at this sitting")]
    NotSeated,
    /// The code is not the one shown in the room now (or just before).
    #[error("wrong room code")]
    WrongRoomCode,
    #[error("already present")]
    AlreadyPresent,
    /// The floor is asked from the room: the member must be marked present.
    #[error("not marked present")]
    NotPresent,
    /// A move on the floor its rules refuse.
    #[error("refused on the floor: {0:?}")]
    Floor(domain::floor::FloorError),
    /// More hands counted than members present.
    #[error("more hands than the {present} members present")]
    MoreHandsThanPresent { present: u32 },

    /// Minutes are written once the sitting has closed, until approved.
    #[error("the sitting's minutes are not written now")]
    MinutesNotNow,
    /// Nothing to approve: no minutes started, or an empty text.
    #[error("the minutes are not written")]
    MinutesNotWritten,
    /// Minutes are approved by the assembly in session: a later sitting
    /// must be open.
    #[error("no later sitting is open")]
    NoSittingUnderWay,

    /// A vote counted from those present is opened only on the item under
    /// way of an open sitting.
    #[error("the proposal is not the item under way of an open sitting")]
    NotUnderWay,

    // The city's departments.
    /// No department has this keyword.
    #[error("no such department")]
    NoSuchDepartment,
    /// Only city officials answer for a department.
    #[error("not a city official")]
    NotOfficial,
    /// The proposal was sent to a department this official does not
    /// answer for.
    #[error("another department answers for this proposal")]
    OtherDepartment,
    /// A rejected answer makes no commitment.
    #[error("a rejected answer makes no commitment")]
    NothingPromised,
    /// No commitment of this proposal has this id.
    #[error("no such commitment of this proposal")]
    NoSuchCommitment,
    /// A commitment reported done takes no further report.
    #[error("the commitment is done")]
    CommitmentDone,

    /// The database failed: a cause for the logs, never for the user.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Error {
    /// For a read that can only fail in the database (a refusal there is a
    /// broken invariant, reported as such).
    pub(crate) fn into_db(self) -> DbErr {
        match self {
            Error::Db(e) => e,
            other => DbErr::Custom(other.to_string()),
        }
    }
}

/// A keyword read back from the database (a status, a majority): an
/// unknown one is a broken row, reported as such, never read as a default.
pub(crate) fn stored<T>(parsed: Option<T>, column: &str, raw: &str) -> Result<T, DbErr> {
    parsed.ok_or_else(|| DbErr::Type(format!("{column}: unknown keyword {raw:?}")))
}
