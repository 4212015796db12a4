//! Request bodies. Unknown fields are refused (422), so a typo never passes silently. Texts
//! are parsed by the same code as the web forms.

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::schema::{self, KeyDateChanges, OpeningKeyDates};

/// The principal of a new case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrincipalIn {
    /// Full name as in the passport.
    #[schema(example = "Priya Sharma")]
    pub name: String,
    /// E-mail (needed to invite them to the portal later).
    pub email: Option<String>,
    /// Date of birth, `YYYY-MM-DD`.
    #[schema(format = Date, example = "1991-04-12")]
    pub date_of_birth: String,
    /// Nationality.
    #[schema(example = "Indian")]
    pub nationality: String,
    /// Passport number (give it with its expiry, or neither).
    pub passport_number: Option<String>,
    /// Passport expiry, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub passport_expiry: Option<String>,
}

/// A family member coming along.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DependantIn {
    /// Full name as in the passport.
    pub name: String,
    /// Relation to the principal.
    #[schema(schema_with = schema::relation)]
    pub relation: String,
    /// Date of birth, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date_of_birth: String,
    /// Nationality.
    pub nationality: String,
    /// Passport number (give it with its expiry, or neither).
    pub passport_number: Option<String>,
    /// Passport expiry, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub passport_expiry: Option<String>,
}

/// A new case: the checklist is generated from the routes exactly as on the new-case page.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCaseIn {
    /// The principal.
    pub principal: PrincipalIn,
    /// Family members coming along (at most 20).
    #[serde(default)]
    pub dependants: Vec<DependantIn>,
    /// Route keys (`GET /routes` lists them), at least one.
    #[schema(example = json!(["employee-card"]))]
    pub routes: Vec<String>,
    /// The key dates known now.
    #[serde(default)]
    pub key_dates: OpeningKeyDates,
    /// The consultant in charge (a staff user id); the caller when left out.
    pub consultant: Option<i64>,
    /// 32 lowercase hex digits chosen by the client: sending the same token again returns
    /// the case it created instead of creating another one.
    #[schema(example = "0f9d2c4b8a7e6d5c4b3a29181716a5b4")]
    pub creation_token: Option<String>,
    /// The lawful basis of the processing: `contract` (when left out), `legal_obligation`,
    /// `public_task` or `consent` (issue 23).
    pub lawful_basis: Option<String>,
}

/// Key dates to change; every due date is then recomputed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyDatesIn {
    /// The changes to the case's (household's) dates.
    #[serde(default)]
    pub key_dates: KeyDateChanges,
    /// Changes to people's own dates, by the person's index (`"1"`): a date there replaces
    /// the case's for that person's items only; `null` clears it (the case's applies again).
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, KeyDateChanges>)]
    pub people: BTreeMap<String, KeyDateChanges>,
    /// The case version the change is based on (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// Put an open case on hold.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldIn {
    /// Why (1–500 characters).
    pub reason: String,
    /// The case version (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// Close an open or held case (on today's date).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseIn {
    /// How it ended.
    #[schema(schema_with = schema::outcome)]
    pub outcome: String,
    /// Close even though items are still open (without it, a case with open items is
    /// refused with 422 and the count).
    #[serde(default)]
    pub close_open_items: bool,
    /// The case version (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// Reopen a held or closed case.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenIn {
    /// The case version (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// Hand the case to another consultant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignIn {
    /// The user id of an active consultant or admin.
    pub consultant: i64,
    /// The case version (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// Change an item's status with one of the allowed actions.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusIn {
    /// The action.
    #[schema(schema_with = schema::action)]
    pub action: String,
    /// Required for `return`, `not_applicable` and `reopen` (1–500 characters).
    #[serde(default)]
    pub reason: String,
    /// The item version (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// Override an item's due date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DueIn {
    /// The date that applies instead of the computed one.
    #[schema(format = Date, example = "2026-12-31")]
    pub date: String,
    /// Why (1–500 characters).
    pub reason: String,
    /// The item version (used when `If-Match` is not sent).
    pub version: Option<i64>,
}

/// A consultant's own item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomItemIn {
    /// What to do (1–200 characters).
    pub title: String,
    /// Where it is grouped.
    #[schema(schema_with = schema::category)]
    pub category: String,
    /// Whose: `household` or a person's index (`0` is the principal).
    #[schema(schema_with = schema::holder)]
    pub holder: String,
    /// Due date, `YYYY-MM-DD`, if any.
    #[serde(default)]
    #[schema(format = Date)]
    pub due: Option<String>,
    /// Instructions for the expat (at most 5,000 characters).
    #[serde(default)]
    pub instructions: String,
}

/// A note on a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteIn {
    /// The text (1–10,000 characters).
    pub body: String,
    /// `internal` (staff only, the default). Notes are never shown to the household:
    /// `shared` is refused (422 on `visibility`); write to the household with
    /// `POST /cases/{id}/messages`.
    #[schema(schema_with = schema::visibility)]
    pub visibility: Option<String>,
}
