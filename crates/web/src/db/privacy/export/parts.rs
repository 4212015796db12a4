//! The shape of `data.json` (`docs/export-schema.json`): one struct per part of a person's
//! data, serialised as they are.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Everything of one person: `data.json` without its envelope.
#[derive(Debug, Clone, Serialize)]
pub struct PersonData {
    /// The person as the case records them.
    pub person: PersonPart,
    /// Their portal account, if they have one.
    pub account: Option<AccountPart>,
    /// Their household's case (the household's own facts).
    pub case: CasePart,
    /// Checklist items held by them, and the household's (held by no one person).
    pub checklist: Vec<ItemPart>,
    /// The register's consent records, and those kept by the buddy, employer and referral
    /// features.
    pub consents: Vec<ConsentPart>,
    /// The case's conversation with the centre (the household's).
    pub messages: Vec<MessagePart>,
    /// Notes the centre shared with the household.
    pub shared_notes: Vec<NotePart>,
    /// Their files and the household's (metadata; the bytes are under `files/` in the ZIP).
    pub files: Vec<FilePart>,
    /// Their requests for a volunteer buddy.
    pub buddy_requests: Vec<BuddyPart>,
    /// Their links to an employer.
    pub employments: Vec<EmploymentPart>,
    /// Their referrals to partners.
    pub referrals: Vec<ReferralPart>,
    /// Their registrations for the centre's events (by their account).
    pub event_registrations: Vec<RegistrationPart>,
    /// The files' objects to put in the ZIP: (path in the ZIP, store key). Not in the JSON.
    #[serde(skip)]
    pub objects: Vec<(String, String)>,
}

/// The person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonPart {
    /// Id in softland.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Relation to the household's principal.
    pub relation: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Nationality (ISO 3166 alpha-2 or as typed).
    pub nationality: String,
    /// E-mail on the case.
    pub email: Option<String>,
    /// Passport number.
    pub passport_number: Option<String>,
    /// Passport valid until.
    pub passport_expiry: Option<NaiveDate>,
    /// Their own key dates (`kind`: `arrival`, `permit_issued` …).
    pub key_dates: Vec<DatePart>,
    /// Their documents in the wallet.
    pub documents: Vec<DocumentPart>,
}

/// A key date.
#[derive(Debug, Clone, Serialize)]
pub struct DatePart {
    /// Which.
    pub kind: String,
    /// The day.
    pub date: NaiveDate,
}

/// A document of the wallet.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPart {
    /// `passport`, `residence_permit` …
    pub kind: String,
    /// Its number.
    pub number: String,
    /// Who issued it.
    pub issuing_country: String,
    /// Issued on.
    pub issued_on: NaiveDate,
    /// Valid until.
    pub valid_until: Option<NaiveDate>,
}

/// The portal account.
#[derive(Debug, Clone, Serialize)]
pub struct AccountPart {
    /// Sign-in e-mail.
    pub email: String,
    /// Name shown.
    pub display_name: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// The household's case.
#[derive(Debug, Clone, Serialize)]
pub struct CasePart {
    /// Id.
    pub id: i64,
    /// `open`, `on_hold`, `closed`.
    pub status: String,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// How it ended.
    pub outcome: Option<String>,
    /// The lawful basis of the processing.
    pub lawful_basis: String,
    /// The household's key dates.
    pub key_dates: Vec<DatePart>,
}

/// A checklist item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemPart {
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// `to_do`, `in_progress`, `submitted`, `done`, `not_applicable` …
    pub status: String,
    /// When the status was set.
    pub status_on: Option<NaiveDate>,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// `person` (theirs) or `household`.
    pub held_by: &'static str,
}

/// A consent.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentPart {
    /// `portal_use`, `mail_reminders`, `photos`, `buddy_sharing`, `employer_sharing`,
    /// `partner_referral`.
    pub purpose: &'static str,
    /// What it is about (the employer's or partner's name), when not the purpose alone.
    pub about: Option<String>,
    /// Given at.
    pub given_at: Option<DateTime<Utc>>,
    /// `in_person`, `phone`, `mail`, `portal`, `paper`.
    pub given_how: Option<&'static str>,
    /// Withdrawn at.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// A message of the conversation.
#[derive(Debug, Clone, Serialize)]
pub struct MessagePart {
    /// When.
    pub at: DateTime<Utc>,
    /// `centre` or `household`.
    pub side: &'static str,
    /// Who wrote it: the person (`you`), the centre's staff member, or `household`.
    pub author: String,
    /// The text.
    pub body: String,
}

/// A note shared with the household.
#[derive(Debug, Clone, Serialize)]
pub struct NotePart {
    /// When.
    pub at: DateTime<Utc>,
    /// The staff member.
    pub author: Option<String>,
    /// The text.
    pub body: String,
}

/// A file.
#[derive(Debug, Clone, Serialize)]
pub struct FilePart {
    /// Its name.
    pub name: String,
    /// `person` (theirs) or `household`.
    pub belongs_to: &'static str,
    /// Bytes.
    pub size: u64,
    /// Media type.
    pub media_type: &'static str,
    /// SHA-256 (hex) of the bytes.
    pub sha256: String,
    /// Uploaded at.
    pub uploaded_at: DateTime<Utc>,
    /// Where the bytes are in the ZIP.
    pub path: String,
}

/// A request for a buddy.
#[derive(Debug, Clone, Serialize)]
pub struct BuddyPart {
    /// `requested` … `ended`.
    pub state: String,
    /// Languages asked for.
    pub languages: String,
    /// District.
    pub district: Option<String>,
    /// Topics.
    pub topics: String,
    /// Wishes.
    pub wishes: Option<String>,
    /// Phone given to share.
    pub phone: Option<String>,
    /// Requested at.
    pub requested_at: DateTime<Utc>,
    /// Ended at.
    pub ended_at: Option<DateTime<Utc>>,
    /// Rating given.
    pub rating: Option<i64>,
    /// Feedback given.
    pub feedback: Option<String>,
}

/// A link to an employer.
#[derive(Debug, Clone, Serialize)]
pub struct EmploymentPart {
    /// The employer.
    pub employer: String,
    /// Linked at.
    pub created_at: DateTime<Utc>,
}

/// A referral to a partner.
#[derive(Debug, Clone, Serialize)]
pub struct ReferralPart {
    /// The partner.
    pub partner: String,
    /// Category.
    pub category: String,
    /// What they needed.
    pub need: String,
    /// Status.
    pub status: String,
    /// Created at.
    pub created_at: DateTime<Utc>,
}

/// An event registration.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationPart {
    /// The event.
    pub event: String,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// Name given.
    pub name: String,
    /// E-mail given.
    pub email: String,
    /// `registered`, `waiting`, `cancelled` …
    pub status: String,
    /// Registered at.
    pub registered_at: DateTime<Utc>,
}
