//! The live part of a draw's page: where the lifecycle stands, and what the
//! viewer can do now — facilitators import respondents, commit the pool,
//! run the draw and replacements; anyone signed in joins the seed ceremony;
//! volunteers check their receipt in the published pool; the people drawn
//! answer their invitation.

use domain::MembershipStatus;
use leptos::prelude::*;

use crate::forms::{FormError, general_error};
use crate::i18n::{Msg, format_date, tr, use_locale};
use crate::lifecycle::{
    AnnounceReplacement, CommitPool, CommitSeed, DrawStanding, ImportRespondents, Leave,
    ReplacementRound, Respond, RevealSeed, RunDraw, SetPublicValue, draw_state,
};
use lottery::ceremony::ValueFormat;

fn secret_key(draw_id: i64, label: &str) -> String {
    format!("kleroterion.seed.{draw_id}.{label}")
}

#[component]
pub fn Lifecycle(draw_id: i64) -> impl IntoView {
    let import = ServerAction::<ImportRespondents>::new();
    let commit = ServerAction::<CommitPool>::new();
    let public_value = ServerAction::<SetPublicValue>::new();
    let run = ServerAction::<RunDraw>::new();
    let respond = ServerAction::<Respond>::new();
    let replace = ServerAction::<ReplacementRound>::new();
    let announce = ServerAction::<AnnounceReplacement>::new();
    let seed_commit = ServerAction::<CommitSeed>::new();
    let seed_reveal = ServerAction::<RevealSeed>::new();
    let leave = ServerAction::<Leave>::new();
    let tick = RwSignal::new(0u32);
    let standing = Resource::new(
        move || {
            (
                tick.get(),
                import.version().get(),
                commit.version().get(),
                public_value.version().get(),
                run.version().get(),
                respond.version().get(),
                replace.version().get() + announce.version().get(),
                seed_commit.version().get() + seed_reveal.version().get() + leave.version().get(),
            )
        },
        move |_| draw_state(draw_id),
    );
    // While the draw computes, follow its progress.
    Effect::new(move |_| {
        let drawing = standing
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| s.status == "drawing");
        if drawing {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_millis(1000),
            );
        }
    });
    let actions = Actions {
        import,
        commit,
        public_value,
        run,
        respond,
        replace,
        announce,
        seed_commit,
        seed_reveal,
        leave,
    };
    view! {
        <section aria-labelledby="lifecycle" class="lifecycle">
            <h2 id="lifecycle">{tr(Msg::LifecycleTitle)}</h2>
            <Transition>
                {move || Suspend::new(async move {
                    standing.await.ok().map(|s| view! { <Stage draw_id standing=s actions/> })
                })}
            </Transition>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    import: ServerAction<ImportRespondents>,
    commit: ServerAction<CommitPool>,
    public_value: ServerAction<SetPublicValue>,
    run: ServerAction<RunDraw>,
    respond: ServerAction<Respond>,
    replace: ServerAction<ReplacementRound>,
    announce: ServerAction<AnnounceReplacement>,
    seed_commit: ServerAction<CommitSeed>,
    seed_reveal: ServerAction<RevealSeed>,
    leave: ServerAction<Leave>,
}

#[component]
fn Stage(draw_id: i64, standing: DrawStanding, actions: Actions) -> impl IntoView {
    let locale = use_locale();
    let s = standing;
    let status_msg = match s.status.as_str() {
        "pool_open" => Msg::StagePoolOpen,
        "committed" => Msg::StageCommitted,
        "drawing" => Msg::StageDrawing,
        _ => Msg::StageDone,
    };
    let pool_size = s.pool_size;
    let date = move |d: chrono::DateTime<chrono::Utc>| {
        move || {
            format!(
                "{} {}",
                format_date(d, locale.0.get()),
                d.format("%H:%M UTC")
            )
        }
    };
    view! {
        <p class="stage">
            <strong>{tr(status_msg)}</strong>
            " · " {pool_size} " " {tr(Msg::Volunteers)}
        </p>
        {(s.status == "pool_open").then(|| view! {
            <p><a class="button" href=format!("/volunteer?draw={draw_id}")>{tr(Msg::VolunteerTitle)}</a></p>
        })}
        {s.inputs_hash.clone().map(|hash| view! {
            <dl class="hashes">
                <dt>{tr(Msg::InputsHash)}</dt>
                <dd><code>{hash}</code></dd>
            </dl>
            <p><a href=format!("/draws/{draw_id}/inputs.json")>{tr(Msg::PublishedPool)}</a></p>
            <ReceiptCheck draw_id/>
        })}
        {(s.status == "committed").then(|| view! {
            <p>
                {tr(Msg::CeremonyLead)} " "
                {s.commit_until.map(|d| view! { {tr(Msg::CommitUntil)} " " {date(d)} ". " })}
                {s.reveal_until.map(|d| view! { {tr(Msg::RevealUntil)} " " {date(d)} ". " })}
                {s.commitments} " " {tr(Msg::CommitmentsCount)} ", " {s.reveals} " " {tr(Msg::RevealsCount)} "."
            </p>
            {s.public_value_description.clone().map(|d| view! {
                <p>
                    {tr(Msg::PublicValueAnnounced)} " " <strong>{d}</strong>
                    {s.public_value_after.map(|a| view! { ", " {tr(Msg::KnownFrom)} " " {date(a)} })}
                    {s.public_value_format.map(|f| view! { " (" {tr(format_label(f))} ")" })}
                    {s.public_value.clone().map(|v| view! { " : " <code>{v}</code> })}
                </p>
            })}
            <Ceremony draw_id standing=s.clone() actions/>
        })}
        {s.progress.map(|p| view! {
            <label for="draw-progress">{tr(Msg::DrawProgress)}</label>
            <progress id="draw-progress" max="100" value=p>{p} " %"</progress>
        })}
        {(s.my_membership == Some(MembershipStatus::Invited)).then(|| view! { <Invitation draw_id respond_by=s.my_respond_by actions/> })}
        {s.my_membership.filter(|m| *m != MembershipStatus::Invited).map(|m| view! {
            <p class="success">{tr(Msg::YourMembership)} " " <strong>{tr(match m {
                MembershipStatus::Active => Msg::MemberActive,
                MembershipStatus::Left => Msg::MemberLeft,
                MembershipStatus::Invited | MembershipStatus::Declined => Msg::MemberDeclined,
            })}</strong></p>
            {(m == MembershipStatus::Active).then(|| view! {
                <ActionForm action=actions.leave attr:class="inline-form">
                    <input type="hidden" name="draw_id" value=draw_id/>
                    <div class="checkbox">
                        <input type="checkbox" id="confirm-leave" name="confirm"/>
                        <label for="confirm-leave">{tr(Msg::ConfirmLeaving)}</label>
                    </div>
                    <button type="submit" class="button-secondary">{tr(Msg::LeaveAssembly)}</button>
                </ActionForm>
                <FormError shown=&[] error=general_error(actions.leave)/>
            })}
        })}
        {s.can_manage.then(|| view! { <Manage draw_id standing=s actions/> })}
    }
}

/// Checks, in the browser, that the viewer's receipt is in the published
/// pool: it downloads the pool itself rather than trusting a server's "yes".
#[component]
fn ReceiptCheck(draw_id: i64) -> impl IntoView {
    let check = super::in_browser::BrowserTask::new();
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(el) = input.get() {
                check.run(receipt_in_pool(draw_id, el.value()));
            }
        }>
            <label for=format!("receipt-{draw_id}")>{tr(Msg::YourPseudonym)}</label>
            <input id=format!("receipt-{draw_id}") node_ref=input placeholder="V-XXXXXXXX" maxlength="20" autocomplete="off"/>
            <button type="submit" class="button-secondary">{tr(Msg::CheckReceipt)}</button>
        </form>
        <div aria-live="polite">
            {move || check.value.get().map(|r| match r {
                Ok(true) => view! { <p class="verdict verdict-ok">"✓ " {tr(Msg::InPool)}</p> }.into_any(),
                Ok(false) => view! { <p class="verdict verdict-bad">"✗ " {tr(Msg::NotInPool)}</p> }.into_any(),
                Err(e) => view! { <p class="error-box">{e}</p> }.into_any(),
            })}
        </div>
    }
}

/// Downloads the published pool and looks for a pseudonym in it.
async fn receipt_in_pool(draw_id: i64, pseudonym: String) -> Result<bool, String> {
    let pseudonym = pseudonym.trim().to_uppercase();
    let text = super::in_browser::fetch_text(&format!("/draws/{draw_id}/inputs.json")).await?;
    let inputs: lottery::Inputs = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(inputs.pool.iter().any(|p| p.id == pseudonym))
}

/// Makes a secret in the browser, keeps it, and commits its hash.
async fn contribute(
    draw_id: i64,
    label: String,
    key: String,
    commit: ServerAction<CommitSeed>,
) -> Result<(), String> {
    let secret = super::in_browser::random_hex(32)?;
    let text = format!(
        "kleroterion-seed-commit/1\n{}:{label}\n{}:{secret}\n",
        label.len(),
        secret.len()
    );
    let commitment = super::in_browser::sha256_hex(&text).await?;
    super::in_browser::remember(&key, &secret);
    commit.dispatch(CommitSeed {
        draw_id,
        commitment,
    });
    Ok(())
}

/// The seed ceremony for the viewer: make and commit a secret, then reveal it.
#[component]
fn Ceremony(draw_id: i64, standing: DrawStanding, actions: Actions) -> impl IntoView {
    let Some(label) = standing.my_label.clone() else {
        return view! { <p>{tr(Msg::SignInToContribute)}</p> }.into_any();
    };
    let (committing, revealing) = (standing.committing, standing.revealing);
    let key = secret_key(draw_id, &label);
    let make = super::in_browser::BrowserTask::new();
    let stored = super::in_browser::remembered(&key);
    view! {
        <div class="ceremony">
            <p class="muted">{tr(Msg::CeremonyHow)}</p>
            {match (standing.my_commitment.clone(), committing, revealing) {
                (None, true, _) => view! {
                    <button type="button" class="button" on:click={
                        let (label, key) = (label.clone(), key.clone());
                        move |_| make.run(contribute(draw_id, label.clone(), key.clone(), actions.seed_commit))
                    }>{tr(Msg::Contribute)}</button>
                    {move || make.value.get().and_then(Result::err).map(|e| view! { <p class="error-box">{e}</p> })}
                }.into_any(),
                (Some(c), _, _) if standing.my_secret_revealed => view! {
                    <p class="success">"✓ " {tr(Msg::Revealed)} " " <code>{c}</code></p>
                }.into_any(),
                (Some(c), _, true) => view! {
                    <ActionForm action=actions.seed_reveal attr:class="inline-form">
                        <input type="hidden" name="draw_id" value=draw_id/>
                        <label for="reveal-secret">{tr(Msg::YourSecret)}</label>
                        <input id="reveal-secret" name="secret" value=stored.clone() autocomplete="off" maxlength="200"/>
                        <button type="submit" class="button">{tr(Msg::Reveal)}</button>
                    </ActionForm>
                    <p class="muted">{tr(Msg::YourCommitment)} " " <code>{c}</code></p>
                }.into_any(),
                (Some(c), _, _) => view! {
                    <p class="success">{tr(Msg::Committed)} " " <code>{c}</code></p>
                    {stored.clone().map(|s| view! { <p class="muted">{tr(Msg::KeepSecret)} " " <code>{s}</code></p> })}
                }.into_any(),
                (None, _, _) => view! { <p class="muted">{tr(Msg::CommitmentsClosed)}</p> }.into_any(),
            }}
            <FormError shown=&[] error=general_error(actions.seed_commit)/>
            <FormError shown=&[] error=general_error(actions.seed_reveal)/>
        </div>
    }
    .into_any()
}

#[component]
fn Invitation(
    draw_id: i64,
    respond_by: Option<chrono::DateTime<chrono::Utc>>,
    actions: Actions,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="invitation">
            <p><strong>{tr(Msg::YouWereDrawn)}</strong> " "
                {respond_by.map(|d| view! { {tr(Msg::AnswerBefore)} " " {move || format_date(d, locale.0.get())} "." })}
            </p>
            <ActionForm action=actions.respond attr:class="inline-form">
                <input type="hidden" name="draw_id" value=draw_id/>
                <input type="hidden" name="accept" value="true"/>
                <div class="checkbox">
                    <input type="checkbox" id="public-name" name="public_name"/>
                    <label for="public-name">{tr(Msg::ShowMyName)}</label>
                </div>
                <button type="submit" class="button">{tr(Msg::Accept)}</button>
            </ActionForm>
            <ActionForm action=actions.respond attr:class="inline-form">
                <input type="hidden" name="draw_id" value=draw_id/>
                <input type="hidden" name="accept" value="false"/>
                <button type="submit" class="button-secondary">{tr(Msg::Decline)}</button>
            </ActionForm>
            <FormError shown=&[] error=general_error(actions.respond)/>
        </div>
    }
}

/// How a format reads in the forms and on the page.
fn format_label(format: ValueFormat) -> Msg {
    match format {
        ValueFormat::Loto => Msg::FormatLoto,
        ValueFormat::EuroMillions => Msg::FormatEuroMillions,
        ValueFormat::Hex(_) => Msg::FormatHex,
    }
}

/// The three fields that announce a public value: its source and date,
/// its exact form, and when it becomes known.
#[component]
fn AnnouncementFields(prefix: &'static str) -> impl IntoView {
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <label for=id("description")>{tr(Msg::PublicValueAnnounce)}</label>
        <input id=id("description") name="public_value" maxlength="200" required/>
        <label for=id("format")>{tr(Msg::PublicValueFormat)}</label>
        <select id=id("format") name="public_value_format">
            {ValueFormat::ALL.into_iter().map(|f| view! {
                <option value=f.keyword()>{tr(format_label(f))}</option>
            }).collect_view()}
        </select>
        <label for=id("after")>{tr(Msg::PublicValueAfter)}</label>
        <p class="hint" id=id("after-hint")>{tr(Msg::PublicValueAfterHint)}</p>
        <input id=id("after") name="public_value_after" type="datetime-local" required aria-describedby=id("after-hint")/>
    }
}

/// What facilitators do at each stage.
#[component]
fn Manage(draw_id: i64, standing: DrawStanding, actions: Actions) -> impl IntoView {
    let stage = standing.status.clone();
    view! {
        <div class="manage">
            <h3>{tr(Msg::Facilitation)}</h3>
            {(stage == "pool_open").then(|| view! {
                <ActionForm action=actions.import attr:class="stack">
                    <input type="hidden" name="draw_id" value=draw_id/>
                    <label for="import-csv">{tr(Msg::ImportCsv)}</label>
                    <p class="hint" id="import-csv-hint">{tr(Msg::ImportCsvHint)}</p>
                    <textarea id="import-csv" name="csv" rows="5" aria-describedby="import-csv-hint"></textarea>
                    <FormError shown=&[] error=general_error(actions.import)/>
                    <button type="submit" class="button-secondary">{tr(Msg::Import)}</button>
                    {move || actions.import.value().get().and_then(Result::ok).map(|n| view! { <p class="success" role="status">{n} " " {tr(Msg::Imported)}</p> })}
                </ActionForm>
                <ActionForm action=actions.commit attr:class="stack">
                    <input type="hidden" name="draw_id" value=draw_id/>
                    <label for="commit-hours">{tr(Msg::CommitHours)}</label>
                    <input id="commit-hours" name="commit_hours" inputmode="numeric" value="48"/>
                    <label for="reveal-hours">{tr(Msg::RevealHours)}</label>
                    <input id="reveal-hours" name="reveal_hours" inputmode="numeric" value="24"/>
                    <AnnouncementFields prefix="public-value"/>
                    <FormError shown=&[] error=general_error(actions.commit)/>
                    <button type="submit" class="button">{tr(Msg::CommitPool)}</button>
                </ActionForm>
            })}
            {(stage == "committed").then(|| view! {
                {standing.public_value_description.is_some().then(|| view! {
                    <ActionForm action=actions.public_value attr:class="inline-form">
                        <input type="hidden" name="draw_id" value=draw_id/>
                        <label for="public-value">{tr(Msg::PublicValue)}</label>
                        <input id="public-value" name="value" maxlength="600"/>
                        <button type="submit" class="button-secondary">{tr(Msg::Save)}</button>
                    </ActionForm>
                    <FormError shown=&[] error=general_error(actions.public_value)/>
                })}
                <ActionForm action=actions.run>
                    <input type="hidden" name="draw_id" value=draw_id/>
                    <FormError shown=&[] error=general_error(actions.run)/>
                    <button type="submit" class="button">{tr(Msg::RunDraw)}</button>
                </ActionForm>
            })}
            {(stage == "done").then(|| match standing.announced_round.clone() {
                None => view! {
                    <ActionForm action=actions.announce attr:class="stack">
                        <input type="hidden" name="draw_id" value=draw_id/>
                        <AnnouncementFields prefix="round"/>
                        <FormError shown=&[] error=general_error(actions.announce)/>
                        <button type="submit" class="button-secondary">{tr(Msg::AnnounceRound)}</button>
                    </ActionForm>
                }.into_any(),
                Some(r) => view! {
                    <p role="status">
                        <strong>{tr(Msg::RoundAnnounced)} " " {r.round}</strong> " — "
                        {r.description} " (" {tr(format_label(r.format))} "), "
                        {tr(Msg::KnownFrom)} " " {r.available_after.format("%Y-%m-%d %H:%M UTC").to_string()} " ; "
                        {tr(Msg::RoundLeavers)} " " {r.leavers.join(", ")}
                    </p>
                    <ActionForm action=actions.replace attr:class="inline-form">
                        <input type="hidden" name="draw_id" value=draw_id/>
                        <label for="replacement-value">{tr(Msg::ReplacementValue)}</label>
                        <input id="replacement-value" name="public_value" maxlength="600"/>
                        <button type="submit" class="button-secondary">{tr(Msg::ReplaceNow)}</button>
                    </ActionForm>
                    <FormError shown=&[] error=general_error(actions.replace)/>
                }.into_any(),
            })}
            {(stage == "done").then(|| view! {
                {move || actions.replace.value().get().and_then(Result::ok).map(|pairs| view! {
                    <ul class="replacements" role="status">
                        {pairs.into_iter().map(|(l, r)| view! { <li><code>{l}</code> " → " <code>{r}</code></li> }).collect_view()}
                    </ul>
                })}
            })}
        </div>
    }
}
