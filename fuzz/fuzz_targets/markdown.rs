//! Whatever the Markdown, the HTML that reaches a page has no script, no
//! event handler and no `javascript:` link. The sanitiser escapes every `<`
//! of the text, so each `<` of its output opens a real tag: those are
//! parsed here (names, attributes, quoted values) and checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The tags of an HTML fragment: (name, [(attribute, value)]).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let mut chars = rest[start + 1..].char_indices().peekable();
        let mut name = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() || c == '>' || (c == '/' && !name.is_empty()) {
                break;
            }
            name.push(c.to_ascii_lowercase());
            chars.next();
        }
        let mut attributes = Vec::new();
        let mut end = rest.len() - start - 1;
        loop {
            while chars.peek().is_some_and(|&(_, c)| c.is_whitespace() || c == '/') {
                chars.next();
            }
            let Some(&(i, c)) = chars.peek() else { break };
            if c == '>' {
                end = i + 1;
                break;
            }
            let mut attribute = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == '=' || c == '>' {
                    break;
                }
                attribute.push(c.to_ascii_lowercase());
                chars.next();
            }
            let mut value = String::new();
            if chars.peek().is_some_and(|&(_, c)| c == '=') {
                chars.next();
                let quote = chars.peek().map(|&(_, c)| c).filter(|c| *c == '"' || *c == '\'');
                if quote.is_some() {
                    chars.next();
                }
                while let Some(&(_, c)) = chars.peek() {
                    if Some(c) == quote || (quote.is_none() && (c.is_whitespace() || c == '>')) {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                if quote.is_some() {
                    chars.next();
                }
            }
            attributes.push((attribute, value));
        }
        out.push((name, attributes));
        rest = &rest[(start + 1 + end).min(rest.len())..];
    }
    out
}

/// What a browser's URL parser makes of an attribute value before it reads
/// the scheme (WHATWG URL): leading and trailing C0 controls and spaces
/// stripped, tabs and newlines removed anywhere, ASCII case folded. Other
/// control characters stay and make the scheme invalid (a relative URL).
fn url_as_browsers_read_it(value: &str) -> String {
    let value = value.replace("&amp;", "&");
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

fuzz_target!(|text: &str| {
    let html = domain::markdown::render(text);
    for (name, attributes) in tags(&html) {
        let name = name.trim_start_matches('/');
        assert!(
            !["script", "style", "iframe", "object", "embed", "form", "svg", "math"].contains(&name),
            "<{name}> in {html}"
        );
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "{attribute} in {html}");
            assert!(attribute != "style" && attribute != "srcdoc", "{attribute} in {html}");
            if ["href", "src", "action", "formaction", "xlink:href"].contains(&attribute.as_str()) {
                let url = url_as_browsers_read_it(&value);
                assert!(
                    !url.starts_with("javascript:") && !url.starts_with("vbscript:") && !url.starts_with("data:"),
                    "{attribute}={value} in {html}"
                );
            }
        }
    }
});
