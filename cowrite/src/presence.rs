//! Who is in a draft: each author's name, colour, selection and whether
//! they are typing. The server writes the name and colour from the session;
//! a client only chooses where its cursor is.

use serde::{Deserialize, Serialize};

/// Colours with at least 4.5:1 contrast on white, for names and carets.
pub const COLORS: [&str; 8] = [
    "#1d4ed8", "#b91c1c", "#047857", "#7e22ce", "#b45309", "#0f766e", "#be185d", "#4d7c0f",
];

/// A user's colour, the same in every draft and on every screen.
pub fn color_of(user_id: i64) -> &'static str {
    COLORS[usize::try_from(user_id.rem_euclid(COLORS.len() as i64)).unwrap_or(0)]
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// Set by the server; a client sends none.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub color: String,
    /// The selection's fixed end and moving end, in UTF-16 units.
    pub anchor: Option<u32>,
    pub head: Option<u32>,
    #[serde(default)]
    pub typing: bool,
}

impl Presence {
    /// A client's announced state, kept only for what a client may say
    /// (its selection, whether it types), under the name and colour the
    /// server knows. `None` when it is not a presence at all; the JSON
    /// `null` (a client leaving) stays `null`.
    pub fn from_client(json: &str, name: &str, user_id: i64) -> Option<String> {
        if json.trim() == "null" {
            return Some("null".into());
        }
        let said: Presence = serde_json::from_str(json).ok()?;
        let presence = Presence {
            name: name.to_owned(),
            color: color_of(user_id).to_owned(),
            anchor: said.anchor.filter(|p| *p <= crate::limits::MAX_TEXT_UNITS),
            head: said.head.filter(|p| *p <= crate::limits::MAX_TEXT_UNITS),
            typing: said.typing,
        };
        serde_json::to_string(&presence).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_names_the_author_whatever_the_client_claims() {
        let json =
            r##"{"name":"Maire de Paris","color":"#fff","anchor":3,"head":7,"typing":true}"##;
        let kept: Presence =
            serde_json::from_str(&Presence::from_client(json, "Camille", 5).unwrap()).unwrap();
        assert_eq!(kept.name, "Camille");
        assert_eq!(kept.color, color_of(5));
        assert_eq!(
            (kept.anchor, kept.head, kept.typing),
            (Some(3), Some(7), true)
        );
        assert_eq!(
            Presence::from_client("null", "Camille", 5).as_deref(),
            Some("null")
        );
        assert_eq!(Presence::from_client("[1,2]", "Camille", 5), None);
        // What the editor sends: no name, no colour.
        let sent = r#"{"anchor":0,"head":2,"typing":false}"#;
        let kept: Presence =
            serde_json::from_str(&Presence::from_client(sent, "Lou", 2).unwrap()).unwrap();
        assert_eq!((kept.name.as_str(), kept.head), ("Lou", Some(2)));
        let far = r#"{"name":"","color":"","anchor":4000000000,"head":1}"#;
        let kept: Presence =
            serde_json::from_str(&Presence::from_client(far, "A", 1).unwrap()).unwrap();
        assert_eq!(kept.anchor, None);
    }

    #[test]
    fn colours_are_stable_and_cover_every_id() {
        assert_eq!(color_of(3), color_of(11));
        assert_eq!(color_of(-1), COLORS[7]);
    }
}
