//! `/proposals/{id}`: a proposal with its history, amendments, vote, the
//! city's answer, follow-up and comments, and the actions of whoever is
//! looking (a folder: the actions shared by the parts, the amendments, the
//! steward's panel).

mod actions;
mod amendments;
mod steward;

use domain::{Choice, CommentView, Majority, MyBallot, ProposalDetail, Stance, VoteView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorBox, Loading, StatusBadge, TallyBars};
use crate::deliberation::{
    CastBallot, CloseVote, EditComment, Participation, PostComment, ReportComment, SetSupport,
    UpvoteComment, my_part,
};
use crate::error::AppError;
use crate::forms::{FormError, count_successes, field_error, general_error, if_sent_by};
use crate::i18n::{self, Msg, tr, use_locale};
use crate::pages::not_found::NotFound;
use crate::public::get_proposal;
use actions::Actions;

#[component]
pub fn ProposalPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get_str("id").and_then(|id| id.parse::<i64>().ok())));
    let comment = ServerAction::<PostComment>::new();
    let support = ServerAction::<SetSupport>::new();
    let follow = ServerAction::<crate::notifications::FollowProposal>::new();
    let ballot = ServerAction::<CastBallot>::new();
    let close = ServerAction::<CloseVote>::new();
    let saved = RwSignal::new(0usize);
    let steward = actions::StewardActions::new(saved);
    // The page reloads after successes only: a refused form keeps its text.
    count_successes(comment, saved);
    count_successes(support, saved);
    count_successes(follow, saved);
    count_successes(ballot, saved);
    count_successes(close, saved);
    let changes = move || saved.get();
    let part = Resource::new(
        move || (id.get(), changes()),
        |(id, _)| async move {
            match id {
                Some(id) => my_part(id).await,
                None => Ok(Participation::default()),
            }
        },
    );
    provide_context(Actions {
        saved,
        comment,
        comment_from: RwSignal::new(None),
        support,
        follow,
        ballot,
        picked: RwSignal::new(Vec::new()),
        close,
        steward,
        part,
    });
    let proposal = Resource::new(
        move || (id.get(), changes()),
        |(id, _)| async move {
            match id {
                Some(id) => get_proposal(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match proposal.await {
                    Ok(detail) => view! { <Proposal detail/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorBox error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where the proposal was sent in the city and by when its answer is due;
/// flagged when the answer is late.
#[component]
fn CityDeadline(referral: domain::accountability::Referral) -> impl IntoView {
    let locale = use_locale();
    let domain::accountability::Referral {
        department,
        due_day,
        days_late,
        ..
    } = referral;
    let department = move || department.name(locale.0.get()).to_owned();
    view! {
        <p class="city-deadline">
            {tr(Msg::SentToDepartment)} " " <strong>{department}</strong> " · "
            {tr(Msg::AnswerDueBy)} " "
            <time datetime=due_day.to_string()>{move || i18n::format_date(due_day, locale.0.get())}</time>
            {days_late.map(|days| view! {
                " " <span class="badge late">{move || i18n::late_by(days, locale.0.get())}</span>
            })}
        </p>
    }
}

#[component]
fn Proposal(detail: ProposalDetail) -> impl IntoView {
    let locale = use_locale();
    let ProposalDetail {
        summary,
        body_html,
        author,
        created_at,
        history,
        comments,
        amendments,
        votes,
        referral,
        city_response,
        milestones,
        commitments,
        support_threshold,
        writers,
        on_agenda,
    } = detail;
    let promising = city_response.as_ref().is_some_and(|r| {
        matches!(
            r.verdict,
            domain::CityVerdict::Accepted | domain::CityVerdict::Partly
        )
    });
    let open_commitments: Vec<(i64, String)> = commitments
        .iter()
        .filter(|c| c.done_at.is_none())
        .map(|c| (c.id, c.title.clone()))
        .collect();
    let theme = summary.theme.clone();
    let origin = summary.origin;
    let date = move |d| move || i18n::format_date(d, locale.0.get());
    let ledger_href = format!("/ledger?subject={}", domain::Subject::Proposal(summary.id));
    view! {
        <Title text=summary.title.clone()/>
        <p class="breadcrumb"><a href="/proposals">"← " {tr(Msg::BackToList)}</a></p>
        <article class="proposal">
            <header>
                <div class="card-meta">
                    <StatusBadge status=summary.status/>
                    <span class="theme">{move || i18n::theme_name(&theme, locale.0.get())}</span>
                    <span>{move || i18n::origin_label(origin, locale.0.get())}</span>
                </div>
                <h1>{summary.title.clone()}</h1>
                <p class="lead">{summary.summary.clone()}</p>
                <p class="byline">
                    {tr(Msg::ProposedBy)} " " <strong>{move || i18n::person(&author, locale.0.get())}</strong> " · "
                    <time datetime=created_at.to_rfc3339()>{date(created_at)}</time>
                    {(origin == domain::Origin::Citizen).then(|| view! { " · " {summary.supports} " " {tr(Msg::Supports)} })}
                </p>
                {on_agenda.map(|a| view! {
                    <p class="on-agenda">
                        {tr(Msg::OnAgendaOf)} " "
                        <a href=format!("/seances/{}", a.sitting_id)>
                            <time datetime=a.starts_local.format("%Y-%m-%dT%H:%M").to_string()>{move || i18n::format_date(a.starts_local, locale.0.get())}</time>
                        </a>
                        " (" {move || i18n::agenda_purpose_label(a.purpose, locale.0.get())} ")"
                    </p>
                })}
                {referral.map(|r| view! { <CityDeadline referral=r/> })}
                {(!writers.is_empty()).then(|| view! {
                    <p class="byline">
                        {tr(Msg::WrittenBy)} " " {writers.join(", ")} " · "
                        <a href=format!("/proposals/{}/versions", summary.id)>{tr(Msg::HowItWasWritten)}</a>
                    </p>
                })}
            </header>
            {(origin == domain::Origin::Citizen).then(|| view! {
                <AgendaProgress supports=summary.supports needed=support_threshold status=summary.status/>
                <SupportBox proposal_id=summary.id/>
            })}
            <FollowBox proposal_id=summary.id/>
            <steward::Steward proposal_id=summary.id status=summary.status promising open_commitments/>
            <div class="prose" inner_html=body_html></div>

            <section aria-labelledby="history">
                <h2 id="history">{tr(Msg::History)}</h2>
                <ol class="timeline">
                    {history.into_iter().map(|h| view! {
                        <li>
                            <strong>{move || i18n::status_label(h.status, locale.0.get())}</strong>
                            " — " <time datetime=h.at.to_rfc3339()>{date(h.at)}</time>
                            " · " {h.by.clone()}
                        </li>
                    }).collect_view()}
                </ol>
                <p><a href=ledger_href.clone()>{tr(Msg::LedgerSeeEntries)}</a></p>
            </section>

            {(!amendments.is_empty() || summary.status == domain::ProposalStatus::Amendments).then(|| view! {
                <amendments::Amendments proposal_id=summary.id status=summary.status amendments/>
            })}

            {votes.into_iter().map(|v| view! { <VoteResult vote=v ledger_href=ledger_href.clone()/> }).collect_view()}

            {city_response.map(|r| view! {
                <section aria-labelledby="city" class="city-response">
                    <h2 id="city">{tr(Msg::CityResponse)}</h2>
                    <p class="card-meta">
                        <span class=format!("badge verdict-{}", r.verdict.as_str())>
                            {move || i18n::verdict_label(r.verdict, locale.0.get())}
                        </span>
                        <span>{r.official.clone()}</span>
                        <time datetime=r.created_at.to_rfc3339()>{date(r.created_at)}</time>
                    </p>
                    <p>{r.body.clone()}</p>
                </section>
            })}

            {(!commitments.is_empty()).then(|| view! { <Commitments commitments/> })}

            {(!milestones.is_empty()).then(|| view! {
                <section aria-labelledby="follow-up">
                    <h2 id="follow-up">{tr(Msg::FollowUp)}</h2>
                    <Milestones milestones/>
                </section>
            })}

            <LiveComments proposal_id=summary.id status=summary.status initial=comments/>
        </article>
    }
}

/// Progress reports, oldest first.
#[component]
fn Milestones(milestones: Vec<domain::MilestoneView>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ol class="milestones">
            {milestones.into_iter().map(|m| view! {
                <li>
                    <span>{m.title.clone()}</span>
                    <progress max="100" value=m.progress aria-label=m.title.clone()>{m.progress} "%"</progress>
                    <span class="muted">{m.progress} " % · "
                        <time datetime=m.at.to_rfc3339()>{move || i18n::format_date(m.at, locale.0.get())}</time>
                    </span>
                </li>
            }).collect_view()}
        </ol>
    }
}

/// The city's commitments, by due date: each one's due day, progress and
/// reports, flagged when overdue.
#[component]
fn Commitments(commitments: Vec<domain::Commitment>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section aria-labelledby="commitments" class="commitments">
            <h2 id="commitments">{tr(Msg::Commitments)}</h2>
            <ol class="commitment-list">
                {commitments.into_iter().map(|c| {
                    let due_day = c.due_day;
                    view! {
                        <li class="commitment" id=format!("commitment-{}", c.id)>
                            <h3>{c.title.clone()}</h3>
                            <p class="card-meta">
                                <span>
                                    {tr(Msg::CommitmentDueBy)} " "
                                    <time datetime=due_day.to_string()>{move || i18n::format_date(due_day, locale.0.get())}</time>
                                </span>
                                {c.days_late.map(|days| view! {
                                    <span class="badge late">{move || i18n::late_by(days, locale.0.get())}</span>
                                })}
                                {c.done_at.map(|at| view! {
                                    <span class="badge verdict-accepted">
                                        {tr(Msg::CommitmentMet)} " "
                                        <time datetime=at.to_rfc3339()>{move || i18n::format_date(at, locale.0.get())}</time>
                                    </span>
                                })}
                            </p>
                            <p class="commitment-progress">
                                <progress max="100" value=c.progress aria-label=c.title.clone()>{c.progress} "%"</progress>
                                <span>{c.progress} " %"</span>
                            </p>
                            {(!c.milestones.is_empty()).then(|| view! { <Milestones milestones=c.milestones/> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// How far a citizen proposal in deliberation is from the assembly's
/// agenda (the threshold facilitators set).
#[component]
fn AgendaProgress(supports: i64, needed: u32, status: domain::ProposalStatus) -> impl IntoView {
    (status == domain::ProposalStatus::Deliberation).then(|| {
        if supports >= i64::from(needed) {
            view! { <p class="notice-box">{tr(Msg::OnAgenda)}</p> }.into_any()
        } else {
            view! {
                <p class="agenda-progress">
                    <label for="agenda-progress"><strong>{supports} " / " {needed}</strong> " " {tr(Msg::SupportsToAgenda)}</label>
                    <progress id="agenda-progress" max=needed value=supports>{supports} " / " {needed}</progress>
                </p>
            }.into_any()
        }
    })
}

/// Whether the proposal takes comments (`ProposalStatus::takes_comments`):
/// the comment forms are offered only then, and the page says why not.
#[derive(Clone, Copy)]
struct CommentsOpen(bool);

/// The comments, kept current: the server announces each new comment on
/// this proposal and the list alone reloads (the forms keep their text).
#[component]
fn LiveComments(
    proposal_id: i64,
    status: domain::ProposalStatus,
    initial: Vec<CommentView>,
) -> impl IntoView {
    let open = status.takes_comments();
    provide_context(CommentsOpen(open));
    let comments = RwSignal::new(initial);
    Effect::new(move |_| {
        super::in_browser::listen(
            &format!("/proposals/{proposal_id}/events"),
            "comment",
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(list) = crate::deliberation::proposal_comments(proposal_id).await {
                        comments.set(list);
                    }
                });
            },
        );
    });
    view! {
        <section aria-labelledby="comments">
            <h2 id="comments">{tr(Msg::Comments)} " (" {move || comments.with(Vec::len)} ")"</h2>
            {if open {
                view! { <CommentForm proposal_id parent=None/> }.into_any()
            } else {
                view! { <p class="notice-box" role="note">{tr(Msg::CommentsClosed)}</p> }.into_any()
            }}
            {move || {
                let all = comments.get();
                let empty = all.is_empty();
                view! {
                    <CommentThread all parent=None depth=1 proposal_id/>
                    {empty.then(|| view! { <p class="muted">{tr(Msg::NoComments)}</p> })}
                }
            }}
        </section>
    }
}

/// A vote and its result; `ledger_href` lists its public ledger entries.
#[component]
fn VoteResult(vote: VoteView, ledger_href: String) -> impl IntoView {
    let locale = use_locale();
    let outcome = vote
        .closed_at
        .and(vote.tally)
        .map(|t| t.outcome(vote.rule, vote.quorum_base()));
    let majority = match vote.rule.majority {
        Majority::Simple => Msg::MajoritySimple,
        Majority::TwoThirds => Msg::MajorityTwoThirds,
    };
    view! {
        <section aria-labelledby=format!("vote-{}", vote.id) class="vote">
            <h2 id=format!("vote-{}", vote.id)>{match vote.amendment_id {
                Some(a) => view! { {tr(Msg::AmendmentVoteTitle)} " " {a} }.into_any(),
                None => tr(Msg::Votes).into_any(),
            }}</h2>
            <p class="card-meta">
                <span class="badge">{tr(if vote.closed_at.is_some() { Msg::VoteClosed } else { Msg::VoteOpen })}</span>
                <span>{tr(majority)}</span>
                <span>
                    {tr(Msg::Quorum)} " " {vote.rule.quorum_percent} " %"
                    {vote.present.map(|n| view! { " " {tr(Msg::QuorumOfPresent)} " (" {n} ")" })}
                </span>
                <span>{tr(if vote.secret { Msg::SecretBallot } else { Msg::NamedBallot })}</span>
            </p>
            {match vote.tally {
                Some(t) => view! { <TallyBars t/> }.into_any(),
                None => view! { <p class="muted">{tr(Msg::ResultsAtClose)}</p> }.into_any(),
            }}
            {vote.closes_at.filter(|_| vote.closed_at.is_none()).map(|at| view! {
                <p class="vote-deadline">
                    {tr(Msg::ClosesAt)} " "
                    <time datetime=at.format("%Y-%m-%dT%H:%M").to_string()>
                        {move || i18n::format_date(at, locale.0.get())} " " {at.format("%H:%M").to_string()}
                    </time>
                    " " {tr(Msg::ParisTime)}
                </p>
            })}
            {vote.closed_at.is_none().then(|| view! { <BallotForm vote_id=vote.id secret=vote.secret/> <CloseVoteForm vote_id=vote.id/> })}
            <p>
                {tr(Msg::Turnout)} " : " {vote.voters} " / " {vote.eligible}
                {outcome.map(|o| view! { " · " <strong>{move || i18n::outcome_label(o, locale.0.get())}</strong> })}
            </p>
            {vote.closed_at.is_some().then(|| view! { <p><a href=ledger_href>{tr(Msg::LedgerSeeEntries)}</a></p> })}
        </section>
    }
}

/// Comments and their replies, three levels deep at most.
#[component]
fn CommentThread(
    all: Vec<CommentView>,
    parent: Option<i64>,
    depth: u8,
    proposal_id: i64,
) -> impl IntoView {
    let locale = use_locale();
    let open = use_context::<CommentsOpen>().is_none_or(|c| c.0);
    let children: Vec<CommentView> = all
        .iter()
        .filter(|c| c.parent_id == parent)
        .cloned()
        .collect();
    (!children.is_empty()).then(move || {
        view! {
            <ol class=format!("comments depth-{depth}")>
                {children.into_iter().map(|c| {
                    let replies = (depth < 3).then(|| view! {
                        {open.then(|| view! {
                            <details class="reply">
                                <summary>{tr(Msg::Reply)}</summary>
                                <CommentForm proposal_id parent=Some(c.id)/>
                            </details>
                        })}
                        <CommentThread all=all.clone() parent=Some(c.id) depth=depth + 1 proposal_id/>
                    }.into_any());
                    let created = c.created_at;
                    view! {
                        <li class="comment">
                            <p class="card-meta">
                                <strong>{
                                    let author = c.author.clone();
                                    move || i18n::person(&author, locale.0.get())
                                }</strong>
                                <span class=format!("badge stance-{}", c.stance.as_str())>
                                    {move || i18n::stance_label(c.stance, locale.0.get())}
                                </span>
                                <time datetime=created.to_rfc3339()>{move || i18n::format_date(created, locale.0.get())}</time>
                                {c.edited_at.map(|at| view! {
                                    <span class="muted">"(" <time datetime=at.to_rfc3339()>{tr(Msg::Edited)}</time> ")"</span>
                                })}
                            </p>
                            {match c.hidden_reason.clone() {
                                Some(reason) => view! { <p class="muted"><em>{tr(Msg::HiddenComment)} " " {reason}</em></p> }.into_any(),
                                None => view! { <p class="comment-body">{c.body.clone()}</p> }.into_any(),
                            }}
                            <CommentTools id=c.id upvotes=c.upvotes hidden=c.hidden_reason.is_some() body=c.body.clone()/>
                            {replies}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
    })
}

/// Up-vote, edit (its author) and report (everyone else signed in), as
/// the visitor's part allows. Each comment has its own actions, so an
/// error or a thank-you shows beside the comment it is about.
#[component]
fn CommentTools(id: i64, upvotes: i64, hidden: bool, body: String) -> impl IntoView {
    // Once comments are closed, up-votes and edits are too; reports stay.
    let open = use_context::<CommentsOpen>().is_none_or(|c| c.0);
    let actions = expect_context::<Actions>();
    let upvote = ServerAction::<UpvoteComment>::new();
    let edit = ServerAction::<EditComment>::new();
    let report = ServerAction::<ReportComment>::new();
    count_successes(upvote, actions.saved);
    count_successes(edit, actions.saved);
    let count = move || view! { <span class="muted">{upvotes} " " {tr(Msg::Upvotes)}</span> };
    let reported = move || matches!(report.value().get(), Some(Ok(())));
    view! {
        <Transition fallback=count>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    let part = actions.part.await.unwrap_or_default();
                    let mine = part.my_comments.contains(&id);
                    let upvoted = part.my_upvotes.contains(&id);
                    let others = part.can_comment && !mine && !hidden;
                    let (edit_id, reason_id) = (format!("edit-{id}"), format!("report-{id}"));
                    view! {
                        <div class="comment-tools">
                            {if others && open {
                                view! {
                                    <ActionForm action=upvote attr:class="inline-form">
                                        <input type="hidden" name="comment_id" value=id/>
                                        <input type="hidden" name="up" value=(!upvoted).to_string()/>
                                        <button type="submit" class="button-small" aria-pressed=upvoted.to_string()
                                            title=tr(if upvoted { Msg::UndoUpvoteLabel } else { Msg::UpvoteCommentLabel })>
                                            "▲ " {tr(Msg::UpvoteComment)} " · " {upvotes}
                                        </button>
                                    </ActionForm>
                                }.into_any()
                            } else {
                                count().into_any()
                            }}
                            {(open && mine && !hidden && part.can_comment).then(|| view! {
                                <details class="comment-edit">
                                    <summary>{tr(Msg::EditComment)}</summary>
                                    <ActionForm action=edit attr:class="stack">
                                        <input type="hidden" name="comment_id" value=id/>
                                        <div class="field">
                                            <label for=edit_id.clone()>{tr(Msg::YourComment)}</label>
                                            <textarea id=edit_id name="body" rows="3" maxlength="5000">{body}</textarea>
                                            <p class="field-error" role="alert">{move || field_error(edit, "body").get()}</p>
                                        </div>
                                        <FormError shown=&["body"] error=general_error(edit)/>
                                        <button type="submit" class="button">{tr(Msg::SaveComment)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            {others.then(|| view! {
                                <details class="comment-report">
                                    <summary>{tr(Msg::ReportComment)}</summary>
                                    <ActionForm action=report attr:class="stack">
                                        <input type="hidden" name="comment_id" value=id/>
                                        <div class="field">
                                            <label for=reason_id.clone()>{tr(Msg::ReportReason)}</label>
                                            <textarea id=reason_id name="reason" rows="2" maxlength="500"></textarea>
                                            <p class="field-error" role="alert">{move || field_error(report, "reason").get()}</p>
                                        </div>
                                        <p class="success" role="status" hidden=move || !reported()>{tr(Msg::ReportSent)}</p>
                                        <FormError shown=&["reason"] error=general_error(report)/>
                                        <button type="submit" class="button-secondary" disabled=reported>{tr(Msg::SendReport)}</button>
                                    </ActionForm>
                                </details>
                            })}
                            // Each action's refusal beside its own control: one
                            // refused earlier must not hide a newer one.
                            <FormError shown=&[] error=general_error(upvote)/>
                        </div>
                    }
                })
            }}
        </Transition>
    }
}

/// Support for a citizen proposal, for signed-in residents.
#[component]
fn SupportBox(proposal_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                part.can_support.then(|| view! {
                    <ActionForm action=actions.support attr:class="support-box">
                        <input type="hidden" name="proposal_id" value=proposal_id/>
                        <input type="hidden" name="supported" value=(!part.supported).to_string()/>
                        {part.supported.then(|| view! { <p class="success">{tr(Msg::YouSupport)}</p> })}
                        <button type="submit" class=if part.supported { "button-secondary" } else { "button" }>
                            {tr(if part.supported { Msg::WithdrawSupport } else { Msg::Support })}
                        </button>
                        <FormError error=general_error(actions.support) shown=&[]/>
                    </ActionForm>
                })
            })}
        </Transition>
    }
}

/// Following the proposal, for anyone signed in: its news then reaches
/// them as it reaches its supporters.
#[component]
fn FollowBox(proposal_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                part.signed_in.then(|| view! {
                    <ActionForm action=actions.follow attr:class="follow-box">
                        <input type="hidden" name="proposal_id" value=proposal_id/>
                        <input type="hidden" name="on" value=(!part.following).to_string()/>
                        {part.following.then(|| view! { <p class="success">{tr(Msg::YouFollow)}</p> })}
                        <button type="submit" class="button-secondary" aria-pressed=part.following.to_string()>
                            {tr(if part.following { Msg::Unfollow } else { Msg::Follow })}
                        </button>
                        <FormError error=general_error(actions.follow) shown=&[]/>
                    </ActionForm>
                })
            })}
        </Transition>
    }
}

/// A member's ballot in an open vote: a named one can change until the vote
/// closes; a secret one is final, and once cast the form gives way to a
/// receipt.
#[component]
fn BallotForm(vote_id: i64, secret: bool) -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                let mine = part.ballots.iter().find(|(v, _)| *v == vote_id).and_then(|(_, b)| *b);
                if !part.can_vote {
                    return None;
                }
                if mine == Some(MyBallot::Sealed) {
                    return Some(view! { <p class="success" role="status">{tr(Msg::BallotSealedRecorded)}</p> }.into_any());
                }
                let stored = match mine {
                    Some(MyBallot::Named(choice)) => Some(choice),
                    _ => None,
                };
                let picked = actions.picked;
                let shown = picked
                    .with_untracked(|p| p.iter().find(|(v, _)| *v == vote_id).map(|(_, c)| *c))
                    .or(stored);
                Some(view! {
                    <ActionForm action=actions.ballot attr:class="ballot">
                        <input type="hidden" name="vote_id" value=vote_id/>
                        <fieldset>
                            <legend>{tr(Msg::YourBallot)}</legend>
                            {[(Choice::For, Msg::ChoiceFor), (Choice::Against, Msg::ChoiceAgainst), (Choice::Abstain, Msg::ChoiceAbstain)].into_iter().map(|(choice, label)| {
                                let id = format!("ballot-{vote_id}-{}", choice.as_str());
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=id.clone() name="choice" value=choice.as_str() checked=shown == Some(choice)
                                            on:change=move |_| picked.update(|p| {
                                                p.retain(|(v, _)| *v != vote_id);
                                                p.push((vote_id, choice));
                                            })/>
                                        <label for=id>{tr(label)}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        {secret.then(|| view! { <p class="muted">{tr(Msg::SecretBallotIsFinal)}</p> })}
                        {stored.is_some().then(|| view! { <p class="success" role="status">{tr(Msg::BallotRecorded)}</p> })}
                        <FormError error=general_error(actions.ballot) shown=&[]/>
                        <button type="submit" class="button">{tr(Msg::CastBallot)}</button>
                    </ActionForm>
                }.into_any())
            })}
        </Transition>
    }
}

/// A new comment, or a reply to `parent`.
#[component]
fn CommentForm(proposal_id: i64, parent: Option<i64>) -> impl IntoView {
    let open = use_context::<CommentsOpen>().is_none_or(|c| c.0);
    let actions = expect_context::<Actions>();
    let suffix = parent.map_or_else(|| "new".to_owned(), |p| p.to_string());
    let (body_id, stance_id) = (format!("c-body-{suffix}"), format!("c-stance-{suffix}"));
    let error_id = format!("{body_id}-error");
    view! {
        <Transition>
            {move || {
                let (body_id, stance_id, error_id) = (body_id.clone(), stance_id.clone(), error_id.clone());
                Suspend::new(async move {
                    if !open {
                        return None;
                    }
                    let part = actions.part.await.unwrap_or_default();
                    if !part.can_comment {
                        return parent.is_none().then(|| view! {
                            <p class="muted"><a href="/signin">{tr(Msg::SignInToTakePart)}</a></p>
                        }.into_any());
                    }
                    let error = if_sent_by(field_error(actions.comment, "body"), actions.comment_from, parent);
                    let refused = if_sent_by(general_error(actions.comment), actions.comment_from, parent);
                    Some(view! {
                        // `submit` bubbles up from the form once it is sent.
                        <div class="form-and-error" on:submit=move |_| actions.comment_from.set(Some(parent))>
                        <ActionForm action=actions.comment attr:class="stack comment-form">
                            <input type="hidden" name="proposal_id" value=proposal_id/>
                            {parent.map(|p| view! { <input type="hidden" name="parent_id" value=p/> })}
                            <div class="field">
                                <label for=stance_id.clone()>{tr(Msg::YourStance)}</label>
                                <select id=stance_id name="stance">
                                    {[Stance::For, Stance::Against, Stance::Neutral].into_iter().map(|s| {
                                        let locale = use_locale();
                                        view! { <option value=s.as_str()>{move || i18n::stance_label(s, locale.0.get())}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=body_id.clone()>{tr(Msg::YourComment)}</label>
                                <textarea id=body_id name="body" rows="3" maxlength="5000"
                                    aria-invalid=move || error.get().is_some().then_some("true")
                                    aria-describedby=error_id.clone()></textarea>
                                <p class="field-error" id=error_id role="alert" hidden=move || error.get().is_none()>
                                    {move || error.get().unwrap_or_default()}
                                </p>
                            </div>
                            <FormError error=refused shown=&["body"]/>
                            <button type="submit" class="button">{tr(Msg::PostComment)}</button>
                        </ActionForm>
                        </div>
                    }.into_any())
                })
            }}
        </Transition>
    }
}

/// Facilitators close an open vote; the result decides the proposal's fate.
#[component]
fn CloseVoteForm(vote_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let part = actions.part.await.unwrap_or_default();
                part.can_close_votes.then(|| view! {
                    <ActionForm action=actions.close attr:class="inline-form">
                        <input type="hidden" name="vote_id" value=vote_id/>
                        <button type="submit" class="button-secondary">{tr(Msg::CloseVote)}</button>
                        <FormError error=general_error(actions.close) shown=&[]/>
                    </ActionForm>
                })
            })}
        </Transition>
    }
}
