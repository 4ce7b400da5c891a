//! Account fields, parsed once: the browser form and the server function
//! call the same `parse`, so the rules cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// The signed-in person, as the interface needs them: who they are and
/// their roles today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub lang: Lang,
    pub member: bool,
    pub facilitator: bool,
    pub city_official: bool,
    /// Notifications not read yet, for the header's badge (counted only
    /// when the page asks who is signed in, not by every action).
    #[serde(default)]
    pub unread: u64,
}

/// Why a field was refused; the interface words it in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldError {
    Empty,
    TooLong { max: usize },
    TooShort { min: usize },
    MalformedEmail,
    WeakPassword,
    ControlCharacters,
    MustConfirmAge,
}

/// A lower-cased, trimmed e-mail address of a plausible shape. Deliverability
/// is proven by the reset e-mail, not by a regular expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let text = raw.trim().to_lowercase();
        if text.is_empty() {
            return Err(FieldError::Empty);
        }
        if text.chars().count() > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(FieldError::MalformedEmail);
        };
        let labels_ok = domain.split('.').count() >= 2
            && domain
                .split('.')
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        let chars_ok = text.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '<' | '>' | '"' | ',' | ';' | '(' | ')')
        });
        if local.is_empty() || local.len() > 64 || domain.contains('@') || !labels_ok || !chars_ok {
            return Err(FieldError::MalformedEmail);
        }
        Ok(Email(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password long enough to resist guessing. Length beats composition
/// rules (NIST SP 800-63B); very common passwords are refused.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN: usize = 10;
    pub const MAX: usize = 128;

    pub fn parse(raw: &str) -> Result<Password, FieldError> {
        let length = raw.chars().count();
        if length == 0 {
            return Err(FieldError::Empty);
        }
        if length < Self::MIN {
            return Err(FieldError::TooShort { min: Self::MIN });
        }
        if length > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        let lower = raw.to_lowercase();
        let distinct = {
            let mut chars: Vec<char> = lower.chars().collect();
            chars.sort_unstable();
            chars.dedup();
            chars.len()
        };
        const COMMON: [&str; 12] = [
            "password",
            "motdepasse",
            "azerty",
            "qwerty",
            "123456",
            "soleil",
            "bonjour",
            "paris",
            "iloveyou",
            "admin",
            "welcome",
            "abc123",
        ];
        if distinct < 5
            || COMMON
                .iter()
                .any(|c| lower.starts_with(c) && lower.len() < c.len() + 4)
        {
            return Err(FieldError::WeakPassword);
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The name shown next to a person's contributions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX: usize = 60;

    pub fn parse(raw: &str) -> Result<DisplayName, FieldError> {
        let text: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Err(FieldError::Empty);
        }
        if text.chars().count() > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        if text.chars().any(char::is_control) {
            return Err(FieldError::ControlCharacters);
        }
        Ok(DisplayName(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Residents must confirm they are 16 or older (the assembly's minimum age).
pub fn parse_age_confirmation(checked: bool) -> Result<(), FieldError> {
    if checked {
        Ok(())
    } else {
        Err(FieldError::MustConfirmAge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_malformed_ones_refused() {
        assert_eq!(
            Email::parse("  Jeanne.Dupont@Paris.FR ").unwrap().as_str(),
            "jeanne.dupont@paris.fr"
        );
        for bad in [
            "jeanne",
            "@paris.fr",
            "jeanne@",
            "jeanne@paris",
            "a b@paris.fr",
            "a@b@c.fr",
            "<x>@p.fr",
            "a@-p.fr",
            "a@p..fr",
        ] {
            assert_eq!(Email::parse(bad), Err(FieldError::MalformedEmail), "{bad}");
        }
        assert_eq!(Email::parse("   "), Err(FieldError::Empty));
        let long = format!("{}@paris.fr", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldError::TooLong { max: 254 }));
    }

    #[test]
    fn passwords_need_length_and_variety_and_are_never_printed() {
        assert_eq!(Password::parse(""), Err(FieldError::Empty));
        assert_eq!(
            Password::parse("court"),
            Err(FieldError::TooShort { min: 10 })
        );
        assert_eq!(
            Password::parse("aaaaaaaaaaaa"),
            Err(FieldError::WeakPassword)
        );
        assert_eq!(
            Password::parse("motdepasse1"),
            Err(FieldError::WeakPassword)
        );
        assert_eq!(
            Password::parse(&"ab1".repeat(50)),
            Err(FieldError::TooLong { max: 128 })
        );
        let ok = Password::parse("cheval agrafe batterie").unwrap();
        assert_eq!(format!("{ok:?}"), "Password(***)");
    }

    #[test]
    fn display_names_collapse_spaces_and_refuse_control_characters() {
        assert_eq!(
            DisplayName::parse("  Awa   Diallo ").unwrap().as_str(),
            "Awa Diallo"
        );
        assert_eq!(DisplayName::parse(" \t "), Err(FieldError::Empty));
        assert_eq!(
            DisplayName::parse("a\u{7}b"),
            Err(FieldError::ControlCharacters)
        );
        assert_eq!(
            DisplayName::parse(&"é".repeat(61)),
            Err(FieldError::TooLong { max: 60 })
        );
    }

    #[test]
    fn the_age_confirmation_is_required() {
        assert_eq!(
            parse_age_confirmation(false),
            Err(FieldError::MustConfirmAge)
        );
        assert_eq!(parse_age_confirmation(true), Ok(()));
    }
}

/// A trimmed text of `min..=max` characters without control characters
/// (line breaks and tabs allowed when `multiline`, Windows line ends made
/// plain): what every free text field accepts.
pub fn bounded_text(
    raw: &str,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::Empty);
    }
    let length = text.chars().count();
    if length > max {
        return Err(FieldError::TooLong { max });
    }
    if length < min {
        return Err(FieldError::TooShort { min });
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(FieldError::ControlCharacters);
    }
    Ok(text.replace("\r\n", "\n"))
}

/// The text of a comment: trimmed, not empty, at most 5,000 characters,
/// without control characters other than line breaks and tabs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentText(String);

impl CommentText {
    pub const MAX: usize = 5000;

    pub fn parse(raw: &str) -> Result<CommentText, FieldError> {
        bounded_text(raw, 1, Self::MAX, true).map(CommentText)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod comment_tests {
    use super::*;

    #[test]
    fn single_line_texts_refuse_line_breaks_and_short_ones_say_how_short() {
        assert_eq!(bounded_text("Un titre", 5, 140, false).unwrap(), "Un titre");
        assert_eq!(
            bounded_text("Un\ntitre", 5, 140, false),
            Err(FieldError::ControlCharacters)
        );
        assert_eq!(
            bounded_text("Un\r\ntitre", 5, 140, true).unwrap(),
            "Un\ntitre"
        );
        assert_eq!(
            bounded_text(" abc ", 5, 140, false),
            Err(FieldError::TooShort { min: 5 })
        );
        assert_eq!(
            bounded_text("\u{7}bell", 1, 140, true),
            Err(FieldError::ControlCharacters)
        );
    }

    #[test]
    fn comments_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            CommentText::parse("  Oui !\r\nMerci  ").unwrap().as_str(),
            "Oui !\nMerci"
        );
        assert_eq!(CommentText::parse(" \n "), Err(FieldError::Empty));
        assert_eq!(
            CommentText::parse(&"a".repeat(5001)),
            Err(FieldError::TooLong { max: 5000 })
        );
        assert_eq!(
            CommentText::parse("a\u{0}b"),
            Err(FieldError::ControlCharacters)
        );
        assert!(
            CommentText::parse("<script>alert(1)</script>").is_ok(),
            "text is escaped when shown, not refused"
        );
    }
}
