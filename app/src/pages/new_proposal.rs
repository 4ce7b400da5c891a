//! `/proposals/new`: a resident (or a member) writes a proposal and
//! publishes it; the server decides its origin from the author's role.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::agenda::CreateProposal;
use crate::forms::{Field, FormError, field_error, general_error};
use crate::i18n::{self, Msg, page_title, tr, use_locale};
use crate::public::get_themes;

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let locale = use_locale();
    let create = ServerAction::<CreateProposal>::new();
    let themes = Resource::new(|| (), |_| get_themes());
    let viewer = crate::viewer::use_viewer();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/proposals/{id}"), Default::default());
        }
    });
    let body_error = field_error(create, "body");
    let theme_error = field_error(create, "theme");
    view! {
        <Title text=page_title(Msg::NewProposalTitle)/>
        <p class="breadcrumb"><a href="/proposals">"← " {tr(Msg::BackToList)}</a></p>
        <h1>{tr(Msg::NewProposalTitle)}</h1>
        <p class="lead">{tr(Msg::NewProposalLead)}</p>
        <Transition>
            {move || match viewer.get() {
                None => view! {
                    <p><a class="button" href="/signin">{tr(Msg::SignInToPropose)}</a></p>
                }.into_any(),
                Some(_) => view! {
                    <ActionForm action=create attr:class="stack" attr:novalidate=true>
                        <div class="field">
                            <label for="f-theme">{tr(Msg::FilterTheme)}</label>
                            <select id="f-theme" name="theme"
                                aria-invalid=move || theme_error.get().is_some().then_some("true")>
                                <Suspense>
                                    {move || Suspend::new(async move {
                                        themes.await.unwrap_or_default().into_iter().map(|t| {
                                            let slug = t.slug.clone();
                                            view! { <option value=slug>{move || i18n::theme_name(&t, locale.0.get())}</option> }
                                        }).collect_view()
                                    })}
                                </Suspense>
                            </select>
                            <p class="field-error" role="alert" hidden=move || theme_error.get().is_none()>
                                {move || theme_error.get().unwrap_or_default()}
                            </p>
                        </div>
                        <Field name="title" label=Msg::ProposalTitleLabel error=field_error(create, "title")/>
                        <Field name="summary" label=Msg::ProposalSummaryLabel error=field_error(create, "summary")/>
                        <div class="field">
                            <label for="f-body">{tr(Msg::ProposalBodyLabel)}</label>
                            <p class="hint" id="f-body-hint">{tr(Msg::ProposalBodyHint)}</p>
                            <textarea id="f-body" name="body" rows="12" maxlength="20000"
                                aria-describedby="f-body-hint f-body-error"
                                aria-invalid=move || body_error.get().is_some().then_some("true")></textarea>
                            <p class="field-error" id="f-body-error" role="alert" hidden=move || body_error.get().is_none()>
                                {move || body_error.get().unwrap_or_default()}
                            </p>
                        </div>
                        <button type="submit" class="button">{tr(Msg::PublishProposal)}</button>
                        <FormError error=general_error(create) shown=&["theme", "title", "summary", "body"]/>
                    </ActionForm>
                }.into_any(),
            }}
        </Transition>
    }
}
