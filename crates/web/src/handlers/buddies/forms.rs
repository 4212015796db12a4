//! The programme's forms as posted, read into the commands' `…Input`s.

use serde::Deserialize;

use crate::commands::buddies::{ProfileInput, RequestInput};

/// An ambassador's profile (`templates/buddies/profile_fields.html`); the language rows come
/// as repeated `language` and `level` fields, in row order.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    name: String,
    email: String,
    nationality: String,
    language: Vec<String>,
    level: Vec<String>,
    years_here: String,
    district: String,
    occupation: String,
    interests: String,
    family: String,
    children_at_school: Option<String>,
    helps_with: Vec<String>,
    capacity: String,
    available_until: String,
    introduction: String,
    phone: String,
    consent: Option<String>,
    /// The version the profile page was made from.
    pub version: Option<String>,
}

impl ProfileForm {
    /// The input as typed.
    pub fn input(&self) -> ProfileInput {
        let levels = self
            .level
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat(""));
        ProfileInput {
            name: self.name.clone(),
            email: self.email.clone(),
            nationality: self.nationality.clone(),
            languages: self
                .language
                .iter()
                .zip(levels)
                .map(|(l, level)| (l.clone(), level.to_owned()))
                .collect(),
            years_here: self.years_here.clone(),
            district: self.district.clone(),
            occupation: self.occupation.clone(),
            interests: self.interests.clone(),
            family: self.family.clone(),
            children_at_school: self.children_at_school.is_some(),
            helps_with: self.helps_with.clone(),
            capacity: self.capacity.clone(),
            available_until: self.available_until.clone(),
            introduction: self.introduction.clone(),
            phone: self.phone.clone(),
            consent: self.consent.is_some(),
        }
    }
}

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
