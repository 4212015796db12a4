//! `templates/employers/*.html`: the staff side of employers as partners (issue 21): an
//! employer's user accounts, the employers' open requests for new hires, and a case's
//! employers with the consent of each person.

use askama::Template;
use softland_domain::date_format::long;

use crate::commands::FieldErrors;
use crate::commands::partners::employers::{CaseEmployments, EmployerAccounts};
use crate::db::partners::{Consent, ConsentHow, EmployerAccount};
use crate::views::employer::RequestRow;
use crate::views::nav::Nav;

/// `templates/employers/accounts.html`.
#[derive(Template)]
#[template(path = "employers/accounts.html")]
pub struct AccountsPage {
    /// Navigation.
    pub nav: Nav,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub organisation: String,
    /// Its users.
    pub accounts: Vec<EmployerAccount>,
    /// The invitation form as typed.
    pub name: String,
    /// The e-mail typed.
    pub email: String,
    /// Its mistakes.
    pub errors: FieldErrors,
}

impl AccountsPage {
    /// The page of `a`.
    pub fn new(nav: Nav, a: EmployerAccounts) -> Self {
        Self {
            nav,
            flash: None,
            id: a.organisation.id.0,
            organisation: a.organisation.details.name,
            accounts: a.accounts,
            name: String::new(),
            email: String::new(),
            errors: FieldErrors::new(),
        }
    }
}

/// `templates/employers/hire_requests.html`.
#[derive(Template)]
#[template(path = "employers/hire_requests.html")]
pub struct HireRequestsPage {
    /// Navigation.
    pub nav: Nav,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// Open requests, oldest first.
    pub requests: Vec<RequestRow>,
    /// The request whose form was refused, with its mistakes.
    pub failed: Option<(i64, FieldErrors)>,
}

impl HireRequestsPage {
    /// The mistake of request `id`'s field `field`.
    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "askama passes a template's arguments by reference"
    )]
    pub fn error(&self, id: &i64, field: &str) -> Option<&str> {
        self.failed
            .as_ref()
            .filter(|(f, _)| f == id)
            .and_then(|(_, e)| e.get(field))
    }
}

/// One employment on the case's page.
pub struct EmploymentRow {
    /// Id.
    pub id: i64,
    /// Whose.
    pub person: String,
    /// The employer.
    pub employer: String,
    /// The employer's id (for its accounts page).
    pub organisation: i64,
    /// The consent in words.
    pub consent: String,
    /// Whether consent is given now.
    pub shared: bool,
    /// The employment's version (the consent form sends it back).
    pub version: i64,
}

/// `templates/employers/case.html`: a case's employers.
#[derive(Template)]
#[template(path = "employers/case.html")]
pub struct CaseEmployerPage {
    /// Navigation.
    pub nav: Nav,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// The case.
    pub case: i64,
    /// The case's people (position, name).
    pub people: Vec<(usize, String)>,
    /// Employer organisations (id, name).
    pub employers: Vec<(i64, String)>,
    /// The employments.
    pub rows: Vec<EmploymentRow>,
    /// The ways staff record consent (name, words).
    pub ways: Vec<(&'static str, &'static str)>,
    /// The link form's mistakes.
    pub errors: FieldErrors,
}

impl CaseEmployerPage {
    /// The page of case `case` with `people`.
    pub fn new(nav: Nav, case: i64, people: Vec<(usize, String)>, e: &CaseEmployments) -> Self {
        let rows = e
            .employments
            .iter()
            .map(|e| EmploymentRow {
                id: e.id.0,
                person: e.person_name.clone(),
                employer: e.organisation_name.clone(),
                organisation: e.organisation.0,
                consent: match e.consent {
                    Consent::NotGiven => "Consent not yet given".to_owned(),
                    Consent::Given { at, how } => {
                        format!(
                            "Consent given on {} ({})",
                            long(at.date_naive()),
                            how.label().to_lowercase()
                        )
                    }
                    Consent::Withdrawn { at } => {
                        format!("Consent withdrawn on {}", long(at.date_naive()))
                    }
                },
                shared: e.consent.is_given(),
                version: e.version,
            })
            .collect();
        Self {
            nav,
            flash: None,
            case,
            people,
            employers: e
                .employers
                .iter()
                .map(|o| (o.id.0, o.details.name.clone()))
                .collect(),
            rows,
            ways: ConsentHow::ALL
                .into_iter()
                .filter(|h| *h != ConsentHow::Portal)
                .map(|h| (h.as_str(), h.label()))
                .collect(),
            errors: FieldErrors::new(),
        }
    }
}
