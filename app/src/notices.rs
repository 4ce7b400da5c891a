//! The statements a French public service publishes: accessibility (RGAA),
//! legal notices, and personal data (RGPD). Their text is Markdown kept in
//! `app/notices/`, filled in with who runs the instance and rendered on the
//! server, so that the browser's bundle carries none of it.

use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    Accessibility,
    Legal,
    Privacy,
}

impl Notice {
    pub const ALL: [Notice; 3] = [Notice::Accessibility, Notice::Legal, Notice::Privacy];

    /// Its page's path, linked from every page's footer.
    pub fn path(self) -> &'static str {
        match self {
            Notice::Accessibility => "/accessibility",
            Notice::Legal => "/legal",
            Notice::Privacy => "/privacy",
        }
    }

    pub fn title(self) -> Msg {
        match self {
            Notice::Accessibility => Msg::AccessibilityTitle,
            Notice::Legal => Msg::LegalTitle,
            Notice::Privacy => Msg::PrivacyTitle,
        }
    }
}

/// The notice's text in `lang`, as safe HTML.
#[server(endpoint = "notice")]
pub async fn get_notice(notice: Notice, lang: Lang) -> Result<String, AppError> {
    let state = crate::ssr::state()?;
    Ok(render(notice, lang, &state.operator))
}

#[cfg(feature = "ssr")]
fn source(notice: Notice, lang: Lang) -> &'static str {
    match (notice, lang) {
        (Notice::Accessibility, Lang::Fr) => include_str!("../notices/accessibility.fr.md"),
        (Notice::Accessibility, Lang::En) => include_str!("../notices/accessibility.en.md"),
        (Notice::Legal, Lang::Fr) => include_str!("../notices/legal.fr.md"),
        (Notice::Legal, Lang::En) => include_str!("../notices/legal.en.md"),
        (Notice::Privacy, Lang::Fr) => include_str!("../notices/privacy.fr.md"),
        (Notice::Privacy, Lang::En) => include_str!("../notices/privacy.en.md"),
    }
}

/// Fills the notice's `{operator}`, `{contact}` and `{hosting}` in and
/// renders it.
#[cfg(feature = "ssr")]
pub fn render(notice: Notice, lang: Lang, operator: &crate::ssr::Operator) -> String {
    let missing = |flag: &str| match lang {
        Lang::Fr => format!("*non renseigné par l'exploitant de cette instance (option `{flag}`)*"),
        Lang::En => format!("*not given by this instance's operator (option `{flag}`)*"),
    };
    let fill = |value: &Option<String>, flag: &str| match value.as_deref().map(str::trim) {
        Some(v) if !v.is_empty() => escape(v),
        _ => missing(flag),
    };
    let contact = match operator.contact.as_deref().map(str::trim) {
        Some(c) if is_address(c) => format!("[{c}](mailto:{c})"),
        Some(c) if c.starts_with("https://") && !c.contains([' ', '<', '>', ')']) => {
            format!("<{c}>")
        }
        _ => fill(&operator.contact, "--contact"),
    };
    let text = source(notice, lang)
        .replace("{operator}", &fill(&operator.name, "--operator"))
        .replace("{hosting}", &fill(&operator.hosting, "--hosting"))
        .replace("{contact}", &contact);
    domain::markdown::render(&text)
}

/// An e-mail address plain enough to be a link as it is.
#[cfg(feature = "ssr")]
fn is_address(text: &str) -> bool {
    let mut parts = text.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
    };
    plain(local) && plain(domain) && domain.contains('.')
}

/// The operator's words taken literally, not as Markdown.
#[cfg(feature = "ssr")]
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]()<>#|~!".contains(c) {
            out.push('\\');
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::ssr::Operator;

    fn configured() -> Operator {
        Operator {
            name: Some("Ville de Paris, Hôtel de Ville, 75004 Paris".into()),
            contact: Some("donnees@paris.example".into()),
            hosting: Some("Hébergeur *SAS*, 1 rue de l'Hébergement".into()),
        }
    }

    #[test]
    fn every_notice_is_written_in_both_languages_with_nothing_left_to_fill() {
        for notice in Notice::ALL {
            for lang in [Lang::Fr, Lang::En] {
                let html = render(notice, lang, &configured());
                assert!(html.contains("<h2>"), "{notice:?} {lang:?} has sections");
                assert!(!html.contains('{'), "{notice:?} {lang:?}: {html}");
            }
            assert_ne!(
                render(notice, Lang::Fr, &configured()),
                render(notice, Lang::En, &configured())
            );
        }
    }

    #[test]
    fn the_operator_is_shown_literally_and_what_is_missing_is_said() {
        let legal = render(Notice::Legal, Lang::Fr, &configured());
        assert!(legal.contains("Ville de Paris, Hôtel de Ville, 75004 Paris"));
        // Their asterisks are theirs, not emphasis.
        assert!(legal.contains("Hébergeur *SAS*"), "{legal}");
        let privacy = render(Notice::Privacy, Lang::Fr, &configured());
        assert!(
            privacy.contains("href=\"mailto:donnees@paris.example\""),
            "{privacy}"
        );

        let bare = render(Notice::Legal, Lang::En, &Operator::default());
        assert!(
            bare.contains("not given by this instance’s operator")
                || bare.contains("not given by this instance's operator"),
            "{bare}"
        );
        assert!(bare.contains("--operator") && bare.contains("--hosting"));
        let hostile = Operator {
            name: Some("<script>alert(1)</script> [x](javascript:alert(2))".into()),
            contact: Some("a@b.c <img src=x onerror=alert(3)>".into()),
            hosting: None,
        };
        let html = render(Notice::Privacy, Lang::Fr, &hostile);
        // Shown as text, never as markup or a link.
        assert!(
            !html.contains("<script")
                && !html.contains("<img")
                && !html.contains("href=\"javascript"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_plain_addresses_become_mail_links() {
        assert!(is_address("dpo@paris.fr"));
        assert!(!is_address("dpo@paris"));
        assert!(!is_address("a@b@c.fr"));
        assert!(!is_address("x@y.fr?subject=hi"));
    }
}
