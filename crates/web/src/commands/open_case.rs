//! Opening a case. `NewCaseInput` holds the strings as the new-case form posts them (the
//! API fills the same struct from its JSON); `NewCaseInput::parse` turns them into a
//! `NewCase`, collecting every problem into `FieldErrors` keyed by field name
//! (`principal.passport_expiry`, `dependants.1.name`, `routes`, `key_dates.arrival`), so that
//! both refuse the same input with the same messages. `OpenCase` stores the case.

mod parse;

use chrono::NaiveDate;
use serde::Deserialize;
use softland_domain::person::Relation;
use softland_domain::{Case, Catalog, KeyDate, NewCase};

use super::{Actor, CommandError, FieldErrors};
use crate::app::AppState;
use crate::db::users::{self, StaffMember};
use crate::db::{Constraint, DbError, cases, templates};
use crate::ids::{CaseId, UserId};

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
pub struct NewCaseInput {
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
    /// Which submit button of the form: `preview`, `create` or `add_dependant` (the form's
    /// own business; the API leaves it empty).
    pub action: String,
    /// The enquiry the case is opened for (the form's own business: linked once the case
    /// is stored, issue 22).
    pub enquiry: String,
    /// The lawful basis of the processing (`contract` when blank, issue 23).
    pub lawful_basis: String,
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

impl NewCaseInput {
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

    /// The lawful basis chosen (the default when blank; [`NewCaseInput::parse`] refuses
    /// another value).
    pub fn basis(&self) -> softland_domain::privacy::LawfulBasis {
        softland_domain::privacy::LawfulBasis::parse(&self.lawful_basis)
            .unwrap_or(softland_domain::privacy::LawfulBasis::DEFAULT)
    }

    /// Whether route `key` is ticked.
    pub fn has_route(&self, key: &str) -> bool {
        self.routes.iter().any(|r| r == key)
    }
}

/// What opening a case needs from the store: today, the routes, the staff, the calendar.
pub struct NewCaseContext {
    /// Today in the centre's time zone.
    pub today: NaiveDate,
    /// The routes that can be chosen.
    pub catalog: Catalog,
    /// The staff a case can be given to.
    pub staff: std::sync::Arc<[StaffMember]>,
    /// Working days.
    pub cal: softland_domain::Calendar,
}

impl NewCaseContext {
    /// Reads it.
    pub async fn load(state: &AppState) -> Result<Self, CommandError> {
        Ok(Self {
            today: state.config.today(),
            catalog: templates::catalog(&state.db).await?,
            staff: users::list_staff(&state.db).await?,
            cal: cases::calendar_of(&state.db).await?,
        })
    }

    /// Parses `input` and opens the case (not stored yet), with its consultant: what a
    /// preview shows and what [`OpenCase`] stores.
    pub fn open(&self, input: &NewCaseInput) -> Result<(Case, UserId), FieldErrors> {
        let ctx = FormContext {
            today: self.today,
            catalog: &self.catalog,
            staff: &self.staff,
        };
        let parsed = input.parse(&ctx)?;
        let case = Case::open(parsed.new_case, &self.catalog, &self.cal).map_err(|e| {
            let mut errors = FieldErrors::new();
            errors.add("routes", e.to_string());
            errors
        })?;
        Ok((case, parsed.consultant))
    }
}

/// Stores a case opened from a new-case input. A creation token seen before leads to the
/// case it created (a form sent twice opens one case).
#[derive(Debug, Clone)]
pub struct OpenCase {
    /// The case, opened with its checklist.
    pub case: Case,
    /// The consultant in charge.
    pub consultant: UserId,
    /// The input's creation token, if any.
    pub creation_token: Option<String>,
    /// The lawful basis of the processing (issue 23).
    pub lawful_basis: softland_domain::privacy::LawfulBasis,
}

impl OpenCase {
    /// Runs it (staff only); the case's id.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseId, CommandError> {
        actor.must_be_staff()?;
        let token = self.creation_token.as_deref();
        let id = cases::create(&state.db, &self.case, self.consultant, actor.id, token)
            .await
            .map_err(|e| match e {
                DbError::Constraint(Constraint::NotActiveStaff) => {
                    let mut errors = FieldErrors::new();
                    errors.add("consultant", Constraint::NotActiveStaff.to_string());
                    CommandError::InvalidFields(errors)
                }
                other => CommandError::from(other),
            })?;
        // The default is the column's; another basis is set (with its history line) at once.
        crate::db::privacy::set_basis(&state.db, id, self.lawful_basis, actor.id).await?;
        Ok(id)
    }
}
