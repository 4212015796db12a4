//! The new-case form: `CaseForm` holds the strings as posted; `CaseForm::parse` turns them
//! into a `NewCase`, collecting every problem into `FieldErrors` keyed by field name
//! (`principal.passport_expiry`, `dependants.1.name`, `routes`, `key_dates.arrival`).

mod parse;

use chrono::NaiveDate;
use serde::Deserialize;
use softland_domain::person::Relation;
use softland_domain::{Catalog, KeyDate, NewCase};

use crate::db::users::StaffMember;
use crate::ids::UserId;

/// Empty dependant rows a new form shows.
pub const MIN_DEPENDANT_ROWS: usize = 3;
/// Most dependant rows a form can have.
pub const MAX_DEPENDANT_ROWS: usize = 20;
/// The key dates that can be known when a case is opened, in form order.
pub const OPENING_KEY_DATES: [KeyDate; 7] = [
    KeyDate::Arrival,
    KeyDate::EmploymentStart,
    KeyDate::BusinessStart,
    KeyDate::StudyStart,
    KeyDate::PermitExpiry,
    KeyDate::VisaExpiry,
    KeyDate::InsuranceEnd,
];
/// The relations a dependant can have.
pub const DEPENDANT_RELATIONS: [Relation; 4] = [
    Relation::Spouse,
    Relation::Child,
    Relation::Parent,
    Relation::Other,
];

/// The form as posted. Dependant fields repeat once per row, in row order.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    #[serde(rename = "principal.name")]
    pub principal_name: String,
    #[serde(rename = "principal.email")]
    pub principal_email: String,
    #[serde(rename = "principal.date_of_birth")]
    pub principal_date_of_birth: String,
    #[serde(rename = "principal.nationality")]
    pub principal_nationality: String,
    #[serde(rename = "principal.passport_number")]
    pub principal_passport_number: String,
    #[serde(rename = "principal.passport_expiry")]
    pub principal_passport_expiry: String,
    #[serde(rename = "dependants.name")]
    pub dependant_name: Vec<String>,
    #[serde(rename = "dependants.relation")]
    pub dependant_relation: Vec<String>,
    #[serde(rename = "dependants.date_of_birth")]
    pub dependant_date_of_birth: Vec<String>,
    #[serde(rename = "dependants.nationality")]
    pub dependant_nationality: Vec<String>,
    #[serde(rename = "dependants.passport_number")]
    pub dependant_passport_number: Vec<String>,
    #[serde(rename = "dependants.passport_expiry")]
    pub dependant_passport_expiry: Vec<String>,
    /// Route keys of the ticked boxes.
    pub routes: Vec<String>,
    #[serde(rename = "key_dates.arrival")]
    pub arrival: String,
    #[serde(rename = "key_dates.employment_start")]
    pub employment_start: String,
    #[serde(rename = "key_dates.business_start")]
    pub business_start: String,
    #[serde(rename = "key_dates.study_start")]
    pub study_start: String,
    #[serde(rename = "key_dates.permit_expiry")]
    pub permit_expiry: String,
    #[serde(rename = "key_dates.visa_expiry")]
    pub visa_expiry: String,
    #[serde(rename = "key_dates.insurance_end")]
    pub insurance_end: String,
    /// The consultant's user id.
    pub consultant: String,
    /// Random per form; the case it created is found again by it.
    pub creation_token: String,
    /// Which submit button: `preview`, `create` or `add_dependant`.
    pub action: String,
}

/// What the form was submitted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Show the checklist the case would get (also Enter in a field).
    Preview,
    /// Store the case.
    Create,
    /// Show one more dependant row.
    AddDependant,
}

/// One person's fields as posted (dependants have no e-mail; the principal no relation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFields {
    pub name: String,
    pub relation: String,
    pub email: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub passport_number: String,
    pub passport_expiry: String,
}

impl PersonFields {
    /// The value of `field`: `name`, `relation`, `email`, `date_of_birth`, `nationality`,
    /// `passport_number` or `passport_expiry`.
    pub fn value(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "relation" => &self.relation,
            "email" => &self.email,
            "date_of_birth" => &self.date_of_birth,
            "nationality" => &self.nationality,
            "passport_number" => &self.passport_number,
            "passport_expiry" => &self.passport_expiry,
            _ => "",
        }
    }

    /// Whether nothing was entered (a blank dependant row is ignored).
    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.relation,
            &self.email,
            &self.date_of_birth,
            &self.nationality,
            &self.passport_number,
            &self.passport_expiry,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

/// What parsing needs to know besides the form.
pub struct FormContext<'a> {
    /// Today in the centre's time zone.
    pub today: NaiveDate,
    /// The routes that can be chosen.
    pub catalog: &'a Catalog,
    /// The staff a case can be given to.
    pub staff: &'a [StaffMember],
}

/// A form that parsed.
#[derive(Debug, Clone)]
pub struct ParsedCase {
    /// The case to open.
    pub new_case: NewCase,
    /// The consultant in charge.
    pub consultant: UserId,
}

/// A fresh creation token: 32 random hex digits.
pub fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn is_token(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl CaseForm {
    /// An empty form for `consultant` with a fresh creation token.
    pub fn blank(consultant: UserId) -> Self {
        Self {
            consultant: consultant.to_string(),
            creation_token: new_token(),
            ..Self::default()
        }
    }

    /// Replaces a missing or malformed creation token (a tampered form) with a fresh one.
    pub fn ensure_token(&mut self) {
        if !is_token(&self.creation_token) {
            self.creation_token = new_token();
        }
    }

    /// The button pressed; anything else previews.
    pub fn action(&self) -> FormAction {
        match self.action.as_str() {
            "create" => FormAction::Create,
            "add_dependant" => FormAction::AddDependant,
            _ => FormAction::Preview,
        }
    }

    /// The principal's fields.
    pub fn principal(&self) -> PersonFields {
        PersonFields {
            name: self.principal_name.clone(),
            relation: String::new(),
            email: self.principal_email.clone(),
            date_of_birth: self.principal_date_of_birth.clone(),
            nationality: self.principal_nationality.clone(),
            passport_number: self.principal_passport_number.clone(),
            passport_expiry: self.principal_passport_expiry.clone(),
        }
    }

    /// The dependant rows as posted (at least [`MIN_DEPENDANT_ROWS`], `extra` more, at most
    /// [`MAX_DEPENDANT_ROWS`]).
    pub fn dependant_rows(&self, extra: usize) -> Vec<PersonFields> {
        let columns = [
            &self.dependant_name,
            &self.dependant_relation,
            &self.dependant_date_of_birth,
            &self.dependant_nationality,
            &self.dependant_passport_number,
            &self.dependant_passport_expiry,
        ];
        let posted = columns.iter().map(|c| c.len()).max().unwrap_or(0);
        let rows = (posted.max(MIN_DEPENDANT_ROWS) + extra).min(MAX_DEPENDANT_ROWS);
        let cell = |column: &Vec<String>, row: usize| column.get(row).cloned().unwrap_or_default();
        (0..rows)
            .map(|row| PersonFields {
                name: cell(columns[0], row),
                relation: cell(columns[1], row),
                email: String::new(),
                date_of_birth: cell(columns[2], row),
                nationality: cell(columns[3], row),
                passport_number: cell(columns[4], row),
                passport_expiry: cell(columns[5], row),
            })
            .collect()
    }

    /// The text entered for key date `kind` (empty for dates the form does not ask for).
    pub fn key_date(&self, kind: KeyDate) -> &str {
        match kind {
            KeyDate::Arrival => &self.arrival,
            KeyDate::EmploymentStart => &self.employment_start,
            KeyDate::BusinessStart => &self.business_start,
            KeyDate::StudyStart => &self.study_start,
            KeyDate::PermitExpiry => &self.permit_expiry,
            KeyDate::VisaExpiry => &self.visa_expiry,
            KeyDate::InsuranceEnd => &self.insurance_end,
            _ => "",
        }
    }

    /// Whether route `key` is ticked.
    pub fn has_route(&self, key: &str) -> bool {
        self.routes.iter().any(|r| r == key)
    }
}
