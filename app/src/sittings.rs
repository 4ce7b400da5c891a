//! Server functions of the sittings (issue 18): the public calendar and a
//! sitting's page, and the facilitators' preparation (details, agenda,
//! steps) and minutes. Each checks the role on the server, validates its
//! input, and makes one call to `db::sittings`.

use domain::sitting::{
    Attendance, MinutesView, MyAttendance, RollCallLine, SittingStep, SittingSummary, SittingView,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// The calendar page: what is coming, what has been.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub upcoming: Vec<SittingSummary>,
    pub past: Vec<SittingSummary>,
    /// The viewer prepares sittings (and sees those in preparation).
    pub can_manage: bool,
}

/// A sitting's page, with what the viewer may do to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SittingPage {
    pub sitting: SittingView,
    pub can_manage: bool,
    /// The facilitators' next step, if there is one.
    pub next_step: Option<SittingStep>,
    /// Proposals an agenda item can take up (for facilitators only).
    pub candidates: Vec<(i64, String)>,
    /// Counts everyone sees.
    pub attendance: Attendance,
    /// The signed-in person's own part (None when signed out).
    pub mine: Option<MyAttendance>,
    /// Facilitators, while the sitting is open: the room's code now, and
    /// when it changes (Paris time).
    pub room_code: Option<(String, chrono::NaiveDateTime)>,
    /// Facilitators: every seated member, their answer and presence.
    pub roll_call: Vec<RollCallLine>,
    /// Its minutes: their draft while written, the text once approved.
    pub minutes: MinutesView,
}

#[cfg(feature = "ssr")]
fn audience(viewer: Option<&domain::Viewer>) -> (db::sittings::Audience, bool) {
    let actor = ssr::actor(viewer);
    let manage = domain::permissions::can(
        &actor,
        domain::Action::ManageAgenda,
        domain::Resource::Assembly,
    );
    let audience = if manage {
        db::sittings::Audience::Facilitators
    } else {
        db::sittings::Audience::Public
    };
    (audience, manage)
}

#[server(endpoint = "sittings")]
pub async fn list_sittings() -> Result<Calendar, AppError> {
    let state = ssr::state()?;
    let (audience, can_manage) = audience(ssr::viewer().await?.as_ref());
    let now = state.clock.now();
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for (view, _, ends_at) in db::sittings::all(&state.db, audience).await? {
        let finished = matches!(
            view.summary.state,
            domain::sitting::SittingState::Closed | domain::sitting::SittingState::MinutesApproved
        );
        if finished || ends_at < now {
            past.push(view.summary);
        } else {
            upcoming.push(view.summary);
        }
    }
    past.reverse();
    Ok(Calendar {
        upcoming,
        past,
        can_manage,
    })
}

#[server(endpoint = "sitting")]
pub async fn get_sitting(id: i64) -> Result<SittingPage, AppError> {
    let state = ssr::state()?;
    // The session is read once: who asks decides both what they see and
    // their own attendance.
    let viewer = ssr::viewer().await?;
    let (audience, can_manage) = audience(viewer.as_ref());
    let sitting = db::sittings::get(&state.db, id, audience)
        .await?
        .ok_or(AppError::NotFound)?;
    let sitting_state = sitting.summary.state;
    let candidates = if can_manage && sitting_state.editable() {
        db::sittings::agenda_candidates(&state.db).await?
    } else {
        Vec::new()
    };
    // A sitting in preparation has no convocation yet.
    let public = sitting_state.public();
    let attendance = if public {
        db::sittings::attendance(&state.db, id).await?
    } else {
        Attendance::default()
    };
    let mine = match (&viewer, public) {
        (Some(v), true) => Some(db::sittings::my_attendance(&state.db, id, v.user_id).await?),
        _ => None,
    };
    let room_code = if can_manage && sitting_state == domain::sitting::SittingState::Open {
        db::sittings::current_code(&state.db, id, state.clock.now())
            .await?
            .map(|(code, until)| (code, domain::paris::local(until)))
    } else {
        None
    };
    let roll_call = if can_manage && public {
        db::sittings::roll_call(&state.db, id).await?
    } else {
        Vec::new()
    };
    let minutes = if public {
        db::sittings::minutes(&state.db, id).await?
    } else {
        MinutesView::default()
    };
    Ok(SittingPage {
        // The minutes are approved with their text, from their own section.
        next_step: can_manage
            .then(|| sitting_state.next_step())
            .flatten()
            .filter(|step| *step != SittingStep::ApproveMinutes),
        minutes,
        sitting,
        can_manage,
        candidates,
        attendance,
        mine,
        room_code,
        roll_call,
    })
}

/// A member answers the convocation: present, absent or excused.
#[server(endpoint = "sittings/reply")]
pub async fn reply_to_convocation(sitting_id: i64, answer: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::Vote, domain::Resource::Assembly).await?;
    let answer = domain::sitting::ConvocationAnswer::parse(&answer)
        .ok_or_else(|| AppError::invalid("answer", crate::i18n::Msg::FieldEmpty, ssr::lang()))?;
    Ok(db::sittings::reply(
        &state.db,
        sitting_id,
        viewer.user_id,
        answer,
        state.clock.now(),
    )
    .await?)
}

/// A member in the room checks in with the code shown there. Six digits
/// could be guessed: ten tries in ten minutes per member.
#[server(endpoint = "sittings/checkin")]
pub async fn check_in(sitting_id: i64, code: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Vote, domain::Resource::Assembly).await?;
    ssr::limit(
        &format!("checkin:account:{}", viewer.user_id),
        10,
        chrono::Duration::minutes(10),
    )
    .await?;
    let code = domain::sitting::parse_room_code(&code)
        .ok_or_else(|| AppError::invalid("code", crate::i18n::Msg::WrongRoomCode, lang))?;
    db::sittings::check_in(
        &state.db,
        sitting_id,
        viewer.user_id,
        &code,
        state.clock.now(),
    )
    .await?;
    state.live.sitting_changed(sitting_id).await;
    Ok(())
}

/// A facilitator marks a member present on the roll call, or takes it back.
#[server(endpoint = "sittings/mark")]
pub async fn mark_present(sitting_id: i64, user_id: i64, present: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let present = match present.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::NotFound),
    };
    db::sittings::mark(
        &state.db,
        sitting_id,
        user_id,
        present,
        viewer.user_id,
        state.clock.now(),
    )
    .await?;
    state.live.sitting_changed(sitting_id).await;
    Ok(())
}

/// Reads the sitting form; every field refused on its own.
#[cfg(feature = "ssr")]
fn details(
    starts: &str,
    ends: &str,
    place: &str,
    livestream: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<domain::sitting::SittingDetails, AppError> {
    let lang = ssr::lang();
    let checked = domain::sitting::SittingFields::check(
        domain::paris::parse_local(starts),
        domain::paris::parse_local(ends),
        place,
        livestream,
        now,
    );
    let mut fields = ssr::Fields::new(lang);
    let mut take = |field: &str, r| match r {
        Ok(v) => Some(v),
        Err(e) => {
            fields.add(field, ssr::sitting_message(e, lang));
            None
        }
    };
    let starts_at = take("starts", checked.starts_at);
    let ends_at = take("ends", checked.ends_at);
    let place = checked
        .place
        .map_err(|e| fields.add("place", ssr::sitting_message(e, lang)))
        .ok();
    let livestream_url = checked
        .livestream_url
        .map_err(|e| fields.add("livestream", ssr::sitting_message(e, lang)))
        .ok();
    let (starts_at, ends_at, place, livestream_url) =
        fields.finish((starts_at, ends_at, place, livestream_url))?;
    Ok(domain::sitting::SittingDetails {
        starts_at,
        ends_at,
        place,
        livestream_url,
    })
}

#[server(endpoint = "sittings/create")]
pub async fn create_sitting(
    starts: String,
    ends: String,
    place: String,
    livestream: String,
) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let now = state.clock.now();
    let details = details(&starts, &ends, &place, &livestream, now)?;
    Ok(db::sittings::create(&state.db, viewer.user_id, &details, now).await?)
}

#[server(endpoint = "sittings/update")]
pub async fn update_sitting(
    sitting_id: i64,
    starts: String,
    ends: String,
    place: String,
    livestream: String,
) -> Result<(), AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let now = state.clock.now();
    let details = details(&starts, &ends, &place, &livestream, now)?;
    Ok(db::sittings::update(&state.db, sitting_id, &details, now).await?)
}

#[server(endpoint = "sittings/step")]
pub async fn step_sitting(sitting_id: i64, step: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let step = SittingStep::parse(&step).ok_or_else(|| {
        AppError::invalid("stage", crate::i18n::Msg::SittingStepRefused, ssr::lang())
    })?;
    db::sittings::step(&state.db, sitting_id, step, state.clock.now()).await?;
    state.live.sitting_changed(sitting_id).await;
    Ok(())
}

/// A facilitator starts a closed sitting's minutes (or opens them, if
/// started): returns their draft, where every facilitator writes.
#[server(endpoint = "sittings/minutes/start")]
pub async fn start_minutes(sitting_id: i64) -> Result<i64, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let sitting = db::sittings::get(&state.db, sitting_id, db::sittings::Audience::Facilitators)
        .await?
        .ok_or(AppError::NotFound)?;
    // The draft's title is stored: in the assembly's language, French.
    let lang = domain::Lang::Fr;
    let title = format!(
        "{} {}",
        crate::i18n::Msg::MinutesTitle.text(lang),
        crate::i18n::format_date(sitting.summary.starts_local, lang)
    );
    let now = state.clock.now();
    Ok(db::sittings::start_minutes(&state.db, sitting_id, viewer.user_id, &title, now).await?)
}

/// The sitting under way approves a closed sitting's minutes: their draft
/// as it reads now is frozen, hashed and published; the draft takes no
/// more edits.
#[server(endpoint = "sittings/minutes/approve")]
pub async fn approve_minutes(sitting_id: i64) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let not_written =
        || AppError::invalid("minutes", crate::i18n::Msg::MinutesNotWritten, ssr::lang());
    let draft_id = db::sittings::minutes(&state.db, sitting_id)
        .await?
        .draft_id
        .ok_or_else(not_written)?;
    let room = state.rooms.open(draft_id).await?.ok_or_else(not_written)?;
    let text = room.text().await;
    let now = state.clock.now();
    let approved = db::sittings::approve_minutes(&state.db, sitting_id, &text, now).await?;
    db::drafts::save_version(&state.db, draft_id, viewer.user_id, &text, now).await?;
    state.rooms.close_room(draft_id, "minutes approved");
    state
        .live
        .announce(crate::live::Change::Draft(draft_id))
        .await;
    state.live.sitting_changed(sitting_id).await;
    state.live.sitting_changed(approved.approved_in).await;
    Ok(())
}

#[server(endpoint = "sittings/agenda/add")]
pub async fn add_agenda_item(
    sitting_id: i64,
    title: String,
    minutes: String,
    purpose: String,
    proposal_id: String,
) -> Result<(), AppError> {
    use domain::sitting::{AgendaPurpose, parse_agenda_title, parse_item_minutes};
    let state = ssr::state()?;
    let lang = ssr::lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let title = parse_agenda_title(&title)
        .map_err(|e| fields.add("title", ssr::sitting_message(e, lang)))
        .ok();
    let minutes = parse_item_minutes(&minutes)
        .map_err(|e| fields.add("minutes", ssr::sitting_message(e, lang)))
        .ok();
    let purpose = fields.require(
        "purpose",
        AgendaPurpose::parse(&purpose),
        crate::i18n::Msg::FieldEmpty,
    );
    let proposal_id = match proposal_id.trim() {
        "" => Some(None),
        text => fields.require(
            "proposal_id",
            text.parse::<i64>().ok().map(Some),
            crate::i18n::Msg::AgendaBadProposal,
        ),
    };
    let (title, minutes, purpose, proposal_id) =
        fields.finish((title, minutes, purpose, proposal_id))?;
    let item = db::sittings::NewItem {
        title,
        minutes,
        purpose,
        proposal_id,
    };
    db::sittings::add_item(&state.db, sitting_id, item, state.clock.now()).await?;
    Ok(())
}

#[server(endpoint = "sittings/agenda/change")]
pub async fn change_agenda_item(
    sitting_id: i64,
    item_id: i64,
    change: String,
) -> Result<(), AppError> {
    use db::sittings::ItemChange;
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let change = match change.as_str() {
        "remove" => ItemChange::Remove,
        "up" => ItemChange::Up,
        "down" => ItemChange::Down,
        _ => return Err(AppError::NotFound),
    };
    Ok(
        db::sittings::change_item(&state.db, sitting_id, item_id, change, state.clock.now())
            .await?,
    )
}
