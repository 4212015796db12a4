//! Privacy (issue 23, part A): who may do what.
//!
//! - **Staff** (consultants and admins) read and set a case's lawful basis and record or
//!   withdraw the consents of its people (`CasePrivacyQuery`, `SetLawfulBasis`,
//!   `ChangeRegisterConsent`).
//! - **Expats** read their own consents and their case's basis (`OwnPrivacyQuery`) and give
//!   or withdraw their own consents of the register in the portal; never another person's,
//!   and never another household's (not found).
//! - The **export** of one person's data (`export`) is for that person themselves, an
//!   admin, or the consultant in charge of the case.
//!
//! Consents kept by a feature (buddy, employer, referral) are read here for the pages, and
//! changed by that feature's own commands, which are their one truth.

pub mod export;

use softland_domain::partner::ConsentHow;
use softland_domain::privacy::{KeptIn, LawfulBasis, Purpose, Standing};

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::buddies::{Match, MatchFilter};
use crate::db::cases::PortalAccess;
use crate::db::partners::Employment;
use crate::db::privacy::{self, ConsentChange, ConsentRecord};
use crate::ids::{CaseId, PersonId};

/// One person's consents: the register's, and those the features keep.
#[derive(Debug, Clone)]
pub struct PersonConsents {
    /// The person.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// Whether they have a portal account of their own.
    pub has_account: bool,
    /// The register's purposes, each with where it stands and its records (oldest first).
    pub register: Vec<(Purpose, Standing, Vec<ConsentRecord>)>,
    /// Their employments (consent to share progress).
    pub employments: Vec<Employment>,
    /// Their buddy requests (consent to share details with the buddy).
    pub buddy: Vec<Match>,
}

/// A case's lawful basis and its people's consents.
#[derive(Debug, Clone)]
pub struct CasePrivacy {
    /// The case.
    pub case: CaseId,
    /// Its lawful basis.
    pub basis: LawfulBasis,
    /// Its people (staff: all; an expat: their own).
    pub people: Vec<PersonConsents>,
    /// Whether the actor may export these people's data (`export::ExportPerson`).
    pub may_export: bool,
}

/// Builds the consents of `people` (id, name, has an account) of case `case`.
async fn consents_of(
    state: &AppState,
    case: CaseId,
    people: Vec<(PersonId, String, bool)>,
) -> Result<Vec<PersonConsents>, CommandError> {
    let records = privacy::consents_of_cases(&state.db, &[case]).await?;
    let employments = crate::db::partners::employments_of_cases(&state.db, &[case]).await?;
    let matches = crate::db::buddies::matches(
        &state.db,
        &MatchFilter {
            case: Some(case),
            ..MatchFilter::default()
        },
    )
    .await?;
    Ok(people
        .into_iter()
        .map(|(id, name, has_account)| PersonConsents {
            register: Purpose::REGISTER
                .into_iter()
                .map(|purpose| {
                    let mine: Vec<ConsentRecord> = records
                        .iter()
                        .filter(|r| r.person == id && r.purpose == purpose)
                        .cloned()
                        .collect();
                    (purpose, privacy::standing(&mine, id, purpose), mine)
                })
                .collect(),
            employments: employments
                .iter()
                .filter(|e| e.person == id)
                .cloned()
                .collect(),
            buddy: matches.iter().filter(|m| m.person == id).cloned().collect(),
            id,
            name,
            has_account,
        })
        .collect())
}

/// Staff read a case's lawful basis and every person's consents.
#[derive(Debug, Clone, Copy)]
pub struct CasePrivacyQuery {
    /// The case.
    pub case: CaseId,
}

impl CasePrivacyQuery {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CasePrivacy, CommandError> {
        actor.must_be_staff()?;
        let stored = crate::db::cases::load(&state.db, self.case).await?;
        let people = stored
            .case
            .people()
            .iter()
            .zip(&stored.person_ids)
            .zip(&stored.person_accounts)
            .map(|((p, id), access)| {
                let linked = matches!(access, PortalAccess::Linked(_));
                (*id, p.name.as_str().to_owned(), linked)
            })
            .collect();
        Ok(CasePrivacy {
            case: self.case,
            basis: privacy::basis(&state.db, self.case).await?,
            people: consents_of(state, self.case, people).await?,
            may_export: actor.role == Role::Admin || stored.consultant == actor.id,
        })
    }
}

/// An expat reads their own consents, and their cases' lawful basis, case by case.
#[derive(Debug, Clone, Copy)]
pub struct OwnPrivacyQuery;

impl OwnPrivacyQuery {
    /// Runs it (expats only).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<CasePrivacy>, CommandError> {
        if actor.role != Role::Expat {
            return Err(CommandError::Forbidden);
        }
        let own = crate::db::portal::own_people(&state.db, actor.id).await?;
        let mut out = Vec::new();
        for case in crate::db::portal::cases_of(&state.db, actor.id).await? {
            let stored = crate::db::cases::load(&state.db, case).await?;
            let people = stored
                .case
                .people()
                .iter()
                .zip(&stored.person_ids)
                .filter(|(_, id)| own.contains(id))
                .map(|(p, id)| (*id, p.name.as_str().to_owned(), true))
                .collect();
            out.push(CasePrivacy {
                case,
                basis: privacy::basis(&state.db, case).await?,
                people: consents_of(state, case, people).await?,
                may_export: true,
            });
        }
        Ok(out)
    }
}

/// Staff set a case's lawful basis.
#[derive(Debug, Clone, Copy)]
pub struct SetLawfulBasis {
    /// The case.
    pub case: CaseId,
    /// The basis.
    pub basis: LawfulBasis,
}

impl SetLawfulBasis {
    /// Reads the form's (or the JSON's) `lawful_basis`.
    pub fn parse(case: CaseId, raw: &str) -> Result<Self, CommandError> {
        let basis = LawfulBasis::parse(raw).ok_or(CommandError::invalid(
            Field::LawfulBasis,
            Problem::NotOffered,
        ))?;
        Ok(Self { case, basis })
    }

    /// Runs it (staff only); returns whether it changed.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<bool, CommandError> {
        actor.must_be_staff()?;
        crate::db::cases::load(&state.db, self.case).await?;
        Ok(privacy::set_basis(&state.db, self.case, self.basis, actor.id).await?)
    }
}

/// Gives (that way) or withdraws a consent of the register for a person of a case.
#[derive(Debug, Clone, Copy)]
pub struct ChangeRegisterConsent {
    /// The case.
    pub case: CaseId,
    /// The person.
    pub person: PersonId,
    /// A purpose the register keeps.
    pub purpose: Purpose,
    /// Given that way, or withdrawn (`None`). An expat's own is always "in the portal".
    pub give: Option<ConsentHow>,
}

impl ChangeRegisterConsent {
    /// Reads a purpose and a way (`give`: `Some("paper")`; `None` to withdraw).
    pub fn parse(
        case: CaseId,
        person: PersonId,
        purpose: &str,
        give: Option<&str>,
    ) -> Result<Self, CommandError> {
        let purpose = Purpose::parse(purpose)
            .filter(|p| p.kept_in() == KeptIn::Register)
            .ok_or(CommandError::invalid(Field::Purpose, Problem::NotOffered))?;
        let give = match give {
            Some(how) => Some(
                ConsentHow::parse(how)
                    .ok_or(CommandError::invalid(Field::Consent, Problem::NotOffered))?,
            ),
            None => None,
        };
        Ok(Self {
            case,
            person,
            purpose,
            give,
        })
    }

    /// Runs it: staff for anyone of the case; an expat for their own person only (another
    /// household's or another member's: not found), in the portal, withdrawable ones only.
    /// Returns whether it changed.
    pub async fn run(mut self, state: &AppState, actor: &Actor) -> Result<bool, CommandError> {
        let stored = crate::db::cases::load(&state.db, self.case).await;
        if actor.role == Role::Expat {
            let own = crate::db::portal::own_people(&state.db, actor.id).await?;
            if !own.contains(&self.person) {
                return Err(CommandError::NotFound);
            }
            if !self.purpose.withdrawable_in_portal() {
                return Err(CommandError::Forbidden);
            }
            self.give = self.give.map(|_| ConsentHow::Portal);
        } else {
            actor.must_be_staff()?;
        }
        if !stored?.person_ids.contains(&self.person) {
            return Err(CommandError::NotFound);
        }
        Ok(privacy::change(
            &state.db,
            ConsentChange {
                person: self.person,
                purpose: self.purpose,
                give: self.give,
                actor: actor.id,
            },
        )
        .await?)
    }
}

/// The id of the person at `position` of case `case` (the API counts people by position).
pub async fn person_at(
    state: &AppState,
    case: CaseId,
    position: usize,
) -> Result<PersonId, CommandError> {
    let stored = crate::db::cases::load(&state.db, case).await?;
    stored
        .person_ids
        .get(position)
        .copied()
        .ok_or(CommandError::invalid(
            Field::Person,
            Problem::NoSuchPerson(position),
        ))
}
