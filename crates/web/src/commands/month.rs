//! The month view of due dates (issue 19): the open items due in one month of one
//! consultant's open cases, or of the whole team's, with the office closures of the month
//! (weekends and public holidays are the domain calendar's, `softland_domain::calendar`).

use chrono::NaiveDate;
use softland_domain::month::Month;

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::db::calendar_items::{self, DueItem, MONTH_LIMIT};
use crate::db::templates;
use crate::ids::UserId;

/// One month's due dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDueDates {
    /// Which month.
    pub month: Month,
    /// One consultant's cases, or (`None`) the whole team's.
    pub scope: Option<UserId>,
}

/// The month's items and what the view marks.
#[derive(Debug, Clone)]
pub struct MonthData {
    /// Today in the centre.
    pub today: NaiveDate,
    /// The open items due in the month, by due date.
    pub items: Vec<DueItem>,
    /// Whether more were due than [`MONTH_LIMIT`] (those are not listed).
    pub truncated: bool,
    /// The office closures of the month, with their reasons.
    pub closures: Vec<(NaiveDate, String)>,
}

impl MonthDueDates {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<MonthData, CommandError> {
        actor.must_be_staff()?;
        let (from, until) = (self.month.first_day(), self.month.last_day());
        let items = calendar_items::due_between(&state.db, self.scope, from, until).await?;
        Ok(MonthData {
            today: state.config.today(),
            truncated: items.len() >= usize::try_from(MONTH_LIMIT).unwrap_or(usize::MAX),
            items,
            closures: templates::closures(&state.db)
                .await?
                .into_iter()
                .filter(|(day, _)| (from..=until).contains(day))
                .collect(),
        })
    }
}
