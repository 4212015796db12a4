//! The centre's own calendar: office closure days, which deadlines computed afterwards count
//! as non-working days (`db::cases::calendar_of`).

use chrono::NaiveDate;
use softland_domain::date_input;

use super::{Actor, CommandError, Field, FieldErrors, Problem};
use crate::app::AppState;
use crate::db::templates;

/// The longest closure reason, in characters.
pub const MAX_REASON: usize = 200;

/// A closure day as typed.
#[derive(Debug, Clone, Default)]
pub struct ClosureInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Why the office is closed ("Staff training").
    pub reason: String,
}

/// Adds a closure day, or renames the one on that date.
#[derive(Debug, Clone)]
pub struct AddClosure {
    date: NaiveDate,
    reason: String,
}

impl AddClosure {
    /// Reads the input; each wrong field is reported (`date`, `reason`).
    pub fn parse(input: &ClosureInput) -> Result<Self, CommandError> {
        let mut errors = FieldErrors::new();
        let date = if input.date.trim().is_empty() {
            errors.add(Field::Date.name(), Problem::Missing.to_string());
            None
        } else {
            date_input::parse(&input.date)
                .map_err(|e| errors.add(Field::Date.name(), e.to_string()))
                .ok()
        };
        let reason = input.reason.trim();
        if reason.is_empty() {
            errors.add(
                Field::Reason.name(),
                "please enter the reason, e.g. \"Staff training\"",
            );
        } else if reason.chars().count() > MAX_REASON {
            errors.add(
                Field::Reason.name(),
                Problem::TooLong(MAX_REASON).to_string(),
            );
        } else if reason.chars().any(char::is_control) {
            errors.add(
                Field::Reason.name(),
                "the reason cannot contain line breaks or tabs",
            );
        }
        match date {
            Some(date) if errors.is_empty() => Ok(Self {
                date,
                reason: reason.to_owned(),
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }

    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        Ok(templates::add_closure(&state.db, self.date, &self.reason).await?)
    }
}

/// Removes the closure day on `date` (a date that is not one is not found).
#[derive(Debug, Clone)]
pub struct RemoveClosure {
    /// `YYYY-MM-DD`, as in the page's address.
    pub date: String,
}

impl RemoveClosure {
    /// Runs it (admins only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_admin()?;
        let date = date_input::parse(&self.date).map_err(|_| CommandError::NotFound)?;
        Ok(templates::remove_closure(&state.db, date).await?)
    }
}
