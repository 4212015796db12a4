//! What the public site offers machines: `sitemap.xml`, `robots.txt` and the Atom feed of
//! news and events. Every text is escaped for XML; every address is absolute, made from the
//! public address.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

/// A page of the sitemap.
pub struct SitemapEntry {
    /// Its path (`/guides/study`).
    pub path: String,
    /// When it last changed, when known.
    pub lastmod: Option<DateTime<Utc>>,
}

/// An entry of the feed.
pub struct FeedEntry {
    /// Its path (`/articles/new-office-hours`, `/events/4`).
    pub path: String,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// When it was first published.
    pub published: DateTime<Utc>,
    /// When it last changed.
    pub updated: DateTime<Utc>,
}

/// `text` safe inside XML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are left out.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The sitemap of `entries` under `base`.
pub fn sitemap(base: &str, entries: &[SitemapEntry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        out.push_str("  <url><loc>");
        out.push_str(&escape(&format!("{base}{}", e.path)));
        out.push_str("</loc>");
        if let Some(at) = e.lastmod {
            out.push_str("<lastmod>");
            out.push_str(&at.format("%Y-%m-%d").to_string());
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: the public pages open, staff areas and the API closed, the sitemap named.
pub fn robots(base: &str) -> String {
    let closed = [
        "/api/",
        "/admin",
        "/cases",
        "/my",
        "/buddy",
        "/buddies",
        "/partners",
        "/employer",
        "/account",
        "/calendar",
        "/dashboard",
        "/search",
        "/login",
        "/password",
        "/messages",
        "/events/registrations/",
        "/enquiries",
        "/programme",
    ];
    let mut out = String::from("User-agent: *\nAllow: /\n");
    for path in closed {
        out.push_str("Disallow: ");
        out.push_str(path);
        out.push('\n');
    }
    let _ = write!(out, "\nSitemap: {base}/sitemap.xml\n");
    out
}

/// The Atom 1.0 feed named `title` of `entries` under `base`.
pub fn atom(base: &str, title: &str, entries: &[FeedEntry]) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>{}</title>\n<subtitle>News and events</subtitle>\n\
         <id>{}/feed.atom</id>\n<link rel=\"self\" href=\"{}/feed.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>\n\
         <updated>{}</updated>\n<author><name>{}</name></author>\n",
        escape(title),
        escape(base),
        escape(base),
        escape(base),
        time(updated),
        escape(title)
    );
    for e in entries {
        let link = escape(&format!("{base}{}", e.path));
        let _ = write!(
            out,
            "<entry>\n  <title>{}</title>\n  <id>{link}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n  <published>{}</published>\n  <updated>{}</updated>\n  <summary>{}</summary>\n</entry>\n",
            escape(&e.title),
            time(e.published),
            time(e.updated),
            escape(&e.summary)
        );
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            escape("Tom & Jerry's <b>\"x\"</b>\u{1}"),
            "Tom &amp; Jerry&apos;s &lt;b&gt;&quot;x&quot;&lt;/b&gt;"
        );
    }
}
