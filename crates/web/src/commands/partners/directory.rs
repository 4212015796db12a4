//! The directory: organisations and their contact people (staff add and change them; a
//! possible duplicate is saved only once confirmed; a change made against an old version is
//! refused), the directory's lists (`queries`), and the admins' kinds and "who can help"
//! links (`admin`).

mod admin;
mod input;
mod queries;

pub use admin::*;
pub use input::{ContactInput, OrganisationInput};
pub use queries::*;

use super::super::{Actor, CommandError, Refusal};
use crate::app::AppState;
use crate::db::partners::{self, Details};
use crate::ids::{ContactId, OrganisationId};

/// Refuses to save `details` when other organisations (than `except`) may be the same one,
/// unless the actor confirmed it is a different one.
async fn check_duplicates(
    state: &AppState,
    details: &Details,
    except: Option<OrganisationId>,
    confirmed: bool,
) -> Result<(), CommandError> {
    if confirmed {
        return Ok(());
    }
    let email = details
        .email
        .as_ref()
        .map(softland_domain::person::Email::as_str);
    let found = partners::duplicates(&state.db, &details.name, email, except).await?;
    if found.is_empty() {
        Ok(())
    } else {
        Err(CommandError::Refused(Refusal::PossibleDuplicates(found)))
    }
}

/// Staff add an organisation to the directory.
#[derive(Debug, Clone)]
pub struct CreateOrganisation {
    /// What was typed.
    pub input: OrganisationInput,
    /// "This is a different organisation": save even if it looks like another.
    pub confirm_duplicate: bool,
}

impl CreateOrganisation {
    /// Saves it; every wrong field is reported, a possible duplicate refused unless
    /// confirmed.
    pub async fn run(
        &self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<OrganisationId, CommandError> {
        actor.must_be_staff()?;
        let details = self.input.parse(&partners::kinds(&state.db).await?)?;
        check_duplicates(state, &details, None, self.confirm_duplicate).await?;
        Ok(partners::create_organisation(&state.db, &details, actor.id).await?)
    }
}

/// Staff change an organisation they saw at `version`.
#[derive(Debug, Clone)]
pub struct UpdateOrganisation {
    /// Which.
    pub id: OrganisationId,
    /// The version the change was made against.
    pub version: i64,
    /// What was typed.
    pub input: OrganisationInput,
    /// "This is a different organisation" (a renaming that looks like another one).
    pub confirm_duplicate: bool,
}

impl UpdateOrganisation {
    /// Saves it; returns the new version. A new name or e-mail that another organisation
    /// has is refused unless confirmed; a stale version is [`CommandError::ChangedMeanwhile`].
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_staff()?;
        let current = partners::organisation(&state.db, self.id).await?;
        let details = self.input.parse(&partners::kinds(&state.db).await?)?;
        let key = softland_domain::partner::name_key;
        let renamed = key(&details.name) != key(&current.details.name)
            || details.email != current.details.email;
        if renamed {
            check_duplicates(state, &details, Some(self.id), self.confirm_duplicate).await?;
        }
        Ok(
            partners::update_organisation(&state.db, self.id, self.version, &details, actor.id)
                .await?,
        )
    }
}

/// "We spoke today": the organisation's last contact becomes today.
#[derive(Debug, Clone, Copy)]
pub struct RecordContact {
    /// Which.
    pub id: OrganisationId,
}

impl RecordContact {
    /// Records it.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        let today = state.config.today();
        Ok(partners::touch_last_contact(&state.db, self.id, today, actor.id).await?)
    }
}

/// Staff add a contact person to an organisation.
#[derive(Debug, Clone)]
pub struct AddContact {
    /// The organisation.
    pub organisation: OrganisationId,
    /// What was typed.
    pub input: ContactInput,
}

impl AddContact {
    /// Adds them; every wrong field is reported.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<ContactId, CommandError> {
        actor.must_be_staff()?;
        let person = self.input.parse()?;
        Ok(partners::add_contact(&state.db, self.organisation, &person, actor.id).await?)
    }
}

/// Staff change a contact person of an organisation.
#[derive(Debug, Clone)]
pub struct UpdateContact {
    /// The organisation.
    pub organisation: OrganisationId,
    /// The contact person (of that organisation, or "not found").
    pub id: ContactId,
    /// What was typed.
    pub input: ContactInput,
}

impl UpdateContact {
    /// Changes them; every wrong field is reported.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        let person = self.input.parse()?;
        Ok(
            partners::update_contact(&state.db, self.organisation, self.id, &person, actor.id)
                .await?,
        )
    }
}

/// Staff remove a contact person of an organisation.
#[derive(Debug, Clone, Copy)]
pub struct RemoveContact {
    /// The organisation.
    pub organisation: OrganisationId,
    /// The contact person (of that organisation, or "not found").
    pub id: ContactId,
}

impl RemoveContact {
    /// Removes them.
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        Ok(partners::remove_contact(&state.db, self.organisation, self.id, actor.id).await?)
    }
}
