//! Events of the centre's programme in the database (issue 22): the events themselves with
//! their co-organisers (`write`), the registrations with their waiting list, cancel links and
//! attendance (`registrations`), and what pages list (`read`).

pub mod interests;
pub mod read;
pub mod registrations;
pub mod write;

use chrono::{DateTime, Utc};
use softland_domain::partner::Labels;
use softland_domain::site::event::{Attendance, EventKind, EventStatus, RegistrationStatus};

use crate::db::DbError;
use crate::db::entities::{event_registrations, events};
use crate::db::vocabulary::{
    attendance_from, event_kind_from, event_status_from, registration_status_from,
};
use crate::ids::{EventId, OrganisationId, RegistrationId, UserId};

/// A co-organiser of an event: an organisation of the partner network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organiser {
    /// The organisation.
    pub id: OrganisationId,
    /// Its name.
    pub name: String,
    /// Whether the public directory lists it (its name is then linked).
    pub public: bool,
}

/// How many people stand where for an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// With a place.
    pub registered: u64,
    /// On the waiting list.
    pub waiting: u64,
    /// Registered and marked as attended.
    pub attended: u64,
    /// Registered and marked as not come.
    pub no_show: u64,
}

/// An event in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its id.
    pub id: EventId,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: EventKind,
    /// One or two sentences.
    pub summary: String,
    /// The description as typed (Markdown).
    pub description: String,
    /// The description as safe HTML.
    pub description_html: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// Where it is held.
    pub place: Option<String>,
    /// Its online link.
    pub online_url: Option<String>,
    /// Its language.
    pub language: String,
    /// Its places; `None`: no limit.
    pub capacity: Option<u32>,
    /// When registration closes; `None`: at the start.
    pub closes_at: Option<DateTime<Utc>>,
    /// Its topics.
    pub topics: Labels,
    /// Where it stands.
    pub status: EventStatus,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Its version (`ETag`, forms).
    pub version: i64,
    /// Its co-organisers, in order.
    pub organisers: Vec<Organiser>,
    /// Its registrations counted.
    pub counts: Counts,
}

/// One person's registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// Its id.
    pub id: RegistrationId,
    /// The event.
    pub event: EventId,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// Their portal account, when they registered signed in.
    pub user: Option<UserId>,
    /// Where it stands.
    pub status: RegistrationStatus,
    /// Their place on the waiting list (1 is next), when waiting.
    pub position: Option<u64>,
    /// Whether they came.
    pub attendance: Attendance,
    /// When they registered (the waiting list's order).
    pub created_at: DateTime<Utc>,
    /// When they moved up from the waiting list.
    pub promoted_at: Option<DateTime<Utc>>,
    /// Its version.
    pub version: i64,
}

fn corrupt(what: &str, value: &str) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!("unknown {what} {value}")))
}

/// Reads a stored event (without organisers and counts).
pub(crate) fn event_of(row: events::Model) -> Result<Event, DbError> {
    Ok(Event {
        id: EventId(row.id),
        kind: event_kind_from(&row.kind).ok_or_else(|| corrupt("kind", &row.kind))?,
        status: event_status_from(&row.status).ok_or_else(|| corrupt("status", &row.status))?,
        topics: Labels::parse(&row.topics).map_err(|_| corrupt("topics", &row.topics))?,
        title: row.title,
        summary: row.summary,
        description: row.description,
        description_html: row.description_html,
        starts_at: row.starts_at.to_utc(),
        ends_at: row.ends_at.to_utc(),
        place: row.place,
        online_url: row.online_url,
        language: row.language,
        capacity: row.capacity.and_then(|c| u32::try_from(c).ok()),
        closes_at: row.registration_closes_at.map(|c| c.to_utc()),
        updated_at: row.updated_at.to_utc(),
        version: row.version,
        organisers: Vec::new(),
        counts: Counts::default(),
    })
}

/// Reads a stored registration (without its waiting position).
pub(crate) fn registration_of(row: event_registrations::Model) -> Result<Registration, DbError> {
    Ok(Registration {
        id: RegistrationId(row.id),
        event: EventId(row.event_id),
        status: registration_status_from(&row.status)
            .ok_or_else(|| corrupt("registration status", &row.status))?,
        attendance: attendance_from(&row.attendance)
            .ok_or_else(|| corrupt("attendance", &row.attendance))?,
        name: row.name,
        email: row.email,
        user: row.user_id.map(UserId),
        position: None,
        created_at: row.created_at.to_utc(),
        promoted_at: row.promoted_at.map(|p| p.to_utc()),
        version: row.version,
    })
}

/// The registrations in the waiting list's order (first registered first), with each waiting
/// person's position.
pub(crate) fn with_positions(mut list: Vec<Registration>) -> Vec<Registration> {
    list.sort_by_key(|r| (r.created_at, r.id.0));
    let mut position = 0;
    for r in &mut list {
        if r.status == RegistrationStatus::Waiting {
            position += 1;
            r.position = Some(position);
        }
    }
    list
}
