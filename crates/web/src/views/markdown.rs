//! Markdown that staff write (articles, event descriptions) as HTML that is safe to show:
//! parsed by `pulldown-cmark` (`CommonMark` with tables and strikethrough), then cleaned by
//! `ammonia`, which keeps only harmless tags and attributes — no `<script>`, no event
//! handlers, no `style`, and links only to `http`, `https` and `mailto` addresses. Links
//! leaving the site get `rel="noopener noreferrer"`.

use pulldown_cmark::{Options, Parser, html};

/// `markdown` as clean HTML.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// `markdown` as plain text (headings, paragraphs and list items joined by spaces): what the
/// search index and the feed's summaries read.
pub fn to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{to_html, to_text};

    #[test]
    fn markdown_becomes_html() {
        let html = to_html("# Housing\n\nRent a **flat** in [Poruba](https://example.cz).");
        assert!(html.contains("<h1>Housing</h1>"), "{html}");
        assert!(html.contains("<strong>flat</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.cz" rel="noopener noreferrer">Poruba</a>"#),
            "{html}"
        );
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
             [click](javascript:alert(3))\n\n<a href=\"javascript:alert(4)\">x</a>\n\n\
             <p style=\"color:red\" onclick=\"alert(5)\">styled</p>\n\n<iframe src=\"https://evil.test\"></iframe>",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "onclick",
            "style=",
            "<iframe",
            "alert(",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("styled"), "{html}");
    }

    #[test]
    fn plain_text_keeps_the_words() {
        assert_eq!(
            to_text("# Doctors\n\nFind a *GP* near you:\n\n- Poruba\n- Zábřeh"),
            "Doctors Find a GP near you: Poruba Zábřeh"
        );
    }
}
