//! The draft editor in the browser. A plain `<textarea>` stays the editing
//! surface (keyboard, screen readers, phones' own text tools all work);
//! each change becomes one CRDT operation on a local Yjs document, sent on
//! the websocket and kept in this browser's storage, so that edits made
//! offline survive a reload and merge on reconnect. Remote edits rewrite
//! the textarea without moving the local caret; other authors' carets and
//! selections are drawn on an overlay in their colours.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use cowrite::{Draft, Presence, Splice, frame};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, CloseEvent, HtmlElement, HtmlTextAreaElement, MessageEvent, WebSocket};
use yrs::sync::awareness::AwarenessUpdateEntry;
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};

mod store;
mod words;

use words::Words;

/// How long after the last keystroke an author still shows as typing (ms).
const TYPING_MS: i32 = 2_000;
/// The longest wait between reconnection attempts (ms).
const MAX_RETRY_MS: i32 = 10_000;

struct State {
    draft: Draft,
    textarea: HtmlTextAreaElement,
    overlay: HtmlElement,
    status: HtmlElement,
    people: HtmlElement,
    url: String,
    key: String,
    read_only: bool,
    words: Words,
    /// The text the textarea showed after the last change handled.
    shown: String,
    ws: Option<WebSocket>,
    synced: bool,
    retries: u32,
    clock: u32,
    typing: bool,
    peers: BTreeMap<u64, Presence>,
    /// The socket's handlers: they live as long as the editor.
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// The editor of one draft; kept alive by the page.
#[wasm_bindgen]
pub struct CoEditor {
    state: Rc<RefCell<State>>,
    _listeners: Vec<Closure<dyn FnMut(JsValue)>>,
}

#[wasm_bindgen]
impl CoEditor {
    /// Binds `textarea` to the draft at `url` (a `ws:` or `wss:` URL).
    /// `key` names this draft in the browser's storage; `status` shows the
    /// connection state, `people` who is here, `overlay` the others'
    /// carets. `lang` is `fr` or `en`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        textarea: HtmlTextAreaElement,
        overlay: HtmlElement,
        status: HtmlElement,
        people: HtmlElement,
        url: String,
        key: String,
        read_only: bool,
        lang: String,
    ) -> CoEditor {
        console_error_panic_hook::set_once();
        let draft = Draft::new();
        // Edits kept in this browser (made offline, or not yet sent) come back.
        if let Some(saved) = store::load(&key) {
            let _ = draft.apply(&saved);
        }
        let shown = draft.text();
        textarea.set_value(&shown);
        let state = Rc::new(RefCell::new(State {
            draft,
            textarea: textarea.clone(),
            overlay,
            status,
            people,
            url,
            key,
            read_only,
            words: Words::new(&lang),
            shown,
            ws: None,
            synced: false,
            retries: 0,
            clock: 0,
            typing: false,
            peers: BTreeMap::new(),
            handlers: Vec::new(),
        }));
        let mut listeners = Vec::new();
        let on = |target: &web_sys::EventTarget,
                  event: &str,
                  f: Box<dyn FnMut(JsValue)>,
                  list: &mut Vec<Closure<dyn FnMut(JsValue)>>| {
            let closure = Closure::wrap(f);
            let _ =
                target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            list.push(closure);
        };
        {
            let s = state.clone();
            on(
                &textarea,
                "input",
                Box::new(move |_| local_change(&s)),
                &mut listeners,
            );
        }
        for event in ["select", "keyup", "click", "focus"] {
            let s = state.clone();
            on(
                &textarea,
                event,
                Box::new(move |_| send_presence(&s)),
                &mut listeners,
            );
        }
        {
            let s = state.clone();
            on(
                &textarea,
                "scroll",
                Box::new(move |_| {
                    let st = s.borrow();
                    st.overlay.set_scroll_top(st.textarea.scroll_top());
                }),
                &mut listeners,
            );
        }
        if let Some(window) = web_sys::window() {
            let s = state.clone();
            on(
                &window,
                "offline",
                Box::new(move |_| go_offline(&s)),
                &mut listeners,
            );
            let s = state.clone();
            on(
                &window,
                "online",
                Box::new(move |_| connect(&s)),
                &mut listeners,
            );
        }
        render_people(&state.borrow());
        connect(&state);
        CoEditor {
            state,
            _listeners: listeners,
        }
    }

    /// The text as this browser has it.
    pub fn text(&self) -> String {
        self.state.borrow().draft.text()
    }
}

fn now_status(state: &State, class: &str, text: &str) {
    state.status.set_class_name(&format!("connection {class}"));
    state.status.set_text_content(Some(text));
}

/// Opens the socket (again).
fn connect(state: &Rc<RefCell<State>>) {
    let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    let mut st = state.borrow_mut();
    if st.ws.is_some() || !online {
        return;
    }
    now_status(&st, "connecting", st.words.connecting);
    let Ok(ws) = WebSocket::new(&st.url) else {
        now_status(&st, "offline", st.words.offline);
        return;
    };
    ws.set_binary_type(BinaryType::Arraybuffer);
    let mut handlers = Vec::new();
    {
        let s = state.clone();
        let open = Closure::wrap(Box::new(move |_: JsValue| {
            let mut st = s.borrow_mut();
            st.retries = 0;
            let hello = frame::sync_step1(&st.draft.state_vector());
            send(&st, &hello);
            drop(st);
            send_presence(&s);
        }) as Box<dyn FnMut(JsValue)>);
        ws.set_onopen(Some(open.as_ref().unchecked_ref()));
        handlers.push(open);
    }
    {
        let s = state.clone();
        let message = Closure::wrap(Box::new(move |event: JsValue| {
            let Ok(event) = event.dyn_into::<MessageEvent>() else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
            receive(&s, &bytes);
        }) as Box<dyn FnMut(JsValue)>);
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        handlers.push(message);
    }
    {
        let s = state.clone();
        let close = Closure::wrap(Box::new(move |event: JsValue| {
            let event = event.dyn_into::<CloseEvent>().ok();
            closed(&s, event.map(|e| (e.code(), e.reason())));
        }) as Box<dyn FnMut(JsValue)>);
        ws.set_onclose(Some(close.as_ref().unchecked_ref()));
        handlers.push(close);
    }
    st.handlers = handlers;
    st.ws = Some(ws);
}

/// The connection ended: say why, and try again unless the server said
/// that trying again cannot help.
fn closed(state: &Rc<RefCell<State>>, why: Option<(u16, String)>) {
    let mut st = state.borrow_mut();
    st.ws = None;
    st.synced = false;
    st.peers.clear();
    render_people(&st);
    render_overlay(&st);
    let final_reason = match why {
        Some((4403 | 1008 | 1009 | 1003, reason)) => Some(reason),
        _ => None,
    };
    if let Some(reason) = final_reason {
        now_status(&st, "offline", &format!("{} ({reason})", st.words.stopped));
        return;
    }
    now_status(&st, "offline", st.words.offline);
    let wait = (500_i32 << st.retries.min(5)).min(MAX_RETRY_MS);
    st.retries += 1;
    drop(st);
    let s = state.clone();
    let retry = Closure::once_into_js(move || connect(&s));
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), wait);
    }
}

/// The browser went offline: close now (the socket may linger), keep editing.
fn go_offline(state: &Rc<RefCell<State>>) {
    let ws = state.borrow_mut().ws.take();
    if let Some(ws) = ws {
        ws.set_onclose(None);
        let _ = ws.close();
    }
    let mut st = state.borrow_mut();
    st.synced = false;
    st.peers.clear();
    render_people(&st);
    render_overlay(&st);
    now_status(&st, "offline", st.words.offline);
}

fn send(st: &State, bytes: &[u8]) {
    if let Some(ws) = &st.ws
        && ws.ready_state() == WebSocket::OPEN
    {
        let _ = ws.send_with_u8_array(bytes);
    }
}

/// The user changed the text: one splice, sent with the caret's position.
fn local_change(state: &Rc<RefCell<State>>) {
    let mut st = state.borrow_mut();
    let now = st.textarea.value();
    if st.read_only {
        // Readers suggest changes; the text itself does not move.
        let shown = st.shown.clone();
        st.textarea.set_value(&shown);
        return;
    }
    let splice = Splice::between(&st.shown, &now);
    if splice.is_empty() {
        return;
    }
    let update = st.draft.edit(&splice);
    st.shown = now;
    store::save(&st.key, &st.draft.snapshot());
    st.typing = true;
    let mut bytes = frame::update(update);
    bytes.extend(presence_frame(&mut st));
    send(&st, &bytes);
    render_overlay(&st);
    drop(st);
    let s = state.clone();
    let stop_typing = Closure::once_into_js(move || {
        let done = {
            let mut st = s.borrow_mut();
            std::mem::replace(&mut st.typing, false)
        };
        if done {
            send_presence(&s);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            stop_typing.unchecked_ref(),
            TYPING_MS,
        );
    }
}

/// This author's presence: where the selection is, whether they type (the
/// server adds their name and colour).
fn presence_frame(st: &mut State) -> Vec<u8> {
    st.clock += 1;
    let json = serde_json::json!({
        "anchor": st.textarea.selection_start().ok().flatten(),
        "head": st.textarea.selection_end().ok().flatten(),
        "typing": st.typing,
    })
    .to_string();
    let mut clients = std::collections::HashMap::new();
    clients.insert(
        st.draft.doc().client_id(),
        AwarenessUpdateEntry {
            clock: st.clock,
            json: json.into(),
        },
    );
    frame::awareness(AwarenessUpdate { clients })
}

fn send_presence(state: &Rc<RefCell<State>>) {
    let mut st = state.borrow_mut();
    if st.ws.is_some() {
        let bytes = presence_frame(&mut st);
        send(&st, &bytes);
    }
}

/// A frame from the server.
fn receive(state: &Rc<RefCell<State>>, bytes: &[u8]) {
    let mut decoder = yrs::updates::decoder::DecoderV1::from(bytes);
    let messages: Vec<Message> = yrs::sync::protocol::MessageReader::new(&mut decoder)
        .filter_map(Result::ok)
        .collect();
    let mut st = state.borrow_mut();
    let mut changed = false;
    for message in messages {
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                // What this browser has that the server misses (offline edits).
                let reply = frame::sync_step2(st.draft.missing(&sv));
                send(&st, &reply);
            }
            Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                changed |= st.draft.apply(&update).is_ok();
                st.synced = true;
            }
            Message::Awareness(update) => {
                let me = st.draft.doc().client_id().get();
                for (client, entry) in update.clients {
                    let id = client.get();
                    match serde_json::from_str::<Presence>(&entry.json) {
                        Ok(p) if id != me => {
                            st.peers.insert(id, p);
                        }
                        _ => {
                            st.peers.remove(&id);
                        }
                    }
                }
                render_people(&st);
                render_overlay(&st);
            }
            _ => {}
        }
    }
    if st.synced {
        let text = if st.read_only {
            st.words.reading
        } else {
            st.words.online
        };
        now_status(&st, "online", text);
    }
    if changed {
        show_remote(&mut st);
        store::save(&st.key, &st.draft.snapshot());
    }
}

/// Rewrites the textarea after remote edits; the local selection follows
/// the text around it.
fn show_remote(st: &mut State) {
    let text = st.draft.text();
    if text == st.shown {
        return;
    }
    let splice = Splice::between(&st.shown, &text);
    let start = st.textarea.selection_start().ok().flatten().unwrap_or(0);
    let end = st.textarea.selection_end().ok().flatten().unwrap_or(0);
    st.textarea.set_value(&text);
    let _ = st
        .textarea
        .set_selection_range(splice.shift(start), splice.shift(end));
    st.shown = text;
    render_overlay(st);
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The byte offset of a UTF-16 position in `text` (clamped).
fn byte_at(text: &str, units: u32) -> usize {
    let mut count = 0u32;
    for (i, c) in text.char_indices() {
        if count >= units {
            return i;
        }
        count += u32::try_from(c.len_utf16()).unwrap_or(2);
    }
    text.len()
}

fn color_class(color: &str) -> usize {
    cowrite::presence::COLORS
        .iter()
        .position(|c| *c == color)
        .unwrap_or(0)
}

/// The others' carets and selections, drawn under the transparent text.
fn render_overlay(st: &State) {
    let text = &st.shown;
    // (byte offset, is start, html) events, in order.
    let mut marks: Vec<(usize, u8, String)> = Vec::new();
    for p in st.peers.values() {
        let (Some(anchor), Some(head)) = (p.anchor, p.head) else {
            continue;
        };
        let (a, b) = (
            byte_at(text, anchor.min(head)),
            byte_at(text, anchor.max(head)),
        );
        let class = color_class(&p.color);
        if a < b {
            marks.push((a, 1, format!("<mark class=\"sel c{class}\">")));
            marks.push((b, 0, "</mark>".into()));
        }
        marks.push((
            b,
            2,
            format!(
                "<span class=\"caret c{class}\" data-name=\"{}\"></span>",
                escape(&p.name).replace('"', "&quot;")
            ),
        ));
    }
    marks.sort_by_key(|(at, order, _)| (*at, *order));
    let mut html = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (offset, _, tag) in marks {
        let offset = offset.max(at);
        html.push_str(&escape(&text[at..offset]));
        html.push_str(&tag);
        at = offset;
    }
    html.push_str(&escape(&text[at..]));
    // A last line break needs a character after it to take its height.
    html.push(' ');
    st.overlay.set_inner_html(&html);
    st.overlay.set_scroll_top(st.textarea.scroll_top());
}

/// Who is here, with "is typing".
fn render_people(st: &State) {
    let mut html = String::new();
    for p in st.peers.values() {
        html.push_str(&format!(
            "<li><span class=\"dot c{}\" aria-hidden=\"true\"></span>{}{}</li>",
            color_class(&p.color),
            escape(&p.name),
            if p.typing {
                format!(" <em>{}</em>", st.words.typing)
            } else {
                String::new()
            }
        ));
    }
    if html.is_empty() {
        html = format!("<li class=\"muted\">{}</li>", st.words.alone);
    }
    st.people.set_inner_html(&html);
}
