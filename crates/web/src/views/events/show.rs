//! `templates/events/show.html`: an event for staff — its details, publish and cancel, the
//! registrations with their status and waiting position, attendance marked for everyone in one
//! form, someone added by staff, and the counts.

use askama::Template;
use chrono_tz::Tz;
use softland_domain::site::event::{Attendance, RegistrationStatus};

use super::EventLine;
use crate::commands::FieldErrors;
use crate::commands::events::registration::RegistrationInput;
use crate::db::events::{Counts, Event, Registration};
use crate::views::nav::Nav;
use crate::views::profile_fields::Input;
use crate::views::sentence;

/// A registration's row.
pub struct RegistrationRow {
    /// Its id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// "Registered", "On the waiting list (2)", "Cancelled".
    pub status: String,
    /// Whether they have a place (attendance can be marked).
    pub registered: bool,
    /// Whether it is cancelled.
    pub cancelled: bool,
    /// Their attendance's identifier.
    pub attendance: &'static str,
    /// When they registered, Prague time.
    pub registered_at: String,
}

impl RegistrationRow {
    fn of(r: &Registration, zone: Tz) -> Self {
        let status = match (r.status, r.position) {
            (RegistrationStatus::Waiting, Some(n)) => format!("On the waiting list ({n})"),
            (RegistrationStatus::Registered, _) if r.promoted_at.is_some() => {
                "Registered (moved up from the waiting list)".to_owned()
            }
            (s, _) => s.label().to_owned(),
        };
        Self {
            id: r.id.0,
            name: r.name.clone(),
            email: r.email.clone(),
            status,
            registered: r.status == RegistrationStatus::Registered,
            cancelled: r.status == RegistrationStatus::Cancelled,
            attendance: r.attendance.as_str(),
            registered_at: r
                .created_at
                .with_timezone(&zone)
                .format("%-d %b %Y %H:%M")
                .to_string(),
        }
    }

    /// Whether `value` is the row's attendance.
    pub fn is(&self, value: &str) -> bool {
        self.attendance == value
    }
}

/// The page.
#[derive(Template)]
#[template(path = "events/show.html")]
pub struct EventPage {
    /// Navigation.
    pub nav: Nav,
    /// The event.
    pub event: EventLine,
    /// Its version (publish and cancel buttons).
    pub version: i64,
    /// Its description, safe HTML.
    pub description_html: String,
    /// Registration closes, in words, or empty.
    pub closes: String,
    /// Its counts.
    pub counts: Counts,
    /// Every registration, first registered first.
    pub rows: Vec<RegistrationRow>,
    /// Whether attendance can be marked (from the event's day on).
    pub markable: bool,
    /// The form adding someone: what was typed.
    pub add: RegistrationInput,
    /// Its mistakes (and the attendance form's).
    pub errors: FieldErrors,
    /// A notice after a change.
    pub notice: Option<&'static str>,
}

impl EventPage {
    /// The page of `event` with `registrations`.
    pub fn new(
        nav: Nav,
        event: &Event,
        registrations: &[Registration],
        zone: Tz,
        markable: bool,
    ) -> Self {
        Self {
            nav,
            event: EventLine::of(event, zone),
            version: event.version,
            description_html: event.description_html.clone(),
            closes: event
                .closes_at
                .map(|c| {
                    let local = c.with_timezone(&zone);
                    format!(
                        "{}, {}",
                        softland_domain::date_format::long(local.date_naive()),
                        local.format("%H:%M")
                    )
                })
                .unwrap_or_default(),
            counts: event.counts,
            rows: registrations
                .iter()
                .map(|r| RegistrationRow::of(r, zone))
                .collect(),
            markable,
            add: RegistrationInput::default(),
            errors: FieldErrors::new(),
            notice: None,
        }
    }

    /// Whether the event can be published (a draft).
    pub fn publishable(&self) -> bool {
        self.event.draft
    }

    /// The attendance choices.
    pub fn marks() -> Vec<(&'static str, &'static str)> {
        Attendance::ALL
            .iter()
            .map(|a| (a.as_str(), a.label()))
            .collect()
    }

    /// Whether anyone has a place.
    pub fn has_registered(&self) -> bool {
        self.rows.iter().any(|r| r.registered)
    }

    /// The mistake of `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// An input of the form adding someone.
    pub fn add_input(&self, name: &str) -> Input {
        let (label, kind, value, max) = if name == "email" {
            ("E-mail", "email", &self.add.email, 254)
        } else {
            ("Name", "text", &self.add.name, 200)
        };
        Input {
            id: format!("add-{}", if name == "email" { "email" } else { "name" }),
            name: if name == "email" { "email" } else { "name" },
            label,
            kind,
            value: value.clone(),
            hint: "",
            required: true,
            max_length: max,
            range: None,
            autocomplete: "off",
            error: self.error(if name == "email" { "email" } else { "name" }),
        }
    }
}
