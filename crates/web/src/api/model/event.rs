//! Events (issue 22) as the API shows them — to staff in full, to anyone the published ones —
//! their registrations, and what it receives.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::commands::events::EventInput;
use crate::db::events::{Event, Registration};

/// A co-organiser.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOrganiserOut {
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// An event, for staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// `workshop`, `seminar`, `meetup`, `info_session`, `partner_event`.
    pub kind: &'static str,
    /// One or two sentences.
    pub summary: String,
    /// Markdown.
    pub description: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// Where.
    pub place: Option<String>,
    /// The online link.
    pub online_url: Option<String>,
    /// Its language.
    pub language: String,
    /// Places; none: no limit.
    pub capacity: Option<u32>,
    /// When registration closes; none: when it starts.
    pub registration_closes_at: Option<DateTime<Utc>>,
    /// Topics.
    pub topics: Vec<String>,
    /// `draft`, `published`, `cancelled`.
    pub status: &'static str,
    /// Its version (the `ETag`'s).
    pub version: i64,
    /// Co-organisers.
    pub organisers: Vec<EventOrganiserOut>,
    /// People with a place.
    pub registered: u64,
    /// People waiting.
    pub waiting: u64,
    /// Registered people marked as attended.
    pub attended: u64,
    /// Registered people marked as not come.
    pub no_shows: u64,
}

impl From<&Event> for EventOut {
    fn from(e: &Event) -> Self {
        Self {
            id: e.id.0,
            title: e.title.clone(),
            kind: e.kind.as_str(),
            summary: e.summary.clone(),
            description: e.description.clone(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            place: e.place.clone(),
            online_url: e.online_url.clone(),
            language: e.language.clone(),
            capacity: e.capacity,
            registration_closes_at: e.closes_at,
            topics: e.topics.as_slice().to_vec(),
            status: e.status.as_str(),
            version: e.version,
            organisers: e
                .organisers
                .iter()
                .map(|o| EventOrganiserOut {
                    id: o.id.0,
                    name: o.name.clone(),
                })
                .collect(),
            registered: e.counts.registered,
            waiting: e.counts.waiting,
            attended: e.counts.attended,
            no_shows: e.counts.no_show,
        }
    }
}

/// Staff's events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    /// Upcoming (drafts too) then past, at most 200 each.
    pub events: Vec<EventOut>,
}

/// A published (or cancelled) event, for anyone.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEventOut {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Its kind.
    pub kind: &'static str,
    /// One or two sentences.
    pub summary: String,
    /// The description as safe HTML.
    pub description_html: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// Where.
    pub place: Option<String>,
    /// The online link (none for an event with a capacity: people with a place get it by
    /// mail).
    pub online_url: Option<String>,
    /// Its language.
    pub language: String,
    /// `published` or `cancelled`.
    pub status: &'static str,
    /// Places left; none: no limit.
    pub places_left: Option<u64>,
    /// Whether new registrations go on the waiting list.
    pub waiting_list: bool,
    /// Co-organisers' names.
    pub organisers: Vec<String>,
}

impl From<&Event> for PublicEventOut {
    fn from(e: &Event) -> Self {
        let left = e
            .capacity
            .map(|c| u64::from(c).saturating_sub(e.counts.registered));
        Self {
            id: e.id.0,
            title: e.title.clone(),
            kind: e.kind.as_str(),
            summary: e.summary.clone(),
            description_html: e.description_html.clone(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            place: e.place.clone(),
            // With a capacity, the link is mailed to people with a place only.
            online_url: e.online_url.clone().filter(|_| e.capacity.is_none()),
            language: e.language.clone(),
            status: e.status.as_str(),
            places_left: left,
            waiting_list: left == Some(0) || e.counts.waiting > 0,
            organisers: e.organisers.iter().map(|o| o.name.clone()).collect(),
        }
    }
}

/// The published upcoming events.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEventList {
    /// Soonest first.
    pub events: Vec<PublicEventOut>,
}

/// An event as sent: on `POST` every required field; on `PATCH` only what changes. Times are
/// Prague wall-clock time.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventIn {
    /// Title (required on create).
    pub title: Option<String>,
    /// `workshop`, `seminar`, `meetup`, `info_session`, `partner_event`.
    pub kind: Option<String>,
    /// One or two sentences.
    pub summary: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// `HH:MM`.
    pub starts_time: Option<String>,
    /// `YYYY-MM-DD` when it ends another day.
    pub ends_on: Option<String>,
    /// `HH:MM`.
    pub ends_time: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// The online link.
    pub online_url: Option<String>,
    /// Its language (default English).
    pub language: Option<String>,
    /// Places, 1–10000, as text; empty: no limit.
    pub capacity: Option<String>,
    /// `YYYY-MM-DD`.
    pub closes_on: Option<String>,
    /// `HH:MM`.
    pub closes_time: Option<String>,
    /// Topics, separated by commas.
    pub topics: Option<String>,
    /// Co-organisers' organisation ids.
    pub organisers: Option<Vec<i64>>,
    /// `published` or `cancelled` (on `PATCH`).
    pub status: Option<String>,
    /// The version changed (instead of `If-Match`).
    pub version: Option<i64>,
}

impl EventIn {
    /// `base` with what this sends.
    pub fn over(&self, mut base: EventInput) -> EventInput {
        let t = &mut base.text;
        for (field, value) in [
            (&mut t.title, &self.title),
            (&mut t.kind, &self.kind),
            (&mut t.summary, &self.summary),
            (&mut t.description, &self.description),
            (&mut t.starts_on, &self.starts_on),
            (&mut t.starts_time, &self.starts_time),
            (&mut t.ends_on, &self.ends_on),
            (&mut t.ends_time, &self.ends_time),
            (&mut t.place, &self.place),
            (&mut t.online_url, &self.online_url),
            (&mut t.language, &self.language),
            (&mut t.capacity, &self.capacity),
            (&mut t.closes_on, &self.closes_on),
            (&mut t.closes_time, &self.closes_time),
            (&mut t.topics, &self.topics),
        ] {
            if let Some(v) = value {
                v.clone_into(field);
            }
        }
        if let Some(orgs) = &self.organisers {
            base.organisers = orgs.iter().map(i64::to_string).collect();
        }
        base
    }

    /// Whether it changes the event's fields (not only its status).
    pub fn changes_fields(&self) -> bool {
        self.title.is_some()
            || self.kind.is_some()
            || self.summary.is_some()
            || self.description.is_some()
            || self.starts_on.is_some()
            || self.starts_time.is_some()
            || self.ends_on.is_some()
            || self.ends_time.is_some()
            || self.place.is_some()
            || self.online_url.is_some()
            || self.language.is_some()
            || self.capacity.is_some()
            || self.closes_on.is_some()
            || self.closes_time.is_some()
            || self.topics.is_some()
            || self.organisers.is_some()
    }
}

/// A registration, for staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventRegistrationOut {
    /// Id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// `registered`, `waiting`, `cancelled`.
    pub status: &'static str,
    /// Waiting list position (1 is next).
    pub position: Option<u64>,
    /// `unknown`, `attended`, `no_show`.
    pub attendance: &'static str,
    /// When they registered.
    pub created_at: DateTime<Utc>,
    /// When they moved up from the waiting list.
    pub promoted_at: Option<DateTime<Utc>>,
}

impl From<&Registration> for EventRegistrationOut {
    fn from(r: &Registration) -> Self {
        Self {
            id: r.id.0,
            name: r.name.clone(),
            email: r.email.clone(),
            status: r.status.as_str(),
            position: r.position,
            attendance: r.attendance.as_str(),
            created_at: r.created_at,
            promoted_at: r.promoted_at,
        }
    }
}

/// An event's registrations.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventRegistrationList {
    /// First registered first.
    pub registrations: Vec<EventRegistrationOut>,
}

/// Someone to register.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRegistrationIn {
    /// Their name.
    #[serde(default)]
    pub name: String,
    /// Their e-mail.
    #[serde(default)]
    pub email: String,
    /// They agree that the centre keeps their name and e-mail for the event (required from
    /// the public).
    #[serde(default)]
    pub consent: bool,
}

/// A change of a registration.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRegistrationPatch {
    /// `unknown`, `attended`, `no_show` (registered people, from the event's day on).
    pub attendance: Option<String>,
    /// `cancelled`.
    pub status: Option<String>,
}

/// The answer to a public registration: the same whether the e-mail was registered before or
/// not (the mail says whether there is a place or a waiting list position).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicRegistrationOut {
    /// Where the mail went.
    pub email: String,
    /// "We have sent a mail to … — check your inbox."
    pub message: String,
}
