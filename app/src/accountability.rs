//! Holding the city to account: sending an adopted proposal to the
//! department that answers for it, the departments facilitators keep and
//! the officials answering for each, the city's delay to answer, and the
//! public board (`/suivi`); who sits, against the census (`/assemblee`).

use domain::accountability::{Board, Department};
use domain::composition::Composition;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::Msg;
#[cfg(feature = "ssr")]
use crate::ssr;

/// Limits of a department's names (characters).
pub const DEPARTMENT_NAME: (usize, usize) = (3, 120);

/// What facilitators see to keep the departments: each with its
/// officials, every official who could join one, and the city's delay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DepartmentsAdmin {
    pub departments: Vec<(Department, Vec<(i64, String)>)>,
    pub officials: Vec<(i64, String)>,
    pub answer_months: u32,
}

/// The city's departments (public: the board filters by them, the send
/// form lists them).
#[server(endpoint = "city/departments")]
pub async fn list_departments() -> Result<Vec<Department>, AppError> {
    let state = ssr::state()?;
    Ok(db::departments::list(&state.db).await?)
}

/// A facilitator sends an adopted proposal to the city: to the department
/// that will answer for it, by the date the delay gives.
#[server(endpoint = "city/send")]
pub async fn send_to_city(proposal_id: i64, department: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let viewer = ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    db::city::send_to_city(
        &state.db,
        proposal_id,
        department.trim(),
        viewer.user_id,
        state.clock.now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "admin/departments")]
pub async fn get_departments_admin() -> Result<DepartmentsAdmin, AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    Ok(DepartmentsAdmin {
        departments: db::departments::with_officials(&state.db).await?,
        officials: db::accounts::officials(&state.db).await?,
        answer_months: db::departments::answer_months(&state.db).await?,
    })
}

/// Adds a department (facilitators); its keyword comes from the French name.
#[server(endpoint = "admin/department/add")]
pub async fn add_department(name_fr: String, name_en: String) -> Result<(), AppError> {
    use domain::account::bounded_text;
    let state = ssr::state()?;
    let lang = ssr::lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let mut fields = ssr::Fields::new(lang);
    let (min, max) = DEPARTMENT_NAME;
    let name_fr = fields.check("name_fr", bounded_text(&name_fr, min, max, false));
    let name_en = fields.check("name_en", bounded_text(&name_en, min, max, false));
    let (name_fr, name_en) = fields.finish((name_fr, name_en))?;
    match db::departments::add(&state.db, &name_fr, &name_en).await? {
        Some(_) => Ok(()),
        None => Err(AppError::invalid("name_fr", Msg::DepartmentExists, lang)),
    }
}

/// Makes an official answer for a department, or no longer (facilitators).
#[server(endpoint = "admin/department/official")]
pub async fn set_department_official(
    department: String,
    user_id: i64,
    answers: bool,
) -> Result<(), AppError> {
    let state = ssr::state()?;
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    db::departments::set_official(&state.db, department.trim(), user_id, answers)
        .await
        .map_err(AppError::from)
}

/// Sets the months the city has to answer (facilitators), 1 to 24; the
/// proposals sent already keep their due date.
#[server(endpoint = "admin/answer-months")]
pub async fn set_answer_months(months: String) -> Result<(), AppError> {
    let state = ssr::state()?;
    let lang = ssr::lang();
    ssr::signed_in(domain::Action::ManageAgenda, domain::Resource::Assembly).await?;
    let Some(months) = months
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=db::departments::MAX_ANSWER_MONTHS).contains(n))
    else {
        return Err(AppError::invalid("months", Msg::BadAnswerMonths, lang));
    };
    Ok(db::departments::set_answer_months(&state.db, months).await?)
}

/// The public board, filtered by theme, department (`direction`) and step
/// (`statut`), as its URL says.
#[server(endpoint = "board")]
pub async fn get_board(
    theme: String,
    direction: String,
    statut: String,
    page: String,
) -> Result<Board, AppError> {
    use domain::accountability::{BoardFilter, FilterError};
    let state = ssr::state()?;
    let lang = ssr::lang();
    let choices = db::board::choices(&state.db).await?;
    let filter = BoardFilter::parse(
        &theme,
        &direction,
        &statut,
        &page,
        &choices.themes,
        &choices.departments,
    )
    .map_err(|e| match e {
        FilterError::Theme => AppError::invalid("theme", Msg::BadTheme, lang),
        FilterError::Department => AppError::invalid("direction", Msg::NoSuchDepartment, lang),
        FilterError::Track => AppError::invalid("statut", Msg::BadStatus, lang),
        FilterError::Page => AppError::invalid("page", Msg::BadPage, lang),
    })?;
    Ok(db::board::board(&state.db, &state.board, &filter, choices, state.clock.now()).await?)
}

/// The sitting cohort's composition against the census, at its draw and
/// today, and its participation (public: counts only). None before the
/// first draw.
#[server(endpoint = "assembly")]
pub async fn get_composition() -> Result<Option<Composition>, AppError> {
    let state = ssr::state()?;
    let kept = state
        .assembly
        .composition(&state.db, state.clock.now())
        .await?;
    Ok(Option::clone(&kept))
}
