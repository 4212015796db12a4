//! Retention: closed cases are anonymised a number of years after closing (centre policy,
//! `privacy_settings`), never while under legal hold. The dry run lists what a run would do
//! today; each run leaves a report. A run erases each household through the one erasure
//! path with the reason "retention".

use chrono::NaiveDate;
use softland_domain::erasure::{ErasureReason, RetentionDue, RetentionYears, retention_plan};

use super::{Actor, CommandError, erase, must_be_admin};
use crate::app::AppState;
use crate::commands::{Field, Problem};
use crate::db::erasure::{self as store, RetentionRun};
use crate::ids::CaseId;

/// The retention page: the setting, what a run would do today, the last reports.
#[derive(Debug, Clone)]
pub struct RetentionView {
    /// The period.
    pub years: RetentionYears,
    /// The cases a run anonymises today.
    pub due: Vec<RetentionDue>,
    /// The due cases a legal hold keeps.
    pub held: Vec<RetentionDue>,
    /// The last runs, newest first.
    pub runs: Vec<RetentionRun>,
}

/// The dry run of retention for `today`.
pub async fn dry_run(state: &AppState, today: NaiveDate) -> Result<RetentionView, CommandError> {
    let years = store::retention_years(&state.db).await?;
    let closed = store::closed_cases(&state.db).await?;
    let (due, held) = retention_plan(&closed, years, today);
    let runs = store::runs(&state.db, 10).await?;
    Ok(RetentionView {
        years,
        due,
        held,
        runs,
    })
}

/// Shows the retention page (admins).
pub struct ShowRetention;

impl ShowRetention {
    /// Runs the query.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<RetentionView, CommandError> {
        must_be_admin(actor)?;
        dry_run(state, state.config.today()).await
    }
}

/// Changes the retention period.
pub struct ChangeRetention {
    /// The years, as typed.
    pub years: String,
}

impl ChangeRetention {
    /// Runs the command.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<RetentionYears, CommandError> {
        must_be_admin(actor)?;
        let years = RetentionYears::parse(&self.years).map_err(|_| {
            CommandError::invalid(
                Field::RetentionYears,
                Problem::Rule("enter a whole number of years from 1 to 30"),
            )
        })?;
        store::set_retention_years(&state.db, years, actor.id).await?;
        Ok(years)
    }
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunReport {
    /// The cases anonymised.
    pub anonymised: Vec<CaseId>,
    /// The due cases a legal hold kept.
    pub held: Vec<CaseId>,
}

/// Runs retention now (an admin's button; the daily task runs [`run`] itself).
pub struct RunRetention;

impl RunRetention {
    /// Runs the command.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<RunReport, CommandError> {
        must_be_admin(actor)?;
        run(state, state.config.today(), Some(actor)).await
    }
}

/// Anonymises every case due on `today` that no legal hold keeps, and records the report.
pub async fn run(
    state: &AppState,
    today: NaiveDate,
    actor: Option<&Actor>,
) -> Result<RunReport, CommandError> {
    let view = dry_run(state, today).await?;
    let mut anonymised = Vec::new();
    for due in &view.due {
        let case = CaseId(due.case.id);
        // Checked again just before: a hold set since the plan was read wins.
        if store::hold(&state.db, case).await?.is_some() {
            continue;
        }
        let target = store::target(&state.db, case, None).await?;
        erase(
            state,
            &target,
            ErasureReason::Retention,
            actor.map(|a| a.id),
        )
        .await?;
        anonymised.push(case);
    }
    let held: Vec<CaseId> = view.held.iter().map(|d| CaseId(d.case.id)).collect();
    store::record_run(&state.db, &anonymised, &held, actor.map(|a| a.id)).await?;
    if !anonymised.is_empty() || !held.is_empty() {
        tracing::info!(
            anonymised = anonymised.len(),
            held = held.len(),
            "retention run"
        );
    }
    Ok(RunReport { anonymised, held })
}

/// Runs retention once a day (the first tick of each `today()`), in every instance; a run
/// finds nothing left to do once another instance has run.
pub fn spawn(state: AppState, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ran = None;
        loop {
            tick.tick().await;
            let today = state.config.today();
            if ran == Some(today) {
                continue;
            }
            match run(&state, today, None).await {
                Ok(_) => ran = Some(today),
                Err(err) => tracing::warn!(error = %err, "the retention run failed"),
            }
        }
    })
}
