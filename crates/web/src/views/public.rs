//! The centre's public site (issue 22): `templates/public/layout.html` around every public
//! page — the centre's name and navigation, the page's title, description and Open Graph
//! tags, the centre's contact in the footer — and the home page.

pub mod articles;
pub mod calculator;
pub mod contact;
pub mod directory;
pub mod events;
pub mod guides;
pub mod home;
pub mod sharing;

use std::sync::Arc;

use crate::db::site::settings::SiteSettings;

/// The part of the site a page belongs to: its navigation link is marked current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The home page.
    Home,
    /// Guides and articles.
    Guides,
    /// Events.
    Events,
    /// The deadline calculator.
    Calculator,
    /// The contact form.
    Contact,
}

impl Section {
    /// The identifier the layout compares with.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Home => "home",
            Section::Guides => "guides",
            Section::Events => "events",
            Section::Calculator => "calculator",
            Section::Contact => "contact",
        }
    }
}

/// What a page tells search engines and link previews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeta {
    /// The page's own title (the layout adds the centre's name).
    pub title: String,
    /// One or two sentences (`<meta name="description">`, `og:description`).
    pub description: String,
    /// The page's path (`/guides/employee-card`): its canonical address is the public
    /// address followed by it.
    pub path: String,
    /// `website`, or `article` for guides, articles and events.
    pub og_type: &'static str,
}

impl PageMeta {
    /// A page of kind `website`.
    pub fn website(
        title: impl Into<String>,
        description: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            path: path.into(),
            og_type: "website",
        }
    }

    /// A page of kind `article` (a guide, an article, an event).
    pub fn article(
        title: impl Into<String>,
        description: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            og_type: "article",
            ..Self::website(title, description, path)
        }
    }
}

/// What every public page has around its content.
#[derive(Debug, Clone)]
pub struct PublicChrome {
    /// The centre.
    pub site: Arc<SiteSettings>,
    /// This page's title, description and address.
    pub meta: PageMeta,
    /// Where the site is served (`https://expat.example.cz`), without a trailing slash:
    /// canonical and Open Graph addresses are absolute.
    pub base: String,
    /// Which navigation link is current.
    pub section: Option<Section>,
    /// Whether someone is signed in (the header then links to their own pages instead of
    /// "Sign in").
    pub signed_in: bool,
}

impl PublicChrome {
    /// The page's absolute address.
    pub fn canonical(&self) -> String {
        format!("{}{}", self.base, self.meta.path)
    }

    /// Whether `section` ("guides") is the current one.
    pub fn is_current(&self, section: &str) -> bool {
        self.section.is_some_and(|s| s.as_str() == section)
    }

    /// `tel:` and the centre's phone number without spaces.
    pub fn tel_link(&self) -> String {
        let digits: String = self
            .site
            .phone
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        format!("tel:{digits}")
    }

    /// A map search of the centre's address.
    pub fn map_link(&self) -> String {
        crate::views::partners::map_url(&self.site.address)
    }
}

/// When an event takes place, in the centre's time zone: "Thu 10 Dec 2026, 17:00–19:00", or
/// both days in full when it ends on another day.
pub fn event_time(
    starts: chrono::DateTime<chrono::Utc>,
    ends: chrono::DateTime<chrono::Utc>,
    zone: chrono_tz::Tz,
) -> String {
    let (s, e) = (starts.with_timezone(&zone), ends.with_timezone(&zone));
    let start_day = softland_domain::date_format::long(s.date_naive());
    if s.date_naive() == e.date_naive() {
        format!("{start_day}, {}–{}", s.format("%H:%M"), e.format("%H:%M"))
    } else {
        format!(
            "{start_day}, {} – {}, {}",
            s.format("%H:%M"),
            softland_domain::date_format::long(e.date_naive()),
            e.format("%H:%M")
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn event_times_are_told_in_prague_time() {
        let at = |d, h| chrono::Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        let zone = chrono_tz::Europe::Prague;
        assert_eq!(
            super::event_time(at(10, 16), at(10, 18), zone),
            "Thu 10 Dec 2026, 17:00–19:00"
        );
        assert_eq!(
            super::event_time(at(10, 16), at(11, 9), zone),
            "Thu 10 Dec 2026, 17:00 – Fri 11 Dec 2026, 10:00"
        );
    }
}
