//! Text placed in markup written by hand (the Atom feed, e-mails' HTML),
//! where no template escapes it.

/// Text made safe inside HTML or XML, as element text or a quoted
/// attribute (the Atom feed, e-mails' HTML part). Control characters, which
/// XML 1.0 does not allow, are dropped.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape_markup("<a href=\"x\">l'eau & co</a>\u{1}\n"),
            "&lt;a href=&quot;x&quot;&gt;l&apos;eau &amp; co&lt;/a&gt;\n"
        );
    }
}
