//! Staff invite, list, deactivate and reactivate the users of an employer organisation.

use softland_domain::person::{Email, PersonName};

use super::{employer, refused};
use crate::app::AppState;
use crate::commands::{Actor, CommandError, Field, FieldErrors, Problem};
use crate::db::buddies::AccountLink;
use crate::db::partners::{self, EmployerAccount, NewEmployerAccount, Organisation};
use crate::db::users;
use crate::ids::{OrganisationId, UserId};

/// Staff invite a user of an employer organisation: an account without a password, mailed
/// a first-password link (the ambassadors' invitation).
#[derive(Debug, Clone)]
pub struct InviteEmployerUser {
    /// The employer.
    pub organisation: OrganisationId,
    /// Their name.
    pub name: PersonName,
    /// Their e-mail.
    pub email: Email,
}

impl InviteEmployerUser {
    /// Reads the form; every wrong field is reported.
    pub fn parse(
        organisation: OrganisationId,
        name: &str,
        email: &str,
    ) -> Result<Self, CommandError> {
        let mut errors = FieldErrors::new();
        let name = PersonName::parse(name)
            .map_err(|e| errors.add(Field::HireName.name(), Problem::Value(e).to_string()))
            .ok();
        let email = Email::parse(email)
            .map_err(|e| errors.add(Field::Email.name(), Problem::Value(e).to_string()))
            .ok();
        match (name, email) {
            (Some(name), Some(email)) if errors.is_empty() => Ok(Self {
                organisation,
                name,
                email,
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (staff only); the actor's name signs the mail.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<UserId, CommandError> {
        actor.must_be_staff()?;
        let org = employer(state, self.organisation).await?;
        let from = users::get(&state.db, actor.id).await?.display_name;
        let base_url = state.config.base_url();
        let employer_name = org.details.name.clone();
        let mail = move |name: &str, until| {
            crate::views::mail::employer_invitation(name, &employer_name, &from, until)
        };
        let new = NewEmployerAccount {
            organisation: org.id,
            name: self.name.as_str(),
            email: self.email.as_str(),
            actor: actor.id,
            link: AccountLink {
                base_url: &base_url,
                ttl: chrono::Duration::from_std(state.config.invitation_ttl)
                    .unwrap_or(chrono::Duration::days(7)),
                mail: &mail,
            },
        };
        partners::create_account(&state.db, new)
            .await
            .map_err(refused)
    }
}

/// An employer organisation with its users, for staff.
#[derive(Debug, Clone)]
pub struct EmployerAccounts {
    /// The employer.
    pub organisation: Organisation,
    /// Its users.
    pub accounts: Vec<EmployerAccount>,
}

/// Staff read an employer's users.
#[derive(Debug, Clone, Copy)]
pub struct EmployerAccountsQuery {
    /// The employer.
    pub organisation: OrganisationId,
}

impl EmployerAccountsQuery {
    /// Runs it (staff only; an organisation that is not an employer is not found).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<EmployerAccounts, CommandError> {
        actor.must_be_staff()?;
        let organisation = employer(state, self.organisation).await?;
        let accounts = partners::accounts(&state.db, organisation.id).await?;
        Ok(EmployerAccounts {
            organisation,
            accounts,
        })
    }
}

/// Staff deactivate or reactivate an employer's user.
#[derive(Debug, Clone, Copy)]
pub struct SetEmployerUserActive {
    /// The employer.
    pub organisation: OrganisationId,
    /// The account.
    pub user: UserId,
    /// Active or not.
    pub active: bool,
}

impl SetEmployerUserActive {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        Ok(partners::set_account_active(
            &state.db,
            self.organisation,
            self.user,
            self.active,
            actor.id,
        )
        .await?)
    }
}
