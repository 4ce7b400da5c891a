//! `/members`: the assembly's cohorts, current and past. Members appear by
//! name only if they agreed; everyone by their member label, which nothing
//! public links to the pool pseudonym of their draw.

use domain::MembershipStatus;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorBox, Loading};
use crate::i18n::{Msg, page_title, tr};
use crate::public::get_roster;

#[component]
pub fn RosterPage() -> impl IntoView {
    let cohorts = Resource::new(|| (), |_| get_roster());
    view! {
        <Title text=page_title(Msg::RosterTitle)/>
        <h1>{tr(Msg::RosterTitle)}</h1>
        <p class="lead">{tr(Msg::MembersLead)}</p>
        <p><a href="/assemblee">{tr(Msg::CompositionLink)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match cohorts.await {
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                    Ok(list) => list.into_iter().map(|c| {
                        let (heading, labelled_by) = (format!("cohort-{}", c.draw_id), format!("cohort-{}", c.draw_id));
                        let active = c.members.iter().filter(|m| m.status == MembershipStatus::Active).count();
                        view! {
                            <section aria-labelledby=labelled_by class="cohort">
                                <h2 id=heading>
                                    <a href=format!("/draws/{}", c.draw_id)>{c.title.clone()}</a>
                                </h2>
                                <p class="card-meta">
                                    <span class=if c.stage == domain::TermStage::Current { "badge status-vote" } else { "badge" }>
                                        {tr(match c.stage {
                                            domain::TermStage::Upcoming => Msg::UpcomingCohort,
                                            domain::TermStage::Current => Msg::CurrentCohort,
                                            domain::TermStage::Past => Msg::PastCohort,
                                        })}
                                    </span>
                                    <span>{c.term_start.to_string()} " → " {c.term_end.to_string()}</span>
                                    <span>{active} " " {tr(Msg::ActiveMembers)}</span>
                                </p>
                                <ul class="members">
                                    {c.members.into_iter().map(|m| {
                                        let note = match m.status {
                                            MembershipStatus::Invited => Some(Msg::MemberInvited),
                                            MembershipStatus::Left => Some(Msg::MemberLeft),
                                            MembershipStatus::Active | MembershipStatus::Declined => None,
                                        };
                                        view! {
                                            <li>
                                                {m.name.clone().map(|n| view! { <strong>{n}</strong> " " })}
                                                <code>{m.label.clone()}</code>
                                                {note.map(|n| view! { " " <span class="badge">{tr(n)}</span> })}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view().into_any(),
                }
            })}
        </Suspense>
    }
}
