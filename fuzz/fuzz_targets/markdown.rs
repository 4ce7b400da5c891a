//! Whatever the Markdown, the HTML that reaches a page has no script, no
//! event handler and no `javascript:` link.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = domain::markdown::render(text).to_ascii_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(!html.contains("<iframe"), "{html}");
    assert!(!html.contains("<style"), "{html}");
    for handler in [" onerror=", " onload=", " onclick=", " onmouseover="] {
        assert!(!html.contains(handler), "{html}");
    }
});
