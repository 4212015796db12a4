//! `templates/public/home.html`: the centre's home page.

use askama::Template;

use super::PublicChrome;

/// An upcoming event as the home page lists it.
pub struct EventLine {
    /// `/events/7`.
    pub href: String,
    /// Its title.
    pub title: String,
    /// "Workshop".
    pub kind: &'static str,
    /// "Thu 10 Dec 2026, 17:00–19:00".
    pub when: String,
    /// The place, or "Online".
    pub place: String,
}

/// The page.
#[derive(Template)]
#[template(path = "public/home.html")]
pub struct HomePage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The next events.
    pub events: Vec<EventLine>,
    /// What brings people, as (topic, words): each starts the contact form with it.
    pub topics: Vec<(&'static str, &'static str)>,
}
