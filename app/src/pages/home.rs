use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading, ProposalCard};
use crate::i18n::{Msg, tr};
use crate::public::get_overview;

#[component]
pub fn HomePage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{tr(Msg::HomeTitle)}</h1>
            <p class="lead">{tr(Msg::HomeLead)}</p>
            <p class="actions">
                <a class="button" href="/proposals">{tr(Msg::SeeProposals)}</a>
                <a class="button-secondary" href="/volunteer">{tr(Msg::VolunteerTitle)}</a>
            </p>
        </section>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(o) => view! {
                        <section aria-labelledby="figures">
                            <h2 id="figures" class="visually-hidden">{tr(Msg::KeyFigures)}</h2>
                            <ul class="stats">
                                <li><strong>{o.members}</strong> <span>{tr(Msg::StatMembers)}</span></li>
                                <li><strong>{o.volunteers}</strong> <span>{tr(Msg::StatVolunteers)}</span></li>
                                <li><strong>{o.proposals}</strong> <span>{tr(Msg::StatProposals)}</span></li>
                                <li><strong>{o.adopted}</strong> <span>{tr(Msg::StatAdopted)}</span></li>
                                <li><strong>{o.city_answered}</strong> <span>{tr(Msg::StatAnswered)}</span></li>
                            </ul>
                        </section>
                        <section aria-labelledby="latest">
                            <h2 id="latest">{tr(Msg::LatestProposals)}</h2>
                            <div class="cards">
                                {o.latest.into_iter().map(|p| view! { <ProposalCard proposal=p/> }).collect_view()}
                            </div>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="how" class="how">
            <h2 id="how">{tr(Msg::HowItWorks)}</h2>
            <ol class="steps">
                <li>{tr(Msg::HowDraw)}</li>
                <li>{tr(Msg::HowDeliberate)}</li>
                <li>{tr(Msg::HowAnswer)}</li>
            </ol>
        </section>
    }
}
