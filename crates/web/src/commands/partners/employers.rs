//! Employers as partners (issue 21): staff invite an employer's users, link people of a case
//! to their employer and record consent; the household gives and withdraws consent in the
//! portal; an employer's user sees the progress summary of its consented employees only,
//! and tells the centre of new hires (`hire`).
//!
//! The access rule: an employer's user reaches an employee only through
//! `db::partners::consented_employment(s)`, which asks for the user's own organisation and a
//! consent given and not withdrawn at every request. Anything else is `NotFound` (404), never
//! `Forbidden`, so that an employer learns nothing of people it may not see.

mod accounts;
mod hire;

pub use accounts::*;
pub use hire::*;

use chrono::NaiveDate;
use softland_domain::partner::{Progress, progress};

use super::super::{Actor, CommandError, Field, Problem, Refusal};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::partners::{self, ConsentChange, ConsentHow, Employment, Organisation};
use crate::db::users;
use crate::db::{Constraint, DbError};
use crate::ids::{CaseId, EmploymentId, OrganisationId};

/// A store refusal as the command's error (a taken e-mail is the e-mail field's).
pub(super) fn refused(err: DbError) -> CommandError {
    match err {
        DbError::Constraint(Constraint::EmailTaken) => {
            CommandError::invalid(Field::Email, Problem::Taken)
        }
        DbError::Constraint(rule) => CommandError::Refused(Refusal::Constraint(rule)),
        other => other.into(),
    }
}

/// The organisation of the actor, an active employer user; anyone else is refused.
pub(super) async fn own_organisation(
    state: &AppState,
    actor: &Actor,
) -> Result<OrganisationId, CommandError> {
    if actor.role != Role::Employer {
        return Err(CommandError::Forbidden);
    }
    let user = users::get(&state.db, actor.id).await?;
    let Some(org) = user.organisation.filter(|_| user.active) else {
        return Err(CommandError::Forbidden);
    };
    // An organisation made inactive (the partnership ended) or no longer an employer sees
    // nothing of anyone any more.
    let organisation = partners::organisation(&state.db, org).await?;
    if organisation.details.active && organisation.kind.slug == partners::EMPLOYER_KIND {
        Ok(org)
    } else {
        Err(CommandError::Forbidden)
    }
}

/// Organisation `org` if it is an employer (else not found: staff pick employers only).
pub(super) async fn employer(
    state: &AppState,
    org: OrganisationId,
) -> Result<Organisation, CommandError> {
    let organisation = partners::organisation(&state.db, org).await?;
    if organisation.kind.slug == partners::EMPLOYER_KIND {
        Ok(organisation)
    } else {
        Err(CommandError::NotFound)
    }
}

/// What an employer sees of one employee: their name, their route's name and the progress
/// summary of the domain (`softland_domain::partner::progress`), nothing else.
#[derive(Debug, Clone)]
pub struct EmployeeSummary {
    /// The employment.
    pub id: EmploymentId,
    /// The case (never shown to the employer; it pairs an accepted request with its
    /// employee).
    pub case: CaseId,
    /// The employee's name.
    pub name: String,
    /// The name of the case's route.
    pub route: String,
    /// Their steps.
    pub progress: Progress,
}

/// The summary of employment `e` on `today`.
pub(super) async fn summary(
    state: &AppState,
    e: &Employment,
    today: NaiveDate,
) -> Result<EmployeeSummary, CommandError> {
    let stored = crate::db::cases::load(&state.db, e.case).await?;
    let names = crate::db::templates::route_names(&state.db).await?;
    let route = stored
        .case
        .routes()
        .iter()
        .map(|key| {
            names
                .iter()
                .find(|(k, _)| k == key.as_str())
                .map_or_else(|| key.as_str().to_owned(), |(_, name)| name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ");
    Ok(EmployeeSummary {
        id: e.id,
        case: e.case,
        name: e.person_name.clone(),
        route,
        progress: progress(&stored.case, e.position, today),
    })
}

/// The centre's day.
pub(super) fn today(state: &AppState) -> NaiveDate {
    state.config.today()
}

/// The employer user's consented employees with their progress (employer users only).
#[derive(Debug, Clone, Copy)]
pub struct EmployeesQuery;

impl EmployeesQuery {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<EmployeeSummary>, CommandError> {
        let org = own_organisation(state, actor).await?;
        let today = today(state);
        let seen = partners::consented_employments(&state.db, org).await?;
        let mut out = Vec::new();
        for e in &seen {
            out.push(summary(state, e, today).await?);
        }
        // The list shows each employee's progress (steps done, the next one): every employee
        // listed is a view of their progress, in the case's history like the detail page.
        partners::record_views(
            &state.db,
            &seen,
            actor.id,
            "their progress in the list of employees",
        )
        .await?;
        Ok(out)
    }
}

/// One consented employee's progress, for their employer's user; the view is written to the
/// case's history. Anything the user may not see is `NotFound`.
#[derive(Debug, Clone, Copy)]
pub struct EmployeeQuery {
    /// The employment.
    pub id: EmploymentId,
}

impl EmployeeQuery {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<EmployeeSummary, CommandError> {
        let org = own_organisation(state, actor).await?;
        let e = partners::consented_employment(&state.db, org, self.id).await?;
        let out = summary(state, &e, today(state)).await?;
        partners::record_view(&state.db, &e, actor.id).await?;
        Ok(out)
    }
}

/// A case's employments and the employers staff may link its people to.
#[derive(Debug, Clone)]
pub struct CaseEmployments {
    /// The employments of the case's people.
    pub employments: Vec<Employment>,
    /// Every active employer organisation, by name.
    pub employers: Vec<Organisation>,
}

/// Staff read a case's employments.
#[derive(Debug, Clone, Copy)]
pub struct CaseEmploymentsQuery {
    /// The case.
    pub case: CaseId,
}

impl CaseEmploymentsQuery {
    /// Runs it (staff only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<CaseEmployments, CommandError> {
        actor.must_be_staff()?;
        crate::db::cases::load(&state.db, self.case).await?;
        let employments = partners::employments_of_cases(&state.db, &[self.case]).await?;
        let mut employers = partners::organisations(&state.db, &partners::Filter::default())
            .await?
            .into_iter()
            .filter(|o| o.kind.slug == partners::EMPLOYER_KIND)
            .collect::<Vec<_>>();
        employers.sort_by(|a, b| a.details.name.cmp(&b.details.name));
        Ok(CaseEmployments {
            employments,
            employers,
        })
    }
}

/// Staff link person `position` of a case to an employer (consent not yet given).
#[derive(Debug, Clone, Copy)]
pub struct LinkEmployer {
    /// The case.
    pub case: CaseId,
    /// The person's position (0: the principal).
    pub position: usize,
    /// The employer.
    pub organisation: OrganisationId,
}

impl LinkEmployer {
    /// Reads the form's person and organisation.
    pub fn parse(case: CaseId, person: &str, organisation: &str) -> Result<Self, CommandError> {
        let position = person
            .trim()
            .parse()
            .map_err(|_| CommandError::invalid(Field::Person, Problem::NotOffered))?;
        let organisation = organisation
            .trim()
            .parse()
            .map(OrganisationId)
            .map_err(|_| CommandError::invalid(Field::Employer, Problem::NotOffered))?;
        Ok(Self {
            case,
            position,
            organisation,
        })
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<EmploymentId, CommandError> {
        actor.must_be_staff()?;
        let stored = crate::db::cases::load(&state.db, self.case).await?;
        let person = *stored.person_ids.get(self.position).ok_or_else(|| {
            CommandError::invalid(Field::Person, Problem::NoSuchPerson(self.position))
        })?;
        if employer(state, self.organisation).await.is_err() {
            return Err(CommandError::invalid(Field::Employer, Problem::NotOffered));
        }
        partners::link(&state.db, self.case, person, self.organisation, actor.id)
            .await
            .map_err(refused)
    }
}

/// Gives or withdraws consent: staff for anyone (consent given on paper, in person or by
/// mail), the household for its own people (in the portal). An employment the actor may not
/// see is `NotFound`.
#[derive(Debug, Clone, Copy)]
pub struct ChangeConsent {
    /// The employment.
    pub id: EmploymentId,
    /// Give (how) or withdraw.
    pub change: ConsentChange,
    /// The version of the employment the page (or client) showed: staff giving consent must
    /// send it, so that a page loaded before the person withdrew cannot give it back.
    pub seen: Option<i64>,
}

impl ChangeConsent {
    /// Staff's way of consent as typed (`paper`, `in_person`, `mail`).
    pub fn how(raw: &str) -> Result<ConsentHow, CommandError> {
        ConsentHow::parse(raw)
            .filter(|h| *h != ConsentHow::Portal)
            .ok_or(CommandError::invalid(Field::Consent, Problem::NotOffered))
    }

    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Employment, CommandError> {
        let e = partners::employment(&state.db, self.id).await?;
        match actor.role {
            Role::Admin | Role::Consultant => {
                if matches!(self.change, ConsentChange::Give(_)) && self.seen.is_none() {
                    return Err(CommandError::invalid(Field::Version, Problem::Missing));
                }
            }
            Role::Expat => {
                if !crate::db::portal::may_see(&state.db, actor.id, e.case).await? {
                    return Err(CommandError::NotFound);
                }
                if matches!(self.change, ConsentChange::Give(h) if h != ConsentHow::Portal) {
                    return Err(CommandError::Forbidden);
                }
                // Each employee consents for themself: another member of the household may
                // stop the sharing (withdrawing is never refused) but not start it.
                if matches!(self.change, ConsentChange::Give(_))
                    && !crate::db::portal::own_people(&state.db, actor.id)
                        .await?
                        .contains(&e.person)
                {
                    return Err(CommandError::Forbidden);
                }
            }
            Role::Buddy | Role::Employer => return Err(CommandError::NotFound),
        }
        let seen = self.seen.filter(|_| actor.role.is_staff());
        Ok(partners::change_consent(&state.db, self.id, self.change, actor.id, seen).await?)
    }
}

/// Staff remove an employment.
#[derive(Debug, Clone, Copy)]
pub struct RemoveEmployment {
    /// The employment.
    pub id: EmploymentId,
}

impl RemoveEmployment {
    /// Runs it (staff only); returns the case.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseId, CommandError> {
        actor.must_be_staff()?;
        let e = partners::employment(&state.db, self.id).await?;
        partners::remove(&state.db, self.id, actor.id).await?;
        Ok(e.case)
    }
}

/// One employment of the household with what its employer sees.
#[derive(Debug, Clone)]
pub struct HouseholdEmployment {
    /// The employment.
    pub employment: Employment,
    /// What the employer sees (or would see, with consent).
    pub summary: EmployeeSummary,
    /// Whether the employee is the signed-in expat themself (only they may start sharing).
    pub own: bool,
}

/// The household's employments (expats only: their own cases).
#[derive(Debug, Clone, Copy)]
pub struct HouseholdEmploymentsQuery;

impl HouseholdEmploymentsQuery {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<HouseholdEmployment>, CommandError> {
        if actor.role != Role::Expat {
            return Err(CommandError::Forbidden);
        }
        let cases = crate::db::portal::cases_of(&state.db, actor.id).await?;
        let own = crate::db::portal::own_people(&state.db, actor.id).await?;
        let today = today(state);
        let mut out = Vec::new();
        for e in partners::employments_of_cases(&state.db, &cases).await? {
            let summary = summary(state, &e, today).await?;
            out.push(HouseholdEmployment {
                own: own.contains(&e.person),
                employment: e,
                summary,
            });
        }
        Ok(out)
    }
}
