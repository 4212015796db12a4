//! Employers' pre-arrival requests for a new hire: the employer's user makes, lists and
//! withdraws its own; staff list the open ones, accept one into a case (its principal is
//! linked to the employer, consent not yet given) or decline it with a reason.

use softland_domain::person::{Email, PersonName};

use super::{own_organisation, refused};
use crate::app::AppState;
use crate::commands::{Actor, CommandError, Field, FieldErrors, Problem};
use crate::db::partners::{self, HireRequest, NewHire};
use crate::ids::{CaseId, EmploymentId, HireRequestId};

/// The request form (and the API's body) as typed.
#[derive(Debug, Clone, Default)]
pub struct HireInput {
    /// The new hire's name.
    pub name: String,
    /// Their e-mail.
    pub email: String,
    /// The route key.
    pub route: String,
    /// The expected arrival (`YYYY-MM-DD` or `D.M.YYYY`).
    pub expected_arrival: String,
    /// A note to the centre.
    pub note: String,
}

/// Longest note.
const NOTE_MAX: usize = 2000;

/// The employer's user tells the centre of a new hire before they arrive.
#[derive(Debug, Clone)]
pub struct RequestHire {
    input: HireInput,
}

impl RequestHire {
    /// Takes the input; it is checked when run (the routes are the catalog's).
    pub fn new(input: HireInput) -> Self {
        Self { input }
    }

    async fn parse(&self, state: &AppState) -> Result<NewHire, CommandError> {
        let i = &self.input;
        let mut errors = FieldErrors::new();
        let mut bad =
            |field: Field, problem: Problem| errors.add(field.name(), problem.to_string());
        let name = PersonName::parse(&i.name)
            .map_err(|e| bad(Field::HireName, Problem::Value(e)))
            .ok();
        let email = Email::parse(&i.email)
            .map_err(|e| bad(Field::Email, Problem::Value(e)))
            .ok();
        let routes = crate::db::templates::route_names(&state.db).await?;
        let route = routes
            .iter()
            .find(|(key, _)| key == i.route.trim())
            .map(|(key, _)| key.clone());
        if route.is_none() {
            bad(
                Field::Route,
                if i.route.trim().is_empty() {
                    Problem::Missing
                } else {
                    Problem::NotOffered
                },
            );
        }
        let arrival = if i.expected_arrival.trim().is_empty() {
            bad(Field::Arrival, Problem::Missing);
            None
        } else {
            softland_domain::date_input::parse(&i.expected_arrival)
                .map_err(|e| bad(Field::Arrival, Problem::Date(e)))
                .ok()
        };
        let note = i.note.trim();
        if note.chars().count() > NOTE_MAX {
            bad(Field::Note, Problem::TooLong(NOTE_MAX));
        }
        match (name, email, route, arrival) {
            (Some(name), Some(email), Some(route), Some(expected_arrival)) if errors.is_empty() => {
                Ok(NewHire {
                    name: name.as_str().to_owned(),
                    email: email.as_str().to_owned(),
                    route,
                    expected_arrival,
                    note: (!note.is_empty()).then(|| note.to_owned()),
                })
            }
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (employer users only). An open request of the same employer for the same
    /// e-mail is refused beside the e-mail.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<HireRequestId, CommandError> {
        let org = own_organisation(state, actor).await?;
        let hire = self.parse(state).await?;
        if partners::has_open_request_for(&state.db, org, &hire.email).await? {
            return Err(CommandError::invalid(
                Field::Email,
                Problem::DuplicateRequest,
            ));
        }
        Ok(partners::create_hire_request(&state.db, org, &hire, actor.id).await?)
    }
}

/// The employer user's own organisation's requests, newest first.
#[derive(Debug, Clone, Copy)]
pub struct OwnHireRequestsQuery;

impl OwnHireRequestsQuery {
    /// Runs it (employer users only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<HireRequest>, CommandError> {
        let org = own_organisation(state, actor).await?;
        Ok(partners::hire_requests_of(&state.db, org).await?)
    }
}

/// The employer's user withdraws an open request of its organisation.
#[derive(Debug, Clone, Copy)]
pub struct WithdrawHireRequest {
    /// The request.
    pub id: HireRequestId,
}

impl WithdrawHireRequest {
    /// Runs it (employer users only; another employer's request is not found).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        let org = own_organisation(state, actor).await?;
        partners::withdraw_hire_request(&state.db, org, self.id, actor.id)
            .await
            .map_err(refused)
    }
}

/// Staff list the open requests of every employer, oldest first.
#[derive(Debug, Clone, Copy)]
pub struct OpenHireRequestsQuery;

impl OpenHireRequestsQuery {
    /// Runs it (staff only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<HireRequest>, CommandError> {
        actor.must_be_staff()?;
        Ok(partners::open_hire_requests(&state.db).await?)
    }
}

/// How many requests are open (the staff navigation's count).
#[derive(Debug, Clone, Copy)]
pub struct CountOpenHireRequests;

impl CountOpenHireRequests {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<u64, CommandError> {
        actor.must_be_staff()?;
        Ok(partners::count_open_hire_requests(&state.db).await?)
    }
}

/// Staff accept an open request into a case (opened for the new hire first): the case's
/// principal is linked to the employer, consent not yet given.
#[derive(Debug, Clone, Copy)]
pub struct AcceptHireRequest {
    /// The request.
    pub id: HireRequestId,
    /// The case.
    pub case: CaseId,
}

impl AcceptHireRequest {
    /// Reads the case number as typed (`12` or `#12`).
    pub fn parse(id: HireRequestId, case: &str) -> Result<Self, CommandError> {
        let raw = case.trim().trim_start_matches('#');
        if raw.is_empty() {
            return Err(CommandError::invalid(Field::Case, Problem::Missing));
        }
        let case = raw
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or(CommandError::invalid(Field::Case, Problem::NotOffered))?;
        Ok(Self {
            id,
            case: CaseId(case),
        })
    }

    /// Runs it (staff only). An unknown case is the case field's problem.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<EmploymentId, CommandError> {
        actor.must_be_staff()?;
        partners::hire_request(&state.db, self.id).await?;
        if crate::db::cases::load(&state.db, self.case).await.is_err() {
            return Err(CommandError::invalid(Field::Case, Problem::NotOffered));
        }
        partners::accept_hire_request(&state.db, self.id, self.case, actor.id)
            .await
            .map_err(refused)
    }
}

/// Staff decline an open request with a reason the employer reads.
#[derive(Debug, Clone)]
pub struct DeclineHireRequest {
    /// The request.
    pub id: HireRequestId,
    /// Why.
    pub reason: softland_domain::status::Reason,
}

impl DeclineHireRequest {
    /// Reads the reason.
    pub fn parse(id: HireRequestId, reason: &str) -> Result<Self, CommandError> {
        let reason = softland_domain::status::Reason::parse(reason)
            .map_err(|e| CommandError::invalid(Field::Reason, Problem::Reason(e)))?;
        Ok(Self { id, reason })
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        partners::decline_hire_request(&state.db, self.id, self.reason.as_str(), actor.id)
            .await
            .map_err(refused)
    }
}
