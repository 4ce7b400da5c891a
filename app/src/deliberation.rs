//! What residents and members do on a proposal: comment, support, vote.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::ssr;

/// What the signed-in person may do on a proposal, and has done.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Participation {
    pub signed_in: bool,
    pub can_comment: bool,
    pub can_support: bool,
    pub supported: bool,
    pub can_vote: bool,
    /// Facilitators open and close votes and move the agenda.
    pub can_close_votes: bool,
    /// City officials of the department it was sent to answer and report
    /// progress.
    pub can_answer_for_city: bool,
    /// Members propose amendments.
    pub can_amend: bool,
    /// The proposal's author decides on its amendments.
    pub is_author: bool,
    /// The member's current ballot in each open vote.
    pub ballots: Vec<(i64, Option<domain::MyBallot>)>,
    /// The comments they wrote here (which they may edit).
    pub my_comments: Vec<i64>,
    /// The comments they up-voted here.
    pub my_upvotes: Vec<i64>,
    /// Whether they follow this proposal.
    pub following: bool,
}

#[server(endpoint = "proposal/me")]
pub async fn my_part(proposal_id: i64) -> Result<Participation, AppError> {
    use domain::{Action, Resource, can};
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?;
    let actor = ssr::actor(viewer.as_ref());
    let Some(viewer) = viewer else {
        return Ok(Participation::default());
    };
    // Only what the page needs about this user, not the whole proposal again.
    let standing = db::supports::standing(&state.db, proposal_id, viewer.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let can_vote = can(&actor, Action::Vote, Resource::Assembly);
    let (my_comments, my_upvotes) =
        db::comments::my_comments(&state.db, proposal_id, viewer.user_id).await?;
    let following = db::follows::follows(&state.db, viewer.user_id, proposal_id).await?;
    Ok(Participation {
        signed_in: true,
        can_comment: can(&actor, Action::Comment, Resource::Assembly),
        can_support: can(&actor, Action::SupportProposal, Resource::Assembly)
            && standing.origin == domain::Origin::Citizen,
        supported: standing.supported,
        can_vote,
        can_close_votes: can(&actor, Action::OpenCloseVotes, Resource::Assembly),
        can_answer_for_city: can(&actor, Action::RespondAsCity, Resource::Assembly)
            && db::departments::answers_for(&state.db, proposal_id, viewer.user_id).await?,
        can_amend: can(&actor, Action::Amend, Resource::Assembly),
        is_author: standing.author,
        ballots: if can_vote {
            standing.open_ballots
        } else {
            Vec::new()
        },
        my_comments,
        my_upvotes,
        following,
    })
}

#[server(endpoint = "proposal/comment")]
pub async fn post_comment(
    proposal_id: i64,
    parent_id: Option<i64>,
    stance: String,
    body: String,
) -> Result<i64, AppError> {
    use domain::account::CommentText;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Comment, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let text = fields.check("body", CommentText::parse(&body));
    let stance = fields.require("stance", domain::Stance::parse(&stance), Msg::BadStance);
    let (text, stance) = fields.finish((text, stance))?;
    let new = db::comments::NewComment {
        proposal_id,
        author_id: viewer.user_id,
        parent_id,
        stance,
        body: text.as_str(),
        now: chrono::Utc::now(),
    };
    let id = db::comments::add_comment(&state.db, new).await?;
    state
        .live
        .announce(crate::live::Change::Comments(proposal_id))
        .await;
    Ok(id)
}

/// A proposal's comments (public): what the page reloads when a new one is
/// announced.
#[server(endpoint = "proposal/comments")]
pub async fn proposal_comments(proposal_id: i64) -> Result<Vec<domain::CommentView>, AppError> {
    let state = ssr::state()?;
    Ok(db::comments_of(&state.db, proposal_id).await?)
}

#[server(endpoint = "proposal/support")]
pub async fn set_support(proposal_id: i64, supported: bool) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer =
        ssr::signed_in(domain::Action::SupportProposal, domain::Resource::Assembly).await?;
    db::supports::set_support(
        &state.db,
        proposal_id,
        viewer.user_id,
        supported,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "vote/ballot")]
pub async fn cast_ballot(vote_id: i64, choice: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Vote, domain::Resource::Assembly).await?;
    let Some(choice) = domain::Choice::parse(&choice) else {
        return Err(AppError::invalid(
            "choice",
            crate::i18n::Msg::BadChoice,
            lang,
        ));
    };
    db::votes::cast_ballot(
        &state.db,
        vote_id,
        viewer.user_id,
        choice,
        chrono::Utc::now(),
    )
    .await?;
    state.live.announce_vote(vote_id).await;
    Ok(())
}

#[server(endpoint = "vote/close")]
pub async fn close_vote(vote_id: i64) -> Result<domain::Outcome, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::OpenCloseVotes, domain::Resource::Assembly).await?;
    let outcome =
        db::votes::close_vote(&state.db, vote_id, viewer.user_id, chrono::Utc::now()).await?;
    state.live.announce_vote(vote_id).await;
    Ok(outcome)
}

/// Up-votes a comment, or takes the up-vote back.
#[server(endpoint = "comment/upvote")]
pub async fn upvote_comment(comment_id: i64, up: bool) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::Comment, domain::Resource::Assembly).await?;
    let proposal_id = db::comments::set_upvote(&state.db, comment_id, viewer.user_id, up).await?;
    state
        .live
        .announce(crate::live::Change::Comments(proposal_id))
        .await;
    Ok(())
}

/// Its author rewrites a comment (marked as edited).
#[server(endpoint = "comment/edit")]
pub async fn edit_comment(comment_id: i64, body: String) -> Result<(), AppError> {
    use domain::account::CommentText;
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Comment, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let text = fields.check("body", CommentText::parse(&body));
    let text = fields.finish(text)?;
    let proposal_id = db::comments::edit_comment(
        &state.db,
        comment_id,
        viewer.user_id,
        text.as_str(),
        chrono::Utc::now(),
    )
    .await?;
    state
        .live
        .announce(crate::live::Change::Comments(proposal_id))
        .await;
    Ok(())
}

/// Reports a comment to the facilitators, with a reason.
#[server(endpoint = "comment/report")]
pub async fn report_comment(comment_id: i64, reason: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Comment, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let reason = fields.check(
        "reason",
        domain::account::bounded_text(&reason, 3, domain::notification::REPORT_REASON_MAX, true),
    );
    let reason = fields.finish(reason)?;
    db::comments::report_comment(
        &state.db,
        comment_id,
        viewer.user_id,
        &reason,
        chrono::Utc::now(),
    )
    .await?;
    Ok(())
}
