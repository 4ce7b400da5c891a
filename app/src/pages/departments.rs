//! The city's departments, kept by facilitators on the accounts page: the
//! list proposals are sent to, the officials answering for each, and the
//! months the city has to answer.

use leptos::prelude::*;

use crate::accountability::{
    AddDepartment, DepartmentsAdmin, SetAnswerMonths, SetDepartmentOfficial, get_departments_admin,
};
use crate::components::{ErrorBox, Loading};
use crate::forms::{Field, FormError, field_error, general_error, if_sent_by};
use crate::i18n::{Msg, tr, use_locale};

#[component]
pub fn Departments() -> impl IntoView {
    let add = ServerAction::<AddDepartment>::new();
    let official = ServerAction::<SetDepartmentOfficial>::new();
    let months = ServerAction::<SetAnswerMonths>::new();
    // Which department's form sent the officials' action: kept here, for
    // the list is drawn again when the action ends (even refused).
    let sender = RwSignal::new(None::<String>);
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                official.version().get(),
                months.version().get(),
            )
        },
        |_| get_departments_admin(),
    );
    view! {
        <section aria-labelledby="departments" id="departments" class="departments">
            <h2 id="departments">{tr(Msg::DepartmentsTitle)}</h2>
            <p class="hint">{tr(Msg::DepartmentsLead)}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                        Ok(d) => view! { <DepartmentList data=d official months sender/> }.into_any(),
                    }
                })}
            </Transition>
            <details class="new-draw">
                <summary>{tr(Msg::AddDepartment)}</summary>
                <ActionForm action=add attr:class="stack" attr:novalidate=true>
                    <Field name="name_fr" label=Msg::ThemeNameFr error=field_error(add, "name_fr")/>
                    <Field name="name_en" label=Msg::ThemeNameEn error=field_error(add, "name_en")/>
                    <FormError error=general_error(add) shown=&["name_fr", "name_en"]/>
                    <button type="submit" class="button">{tr(Msg::AddDepartment)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn DepartmentList(
    data: DepartmentsAdmin,
    official: ServerAction<SetDepartmentOfficial>,
    months: ServerAction<SetAnswerMonths>,
    sender: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    // Each department's forms share the action: the refusal shows beside
    // the department whose form sent it.
    let officials = data.officials;
    view! {
        <ActionForm action=months attr:class="inline-form" attr:novalidate=true>
            <Field name="months" label=Msg::AnswerMonths kind="number" value=data.answer_months.to_string()
                hint=Msg::AnswerMonthsHint error=field_error(months, "months")/>
            <FormError error=general_error(months) shown=&["months"]/>
            <button type="submit" class="button">{tr(Msg::Save)}</button>
        </ActionForm>
        {data.departments.is_empty().then(|| view! { <p class="empty">{tr(Msg::NoDepartmentYet)}</p> })}
        <ul class="department-list">
            {data.departments.into_iter().map(|(d, people)| {
                let slug = d.slug.clone();
                let name = d.name(locale.0.get_untracked()).to_owned();
                let refused = if_sent_by(general_error(official), sender, slug.clone());
                let mark = slug.clone();
                let candidates: Vec<(i64, String)> = officials
                    .iter()
                    .filter(|(id, _)| !people.iter().any(|(p, _)| p == id))
                    .cloned()
                    .collect();
                let select_id = format!("official-{slug}");
                let of_department = slug.clone();
                view! {
                    <li on:submit=move |_| sender.set(Some(mark.clone()))>
                        <h3>{move || d.name(locale.0.get()).to_owned()}</h3>
                        {if people.is_empty() {
                            view! { <p class="muted">{tr(Msg::NoOfficialYet)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="officials">
                                    {people.into_iter().map(|(id, person)| {
                                        let department = of_department.clone();
                                        let label = format!("{} — {person}", Msg::RemoveOfficial.text(locale.0.get_untracked()));
                                        view! {
                                            <li>
                                                {person.clone()} " "
                                                <ActionForm action=official attr:class="inline-form">
                                                    <input type="hidden" name="department" value=department/>
                                                    <input type="hidden" name="user_id" value=id/>
                                                    <input type="hidden" name="answers" value="false"/>
                                                    <button type="submit" class="button-small" aria-label=label>{tr(Msg::RemoveOfficial)}</button>
                                                </ActionForm>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {(!candidates.is_empty()).then(|| view! {
                            <ActionForm action=official attr:class="inline-form">
                                <input type="hidden" name="department" value=slug.clone()/>
                                <input type="hidden" name="answers" value="true"/>
                                <label for=select_id.clone()>{tr(Msg::AddOfficial)} " (" {name.clone()} ")"</label>
                                <select id=select_id name="user_id">
                                    {candidates.into_iter().map(|(id, person)| view! { <option value=id>{person}</option> }).collect_view()}
                                </select>
                                <button type="submit" class="button-small">{tr(Msg::AddButton)}</button>
                            </ActionForm>
                        })}
                        <FormError error=refused shown=&[]/>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
