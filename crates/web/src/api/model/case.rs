//! A case as the API shows it: household, routes, key dates, lifecycle and checklist; and the
//! rows of the case list.

use chrono::NaiveDate;
use serde::Serialize;
use softland_domain::case::CaseStatus;
use softland_domain::person::Person;
use softland_domain::{Calendar, KeyDates};
use utoipa::ToSchema;

use super::item::ItemOut;
use crate::api::schema::{self, KeyDatesOut};
use crate::db::case_list::CaseRow;
use crate::db::cases::StoredCase;
use crate::db::users::User;

/// A member of the household.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    /// Index in the case (0 is the principal); items name their holder by it.
    pub index: usize,
    /// Full name.
    pub name: String,
    /// `principal`, `spouse`, `child`, `parent` or `other`.
    pub relation: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Nationality.
    pub nationality: String,
    /// E-mail, where known.
    pub email: Option<String>,
    /// Passport number, where known.
    pub passport_number: Option<String>,
    /// Passport expiry, where known.
    pub passport_expiry: Option<NaiveDate>,
    /// This person's own key dates, which replace the case's for their items (a later
    /// arrival, a permit that ends earlier); empty when the case's dates apply.
    pub key_dates: KeyDatesOut,
}

impl PersonOut {
    fn build(index: usize, p: &Person, own: &KeyDates) -> Self {
        Self {
            index,
            name: p.name.to_string(),
            relation: p.relation.as_str().to_owned(),
            date_of_birth: p.date_of_birth,
            nationality: p.nationality.to_string(),
            email: p.email.as_ref().map(ToString::to_string),
            passport_number: p.passport.as_ref().map(|pp| pp.number.to_string()),
            passport_expiry: p.passport.as_ref().map(|pp| pp.expiry),
            key_dates: KeyDatesOut(own.iter().map(|(k, d)| (k.as_str(), d)).collect()),
        }
    }
}

/// A staff member in charge of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultantOut {
    /// User id.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// Done out of applicable items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressOut {
    /// Items done.
    pub done: usize,
    /// Items that apply (all but "not applicable").
    pub applicable: usize,
}

/// A case with its checklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseOut {
    /// Case id.
    pub id: i64,
    /// Version of the case record (people, key dates, lifecycle, consultant); see `ETag`.
    pub version: i64,
    /// `open`, `on_hold` or `closed`.
    #[schema(schema_with = schema::case_status)]
    pub status: String,
    /// Why it is on hold, when it is (staff tokens only: internal).
    pub hold_reason: Option<String>,
    /// How it ended, when closed: `granted`, `refused`, `withdrawn`, `transferred`.
    pub outcome: Option<String>,
    /// The day it was closed, when closed.
    pub closed_on: Option<NaiveDate>,
    /// The day it was opened.
    pub opened_on: NaiveDate,
    /// The consultant in charge.
    pub consultant: ConsultantOut,
    /// Route keys.
    pub routes: Vec<String>,
    /// The principal first, then the dependants.
    pub people: Vec<PersonOut>,
    /// The key dates known so far.
    pub key_dates: KeyDatesOut,
    /// Progress.
    pub progress: ProgressOut,
    /// The due date of the open item due soonest.
    pub next_due_on: Option<NaiveDate>,
    /// The checklist.
    pub items: Vec<ItemOut>,
    /// The lawful basis of the processing: `contract`, `legal_obligation`, `public_task`
    /// or `consent` (issue 23).
    pub lawful_basis: String,
}

/// The hold reason, outcome and closing day a status carries.
fn lifecycle(status: &CaseStatus) -> (Option<String>, Option<String>, Option<NaiveDate>) {
    match status {
        CaseStatus::Open => (None, None, None),
        CaseStatus::OnHold { reason } => (Some(reason.to_string()), None, None),
        CaseStatus::Closed { outcome, on } => (None, Some(outcome.as_str().to_owned()), Some(*on)),
    }
}

impl CaseOut {
    /// The case of `stored`, its consultant being `consultant`.
    pub fn build(stored: &StoredCase, consultant: &User, for_staff: bool, cal: &Calendar) -> Self {
        let case = &stored.case;
        let (hold_reason, outcome, closed_on) = lifecycle(case.status());
        // Why a case is on hold is the consultants' note to each other (the portal does not
        // show it either).
        let hold_reason = hold_reason.filter(|_| for_staff);
        let progress = case.progress();
        Self {
            id: stored.id.0,
            version: stored.version,
            status: case.status().as_str().to_owned(),
            hold_reason,
            outcome,
            closed_on,
            opened_on: case.opened_on(),
            consultant: ConsultantOut {
                id: consultant.id.0,
                name: consultant.display_name.clone(),
            },
            routes: case.routes().iter().map(ToString::to_string).collect(),
            people: case
                .people()
                .iter()
                .enumerate()
                .map(|(i, p)| PersonOut::build(i, p, case.person_dates(i)))
                .collect(),
            key_dates: KeyDatesOut(
                case.key_dates()
                    .iter()
                    .map(|(k, d)| (k.as_str(), d))
                    .collect(),
            ),
            progress: ProgressOut {
                done: progress.done,
                applicable: progress.applicable,
            },
            next_due_on: case.next_due().and_then(|i| case.items()[i].due()),
            items: (0..case.items().len())
                .map(|i| ItemOut::build(stored, i, for_staff, cal))
                .collect(),
            lawful_basis: stored.lawful_basis.as_str().to_owned(),
        }
    }
}

/// One case of the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    /// Case id.
    pub id: i64,
    /// The principal's name.
    pub principal_name: String,
    /// The principal's e-mail.
    pub email: Option<String>,
    /// The principal's nationality.
    pub nationality: Option<String>,
    /// Route keys.
    pub routes: Vec<String>,
    /// The consultant's name.
    pub consultant: String,
    /// `open`, `on_hold` or `closed`.
    #[schema(schema_with = schema::case_status)]
    pub status: String,
    /// The day it was opened.
    pub opened_on: NaiveDate,
    /// The due date of the open item due soonest.
    pub next_due_on: Option<NaiveDate>,
    /// That item's title.
    pub next_title: Option<String>,
    /// Progress.
    pub progress: ProgressOut,
}

impl From<CaseRow> for CaseSummary {
    fn from(row: CaseRow) -> Self {
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        Self {
            id: row.id,
            routes: row.route_keys().map(str::to_owned).collect(),
            progress: ProgressOut {
                done: count(row.items_done),
                applicable: count(row.items_applicable),
            },
            principal_name: row.principal_name,
            email: row.email,
            nationality: row.nationality,
            consultant: row.consultant,
            status: row.status,
            opened_on: row.opened_on,
            next_due_on: row.next_due_on,
            next_title: row.next_title,
        }
    }
}

/// A page of the case list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseList {
    /// The cases on this page.
    pub cases: Vec<CaseSummary>,
    /// How many cases match the filters, on every page.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Cases per page.
    pub per_page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
}
