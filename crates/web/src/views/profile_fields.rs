//! `templates/partials/profile_fields.html`: the ambassador's profile form, the one form of
//! every page that asks for it (the coordinator's invitation and profile pages, the public
//! sign-up form, the ambassador's own profile page): the values as typed or stored, each
//! field's mistake beside it, and the summary linking to each. The pages differ only by their
//! [`Purpose`]: whether name, e-mail and consent are asked, and whom the words speak to.

mod elements;
mod words;

use softland_domain::buddy::{Level, Topic};

pub use self::elements::{
    ErrorLink, FieldSpec, FieldTable, Input, LanguageRow, TopicBox, topic_boxes,
};
use self::words::{AMBASSADOR, COORDINATOR, ORDER, Spec, Words, spec};
use super::sentence;
use crate::commands::FieldErrors;
use crate::commands::buddies::{MAX_LANGUAGES, ProfileInput};
use crate::db::buddies::Profile;

/// Language rows the form shows at least.
const LANGUAGE_ROWS: usize = 3;

/// The page the form is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A coordinator invites an ambassador (`/buddies/ambassadors/new`).
    Invitation,
    /// A coordinator changes an ambassador's profile (`/buddies/ambassadors/{id}`).
    Review,
    /// Someone applies on the public sign-up form (`/buddies/apply`).
    Application,
    /// An ambassador changes their own profile (`/buddy/profile`).
    Own,
}

impl Purpose {
    /// Whether the form makes a new ambassador: name, e-mail and consent are asked.
    pub fn is_new(self) -> bool {
        matches!(self, Self::Invitation | Self::Application)
    }

    /// Whether the ambassador fills it in (the words say "you"), not a coordinator.
    fn is_theirs(self) -> bool {
        matches!(self, Self::Application | Self::Own)
    }
}

/// The profile form: values and errors.
pub struct ProfileFields {
    /// The page it is on.
    pub purpose: Purpose,
    /// What was typed (or is stored).
    pub values: ProfileInput,
    /// What is wrong, by field name, as the commands say it.
    pub errors: FieldErrors,
}

impl ProfileFields {
    /// The form with `values` as typed and their `errors`.
    pub fn typed(purpose: Purpose, values: ProfileInput, errors: FieldErrors) -> Self {
        Self {
            purpose,
            values,
            errors,
        }
    }

    /// An empty form for a new ambassador: no end date, and the places a coordinator usually
    /// gives (two) or an applicant usually offers (one).
    pub fn blank(purpose: Purpose) -> Self {
        let capacity = if purpose.is_theirs() { "1" } else { "2" };
        let values = ProfileInput {
            capacity: capacity.to_owned(),
            ..ProfileInput::default()
        };
        Self::typed(purpose, values, FieldErrors::new())
    }

    /// The form filled with the stored `profile`, to change it.
    pub fn of(purpose: Purpose, profile: &Profile) -> Self {
        let values = ProfileInput {
            nationality: profile.nationality.clone(),
            languages: profile
                .languages
                .iter()
                .map(|(l, level)| (l.as_str().to_owned(), level.as_str().to_owned()))
                .collect(),
            years_here: profile.years_here.to_string(),
            district: profile.district.clone().unwrap_or_default(),
            occupation: profile.occupation.clone().unwrap_or_default(),
            interests: profile.interests.clone().unwrap_or_default(),
            family: profile.family.clone().unwrap_or_default(),
            children_at_school: profile.children_at_school,
            helps_with: profile
                .helps_with
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            capacity: profile.capacity.get().to_string(),
            available_until: profile
                .available_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            introduction: profile.introduction.clone(),
            phone: profile.phone.clone().unwrap_or_default(),
            ..ProfileInput::default()
        };
        Self::typed(purpose, values, FieldErrors::new())
    }

    /// The words for whoever fills it in.
    pub fn words(&self) -> &'static Words {
        if self.purpose.is_theirs() {
            &AMBASSADOR
        } else {
            &COORDINATOR
        }
    }

    /// The mistake of field `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The summary's heading.
    pub fn heading(&self) -> String {
        match (self.purpose, self.errors.len()) {
            (Purpose::Application, _) => "Your application was not sent".to_owned(),
            (Purpose::Own, _) => "Your profile was not saved".to_owned(),
            (_, 1) => "There is a problem".to_owned(),
            (_, n) => format!("There are {n} problems"),
        }
    }

    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let spec = spec(name);
        let (label, hint) = self.text(spec);
        Input {
            id: anchor(spec.name),
            name: spec.name,
            label,
            kind: spec.kind,
            value: self.value(spec.name).to_owned(),
            hint,
            required: spec.required,
            max_length: spec.max_length,
            range: spec.range,
            autocomplete: if self.purpose.is_theirs() {
                spec.autocomplete
            } else {
                ""
            },
            error: self.error(spec.name),
        }
    }

    fn text(&self, spec: &Spec) -> (&'static str, &'static str) {
        if self.purpose.is_theirs() {
            spec.theirs
        } else {
            spec.coordinator
        }
    }

    fn value(&self, name: &str) -> &str {
        let v = &self.values;
        match name {
            "name" => &v.name,
            "email" => &v.email,
            "nationality" => &v.nationality,
            "years_here" => &v.years_here,
            "district" => &v.district,
            "occupation" => &v.occupation,
            "interests" => &v.interests,
            "family" => &v.family,
            "capacity" => &v.capacity,
            "available_until" => &v.available_until,
            "introduction" => &v.introduction,
            "phone" => &v.phone,
            _ => "",
        }
    }

    /// The language rows typed, at least [`LANGUAGE_ROWS`] and one empty row more while
    /// there is room.
    pub fn language_rows(&self) -> Vec<LanguageRow> {
        let filled: Vec<&(String, String)> = self
            .values
            .languages
            .iter()
            .filter(|(l, _)| !l.trim().is_empty())
            .take(MAX_LANGUAGES)
            .collect();
        let count = (filled.len() + 1).clamp(LANGUAGE_ROWS, MAX_LANGUAGES);
        (0..count)
            .map(|i| {
                let (language, level) = filled.get(i).map(|&p| p.clone()).unwrap_or_default();
                LanguageRow {
                    n: i + 1,
                    language,
                    level,
                }
            })
            .collect()
    }

    /// The level choices, best first: (value, words).
    #[expect(clippy::unused_self, reason = "askama calls it on the form")]
    pub fn levels(&self) -> Vec<(&'static str, &'static str)> {
        Level::ALL
            .iter()
            .rev()
            .map(|&level| (level.as_str(), words::level(level)))
            .collect()
    }

    /// The topic checkboxes.
    pub fn topics(&self) -> Vec<TopicBox> {
        topic_boxes(&self.values.helps_with)
    }

    /// The error summary, in the form's order.
    pub fn summary(&self) -> Vec<ErrorLink> {
        let words = self.words();
        let label = |name: &str| match name {
            // "The form is missing its version …" names the form itself.
            "version" => "",
            "languages" => words.languages,
            "helps_with" => words.helps_with,
            "consent" => "Consent",
            _ => self.text(spec(name)).0,
        };
        ORDER
            .iter()
            .filter_map(|&name| {
                let text = self.errors.get(name)?;
                let text = match label(name) {
                    "" => sentence(text),
                    label => sentence(&format!("{label}: {text}")),
                };
                Some(ErrorLink {
                    href: format!("#{}", anchor(name)),
                    text,
                })
            })
            .collect()
    }
}

/// The id of the element a field's message links to: its input, the first of a group, or
/// the form itself for the version.
fn anchor(field: &str) -> String {
    match field {
        "languages" => "language-1".to_owned(),
        "helps_with" => format!("helps-{}", Topic::ALL[0].as_str()),
        "version" => "profile-form".to_owned(),
        other => format!("profile-{}", other.replace('_', "-")),
    }
}
