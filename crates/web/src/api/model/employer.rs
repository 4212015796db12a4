//! Employers as partners through the API (issue 21): an employee's progress as the employer
//! sees it, employments with their consent, and hire requests.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::commands::partners::employers::{EmployeeSummary, HireInput};
use crate::db::partners::{Consent, Employment, HireRequest};

/// One step of an employee's progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressStepOut {
    /// The step's title.
    pub title: String,
    /// `done`, `next`, `waiting`, `later` or `not_needed`.
    pub state: &'static str,
    /// The day done, or the expected date.
    pub date: Option<chrono::NaiveDate>,
}

/// What an employer sees of an employee: name, route and steps; nothing else.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmployeeOut {
    /// The employment's id.
    pub id: i64,
    /// The employee's name.
    pub name: String,
    /// The route's name.
    pub route: String,
    /// Steps done.
    pub done: usize,
    /// Steps that apply.
    pub total: usize,
    /// The step to do next (index into `steps`).
    pub next: Option<usize>,
    /// Every step, in checklist order.
    pub steps: Vec<ProgressStepOut>,
}

impl From<&EmployeeSummary> for EmployeeOut {
    fn from(s: &EmployeeSummary) -> Self {
        use softland_domain::partner::StepState as S;
        Self {
            id: s.id.0,
            name: s.name.clone(),
            route: s.route.clone(),
            done: s.progress.done,
            total: s.progress.total,
            next: s.progress.next,
            steps: s
                .progress
                .steps
                .iter()
                .map(|step| ProgressStepOut {
                    title: step.title.clone(),
                    state: match step.state {
                        S::Done => "done",
                        S::Next => "next",
                        S::Waiting => "waiting",
                        S::Later => "later",
                        S::NotNeeded => "not_needed",
                    },
                    date: step.date,
                })
                .collect(),
        }
    }
}

/// The employer's consented employees.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmployeeList {
    /// By name.
    pub employees: Vec<EmployeeOut>,
}

/// A new hire request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HireRequestIn {
    /// The new hire's name.
    #[serde(default)]
    pub name: String,
    /// Their e-mail.
    #[serde(default)]
    pub email: String,
    /// The route key (`GET /routes` as staff; the employer's form lists them).
    #[serde(default)]
    pub route: String,
    /// Expected arrival, `YYYY-MM-DD`.
    #[serde(default)]
    pub expected_arrival: String,
    /// A note to the centre.
    #[serde(default)]
    pub note: Option<String>,
}

impl HireRequestIn {
    /// The command's input.
    pub fn input(self) -> HireInput {
        HireInput {
            name: self.name,
            email: self.email,
            route: self.route,
            expected_arrival: self.expected_arrival,
            note: self.note.unwrap_or_default(),
        }
    }
}

/// A hire request.
#[derive(Debug, Serialize, ToSchema)]
pub struct HireRequestOut {
    /// Id.
    pub id: i64,
    /// The employer's id.
    pub organisation: i64,
    /// The employer's name.
    pub organisation_name: String,
    /// The new hire's name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The route key.
    pub route: String,
    /// Expected arrival.
    pub expected_arrival: chrono::NaiveDate,
    /// The note.
    pub note: Option<String>,
    /// `open`, `accepted`, `declined` or `withdrawn`.
    pub status: &'static str,
    /// Why it was declined.
    pub decline_reason: Option<String>,
    /// When it was made.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<&HireRequest> for HireRequestOut {
    fn from(r: &HireRequest) -> Self {
        Self {
            id: r.id.0,
            organisation: r.organisation.0,
            organisation_name: r.organisation_name.clone(),
            name: r.hire.name.clone(),
            email: r.hire.email.clone(),
            route: r.hire.route.clone(),
            expected_arrival: r.hire.expected_arrival,
            note: r.hire.note.clone(),
            status: r.status.as_str(),
            decline_reason: r.decline_reason.clone(),
            created_at: r.created_at,
        }
    }
}

/// Hire requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct HireRequestList {
    /// The requests.
    pub requests: Vec<HireRequestOut>,
}

/// Accepting a request into a case.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptIn {
    /// The case's id.
    pub case: i64,
}

/// Declining a request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeclineIn {
    /// Why (the employer reads it).
    #[serde(default)]
    pub reason: String,
}

/// An employment, for staff and the household.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmploymentOut {
    /// Id.
    pub id: i64,
    /// The case.
    pub case: i64,
    /// The person's position in the case (0: the principal).
    pub person: usize,
    /// The person's name.
    pub person_name: String,
    /// The employer's id.
    pub organisation: i64,
    /// The employer's name.
    pub organisation_name: String,
    /// `not_given`, `given` or `withdrawn`.
    pub consent: &'static str,
    /// When consent was given or withdrawn.
    pub consent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// How consent was given: `portal`, `paper`, `in_person`, `mail` or `phone`.
    pub consent_how: Option<&'static str>,
    /// The version: staff send it back when they record consent.
    pub version: i64,
}

impl From<&Employment> for EmploymentOut {
    fn from(e: &Employment) -> Self {
        let (consent, consent_at, consent_how) = match e.consent {
            Consent::NotGiven => ("not_given", None, None),
            Consent::Given { at, how } => ("given", Some(at), Some(how.as_str())),
            Consent::Withdrawn { at } => ("withdrawn", Some(at), None),
        };
        Self {
            id: e.id.0,
            case: e.case.0,
            person: e.position,
            person_name: e.person_name.clone(),
            organisation: e.organisation.0,
            organisation_name: e.organisation_name.clone(),
            consent,
            consent_at,
            consent_how,
            version: e.version,
        }
    }
}

/// A case's employments.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmploymentList {
    /// The employments.
    pub employments: Vec<EmploymentOut>,
}

/// Linking a person of the case to an employer.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EmploymentIn {
    /// The person's position (0: the principal).
    pub person: usize,
    /// The employer organisation's id.
    pub organisation: i64,
}

/// Recording consent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentIn {
    /// `paper`, `in_person`, `mail` or `phone` (staff); `portal` for an expat's token.
    #[serde(default)]
    pub consent_how: String,
    /// The employment's `version` as last read: required from staff (a consent given
    /// against an older version — the person withdrew meanwhile — is refused with 409).
    #[serde(default)]
    pub version: Option<i64>,
}
