//! Volunteering for the lottery pool of an open draw.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::forms::{FormError, field_error, general_error};
use crate::i18n::{Msg, page_title, tr, use_locale};
use crate::viewer::use_viewer;
use crate::volunteer::{OpenDraw, Volunteer, open_draws};

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let action = ServerAction::<Volunteer>::new();
    let draws = Resource::new(move || action.version().get(), |_| open_draws());
    // One pool at a time: the one asked for (`?draw=ID`, linked from each
    // draw's page), else the next cohort's.
    let query = leptos_router::hooks::use_query_map();
    let wanted = move || query.with(|q| q.get_str("draw").and_then(|d| d.parse::<i64>().ok()));
    let viewer = use_viewer();
    view! {
        <Title text=page_title(Msg::VolunteerTitle)/>
        <section class="narrow">
            <h1>{tr(Msg::VolunteerTitle)}</h1>
            <p class="lead">{tr(Msg::VolunteerLead)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let signed_in = viewer.load().await.is_some();
                    match draws.await {
                        Err(error) => view! { <ErrorBox error/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{tr(Msg::NoOpenPool)}</p> }.into_any(),
                        Ok(list) => {
                            let chosen = match wanted() {
                                Some(id) => list.into_iter().find(|d| d.id == id),
                                None => list.into_iter().next(),
                            };
                            match chosen {
                                Some(d) => view! { <OpenPool draw=d signed_in action/> }.into_any(),
                                None => view! { <p>{tr(Msg::NoOpenPool)}</p> }.into_any(),
                            }
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OpenPool(draw: OpenDraw, signed_in: bool, action: ServerAction<Volunteer>) -> impl IntoView {
    let locale = use_locale();
    let options = move |values: &'static [domain::census::Share],
                        label: fn(&str, domain::Lang) -> String| {
        values
            .iter()
            .map(move |s| view! { <option value=s.value>{move || label(s.value, locale.0.get())}</option> })
            .collect_view()
    };
    view! {
        <h2>{draw.title.clone()}</h2>
        {match (draw.my_pseudonym.clone(), signed_in) {
            (Some(pseudonym), _) => view! {
                <div class="notice-box" role="status">
                    <p>{tr(Msg::VolunteerReceipt)} " " <strong><code>{pseudonym}</code></strong></p>
                    <p class="muted">{tr(Msg::VolunteerReceiptLead)}</p>
                </div>
            }.into_any(),
            (None, false) => view! { <p><a href="/signin">{tr(Msg::SignInToVolunteer)}</a></p> }.into_any(),
            (None, true) => view! {
                <ActionForm action attr:class="stack" attr:novalidate=true>
                    <input type="hidden" name="draw_id" value=draw.id/>
                    <div class="field">
                        <label for="v-gender">{tr(Msg::Gender)}</label>
                        <select id="v-gender" name="gender">{options(&domain::census::SEX, crate::i18n::census_label)}</select>
                    </div>
                    <div class="field">
                        <label for="v-birth">{tr(Msg::BirthYear)}</label>
                        <p class="hint" id="v-birth-hint">{tr(Msg::BirthYearHint)}</p>
                        <input id="v-birth" name="birth_year" inputmode="numeric" autocomplete="bday-year" aria-describedby="v-birth-hint v-birth-error"
                            aria-invalid=move || field_error(action, "birth_year").get().is_some().then_some("true")/>
                        <p class="field-error" id="v-birth-error" role="alert" hidden=move || field_error(action, "birth_year").get().is_none()>
                            {move || field_error(action, "birth_year").get().unwrap_or_default()}
                        </p>
                    </div>
                    <div class="field">
                        <label for="v-diploma">{tr(Msg::Diploma)}</label>
                        <select id="v-diploma" name="diploma">{options(&domain::census::DIPLOMAS, crate::i18n::census_label)}</select>
                    </div>
                    <div class="field">
                        <label for="v-district">{tr(Msg::District)}</label>
                        <select id="v-district" name="district">{options(&domain::census::DISTRICTS, crate::i18n::census_label)}</select>
                    </div>
                    <div class="field checkbox">
                        <input id="v-consent" type="checkbox" name="consent" value="on" aria-describedby="v-consent-error"/>
                        <label for="v-consent">{tr(Msg::ConsentText)}</label>
                        <p class="field-error" id="v-consent-error" role="alert" hidden=move || field_error(action, "consent").get().is_none()>
                            {move || field_error(action, "consent").get().unwrap_or_default()}
                        </p>
                    </div>
                    <FormError error=general_error(action) shown=&["birth_year", "consent"]/>
                    <button type="submit" class="button">{tr(Msg::VolunteerButton)}</button>
                </ActionForm>
            }.into_any(),
        }}
    }
}
