//! Markdown pages → HTML the webview may insert. Two fences: raw HTML in the Markdown is
//! dropped while parsing, then `ammonia` sanitises what pulldown-cmark wrote (an allow-list:
//! no scripts, no event handlers, no styles, links only to http(s) and mailto). Images are
//! left out too: a page may not make the webview fetch anything.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser};

/// A page ready for the presenter and for search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// The page's words, for search.
    pub text: String,
}

pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut text = String::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Text(t) | Event::Code(t) => {
            text.push_str(&t);
            text.push(' ');
            Some(Event::Text(t))
        }
        e => Some(e),
    });
    let mut raw = String::new();
    pulldown_cmark::html::push_html(&mut raw, events);
    let html = ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string();
    Rendered { html, text: text.split_whitespace().collect::<Vec<_>>().join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_with_its_text_kept_for_search() {
        let r = render(
            "# 产品 Product\n\nSee **our** [site](https://example.com) — `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        );
        assert!(r.html.contains("<h1>产品 Product</h1>"), "{}", r.html);
        assert!(r.html.contains("<strong>our</strong>"));
        assert!(r.html.contains(r#"<a href="https://example.com" rel="noopener noreferrer">site</a>"#), "{}", r.html);
        assert!(r.html.contains("<table>"));
        assert_eq!(r.text, "产品 Product See our site — code . a b 1 2");
    }

    #[test]
    fn scripts_handlers_raw_html_and_foreign_links_never_reach_the_page() {
        let hostile = "<script>alert(1)</script>\n\n<div onclick=\"x()\">hi</div>\n\n\
            [click](javascript:alert(1)) [data](data:text/html,x) [mail](mailto:a@b.c)\n\n\
            ![pixel](https://tracker.example/p.png) <img src=x onerror=alert(1)> <iframe src=\"https://x\"></iframe>\n\n\
            [style](https://ok.example \"t\")";
        let html = render(hostile).html;
        for banned in ["<script", "onclick", "onerror", "javascript:", "data:", "<img", "<iframe", "<div"] {
            assert!(!html.contains(banned), "{banned} survived: {html}");
        }
        assert!(html.contains(r#"href="mailto:a@b.c""#), "{html}");
        assert!(html.contains(r#"href="https://ok.example""#), "{html}");
    }
}
