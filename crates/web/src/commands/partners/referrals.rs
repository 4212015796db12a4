//! Referrals and "who can help" (issue 21): who may do what.
//!
//! - **Staff** (consultants and admins) refer a person of any case to an active partner, step
//!   referrals to their outcome, set the household's languages, and see "who can help" beside
//!   a case's open items; the dashboard lists the follow-ups of the consultant's own cases.
//! - **Expats** read their own household's referrals and "who can help" (read-only); any
//!   other case is "not found".
//! - **Ambassadors and employers** see no referral ever: "not found".

mod help;
mod input;
mod queries;

pub use help::*;
pub use input::*;
pub use queries::*;

use chrono::{Days, NaiveDate};
use softland_domain::partner::{Category, ConsentHow, ReferralEvent};

use crate::app::AppState;
use crate::auth::Role;
use crate::commands::{Actor, CommandError, Field, Problem, Refusal};
use crate::db::cases;
use crate::db::partners::{self, NewReferral, StepChange};
use crate::db::portal;
use crate::ids::{CaseId, ContactId, OrganisationId, PersonId, ReferralId};

/// Longest need, in characters.
pub const NEED_MAX: usize = 1000;
/// Longest note of a step, in characters.
pub const NOTE_MAX: usize = 2000;
/// How many days ahead a new (or reopened) referral is followed up unless said otherwise.
pub const FOLLOW_UP_DAYS: u64 = 7;

/// Refuses anyone but staff and the household of `case` (an ambassador or an employer, or
/// another household, finds nothing: the same answer as a case that does not exist).
pub(crate) async fn may_read(
    state: &AppState,
    actor: &Actor,
    case: CaseId,
) -> Result<(), CommandError> {
    if actor.role.is_staff()
        || (actor.role == Role::Expat && portal::may_see(&state.db, actor.id, case).await?)
    {
        Ok(())
    } else {
        Err(CommandError::NotFound)
    }
}

/// Staff may change; the household reads only (403); anyone else finds nothing (404).
async fn may_change(state: &AppState, actor: &Actor, case: CaseId) -> Result<(), CommandError> {
    may_read(state, actor, case).await?;
    actor.must_be_staff()
}

/// The default follow-up: [`FOLLOW_UP_DAYS`] after `today`.
pub fn default_follow_up(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(FOLLOW_UP_DAYS))
        .unwrap_or(today)
}

/// A consultant refers a person of a case to a partner.
#[derive(Debug, Clone)]
pub struct Refer {
    case: CaseId,
    person: Option<PersonId>,
    organisation: OrganisationId,
    contact: Option<ContactId>,
    category: Category,
    need: String,
    consent: Option<ConsentHow>,
    follow_up_on: Option<NaiveDate>,
}

impl Refer {
    /// Reads the input; every wrong field is reported.
    pub fn parse(case: CaseId, input: &ReferralInput) -> Result<Self, CommandError> {
        let parsed = input.parse()?;
        Ok(Self {
            case,
            person: parsed.person,
            organisation: parsed.organisation,
            contact: parsed.contact,
            category: parsed.category,
            need: parsed.need,
            consent: parsed.consent,
            follow_up_on: parsed.follow_up_on,
        })
    }

    /// Runs it (staff): the person must be of the case, the partner active, the contact
    /// person the partner's.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<ReferralId, CommandError> {
        may_change(state, actor, self.case).await?;
        let db = &state.db;
        let stored = cases::load(db, self.case).await?;
        if let Some(person) = self.person
            && !stored.person_ids.contains(&person)
        {
            return Err(CommandError::invalid(
                Field::Person,
                Problem::Rule("this person is not of this case's household"),
            ));
        }
        let organisation = match partners::organisation(db, self.organisation).await {
            Ok(org) => org,
            Err(crate::db::DbError::NotFound) => {
                return Err(CommandError::invalid(
                    Field::Organisation,
                    Problem::Rule("no partner in the directory has this id"),
                ));
            }
            Err(other) => return Err(other.into()),
        };
        if !organisation.details.active {
            return Err(CommandError::invalid(
                Field::Organisation,
                Problem::InactivePartner,
            ));
        }
        if let Some(contact) = self.contact {
            let of_partner = partners::contacts(db, organisation.id)
                .await?
                .iter()
                .any(|c| c.id == contact);
            if !of_partner {
                return Err(CommandError::invalid(
                    Field::Contact,
                    Problem::Rule("this contact person is not of the chosen partner"),
                ));
            }
        }
        let new = NewReferral {
            case: self.case,
            person: self.person,
            organisation: self.organisation,
            contact: self.contact,
            category: self.category,
            need: &self.need,
            consent: self.consent,
            follow_up_on: self.follow_up_on,
            actor: actor.id,
            partner_name: &organisation.details.name,
        };
        Ok(partners::create_referral(db, &new).await?)
    }
}

/// A consultant moves a referral on: in contact, solved, not solved (with a note), reopened.
#[derive(Debug, Clone)]
pub struct StepReferral {
    id: ReferralId,
    event: ReferralEvent,
    note: Option<String>,
    follow_up_on: Option<NaiveDate>,
    version: Option<i64>,
}

impl StepReferral {
    /// Reads the input; every wrong field is reported (a note is needed for "not solved").
    /// `version` is the one the page or `If-Match` was made from (`None`: any).
    pub fn parse(
        id: ReferralId,
        version: Option<i64>,
        input: &StepInput,
    ) -> Result<Self, CommandError> {
        let (event, note, follow_up_on) = input.parse()?;
        Ok(Self {
            id,
            event,
            note,
            follow_up_on,
            version,
        })
    }

    /// Runs it (staff); returns the referral's new version. Closing clears the follow-up;
    /// reopening without a date follows up in [`FOLLOW_UP_DAYS`].
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        let db = &state.db;
        let referral = partners::referral(db, self.id).await?;
        may_change(state, actor, referral.case).await?;
        if self.version.is_some_and(|v| v != referral.version) {
            return Err(CommandError::ChangedMeanwhile(
                crate::db::cases::ChangedMeanwhile {
                    by: None,
                    at: referral.updated_at,
                },
            ));
        }
        let to = referral
            .status
            .step(self.event)
            .map_err(|e| CommandError::Refused(Refusal::ReferralStep(e)))?;
        let follow_up_on = if to.is_open() {
            self.follow_up_on.or(match self.event {
                ReferralEvent::Reopen => Some(default_follow_up(state.config.today())),
                _ => referral.follow_up_on,
            })
        } else {
            None
        };
        let names = partners::organisation_names(db, &[referral.organisation]).await?;
        let partner_name = names
            .get(&referral.organisation)
            .map_or("Partner", String::as_str);
        let change = StepChange {
            id: self.id,
            version: referral.version,
            from: referral.status,
            to,
            note: self.note.as_deref(),
            follow_up_on,
            actor: actor.id,
            partner_name,
        };
        Ok(partners::step_referral(db, &change).await?)
    }
}
