//! Markdown bodies rendered to HTML that is safe to insert in a page.

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown and sanitises the result: scripts, event handlers, styles
/// and `javascript:` links are removed, links get `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_becomes_html() {
        let html = render("# Titre\n\nUn **vélo** pour *tous*.\n\n- a\n- b");
        assert!(html.contains("<h1>Titre</h1>"));
        assert!(html.contains("<strong>vélo</strong>"));
        assert!(html.contains("<li>a</li>"));
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = render(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) <a href=\"https://paris.fr\" onclick=\"e()\">ok</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://paris.fr\""), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }
}
