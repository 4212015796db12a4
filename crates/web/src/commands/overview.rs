//! The deadline overview of a consultant (or of the whole team): what is overdue, what is due
//! within [`HORIZON_DAYS`], what has waited for the authority longer than [`WAITING_DAYS`], and
//! the risk warnings: the soonest [`PANEL_RISKS`] on the dashboard with figures of the rest,
//! and a page at a time on the list of all warnings ([`AllRisks`]). The dashboard pages and
//! the API's `/dashboard` and `/dashboard/warnings` read it here.

use chrono::{Days, NaiveDate};
use softland_domain::case::INTEGRATION_COURSE_DAYS;

use super::case_list::{Beyond, shown_page};
use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::db::dashboard::{self, Counts, DueDays, DueRow, RiskCounts, RiskRow, Window};
use crate::ids::UserId;

/// Items due within this many calendar days count as due soon.
pub const HORIZON_DAYS: u64 = 14;
/// Items waiting for the authority longer than this are listed.
pub const WAITING_DAYS: u64 = 30;
/// Rows of each list the dashboard shows (overdue, due soon, waiting), soonest first: the
/// rest are on that list's pages ([`DueList`]), so that the dashboard costs about the same
/// however many there are, and a long overdue list never hides what is due soon.
pub const PANEL_ROWS: u64 = 20;
/// Rows on a page of one of those lists.
pub const DUE_PER_PAGE: u64 = 50;
/// Risk warnings listed on the dashboard, soonest first: the rest are on the list of all
/// warnings, so that the dashboard costs the same however many there are
/// (docs/performance.md).
pub const PANEL_RISKS: u64 = 20;

/// Whose deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overview {
    /// One consultant's cases, or (`None`) the whole team's.
    pub scope: Option<UserId>,
    /// Most overdue items listed, and most due-soon items.
    pub due_rows: u64,
    /// Most waiting items listed.
    pub waiting_rows: u64,
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
    /// Items filed before [`WAITING_DAYS`] ago and not answered, longest waiting first.
    pub waiting: Vec<DueRow>,
    /// How many items wait so, listed or not.
    pub waiting_total: u64,
}

impl Overview {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<OverviewData, CommandError> {
        actor.must_be_staff()?;
        let today = state.config.today();
        let horizon = horizon(today);
        let db = &state.db;
        let days = |list| DueList::days(list, today);
        let (scope, due, waiting) = (
            self.scope,
            Window::soonest(self.due_rows),
            Window::soonest(self.waiting_rows),
        );
        Ok(OverviewData {
            today,
            counts: dashboard::counts(db, scope, today, horizon).await?,
            overdue: dashboard::due_page(db, scope, days(ListKind::Overdue), due).await?,
            due_soon: dashboard::due_page(db, scope, days(ListKind::DueSoon), due).await?,
            waiting: dashboard::waiting_items(db, scope, filed_before(today), waiting).await?,
            waiting_total: dashboard::waiting_count(db, scope, filed_before(today)).await?,
        })
    }

    /// The risk warnings of the same cases for the dashboard (staff only): the soonest
    /// [`PANEL_RISKS`], and when there are more, figures of all of them.
    pub async fn risks(self, state: &AppState, actor: &Actor) -> Result<RiskPanel, CommandError> {
        actor.must_be_staff()?;
        let (today, course_soon) = risk_days(state);
        let db = &state.db;
        // One more than is shown tells whether there are more.
        let window = Window::soonest(PANEL_RISKS.saturating_add(1));
        let mut soonest = dashboard::risks(db, self.scope, today, course_soon, window).await?;
        let shown = usize::try_from(PANEL_RISKS).unwrap_or(usize::MAX);
        let more = soonest.len() > shown;
        soonest.truncate(shown);
        let counts = if more {
            Some(dashboard::risk_counts(db, self.scope, today, course_soon).await?)
        } else {
            None
        };
        Ok(RiskPanel { soonest, counts })
    }
}

/// The last day of the due-soon list, as of `today`.
fn horizon(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(today)
}

/// Items filed on this day or before wait "longer than usual", as of `today`.
fn filed_before(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(WAITING_DAYS))
        .unwrap_or(today)
}

/// One of the dashboard's lists of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// Open items past their due date, most overdue first.
    Overdue,
    /// Open items due from today to [`HORIZON_DAYS`] ahead, soonest first.
    DueSoon,
    /// Items filed [`WAITING_DAYS`] ago or earlier and not answered, longest waiting first.
    Waiting,
}

impl ListKind {
    /// Every list, in the dashboard's order.
    pub const ALL: [ListKind; 3] = [ListKind::Overdue, ListKind::DueSoon, ListKind::Waiting];

    /// The list named `name` in an address or the API (`overdue`, `due-soon`, `waiting`).
    pub fn parse(name: &str) -> Result<Self, CommandError> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == name.trim())
            .ok_or_else(|| CommandError::invalid(Field::List, Problem::NotOffered))
    }

    /// Its name in addresses and the API, and the id of its section on the dashboard.
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Overdue => "overdue",
            ListKind::DueSoon => "due-soon",
            ListKind::Waiting => "waiting",
        }
    }
}

/// A page of one of the dashboard's lists of items, of one consultant's open cases or the
/// whole team's (staff only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueList {
    /// Which list.
    pub list: ListKind,
    /// One consultant's cases, or (`None`) the whole team's.
    pub scope: Option<UserId>,
    /// The page asked for, 1 or more.
    pub page: u64,
    /// Rows per page, 1 or more.
    pub per_page: u64,
    /// What a page past the last one shows.
    pub beyond: Beyond,
}

/// One page of a list of items.
#[derive(Debug, Clone)]
pub struct DueListPage {
    /// Today in the centre.
    pub today: NaiveDate,
    /// The page's rows, in the list's order.
    pub rows: Vec<DueRow>,
    /// Rows in all, on every page.
    pub total: u64,
    /// The page shown.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// Rows per page.
    pub per_page: u64,
}

impl DueList {
    /// The due dates of the overdue or due-soon list, as of `today` (the waiting list's
    /// are the overdue list's: it is never asked for them).
    fn days(list: ListKind, today: NaiveDate) -> DueDays {
        match list {
            ListKind::DueSoon => DueDays {
                from: Some(today),
                until: horizon(today),
            },
            ListKind::Overdue | ListKind::Waiting => DueDays {
                from: None,
                until: today.pred_opt().unwrap_or(today),
            },
        }
    }

    /// Runs it as of the centre's today.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<DueListPage, CommandError> {
        actor.must_be_staff()?;
        let today = state.config.today();
        let db = &state.db;
        let per_page = self.per_page.max(1);
        let total = match self.list {
            ListKind::Waiting => {
                dashboard::waiting_count(db, self.scope, filed_before(today)).await?
            }
            ListKind::Overdue | ListKind::DueSoon => {
                let counts = dashboard::counts(db, self.scope, today, horizon(today)).await?;
                let count = if self.list == ListKind::Overdue {
                    counts.overdue
                } else {
                    counts.due_soon
                };
                u64::try_from(count).unwrap_or(0)
            }
        };
        let (page, pages) = shown_page(self.page, total, per_page, self.beyond);
        let window = Window {
            offset: (page - 1).saturating_mul(per_page),
            limit: per_page,
        };
        let rows = if window.offset >= total {
            Vec::new()
        } else if self.list == ListKind::Waiting {
            dashboard::waiting_items(db, self.scope, filed_before(today), window).await?
        } else {
            dashboard::due_page(db, self.scope, Self::days(self.list, today), window).await?
        };
        Ok(DueListPage {
            today,
            rows,
            total,
            page,
            pages,
            per_page,
        })
    }
}

/// The dashboard's risk warnings.
#[derive(Debug, Clone)]
pub struct RiskPanel {
    /// The soonest [`PANEL_RISKS`], soonest first.
    pub soonest: Vec<RiskRow>,
    /// Figures of all the warnings, when there are more than are listed (`None`: every
    /// warning is listed).
    pub counts: Option<RiskCounts>,
}

/// Today and the last day an integration course due counts as a warning.
fn risk_days(state: &AppState) -> (NaiveDate, NaiveDate) {
    let today = state.config.today();
    let course_soon = today
        .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
        .unwrap_or(today);
    (today, course_soon)
}

/// Warnings on a page of the list of all warnings.
pub const RISKS_PER_PAGE: u64 = 50;

/// A page of the list of all risk warnings of one consultant's open cases or the whole
/// team's, soonest first (staff only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllRisks {
    /// One consultant's cases, or (`None`) the whole team's.
    pub scope: Option<UserId>,
    /// The page asked for, 1 or more.
    pub page: u64,
    /// Warnings per page, 1 or more.
    pub per_page: u64,
    /// What a page past the last one shows.
    pub beyond: Beyond,
}

/// One page of the list of all risk warnings.
#[derive(Debug, Clone)]
pub struct RisksPage {
    /// Today in the centre.
    pub today: NaiveDate,
    /// The page's warnings, soonest first.
    pub warnings: Vec<RiskRow>,
    /// Warnings in all, on every page.
    pub total: u64,
    /// The page shown.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// Warnings per page.
    pub per_page: u64,
}

impl AllRisks {
    /// Runs it as of the centre's today.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<RisksPage, CommandError> {
        actor.must_be_staff()?;
        let (today, course_soon) = risk_days(state);
        let db = &state.db;
        let per_page = self.per_page.max(1);
        let total = dashboard::risk_total(db, self.scope, today, course_soon).await?;
        let (page, pages) = shown_page(self.page, total, per_page, self.beyond);
        let window = Window {
            offset: (page - 1).saturating_mul(per_page),
            limit: per_page,
        };
        let warnings = if window.offset < total {
            dashboard::risks(db, self.scope, today, course_soon, window).await?
        } else {
            Vec::new()
        };
        Ok(RisksPage {
            today,
            warnings,
            total,
            page,
            pages,
            per_page,
        })
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
