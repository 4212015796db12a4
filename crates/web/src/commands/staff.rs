//! Staff accounts, managed by admins: open one, change its role, deactivate or reactivate it,
//! set a colleague's new password. The rules that keep an admin from locking themself (or the
//! centre) out live here; the last-admin rule is kept by the store inside its transaction.

use softland_domain::person::{Email, PersonName};

use super::{Actor, CommandError, FieldErrors, Refusal};
use crate::app::AppState;
use crate::auth::Role;
use crate::auth::hashing::HashingError;
use crate::auth::password::{self, Password};
use crate::db::users::{self, NewUser};
use crate::db::{Constraint, DbError, credentials, sessions};
use crate::ids::UserId;
use crate::views::mail::{self, ChangedBy};

impl Actor {
    /// Refuses anyone but an admin.
    pub fn must_be_admin(&self) -> Result<(), CommandError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(CommandError::Forbidden)
        }
    }
}

/// A new staff account as typed. No `Debug`: it holds a password.
#[derive(Default)]
pub struct NewStaffInput {
    /// Sign-in e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// `admin` or `consultant`.
    pub role: String,
    /// The initial password.
    pub password: String,
}

/// Opens a staff account with an initial password.
pub struct CreateStaff {
    email: Email,
    name: PersonName,
    role: Role,
    password: Password,
}

impl CreateStaff {
    /// Reads the input; every wrong field is reported (`email`, `name`, `role`, `password`).
    pub fn parse(input: &NewStaffInput) -> Result<Self, CommandError> {
        let mut errors = FieldErrors::new();
        let email = Email::parse(&input.email)
            .map_err(|e| errors.add("email", e.0))
            .ok();
        let name = PersonName::parse(&input.name)
            .map_err(|e| errors.add("name", e.0))
            .ok();
        let role = staff_role(&input.role)
            .map_err(|e| errors.add("role", e.to_string()))
            .ok();
        let password = Password::parse(&input.password)
            .map_err(|e| errors.add("password", e.to_string()))
            .ok();
        match (email, name, role, password) {
            (Some(email), Some(name), Some(role), Some(password)) => Ok(Self {
                email,
                name,
                role,
                password,
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (admins only); a taken e-mail is a mistake of the `email` field.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<UserId, CommandError> {
        actor.must_be_admin()?;
        let hash = hash_off_thread(state, self.password).await?;
        let new = NewUser {
            email: self.email.as_str(),
            display_name: self.name.as_str(),
            role: self.role,
            password_hash: Some(hash),
        };
        match users::create(&state.db, new).await {
            Err(DbError::Constraint(Constraint::EmailTaken)) => {
                let mut errors = FieldErrors::new();
                errors.add("email", Constraint::EmailTaken.to_string());
                Err(CommandError::InvalidFields(errors))
            }
            other => Ok(other?),
        }
    }
}

/// `admin` or `consultant`.
fn staff_role(raw: &str) -> Result<Role, Refusal> {
    match Role::parse(raw.trim()) {
        Some(role) if role.is_staff() => Ok(role),
        _ => Err(Refusal::NotAStaffRole),
    }
}

/// argon2id on the hashing threads, at most `hashing_concurrency` at once.
async fn hash_off_thread(state: &AppState, password: Password) -> Result<String, CommandError> {
    match state.hashing.run(move || password::hash(&password)).await {
        Ok(hash) => hash.map_err(CommandError::Internal),
        Err(HashingError::Busy(_) | HashingError::Stopped) => Err(CommandError::Busy),
    }
}

/// A staff store error as the refusal an admin reads (the last admin, a deactivated target).
fn refused(err: DbError) -> CommandError {
    match err {
        DbError::Constraint(rule) => CommandError::Refused(Refusal::Constraint(rule)),
        other => other.into(),
    }
}

/// Makes a staff account an admin or a consultant: not one's own, not an expat's, and never
/// the last active admin's.
pub struct ChangeRole {
    /// The account.
    pub user: UserId,
    /// `admin` or `consultant`, as chosen.
    pub role: String,
}

impl ChangeRole {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Role, CommandError> {
        actor.must_be_admin()?;
        let target = users::get(&state.db, self.user).await?;
        match target.role {
            Role::Expat => return Err(Refusal::ExpatAccount.into()),
            Role::Buddy => return Err(Refusal::AmbassadorAccount.into()),
            Role::Employer => return Err(Refusal::EmployerAccount.into()),
            Role::Admin | Role::Consultant => {}
        }
        let role = staff_role(&self.role)?;
        if target.id == actor.id && role != actor.role {
            return Err(Refusal::OwnRole.into());
        }
        users::set_role(&state.db, target.id, role)
            .await
            .map_err(refused)?;
        Ok(role)
    }
}

/// Deactivates an account (ending its sessions) or reactivates it; never one's own, never the
/// last active admin.
pub struct SetActive {
    /// The account.
    pub user: UserId,
    /// `true` or `false`, as sent.
    pub active: String,
}

impl SetActive {
    /// Runs it (admins only); the account's new state.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<bool, CommandError> {
        actor.must_be_admin()?;
        let target = users::get(&state.db, self.user).await?;
        let active = match self.active.trim() {
            "true" => true,
            "false" => false,
            _ => return Err(Refusal::NotAnActivity.into()),
        };
        if target.id == actor.id && !active {
            return Err(Refusal::OwnDeactivation.into());
        }
        // An ambassador who looks after newcomers keeps their account until those matches
        // are ended or re-matched (their newcomers would keep a buddy who cannot sign in).
        if !active
            && target.role == Role::Buddy
            && let Some(ambassador) =
                crate::db::buddies::ambassador_of(&state.db, target.id).await?
            && ambassador.load > 0
        {
            return Err(Refusal::Constraint(Constraint::AmbassadorBusy(u64::from(
                ambassador.load,
            )))
            .into());
        }
        users::set_active(&state.db, target.id, active)
            .await
            .map_err(refused)?;
        if !active {
            sessions::end_sessions_of(&state.db, target.id, None).await?;
        }
        Ok(active)
    }
}

/// An admin sets a colleague's new password: every session of the account ends, its API
/// tokens are revoked, its links cancelled, and its owner is told by mail. One's own password
/// changes on the account page, which asks for the current one.
pub struct SetPassword {
    /// The account.
    pub user: UserId,
    /// The new password, as typed.
    pub password: String,
}

impl SetPassword {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        let target = users::get(&state.db, self.user).await?;
        if target.id == actor.id {
            return Err(Refusal::OwnPasswordHere.into());
        }
        let password = Password::parse(&self.password).map_err(Refusal::WeakPassword)?;
        let hash = hash_off_thread(state, password).await?;
        let change = credentials::PasswordChange {
            user: target.id,
            hash,
            keep_session: None,
            notice: Some(mail::password_changed(ChangedBy::Admin)),
        };
        credentials::change_password(&state.db, change).await?;
        Ok(())
    }
}
