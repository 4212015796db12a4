//! Ambassadors of the buddy programme as the API shows them to coordinators, and the
//! profiles it receives (an invitation, a change).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::schema;
use crate::commands::buddies::ProfileInput;
use crate::db::buddies::Ambassador;

/// A language and how well it is spoken.
#[derive(Debug, Serialize, ToSchema)]
pub struct LanguageOut {
    /// The language ("Hindi").
    pub language: String,
    /// How well.
    #[schema(schema_with = schema::level)]
    pub level: &'static str,
}

/// An ambassador (a local who looks after newcomers).
#[derive(Debug, Serialize, ToSchema)]
pub struct AmbassadorOut {
    /// The ambassador's id.
    pub id: i64,
    /// Their account's id.
    pub account: i64,
    /// Their name.
    pub name: String,
    /// Their e-mail (they sign in with it).
    pub email: String,
    /// Where they stand in the programme.
    #[schema(schema_with = schema::ambassador_status)]
    pub status: &'static str,
    /// Whether their account may sign in.
    pub account_active: bool,
    /// Nationality.
    pub nationality: String,
    /// Languages, the best spoken first.
    pub languages: Vec<LanguageOut>,
    /// Whole years in Ostrava.
    pub years_here: u8,
    /// Their district of Ostrava.
    pub district: Option<String>,
    /// Occupation or field.
    pub occupation: Option<String>,
    /// Interests.
    pub interests: Option<String>,
    /// Family situation.
    pub family: Option<String>,
    /// Whether they have children at a Czech school.
    pub children_at_school: bool,
    /// What they like to help with.
    #[schema(schema_with = schema::topics)]
    pub helps_with: Vec<&'static str>,
    /// How many newcomers at once (1–10).
    pub capacity: u8,
    /// Newcomers they look after now (proposed, accepted and active matches).
    pub load: u8,
    /// Places free now.
    pub free_places: u8,
    /// The last day they can take newcomers (`null`: open-ended).
    pub available_until: Option<NaiveDate>,
    /// Their introduction, which their newcomers read.
    pub introduction: String,
    /// Their phone.
    pub phone: Option<String>,
    /// When they applied or were invited.
    pub applied_at: DateTime<Utc>,
    /// When the coordinator approved or declined them.
    pub decided_at: Option<DateTime<Utc>>,
    /// Bumped by every change of the profile; see `ETag`. A photo is no part of the profile:
    /// changing it leaves the version as it is.
    pub version: i64,
    /// Their photo (`GET /ambassadors/{id}/photo`), or `null`.
    pub photo: Option<PhotoOut>,
}

/// An ambassador's photo: what it is, never where it is kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoOut {
    /// `image/jpeg` or `image/png` (found from the bytes).
    #[schema(example = "image/jpeg")]
    pub content_type: &'static str,
    /// Bytes.
    pub size: u64,
    /// When it was uploaded.
    pub uploaded_at: DateTime<Utc>,
}

/// A multipart upload of an ambassador's photo: one `photo` part, a JPEG or PNG image (found
/// from the bytes, whatever its name says) of at most 5 MiB.
#[derive(Debug, ToSchema)]
pub struct PhotoUpload {
    /// The photo.
    #[schema(content_media_type = "application/octet-stream")]
    pub photo: Vec<u8>,
}

impl From<Ambassador> for AmbassadorOut {
    fn from(a: Ambassador) -> Self {
        let free_places = a.free_places();
        let p = a.profile;
        Self {
            id: a.id.0,
            account: a.user.0,
            name: a.name,
            email: a.email,
            status: a.status.name(),
            account_active: a.account_active,
            nationality: p.nationality,
            languages: p
                .languages
                .into_iter()
                .map(|(l, level)| LanguageOut {
                    language: l.as_str().to_owned(),
                    level: level.as_str(),
                })
                .collect(),
            years_here: p.years_here,
            district: p.district,
            occupation: p.occupation,
            interests: p.interests,
            family: p.family,
            children_at_school: p.children_at_school,
            helps_with: p.helps_with.iter().map(|t| t.as_str()).collect(),
            capacity: p.capacity.get(),
            load: a.load,
            free_places,
            available_until: p.available_until,
            introduction: p.introduction,
            phone: p.phone,
            applied_at: a.applied_at,
            decided_at: a.decided_at,
            version: a.version,
            photo: a.photo.map(|photo| PhotoOut {
                content_type: photo.kind.media_type(),
                size: photo.size,
                uploaded_at: photo.uploaded_at,
            }),
        }
    }
}

/// One page of ambassadors, by id.
#[derive(Debug, Serialize, ToSchema)]
pub struct AmbassadorList {
    /// The ambassadors.
    pub ambassadors: Vec<AmbassadorOut>,
    /// Pass as `after` for the next page; `null` on the last.
    pub next_after: Option<i64>,
}

/// A language and how well it is spoken, as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageIn {
    /// The language's name ("Hindi"): 2–40 letters, spaces or hyphens.
    #[schema(min_length = 2, max_length = 40)]
    pub language: String,
    /// How well.
    #[schema(schema_with = schema::level)]
    pub level: String,
}

/// A new ambassador, invited by the coordinator: they get a mail with a link to choose a
/// password. Every wrong field is a 422 naming it (`languages`, `capacity` …).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Anita Rao", "email": "anita.rao@example.com", "consent": true,
    "nationality": "Indian",
    "languages": [{"language": "Hindi", "level": "native"}, {"language": "English", "level": "fluent"}],
    "years_here": 4, "district": "Poruba", "children_at_school": true,
    "helps_with": ["housing", "school"], "capacity": 2,
    "introduction": "I came for work in 2022 and love showing people around.",
    "phone": "+420 601 234 567"
}))]
pub struct AmbassadorIn {
    /// Their name.
    pub name: String,
    /// Their e-mail (they sign in with it); another account's is refused.
    #[schema(format = Email)]
    pub email: String,
    /// Their consent to be contacted by the centre and their newcomers (required).
    pub consent: bool,
    /// Nationality.
    #[schema(min_length = 1, max_length = 80)]
    pub nationality: String,
    /// Languages (1–6), with how well they are spoken.
    #[schema(min_items = 1, max_items = 6)]
    pub languages: Vec<LanguageIn>,
    /// Whole years in Ostrava, 0–80 (default 0).
    #[schema(minimum = 0, maximum = 80)]
    pub years_here: Option<i64>,
    /// Their district of Ostrava.
    #[schema(max_length = 80)]
    pub district: Option<String>,
    /// Occupation or field.
    #[schema(max_length = 120)]
    pub occupation: Option<String>,
    /// Interests.
    #[schema(max_length = 500)]
    pub interests: Option<String>,
    /// Family situation.
    #[schema(max_length = 500)]
    pub family: Option<String>,
    /// Whether they have children at a Czech school (default `false`).
    pub children_at_school: Option<bool>,
    /// What they like to help with (at least one).
    #[schema(schema_with = schema::topics_chosen)]
    pub helps_with: Vec<String>,
    /// How many newcomers at once, 1–10.
    #[schema(minimum = 1, maximum = 10)]
    pub capacity: i64,
    /// The last day they can take newcomers (`YYYY-MM-DD`; `null`: open-ended).
    #[schema(format = Date)]
    pub available_until: Option<String>,
    /// A short introduction their newcomers read (1–1,000 characters).
    #[schema(min_length = 1, max_length = 1000)]
    pub introduction: String,
    /// A phone number: 6 to 20 digits, with an optional leading `+` and spaces, hyphens, dots
    /// or brackets between them.
    #[schema(max_length = 30)]
    pub phone: Option<String>,
}

impl AmbassadorIn {
    /// The invitation as the command reads it (the form's strings).
    pub fn input(self) -> ProfileInput {
        ProfileInput {
            nationality: self.nationality,
            languages: self
                .languages
                .into_iter()
                .map(|l| (l.language, l.level))
                .collect(),
            years_here: self.years_here.map(|n| n.to_string()).unwrap_or_default(),
            district: self.district.unwrap_or_default(),
            occupation: self.occupation.unwrap_or_default(),
            interests: self.interests.unwrap_or_default(),
            family: self.family.unwrap_or_default(),
            children_at_school: self.children_at_school.unwrap_or(false),
            helps_with: self.helps_with,
            capacity: self.capacity.to_string(),
            available_until: self.available_until.unwrap_or_default(),
            introduction: self.introduction,
            phone: self.phone.unwrap_or_default(),
            name: self.name,
            email: self.email,
            consent: self.consent,
        }
    }
}

/// A change of an ambassador's profile; name and e-mail are their account's and do not
/// change here. Every wrong field is a 422 naming it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "nationality": "Indian",
    "languages": [{"language": "Hindi", "level": "native"}, {"language": "English", "level": "fluent"}],
    "years_here": 5, "district": "Poruba", "helps_with": ["housing"], "capacity": 3,
    "introduction": "I came for work in 2022 and love showing people around."
}))]
pub struct ProfileIn {
    /// Nationality.
    #[schema(min_length = 1, max_length = 80)]
    pub nationality: String,
    /// Languages (1–6), with how well they are spoken.
    #[schema(min_items = 1, max_items = 6)]
    pub languages: Vec<LanguageIn>,
    /// Whole years in Ostrava, 0–80 (default 0).
    #[schema(minimum = 0, maximum = 80)]
    pub years_here: Option<i64>,
    /// Their district of Ostrava.
    #[schema(max_length = 80)]
    pub district: Option<String>,
    /// Occupation or field.
    #[schema(max_length = 120)]
    pub occupation: Option<String>,
    /// Interests.
    #[schema(max_length = 500)]
    pub interests: Option<String>,
    /// Family situation.
    #[schema(max_length = 500)]
    pub family: Option<String>,
    /// Whether they have children at a Czech school (default `false`).
    pub children_at_school: Option<bool>,
    /// What they like to help with (at least one).
    #[schema(schema_with = schema::topics_chosen)]
    pub helps_with: Vec<String>,
    /// How many newcomers at once, 1–10.
    #[schema(minimum = 1, maximum = 10)]
    pub capacity: i64,
    /// The last day they can take newcomers (`YYYY-MM-DD`; `null`: open-ended).
    #[schema(format = Date)]
    pub available_until: Option<String>,
    /// A short introduction their newcomers read (1–1,000 characters).
    #[schema(min_length = 1, max_length = 1000)]
    pub introduction: String,
    /// A phone number: 6 to 20 digits, with an optional leading `+` and spaces, hyphens, dots
    /// or brackets between them.
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    /// The version the change was made against (see `If-Match`).
    pub version: Option<i64>,
}

impl ProfileIn {
    /// The profile as the command reads it (the form's strings).
    pub fn input(self) -> ProfileInput {
        ProfileInput {
            nationality: self.nationality,
            languages: self
                .languages
                .into_iter()
                .map(|l| (l.language, l.level))
                .collect(),
            years_here: self.years_here.map(|n| n.to_string()).unwrap_or_default(),
            district: self.district.unwrap_or_default(),
            occupation: self.occupation.unwrap_or_default(),
            interests: self.interests.unwrap_or_default(),
            family: self.family.unwrap_or_default(),
            children_at_school: self.children_at_school.unwrap_or(false),
            helps_with: self.helps_with,
            capacity: self.capacity.to_string(),
            available_until: self.available_until.unwrap_or_default(),
            introduction: self.introduction,
            phone: self.phone.unwrap_or_default(),
            ..ProfileInput::default()
        }
    }
}

/// An ambassador's new status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "paused"}))]
pub struct AmbassadorStatusIn {
    /// `active` approves an applicant (they get a mail to choose a password) or resumes a
    /// paused ambassador; `paused` takes no newcomers for now; `declined` declines an
    /// application.
    #[schema(schema_with = schema::ambassador_decision)]
    pub status: String,
}
