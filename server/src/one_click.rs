//! `/unsubscribe/one-click?token=…`, the address in every e-mail's
//! `List-Unsubscribe` header (RFC 8058). A mail program POSTs
//! `List-Unsubscribe=One-Click` to it and the mail stops, without a page
//! or a sign-in; a GET (someone opening the address) shows the page that
//! asks for a click, since link scanners GET every address they see.

use app::notifications::UnsubscribeOutcome;
use app::ssr::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Link {
    #[serde(default)]
    token: String,
}

/// GET: to the page that asks for a click.
pub async fn show(Query(link): Query<Link>) -> Redirect {
    let token: String = url_token(&link.token);
    Redirect::to(&format!("/unsubscribe?token={token}"))
}

/// POST: stops the mail the token stands for.
pub async fn post(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    match app::notifications::stop_mail(&state, &link.token).await {
        Ok(outcome) => {
            let text = match outcome {
                UnsubscribeOutcome::Done => "unsubscribed",
                UnsubscribeOutcome::Already => "already unsubscribed",
                UnsubscribeOutcome::Stale => "subscribed again since this link was sent; unchanged",
            };
            (StatusCode::OK, text).into_response()
        }
        Err(error) => {
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, "this unsubscribe link is not valid").into_response()
        }
    }
}

/// The token as it may appear in a URL: its own characters only (digits,
/// letters, `.` and `_`), so that the redirect cannot be turned elsewhere.
fn url_token(token: &str) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
        .take(300)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_keeps_a_token_and_nothing_else() {
        assert_eq!(
            url_token("12_vote.opened_1800000000_ab09"),
            "12_vote.opened_1800000000_ab09"
        );
        assert_eq!(url_token("1&next=//evil.example/"), "1nextevil.example");
    }
}
