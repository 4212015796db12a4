//! The deadline overview of a consultant (or of the whole team): what is overdue, what is due
//! within [`HORIZON_DAYS`], what has waited for the authority longer than [`WAITING_DAYS`], and
//! the risk warnings. The dashboard page and the API's `/dashboard` read it here.

use chrono::{Days, NaiveDate};
use softland_domain::case::INTEGRATION_COURSE_DAYS;

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::db::dashboard::{self, Counts, DueRow, RiskRow};
use crate::ids::UserId;

/// Items due within this many calendar days count as due soon.
pub const HORIZON_DAYS: u64 = 14;
/// Items waiting for the authority longer than this are listed.
pub const WAITING_DAYS: u64 = 30;
/// Most due items listed (overdue and due soon together).
const DUE_ROWS: u64 = 100;

/// Whose deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overview {
    /// One consultant's cases, or (`None`) the whole team's.
    pub scope: Option<UserId>,
    /// Most waiting items listed.
    pub waiting_limit: u64,
}

/// The overview, as of `today`.
#[derive(Debug, Clone)]
pub struct OverviewData {
    /// Today in the centre.
    pub today: NaiveDate,
    /// The figures.
    pub counts: Counts,
    /// Overdue items, soonest first.
    pub overdue: Vec<DueRow>,
    /// Items due by the horizon.
    pub due_soon: Vec<DueRow>,
    /// Items filed before [`WAITING_DAYS`] ago and not answered.
    pub waiting: Vec<DueRow>,
}

impl Overview {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<OverviewData, CommandError> {
        actor.must_be_staff()?;
        let today = state.config.today();
        let horizon = today
            .checked_add_days(Days::new(HORIZON_DAYS))
            .unwrap_or(today);
        let filed_before = today
            .checked_sub_days(Days::new(WAITING_DAYS))
            .unwrap_or(today);
        let db = &state.db;
        let due = dashboard::due_items(db, self.scope, horizon, DUE_ROWS).await?;
        let (overdue, due_soon) = due
            .into_iter()
            .partition(|r| r.due_on.is_some_and(|d| d < today));
        Ok(OverviewData {
            today,
            counts: dashboard::counts(db, self.scope, today, horizon).await?,
            overdue,
            due_soon,
            waiting: dashboard::waiting_items(db, self.scope, filed_before, self.waiting_limit)
                .await?,
        })
    }

    /// The risk warnings of the same cases (staff only).
    pub async fn risks(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<RiskRow>, CommandError> {
        actor.must_be_staff()?;
        let today = state.config.today();
        let course_soon = today
            .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
            .unwrap_or(today);
        Ok(dashboard::risks(&state.db, self.scope, today, course_soon).await?)
    }
}

/// The whole team's open items overdue by the centre's escalation threshold (in working days)
/// or more, as of `today`, at most 200, most overdue first: what team leads see on their
/// dashboard and in their digest.
pub async fn escalated(
    state: &AppState,
    today: NaiveDate,
) -> Result<Vec<DueRow>, crate::db::DbError> {
    let db = &state.db;
    let settings = crate::db::reminders::settings(db).await?;
    let cal = crate::db::cases::calendar_of(db).await?;
    // The latest due date that is escalated today: `escalation` working days back, and the
    // days off just after it (a due date on a day off counts from that day).
    let mut cutoff = cal.subtract_working_days(today, settings.escalation.get());
    while let Some(next) = cutoff.succ_opt()
        && next < today
        && !cal.is_working_day(next)
    {
        cutoff = next;
    }
    Ok(dashboard::due_items(db, None, cutoff, 200)
        .await?
        .into_iter()
        .filter(|r| {
            r.due_on.is_some_and(|d| {
                softland_domain::reminder::escalated(today, d, settings.escalation, &cal)
            })
        })
        .collect())
}
