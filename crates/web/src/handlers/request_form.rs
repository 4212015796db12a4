//! The request for a buddy as posted, by the consultant's form
//! (`templates/buddies/case_request.html`) and the household's (`templates/portal/buddy.html`)
//! alike: read into the command's `RequestInput` (checkboxes are present when ticked).

use serde::Deserialize;

use crate::commands::buddies::RequestInput;

/// A request for a buddy as posted.
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
