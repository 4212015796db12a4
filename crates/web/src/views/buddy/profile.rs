//! `templates/buddy/profile.html` and `templates/buddy/apply.html`: an ambassador's profile
//! form, on their own profile page and on the public sign-up form
//! (`templates/buddy/profile_fields.html` is the part they share).

use askama::Template;
use softland_domain::buddy::{MAX_CAPACITY, Topic};

use super::BuddyChrome;
use crate::commands::FieldErrors;
use crate::commands::buddies::MAX_LANGUAGES;
use crate::db::buddies::{AmbassadorStatus, Profile};

/// Language rows the form shows at least.
const LANGUAGE_ROWS: usize = 3;

/// One language row of the form.
#[derive(Debug, Clone, Default)]
pub struct LanguageRow {
    /// 1, 2, … (for ids and labels).
    pub n: usize,
    /// The language as typed.
    pub language: String,
    /// The level's name.
    pub level: String,
}

impl LanguageRow {
    /// Whether `value` is the row's level.
    pub fn is_level(&self, value: &str) -> bool {
        self.level == value
    }
}

/// The profile form as typed (or as stored).
#[derive(Debug, Clone, Default)]
pub struct ProfileValues {
    /// Name (sign-up only).
    pub name: String,
    /// E-mail (sign-up only).
    pub email: String,
    /// Consent (sign-up only).
    pub consent: bool,
    /// Nationality.
    pub nationality: String,
    /// Language rows (at least [`LANGUAGE_ROWS`], one empty row to add one).
    pub languages: Vec<LanguageRow>,
    /// Whole years in Ostrava.
    pub years_here: String,
    /// District.
    pub district: String,
    /// Occupation or field.
    pub occupation: String,
    /// Interests.
    pub interests: String,
    /// Family situation.
    pub family: String,
    /// Children at a Czech school.
    pub children_at_school: bool,
    /// Topic names ticked.
    pub helps_with: Vec<String>,
    /// Places.
    pub capacity: String,
    /// `YYYY-MM-DD` or empty.
    pub available_until: String,
    /// Introduction.
    pub introduction: String,
    /// Phone.
    pub phone: String,
}

impl ProfileValues {
    /// An empty form (sign-up): one place, no end date.
    pub fn blank() -> Self {
        Self {
            capacity: "1".to_owned(),
            languages: rows(Vec::new()),
            ..Self::default()
        }
    }

    /// The form filled from a stored profile.
    pub fn of(profile: &Profile) -> Self {
        let languages = profile
            .languages
            .iter()
            .map(|(l, level)| (l.as_str().to_owned(), level.as_str().to_owned()))
            .collect();
        Self {
            nationality: profile.nationality.clone(),
            languages: rows(languages),
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
            ..Self::default()
        }
    }

    /// The form with the language pairs as typed.
    #[must_use]
    pub fn with_languages(mut self, typed: Vec<(String, String)>) -> Self {
        self.languages = rows(typed);
        self
    }

    /// Whether topic `value` is ticked.
    pub fn helps(&self, value: &str) -> bool {
        self.helps_with.iter().any(|t| t == value)
    }
}

/// The typed pairs as rows: at least [`LANGUAGE_ROWS`], and one empty row more while there is
/// room.
fn rows(typed: Vec<(String, String)>) -> Vec<LanguageRow> {
    let filled: Vec<(String, String)> = typed
        .into_iter()
        .filter(|(l, _)| !l.trim().is_empty())
        .take(MAX_LANGUAGES)
        .collect();
    let count = (filled.len() + 1).clamp(LANGUAGE_ROWS, MAX_LANGUAGES);
    (0..count)
        .map(|i| {
            let (language, level) = filled.get(i).cloned().unwrap_or_default();
            LanguageRow {
                n: i + 1,
                language,
                level,
            }
        })
        .collect()
}

/// The level choices: (value, words).
pub const LEVELS: [(&str, &str); 4] = [
    ("native", "First language"),
    ("fluent", "Fluent"),
    ("conversational", "Conversational"),
    ("basic", "Basic"),
];

/// The topics offered: (value, words).
fn topics() -> Vec<(&'static str, &'static str)> {
    Topic::ALL.iter().map(|t| (t.as_str(), t.label())).collect()
}

/// The id of the input a field's message links to in the error summary.
fn anchor(field: &str) -> String {
    match field {
        "languages" => "language-1".to_owned(),
        "helps_with" => format!("helps-{}", Topic::Housing.as_str()),
        "version" => "profile-form".to_owned(),
        other => format!("profile-{}", other.replace('_', "-")),
    }
}

/// `templates/buddy/profile.html`: the ambassador's own profile, pause or resume, password.
#[derive(Template)]
#[template(path = "buddy/profile.html")]
pub struct ProfilePage {
    /// Header and footer.
    pub chrome: BuddyChrome,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// "Changed meanwhile" when the profile changed since the form was made.
    pub conflict: Option<String>,
    /// Their name.
    pub name: String,
    /// Their sign-in e-mail.
    pub email: String,
    /// Where they stand.
    pub status: AmbassadorStatus,
    /// The profile form.
    pub form: ProfileValues,
    /// Its errors.
    pub errors: FieldErrors,
    /// The version the form is made from.
    pub version: i64,
    /// What is wrong in the change-password form, by field.
    pub password_errors: FieldErrors,
    /// Level choices.
    pub levels: &'static [(&'static str, &'static str)],
    /// Topic choices.
    pub topics: Vec<(&'static str, &'static str)>,
    /// The largest capacity.
    pub max_capacity: u8,
}

impl ProfilePage {
    /// The page with `form`.
    pub fn new(chrome: BuddyChrome, ambassador: &crate::db::buddies::Ambassador) -> Self {
        Self {
            chrome,
            flash: None,
            conflict: None,
            name: ambassador.name.clone(),
            email: ambassador.email.clone(),
            status: ambassador.status,
            form: ProfileValues::of(&ambassador.profile),
            errors: FieldErrors::new(),
            version: ambassador.version,
            password_errors: FieldErrors::new(),
            levels: &LEVELS,
            topics: topics(),
            max_capacity: MAX_CAPACITY,
        }
    }

    /// Whether they are paused (the form offers to resume).
    pub fn is_paused(&self) -> bool {
        self.status == AmbassadorStatus::Paused
    }

    /// Whether they may pause themself (only an active ambassador).
    pub fn is_active(&self) -> bool {
        self.status == AmbassadorStatus::Active
    }

    /// The status in words.
    pub fn status_label(&self) -> &'static str {
        self.status.label()
    }

    /// Where a field's message in the summary links to.
    #[expect(clippy::unused_self, reason = "templates call it on their page")]
    pub fn anchor(&self, field: &str) -> String {
        anchor(field)
    }

    /// The CSRF token of the change-password form (`partials/password_form.html`).
    pub fn password_csrf(&self) -> &str {
        &self.chrome.csrf
    }

    /// Where the change-password form goes.
    #[expect(
        clippy::unused_self,
        reason = "the password form partial asks its page"
    )]
    pub fn password_action(&self) -> &'static str {
        "/buddy/profile/password"
    }
}

/// `templates/buddy/apply.html`: the public sign-up form.
#[derive(Template)]
#[template(path = "buddy/apply.html")]
pub struct ApplyPage {
    /// The visitor's (or session's) CSRF token.
    pub csrf: String,
    /// The form.
    pub form: ProfileValues,
    /// Its errors.
    pub errors: FieldErrors,
    /// A message for the whole form (too many applications from here).
    pub problem: Option<String>,
    /// Level choices.
    pub levels: &'static [(&'static str, &'static str)],
    /// Topic choices.
    pub topics: Vec<(&'static str, &'static str)>,
    /// The largest capacity.
    pub max_capacity: u8,
}

impl ApplyPage {
    /// The form with `form` and `errors`.
    pub fn new(csrf: String, form: ProfileValues, errors: FieldErrors) -> Self {
        Self {
            csrf,
            form,
            errors,
            problem: None,
            levels: &LEVELS,
            topics: topics(),
            max_capacity: MAX_CAPACITY,
        }
    }

    /// Where a field's message in the summary links to.
    #[expect(clippy::unused_self, reason = "templates call it on their page")]
    pub fn anchor(&self, field: &str) -> String {
        anchor(field)
    }
}

/// `templates/buddy/applied.html`: thank you.
#[derive(Template)]
#[template(path = "buddy/applied.html")]
pub struct AppliedPage;
