//! Volunteering for the lottery pool of an open draw.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::ssr;

pub use domain::OpenDraw;

#[server(endpoint = "draws/open")]
pub async fn open_draws() -> Result<Vec<OpenDraw>, AppError> {
    let state = ssr::state()?;
    let viewer = ssr::viewer().await?;
    Ok(db::draws::open_draws(&state.db, viewer.map(|v| v.user_id)).await?)
}

#[server(endpoint = "draws/volunteer")]
pub async fn volunteer(
    draw_id: i64,
    gender: String,
    birth_year: String,
    diploma: String,
    district: String,
    consent: Option<String>,
) -> Result<String, AppError> {
    use chrono::Datelike;
    use domain::census::{VolunteerError, Volunteering};
    let state = ssr::state()?;
    let lang = ssr::lang();
    let viewer = ssr::signed_in(domain::Action::Volunteer, domain::Resource::Assembly).await?;
    let draw = db::draws::open_draws(&state.db, None)
        .await?
        .into_iter()
        .find(|d| d.id == draw_id);
    let Some(draw) = draw else {
        return Err(AppError::invalid("draw_id", Msg::PoolClosed, lang));
    };
    let mut fields = ssr::Fields::new(lang);
    let answers = Volunteering::parse(
        &gender,
        &birth_year,
        &diploma,
        &district,
        consent.is_some(),
        draw.term_start.year(),
    )
    .map_err(|errors| {
        for (field, error) in errors {
            fields.refuse(
                field,
                match error {
                    VolunteerError::UnknownGender
                    | VolunteerError::UnknownDiploma
                    | VolunteerError::UnknownDistrict => Msg::ChooseInList,
                    VolunteerError::BadBirthYear => Msg::BadBirthYear,
                    VolunteerError::TooYoung => Msg::FieldAge,
                    VolunteerError::NoConsent => Msg::ConsentNeeded,
                },
            );
        }
    })
    .ok();
    let answers = fields.finish(answers)?;
    let pseudonym = domain::census::pseudonym(crate::auth::session::random_bytes());
    db::draws::volunteer(
        &state.db,
        draw_id,
        viewer.user_id,
        &pseudonym,
        &answers,
        chrono::Utc::now(),
    )
    .await?;
    Ok(pseudonym)
}
