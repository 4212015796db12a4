//! Reading referrals: a case's, one with its steps, the household's in the portal, and the
//! consultant's follow-ups on the dashboard.

use chrono::{Days, NaiveDate};

use super::may_read;
use crate::app::AppState;
use crate::auth::Role;
use crate::commands::{Actor, CommandError};
use crate::db::cases::{self, StoredCase};
use crate::db::partners::{self, Contact, FollowUp, Organisation, Referral, Step};
use crate::db::portal;
use crate::ids::{CaseId, PersonId, ReferralId};

/// A referral in a list, with the partner's and the person's names.
#[derive(Debug, Clone)]
pub struct ReferralLine {
    /// The referral.
    pub referral: Referral,
    /// The partner's name.
    pub partner: String,
    /// The person's name (`None`: the household).
    pub person: Option<String>,
}

/// The name of `person` in `stored`.
fn person_name(stored: &StoredCase, person: Option<PersonId>) -> Option<String> {
    let position = stored.person_ids.iter().position(|p| Some(*p) == person)?;
    Some(stored.case.people()[position].name.to_string())
}

/// The referrals of a case already loaded (the case page), open ones first.
#[derive(Debug, Clone, Copy)]
pub struct CaseReferrals<'a> {
    /// The case.
    pub case: &'a StoredCase,
}

impl CaseReferrals<'_> {
    /// Runs it (staff, or the household).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<ReferralLine>, CommandError> {
        may_read(state, actor, self.case.id).await?;
        let found = partners::referrals_of_cases(&state.db, &[self.case.id]).await?;
        let ids: Vec<_> = found.iter().map(|r| r.organisation).collect();
        let names = partners::organisation_names(&state.db, &ids).await?;
        Ok(found
            .into_iter()
            .map(|referral| ReferralLine {
                partner: names
                    .get(&referral.organisation)
                    .cloned()
                    .unwrap_or_default(),
                person: person_name(self.case, referral.person),
                referral,
            })
            .collect())
    }
}

/// A referral with everything its page shows.
#[derive(Debug, Clone)]
pub struct ReferralDetails {
    /// The referral.
    pub referral: Referral,
    /// Its case.
    pub case: StoredCase,
    /// The person's name (`None`: the household).
    pub person: Option<String>,
    /// The partner.
    pub organisation: Organisation,
    /// The partner's contact person, if one was named.
    pub contact: Option<Contact>,
    /// Its steps, oldest first.
    pub steps: Vec<Step>,
}

/// One referral (staff; the household reads its own).
#[derive(Debug, Clone, Copy)]
pub struct ShowReferral {
    /// The referral.
    pub id: ReferralId,
}

impl ShowReferral {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<ReferralDetails, CommandError> {
        if !(actor.role.is_staff() || actor.role == Role::Expat) {
            return Err(CommandError::NotFound);
        }
        let db = &state.db;
        let referral = partners::referral(db, self.id).await?;
        may_read(state, actor, referral.case).await?;
        let case = cases::load(db, referral.case).await?;
        let organisation = partners::organisation(db, referral.organisation).await?;
        let contact = match referral.contact {
            Some(id) => Some(partners::contact(db, id).await?),
            None => None,
        };
        Ok(ReferralDetails {
            person: person_name(&case, referral.person),
            steps: partners::referral_steps(db, self.id).await?,
            referral,
            case,
            organisation,
            contact,
        })
    }
}

/// A referral as the household sees it in the portal.
#[derive(Debug, Clone)]
pub struct HouseholdReferral {
    /// The referral.
    pub referral: Referral,
    /// The person's name (`None`: the household).
    pub person: Option<String>,
    /// The partner.
    pub organisation: Organisation,
    /// The partner's contact person, only when the person agreed to share their details
    /// (then the partner expects them).
    pub contact: Option<Contact>,
}

/// The signed-in expat's household's referrals.
#[derive(Debug, Clone, Copy)]
pub struct HouseholdReferrals;

impl HouseholdReferrals {
    /// Runs it (expats only; anyone else finds nothing).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<HouseholdReferral>, CommandError> {
        if actor.role != Role::Expat {
            return Err(CommandError::NotFound);
        }
        let db = &state.db;
        let ids: Vec<CaseId> = portal::cases_of(db, actor.id).await?;
        let found = partners::referrals_of_cases(db, &ids).await?;
        let mut stored = Vec::new();
        for id in &ids {
            stored.push(cases::load(db, *id).await?);
        }
        let org_ids: Vec<_> = found.iter().map(|r| r.organisation).collect();
        let mut organisations = partners::organisations_by_id(db, &org_ids).await?;
        organisations.sort_by_key(|o| o.id);
        let mut contacts = partners::contacts_of(db, &org_ids).await?;
        let mut out = Vec::new();
        for referral in found {
            let Ok(at) = organisations.binary_search_by_key(&referral.organisation, |o| o.id)
            else {
                continue;
            };
            let contact = referral
                .contact
                .filter(|_| referral.consent.is_some())
                .and_then(|id| {
                    let list = contacts.get_mut(&referral.organisation)?;
                    list.iter().find(|c| c.id == id).cloned()
                });
            out.push(HouseholdReferral {
                person: stored
                    .iter()
                    .find(|s| s.id == referral.case)
                    .and_then(|s| person_name(s, referral.person)),
                organisation: organisations[at].clone(),
                contact,
                referral,
            });
        }
        Ok(out)
    }
}

/// The follow-ups of the signed-in consultant's cases.
#[derive(Debug, Clone, Default)]
pub struct FollowUps {
    /// Due today or overdue, the oldest first.
    pub due: Vec<FollowUp>,
    /// Due in the next 7 days.
    pub soon: Vec<FollowUp>,
}

/// The open referrals of the actor's own cases to follow up today (or earlier) and in the
/// next 7 days.
#[derive(Debug, Clone, Copy)]
pub struct FollowUpsQuery {
    /// Today.
    pub today: NaiveDate,
}

impl FollowUpsQuery {
    /// Runs it (staff).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<FollowUps, CommandError> {
        actor.must_be_staff()?;
        let until = self
            .today
            .checked_add_days(Days::new(7))
            .unwrap_or(self.today);
        let (due, soon) = partners::follow_ups(&state.db, actor.id, until)
            .await?
            .into_iter()
            .partition(|f| f.referral.follow_up_on.is_some_and(|d| d <= self.today));
        Ok(FollowUps { due, soon })
    }
}
