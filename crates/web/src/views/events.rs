//! Events of the centre's programme (issue 22): how an event reads in every list (staff's,
//! the public's, the portal's), and staff's pages — `templates/events/list.html`,
//! `form.html` and `show.html`.

pub mod csv;
pub mod form;
pub mod show;

use askama::Template;
use chrono_tz::Tz;
use softland_domain::site::event::EventStatus;

use crate::db::events::{Event, Organiser};
use crate::views::nav::Nav;
use crate::views::public::event_time;

/// A co-organiser, linked to the public directory when it is listed there.
pub struct OrganiserLink {
    /// Its name.
    pub name: String,
    /// `/directory/7`, or empty when not public.
    pub href: String,
}

impl OrganiserLink {
    fn of(o: &Organiser) -> Self {
        Self {
            name: o.name.clone(),
            href: if o.public {
                format!("/directory/{}", o.id)
            } else {
                String::new()
            },
        }
    }
}

/// An event as lists show it.
pub struct EventLine {
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// "Workshop".
    pub kind: &'static str,
    /// One or two sentences.
    pub summary: String,
    /// "Thu 10 Dec 2026, 17:00–19:00".
    pub when: String,
    /// The place, "Online", or both.
    pub place: String,
    /// Its language.
    pub language: String,
    /// "Draft", "Published", "Cancelled".
    pub status: &'static str,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// Whether it is a draft.
    pub draft: bool,
    /// "12 places left", "Waiting list", "Open to all".
    pub places: String,
    /// People with a place.
    pub registered: u64,
    /// People waiting.
    pub waiting: u64,
    /// Its capacity, or "no limit".
    pub capacity: String,
    /// Its co-organisers.
    pub organisers: Vec<OrganiserLink>,
    /// Its topics.
    pub topics: String,
}

impl EventLine {
    /// `event` in the centre's time zone.
    pub fn of(event: &Event, zone: Tz) -> Self {
        let c = event.counts;
        let places = match event.capacity {
            _ if event.status == EventStatus::Cancelled => "Cancelled".to_owned(),
            None => "Open to all".to_owned(),
            Some(cap) => {
                let free = u64::from(cap).saturating_sub(c.registered);
                if free == 0 || c.waiting > 0 {
                    "Full: waiting list".to_owned()
                } else if free == 1 {
                    "1 place left".to_owned()
                } else {
                    format!("{free} places left")
                }
            }
        };
        Self {
            id: event.id.0,
            title: event.title.clone(),
            kind: event.kind.label(),
            summary: event.summary.clone(),
            when: event_time(event.starts_at, event.ends_at, zone),
            place: place_words(event),
            language: event.language.clone(),
            status: event.status.label(),
            cancelled: event.status == EventStatus::Cancelled,
            draft: event.status == EventStatus::Draft,
            places,
            registered: c.registered,
            waiting: c.waiting,
            capacity: event
                .capacity
                .map_or_else(|| "no limit".to_owned(), |n| n.to_string()),
            organisers: event.organisers.iter().map(OrganiserLink::of).collect(),
            topics: event.topics.to_text(),
        }
    }

    /// Whether it has co-organisers.
    pub fn has_organisers(&self) -> bool {
        !self.organisers.is_empty()
    }
}

/// "Café Atlas, Ostrava", "Online", or "Café Atlas, Ostrava, and online".
pub fn place_words(event: &Event) -> String {
    match (&event.place, &event.online_url) {
        (Some(p), Some(_)) => format!("{p}, and online"),
        (Some(p), None) => p.clone(),
        (None, _) => "Online".to_owned(),
    }
}

/// `/programme`: upcoming events (drafts too) and past ones.
#[derive(Template)]
#[template(path = "events/list.html")]
pub struct ProgrammePage {
    /// Navigation.
    pub nav: Nav,
    /// Not ended, soonest first.
    pub upcoming: Vec<EventLine>,
    /// Ended, latest first.
    pub past: Vec<EventLine>,
}
