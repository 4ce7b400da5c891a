//! Server functions of drafts written live (the text itself travels on
//! the websocket, `server/src/cowrite.rs`): starting one, inviting
//! co-authors, suggestions and their decisions, saved versions, and
//! publication as a proposal. Sitting members write proposals' drafts;
//! facilitators write sittings' minutes, which members read; each
//! function checks the person's role in the draft on the server.

use domain::{DraftSummary, DraftView};
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::live::Change;
#[cfg(feature = "ssr")]
use crate::ssr;

/// Limits of a draft's title and of a suggestion's texts (characters).
pub const TITLE: (usize, usize) = crate::agenda::TITLE;
pub const PASSAGE: (usize, usize) = crate::agenda::PASSAGE;

/// Who may do what on a draft.
#[cfg(feature = "ssr")]
mod access {
    use crate::error::AppError;
    use crate::ssr;
    use domain::DraftRole;

    /// The signed-in person and their role in the draft (`DraftRole::of`:
    /// members in a proposal's draft, facilitators and members in a
    /// sitting's minutes), or why not.
    pub async fn member_in(draft_id: i64) -> Result<(i64, DraftRole), AppError> {
        let state = ssr::state()?;
        let viewer = ssr::viewer().await?.ok_or(AppError::Unauthorized)?;
        match db::drafts::role(&state.db, draft_id, &ssr::actor(Some(&viewer))).await? {
            Some(role) => Ok((viewer.user_id, role)),
            None if db::drafts::published(&state.db, draft_id).await?.is_none() => {
                Err(AppError::NotFound)
            }
            None => Err(AppError::Forbidden),
        }
    }

    /// Refused unless `role` edits the draft (its authors).
    pub fn author(role: DraftRole) -> Result<(), AppError> {
        if role.edits() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The draft's room, loaded if nobody is writing it here.
    pub async fn room(draft_id: i64) -> Result<std::sync::Arc<crate::rooms::Room>, AppError> {
        let state = ssr::state()?;
        match state.rooms.open(draft_id).await? {
            Some(room) => Ok(room),
            None => Err(AppError::NotFound),
        }
    }

    /// Refused once the draft is a proposal.
    pub async fn unpublished(draft_id: i64) -> Result<(), AppError> {
        let state = ssr::state()?;
        if db::drafts::published(&state.db, draft_id).await? == Some(false) {
            Ok(())
        } else {
            Err(AppError::invalid(
                "draft",
                crate::i18n::Msg::DraftPublished,
                ssr::lang(),
            ))
        }
    }
}

/// Every draft (members).
#[server(endpoint = "drafts/list")]
pub async fn list_drafts() -> Result<Vec<DraftSummary>, AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::CoWriteDraft, domain::Resource::Assembly).await?;
    Ok(db::drafts::list(&state.db).await?)
}

/// Starts a draft; the member who starts it owns it.
#[server(endpoint = "drafts/create")]
pub async fn create_draft(theme: String, title: String) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::CoWriteDraft, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let title = fields.check(
        "title",
        domain::account::bounded_text(&title, TITLE.0, TITLE.1, false),
    );
    if !db::themes::list(&state.db)
        .await?
        .iter()
        .any(|t| t.slug == theme)
    {
        fields.refuse("theme", Msg::BadTheme);
    }
    let title = fields.finish(title)?;
    db::drafts::create(
        &state.db,
        viewer.user_id,
        &theme,
        &title,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

/// A draft's page: its authors, suggestions, versions, and who the owner
/// may invite.
#[server(endpoint = "drafts/get")]
pub async fn get_draft(draft_id: i64) -> Result<DraftView, AppError> {
    let state = ssr::state()?;
    let (_, role) = access::member_in(draft_id).await?;
    db::drafts::view(&state.db, draft_id, role, chrono::Utc::now().date_naive())
        .await?
        .ok_or(AppError::NotFound)
}

/// The owner invites a sitting member as co-author.
#[server(endpoint = "drafts/invite")]
pub async fn invite_coauthor(draft_id: i64, user_id: i64) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let (_, role) = access::member_in(draft_id).await?;
    if role != domain::DraftRole::Owner {
        return Err(AppError::Forbidden);
    }
    let today = chrono::Utc::now().date_naive();
    if !db::notifications::sitting_members(&state.db, today)
        .await?
        .contains(&user_id)
    {
        return Err(AppError::invalid(
            "user_id",
            crate::i18n::Msg::NotAMember,
            lang,
        ));
    }
    db::drafts::add_author(&state.db, draft_id, user_id, chrono::Utc::now()).await?;
    state.live.announce(Change::Draft(draft_id)).await;
    Ok(())
}

/// A member who is not an author suggests replacing a passage, quoted as
/// it reads now.
#[server(endpoint = "drafts/suggest")]
pub async fn suggest_change(
    draft_id: i64,
    passage: String,
    replacement: String,
) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let (user_id, role) = access::member_in(draft_id).await?;
    if role.edits() {
        // Authors write in the text itself.
        return Err(AppError::Forbidden);
    }
    access::unpublished(draft_id).await?;
    let mut fields = ssr::Fields::new(lang);
    let passage = fields.check(
        "passage",
        domain::account::bounded_text(&passage, 1, PASSAGE.1, true),
    );
    let replacement = fields.check(
        "replacement",
        domain::account::bounded_text(&replacement, 1, PASSAGE.1, true),
    );
    let (passage, replacement) = fields.finish((passage, replacement))?;
    let text = access::room(draft_id).await?.text().await;
    domain::diff::apply(&text, &passage, &replacement).map_err(|e| ssr::amendment_text(e, lang))?;
    let id = db::drafts::suggest(
        &state.db,
        draft_id,
        user_id,
        &passage,
        &replacement,
        chrono::Utc::now(),
    )
    .await?;
    state.live.announce(Change::Draft(draft_id)).await;
    Ok(id)
}

/// An author accepts a suggestion (the text changes live for everyone) or
/// rejects it.
#[server(endpoint = "drafts/decide")]
pub async fn decide_suggestion(suggestion_id: i64, accept: bool) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let Some((draft_id, passage, replacement)) =
        db::drafts::pending_suggestion(&state.db, suggestion_id).await?
    else {
        return Err(AppError::NotFound);
    };
    let (user_id, role) = access::member_in(draft_id).await?;
    access::author(role)?;
    access::unpublished(draft_id).await?;
    // Decided first, so that two acceptances at once apply it once.
    let decided = db::drafts::decide_suggestion(
        &state.db,
        suggestion_id,
        user_id,
        accept,
        chrono::Utc::now(),
    )
    .await?;
    if !decided {
        return Err(AppError::invalid(
            "stage",
            crate::i18n::Msg::WrongStage,
            lang,
        ));
    }
    if accept {
        let room = access::room(draft_id).await?;
        if let Err(e) = room.replace(user_id, &passage, &replacement).await {
            db::drafts::reopen_suggestion(&state.db, suggestion_id).await?;
            return Err(match e {
                crate::rooms::ReplaceError::Passage(e) => ssr::amendment_text(e, lang),
                crate::rooms::ReplaceError::TooLong => {
                    AppError::invalid("replacement", crate::i18n::Msg::DraftTooLong, lang)
                }
            });
        }
    }
    state.live.announce(Change::Draft(draft_id)).await;
    Ok(())
}

/// Saves the text as it reads now as a numbered version (authors).
#[server(endpoint = "drafts/version")]
pub async fn save_version(draft_id: i64) -> Result<Option<i32>, AppError> {
    let state = ssr::state()?;
    let (user_id, role) = access::member_in(draft_id).await?;
    access::author(role)?;
    access::unpublished(draft_id).await?;
    let text = access::room(draft_id).await?.text().await;
    let number =
        db::drafts::save_version(&state.db, draft_id, user_id, &text, chrono::Utc::now()).await?;
    state.live.announce(Change::Draft(draft_id)).await;
    Ok(number)
}

/// The owner publishes the draft as an assembly proposal, with a one-line
/// summary; its text is the draft's as it reads now, and the draft takes
/// no more edits.
#[server(endpoint = "drafts/publish")]
pub async fn publish_draft(draft_id: i64, summary: String) -> Result<i64, AppError> {
    use crate::agenda::{BODY, SUMMARY};
    let state = ssr::state()?;
    let lang = ssr::lang();
    let (user_id, role) = access::member_in(draft_id).await?;
    if role != domain::DraftRole::Owner {
        return Err(AppError::Forbidden);
    }
    access::unpublished(draft_id).await?;
    let text = access::room(draft_id).await?.text().await;
    let mut fields = ssr::Fields::new(lang);
    let summary = fields.check(
        "summary",
        domain::account::bounded_text(&summary, SUMMARY.0, SUMMARY.1, false),
    );
    let body = fields.check(
        "body",
        domain::account::bounded_text(&text, BODY.0, BODY.1, true),
    );
    let (summary, body) = fields.finish((summary, body))?;
    let now = chrono::Utc::now();
    db::drafts::save_version(&state.db, draft_id, user_id, &body, now).await?;
    let proposal = db::drafts::publish(&state.db, draft_id, &summary, &body, now).await?;
    state.rooms.close_room(draft_id, "draft published");
    state.live.announce(Change::Draft(draft_id)).await;
    Ok(proposal)
}

/// How a published proposal was written (public, like the proposal): the
/// versions its authors saved and the suggestions they accepted, each with
/// its writer. `None` when the proposal did not come from a draft.
#[server(endpoint = "proposal/draft")]
pub async fn proposal_draft(proposal_id: i64) -> Result<Option<DraftView>, AppError> {
    let state = ssr::state()?;
    let Some(draft_id) = db::drafts::draft_of(&state.db, proposal_id).await? else {
        return Ok(None);
    };
    let today = chrono::Utc::now().date_naive();
    let Some(mut view) =
        db::drafts::view(&state.db, draft_id, domain::DraftRole::Member, today).await?
    else {
        return Ok(None);
    };
    // What was turned down never became the proposal's text.
    view.suggestions
        .retain(|s| s.status == domain::AmendmentStatus::Accepted);
    Ok(Some(view))
}
