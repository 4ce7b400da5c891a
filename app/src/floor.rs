//! Server functions of a sitting's floor (issue 18): what the room sees
//! live, a member asking for the floor and withdrawing, the facilitator
//! giving, ending and ordering it, taking up an agenda item, and recording
//! a show of hands. Every change is announced to the pages open on the
//! sitting (`/seances/{id}/events`).

use domain::floor::FloorView;
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr;

/// The floor as the viewer sees it: anyone, signed in or not (the room's
/// screen is public, like the sitting).
#[server(endpoint = "sitting/floor")]
pub async fn get_floor(sitting_id: i64) -> Result<FloorView, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?.map(|v| v.user_id);
    Ok(db::floor::view(&state.db, sitting_id, viewer, state.clock.now()).await?)
}

#[cfg(feature = "ssr")]
async fn act(sitting_id: i64, user_id: i64, mv: db::floor::FloorMove) -> Result<(), AppError> {
    let state = ssr::state()?;
    db::floor::act(&state.db, sitting_id, user_id, mv, state.clock.now()).await?;
    state.live.sitting_changed(sitting_id).await;
    Ok(())
}

/// A member in the room asks for the floor, or withdraws (`ask` or
/// `withdraw`). Every move reaches every screen in the room: thirty a
/// quarter of an hour per member, more than any debate needs.
#[server(endpoint = "sittings/floor/ask")]
pub async fn ask_floor(sitting_id: i64, what: String) -> Result<(), AppError> {
    let viewer = ssr::signed_in(domain::Action::Vote, domain::Resource::Assembly).await?;
    let mv = match what.as_str() {
        "ask" => db::floor::FloorMove::Ask,
        "withdraw" => db::floor::FloorMove::Withdraw,
        _ => return Err(AppError::NotFound),
    };
    ssr::limit(
        &format!("floor:account:{}", viewer.user_id),
        30,
        chrono::Duration::minutes(15),
    )
    .await?;
    act(sitting_id, viewer.user_id, mv).await
}

/// A facilitator runs the floor: `next` (the first waiting), `give` (a
/// given request), `end`, `remove`, `up`, `down`; `seconds` is the
/// speaking time given with the floor.
#[server(endpoint = "sittings/floor/run")]
pub async fn run_floor(
    sitting_id: i64,
    what: String,
    request_id: Option<i64>,
    seconds: Option<String>,
) -> Result<(), AppError> {
    use db::floor::FloorMove as M;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let speaking_time = || {
        seconds
            .as_deref()
            .and_then(domain::floor::parse_speaking_time)
            .ok_or_else(|| AppError::invalid("seconds", crate::i18n::Msg::FieldEmpty, lang))
    };
    let request = || request_id.ok_or(AppError::NotFound);
    let mv = match what.as_str() {
        "next" => M::Give {
            request: None,
            seconds: speaking_time()?,
        },
        "give" => M::Give {
            request: Some(request()?),
            seconds: speaking_time()?,
        },
        "end" => M::End,
        "remove" => M::Remove(request()?),
        "up" => M::Up(request()?),
        "down" => M::Down(request()?),
        _ => return Err(AppError::NotFound),
    };
    act(sitting_id, viewer.user_id, mv).await
}

/// A facilitator takes up an agenda item (empty: none).
#[server(endpoint = "sittings/take-up")]
pub async fn take_up_item(sitting_id: i64, item_id: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let item_id = match item_id.trim() {
        "" => None,
        text => Some(text.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    db::floor::take_up(&state.db, sitting_id, item_id, state.clock.now()).await?;
    state.live.sitting_changed(sitting_id).await;
    Ok(())
}

/// A facilitator records a show of hands counted in the room, on the item
/// under way: in the ledger, on every screen.
#[server(endpoint = "sittings/hands")]
pub async fn record_hands(
    sitting_id: i64,
    pour: String,
    contre: String,
    abstention: String,
    majority: String,
    reason: String,
) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let present = db::sittings::attendance(&state.db, sitting_id)
        .await?
        .present;
    let checked = domain::floor::HandsFields::check(&pour, &contre, &abstention, &reason, present);
    let mut fields = ssr::Fields::new(lang);
    let mut take = |field: &str, r: Result<u32, domain::floor::HandsError>| {
        r.map_err(|e| fields.add(field, ssr::hands_message(e, lang)))
            .ok()
    };
    let (pour, contre, abstention) = (
        take("pour", checked.pour),
        take("contre", checked.contre),
        take("abstention", checked.abstention),
    );
    let total = checked
        .total
        .map_err(|e| fields.add("hands", ssr::hands_message(e, lang)))
        .ok();
    let reason = checked
        .reason
        .map_err(|e| fields.add("reason", ssr::hands_message(e, lang)))
        .ok();
    let majority = fields.require(
        "majority",
        domain::Majority::parse(&majority),
        crate::i18n::Msg::BadMajority,
    );
    let (pour, contre, abstention, (), reason, majority) =
        fields.finish((pour, contre, abstention, total, reason, majority))?;
    let hands = domain::floor::Hands {
        tally: domain::Tally {
            pour,
            contre,
            abstention,
        },
        majority,
        reason,
    };
    db::floor::record_hands(
        &state.db,
        sitting_id,
        viewer.user_id,
        hands,
        state.clock.now(),
    )
    .await?;
    state.live.sitting_changed(sitting_id).await;
    Ok(())
}
