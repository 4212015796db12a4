//! The events' forms as posted, read into the commands' inputs.

use serde::Deserialize;
use softland_domain::site::event::EventText;

use crate::commands::events::EventInput;
use crate::commands::events::registration::RegistrationInput;

/// An event's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EventForm {
    title: String,
    kind: String,
    summary: String,
    description: String,
    starts_on: String,
    starts_time: String,
    ends_on: String,
    ends_time: String,
    place: String,
    online_url: String,
    language: String,
    capacity: String,
    closes_on: String,
    closes_time: String,
    topics: String,
    organisers: Vec<String>,
    /// The version the edit page was made from.
    pub version: Option<String>,
}

impl EventForm {
    /// The input as typed.
    pub fn input(&self) -> EventInput {
        EventInput {
            text: EventText {
                title: self.title.clone(),
                kind: self.kind.clone(),
                summary: self.summary.clone(),
                description: self.description.clone(),
                starts_on: self.starts_on.clone(),
                starts_time: self.starts_time.clone(),
                ends_on: self.ends_on.clone(),
                ends_time: self.ends_time.clone(),
                place: self.place.clone(),
                online_url: self.online_url.clone(),
                language: self.language.clone(),
                capacity: self.capacity.clone(),
                closes_on: self.closes_on.clone(),
                closes_time: self.closes_time.clone(),
                topics: self.topics.clone(),
            },
            organisers: self.organisers.clone(),
        }
    }
}

/// A button's form carrying the version seen.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VersionForm {
    /// The version.
    pub version: Option<String>,
}

/// Staff adding someone: a name and an e-mail.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    name: String,
    email: String,
}

impl AddForm {
    /// The input as typed.
    pub fn input(&self) -> RegistrationInput {
        RegistrationInput {
            name: self.name.clone(),
            email: self.email.clone(),
            consent: true,
            honeypot: String::new(),
        }
    }
}
