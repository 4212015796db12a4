//! The buddy programme on a case: the short "Buddy" section of the case page and
//! `templates/buddies/case_request.html`, the consultant's form to ask for a buddy for a
//! person of the case (with the newcomer's consent).

use super::{day, state_text};
use crate::commands::FieldErrors;
use crate::commands::buddies::{HouseholdMatch, RequestInput};
use crate::views::nav::Nav;
use crate::views::profile_fields::{ErrorLink, TopicBox, topic_boxes};
use askama::Template;
use chrono_tz::Tz;

/// A request of the household, in a line.
pub struct BuddyLine {
    /// The request.
    pub id: i64,
    /// The newcomer.
    pub person: String,
    /// "active with Anna Nowak" …
    pub state: String,
    /// When they asked.
    pub requested: String,
}

/// The lines of the household's requests, newest first.
pub fn buddy_lines(found: &[HouseholdMatch], tz: Tz) -> Vec<BuddyLine> {
    found
        .iter()
        .map(|h| BuddyLine {
            id: h.request.id.0,
            person: h.request.person_name.clone(),
            state: state_text(&h.request),
            requested: day(h.request.requested_at, tz),
        })
        .collect()
}

/// The form to ask for a buddy on a case.
#[derive(Template)]
#[template(path = "buddies/case_request.html")]
pub struct CaseBuddyPage {
    /// Navigation.
    pub nav: Nav,
    /// The case.
    pub case_id: i64,
    /// The principal's name.
    pub title: String,
    /// The people of the case: (position, name).
    pub people: Vec<(String, String)>,
    /// What was typed.
    pub values: RequestInput,
    /// What is wrong, by field name.
    pub errors: FieldErrors,
    /// The household's requests.
    pub requests: Vec<BuddyLine>,
}

/// (name, label, element id) of the form's fields, in form order.
const FIELDS: [(&str, &str, &str); 6] = [
    ("person", "Newcomer", "#b-person"),
    ("languages", "Languages", "#b-languages"),
    ("district", "District", "#b-district"),
    ("topics", "Help with", "#b-topic-housing"),
    ("wishes", "Wishes", "#b-wishes"),
    ("phone", "Phone to share", "#b-phone"),
];

impl CaseBuddyPage {
    /// The topic checkboxes.
    pub fn topics(&self) -> Vec<TopicBox> {
        topic_boxes(&self.values.topics)
    }

    /// The error summary, in form order.
    pub fn summary(&self) -> Vec<ErrorLink> {
        FIELDS
            .iter()
            .chain(&[("consent", "Consent", "#b-consent")])
            .filter_map(|(name, label, href)| {
                Some(ErrorLink {
                    href: (*href).to_owned(),
                    text: format!("{label}: {}", self.errors.get(name)?),
                })
            })
            .collect()
    }

    /// The `aria-describedby` of field `name`: its hint (`hint` true) and its error.
    pub fn described_by(&self, name: &str, hint: bool) -> String {
        let id = FIELDS
            .iter()
            .chain(&[("consent", "Consent", "#b-consent")])
            .find(|f| f.0 == name)
            .map_or(name, |f| &f.2[1..]);
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{id}-hint"));
        }
        if self.errors.get(name).is_some() {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    }
}
