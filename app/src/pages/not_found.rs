use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::set_status;
use crate::i18n::{Msg, page_title, tr};

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! {
        <Title text=page_title(Msg::NotFoundTitle)/>
        <section class="notice">
            <h1>{tr(Msg::NotFoundTitle)}</h1>
            <p>{tr(Msg::NotFoundText)}</p>
            <p><a href="/">{tr(Msg::BackHome)}</a></p>
        </section>
    }
}
