//! The partner network (issue 21): who may do what.
//!
//! - **Staff** (consultants and admins) read the whole directory and add and change
//!   organisations and their contact people; **admins** keep the list of kinds and name the
//!   partners that help with each checklist item (`directory`).
//! - **Expats** and **ambassadors** read the directory's public fields of active
//!   organisations (never notes, the agreement, the last contact or contact people).
//! - **Employer users** see nothing of the directory.

pub mod directory;
pub mod employers;
pub mod referrals;

use super::{Actor, CommandError};
use crate::auth::Role;
use crate::db::partners::{Duplicate, DuplicateBy};

impl Actor {
    /// Refuses anyone who may not read the directory's public fields (employer users).
    pub fn must_read_directory(&self) -> Result<(), CommandError> {
        match self.role {
            Role::Admin | Role::Consultant | Role::Expat | Role::Buddy => Ok(()),
            Role::Employer => Err(CommandError::Forbidden),
        }
    }
}

/// "Vítkovice a.s. (same name, /partners/3)", for a refusal's message.
pub fn duplicates_text(duplicates: &[Duplicate]) -> String {
    duplicates
        .iter()
        .map(|d| {
            let by = match d.by {
                DuplicateBy::Name => "same name",
                DuplicateBy::Email => "same e-mail",
            };
            format!("{} ({by}, /partners/{})", d.name, d.id)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
