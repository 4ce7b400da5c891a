//! Form pieces shared by every page: labelled fields with their errors,
//! and the errors of a server action.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Msg, tr, use_locale};

/// A labelled input with its error message, linked for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    /// The input's id when two forms of a page have a field of this name
    /// (`f-{name}` otherwise).
    #[prop(optional)]
    id: Option<&'static str>,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("f-{name}"), str::to_owned);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{tr(h)}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <p class="field-error" id=error_id role="alert" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// The error of `field` in the latest result of `action`.
pub fn field_error<I, O>(action: ServerAction<I>, field: &'static str) -> Signal<Option<String>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(e)) => e.field(field),
        _ => None,
    })
}

/// A refusal of an action several forms share (one per comment, per
/// amendment, per stage), kept for the form that sent it: each form marks
/// itself in `sent` when submitted (`on:submit` on a wrapper: the event
/// bubbles up), so the message shows beside the button that was pressed
/// and nowhere else.
pub fn if_sent_by<V, T>(
    refusal: Signal<Option<V>>,
    sent: RwSignal<Option<T>>,
    this: T,
) -> Signal<Option<V>>
where
    V: Clone + Send + Sync + 'static,
    T: PartialEq + Send + Sync + 'static,
{
    Signal::derive(move || {
        refusal
            .get()
            .filter(|_| sent.with(|s| s.as_ref() == Some(&this)))
    })
}

/// Every refusal of a form that none of its controls shows: errors tied to
/// no field (a rate limit, a conflict, no right) and refused fields the form
/// has no control for (the proposal's stage, a malformed request, the lines
/// of an import), so that no refusal ever passes in silence. `shown` lists
/// the fields whose messages the form puts next to their own control.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    shown: &'static [&'static str],
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let messages: Vec<String> = match error.get()? {
            AppError::Invalid(issues) => issues
                .into_iter()
                .filter(|i| !shown.contains(&i.field.as_str()))
                .map(|i| i.message)
                .collect(),
            other => vec![other.message(locale.0.get())],
        };
        (!messages.is_empty()).then(|| {
            view! {
                <div class="error-box" role="alert">
                    {messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                </div>
            }
        })
    }
}

pub fn general_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// Adds one to `saved` each time `action` succeeds. The page reloads on
/// successes only: a refused form keeps what its author typed.
pub fn count_successes<I, O>(action: ServerAction<I>, saved: RwSignal<usize>)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            if matches!(action.value().get_untracked(), Some(Ok(_))) {
                saved.update(|n| *n += 1);
            }
        },
        false,
    );
}
