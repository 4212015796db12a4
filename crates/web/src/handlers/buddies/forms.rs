//! The programme's forms as posted, read into the commands' `…Input`s.

use serde::Deserialize;

use crate::commands::buddies::RequestInput;

/// A request for a buddy (`templates/buddies/case_request.html`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    person: String,
    languages: String,
    district: String,
    topics: Vec<String>,
    has_children: Option<String>,
    wishes: String,
    share_email: Option<String>,
    share_phone: Option<String>,
    phone: String,
    consent: Option<String>,
}

impl RequestForm {
    /// The input as typed.
    pub fn input(&self) -> RequestInput {
        RequestInput {
            person: self.person.clone(),
            languages: self.languages.clone(),
            district: self.district.clone(),
            topics: self.topics.clone(),
            has_children: self.has_children.is_some(),
            wishes: self.wishes.clone(),
            share_email: self.share_email.is_some(),
            share_phone: self.share_phone.is_some(),
            phone: self.phone.clone(),
            consent: self.consent.is_some(),
        }
    }
}

/// "Propose" on the request page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    /// The ambassador's profile id.
    pub ambassador: String,
    /// The version of the request the page showed.
    pub version: Option<String>,
}

/// "End the match".
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EndForm {
    /// The reason's name.
    pub reason: String,
    /// A note.
    pub note: String,
}

/// A status change of an ambassador; `back` says which page to return to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    /// `active`, `paused`, `declined`.
    pub status: String,
    /// `list` or `profile`.
    pub back: String,
}

/// "Handled" on a call for help; `back` says which page to return to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandledForm {
    /// `dashboard` or `buddies`.
    pub back: String,
}
