//! The ambassador's profile form as posted (`templates/partials/profile_fields.html`), read
//! into the commands' [`ProfileInput`] the one way for every page that has it: the
//! coordinator's invitation and profile pages and the ambassador's sign-up and own profile.

use serde::Deserialize;

use crate::commands::buddies::ProfileInput;

/// The form's fields (one struct for every page: `serde_html_form` cannot flatten it into a
/// page's own form); the language rows come as repeated `language` and `level` fields, in
/// row order, the ticked topics as repeated `helps_with`.
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
    /// The version the profile page was made from (a change of a stored profile).
    pub version: Option<String>,
    /// The sign-up form's field hidden from people: whatever fills it in is a robot.
    pub website: String,
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
