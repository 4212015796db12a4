//! A case's lifecycle: put it on hold, close it, reopen it, hand it to another consultant.

use softland_domain::case::{CaseOutcome, CaseStatus, LifecycleError};
use softland_domain::{Calendar, Case, Reason};

use super::{Actor, CommandError, Field, Problem, Refusal};
use crate::app::AppState;
use crate::audit::AuditAction;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::db::users;
use crate::ids::{CaseId, UserId};

/// A case and the version the actor saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseTarget {
    /// The case.
    pub case: CaseId,
    /// The version (`Expect::Any` when the actor did not say).
    pub expect: Expect,
}

/// What a lifecycle change did, in a sentence for the actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChanged {
    /// The sentence.
    pub message: String,
}

/// Runs a lifecycle move with its history line.
async fn change(
    state: &AppState,
    actor: &Actor,
    target: CaseTarget,
    mut op: impl FnMut(&mut Case) -> Result<&'static str, CommandError>,
) -> Result<CaseChanged, CommandError> {
    actor.must_be_staff()?;
    let message = cases::update(
        &state.db,
        target.case,
        actor.id,
        target.expect,
        |case: &mut Case, _: &Calendar| {
            let before = case.status().label();
            let message = op(case)?;
            let entry = AuditEntry::new(
                AuditAction::CaseStatus,
                case.principal().name.to_string(),
                Some(before.into()),
                Some(case.status().label().into()),
            );
            Ok((message.to_owned(), vec![entry]))
        },
    )
    .await?;
    Ok(CaseChanged { message })
}

/// A lifecycle refusal of the domain as the command's.
fn refused(err: LifecycleError) -> CommandError {
    CommandError::Refused(Refusal::Lifecycle(err))
}

/// Puts an open case on hold, with a reason.
#[derive(Debug, Clone)]
pub struct HoldCase {
    /// The case.
    pub target: CaseTarget,
    /// Why (for the consultants; expats do not see it).
    pub reason: Reason,
}

impl HoldCase {
    /// The reason as typed.
    pub fn reason(raw: &str) -> Result<Reason, CommandError> {
        Reason::parse(raw).map_err(|e| CommandError::invalid(Field::Reason, e))
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseChanged, CommandError> {
        let reason = self.reason;
        change(state, actor, self.target, |case| {
            case.hold(reason.clone())
                .map(|()| "The case is on hold.")
                .map_err(refused)
        })
        .await
    }
}

/// Closes an open or held case today, with its outcome.
#[derive(Debug, Clone)]
pub struct CloseCase {
    /// The case.
    pub target: CaseTarget,
    /// How it ended.
    pub outcome: CaseOutcome,
    /// Whether the actor confirmed closing while items are still open.
    pub close_open_items: bool,
}

impl CloseCase {
    /// The outcome named `raw` (`granted`, `refused`, `withdrawn`, `transferred`).
    pub fn outcome(raw: &str) -> Result<CaseOutcome, CommandError> {
        if raw.trim().is_empty() {
            return Err(CommandError::invalid(Field::Outcome, Problem::Missing));
        }
        CaseOutcome::parse(raw.trim())
            .ok_or(CommandError::invalid(Field::Outcome, Problem::NotOffered))
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseChanged, CommandError> {
        let (outcome, today) = (self.outcome, state.config.today());
        let confirmed = self.close_open_items;
        change(state, actor, self.target, move |case| {
            let open = case
                .items()
                .iter()
                .filter(|i| i.status().kind().is_open())
                .count();
            if open > 0 && !confirmed && !matches!(case.status(), CaseStatus::Closed { .. }) {
                return Err(Refusal::OpenItems(open).into());
            }
            case.close(outcome, today)
                .map(|()| "The case is closed.")
                .map_err(refused)
        })
        .await
    }
}

/// Reopens a held or closed case.
#[derive(Debug, Clone)]
pub struct ReopenCase {
    /// The case.
    pub target: CaseTarget,
}

impl ReopenCase {
    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseChanged, CommandError> {
        change(state, actor, self.target, |case| {
            case.reopen()
                .map(|()| "The case is open again.")
                .map_err(refused)
        })
        .await
    }
}

/// Hands a case to another active consultant or admin.
#[derive(Debug, Clone)]
pub struct ReassignCase {
    /// The case.
    pub target: CaseTarget,
    /// The consultant it goes to.
    pub consultant: UserId,
}

impl ReassignCase {
    /// The consultant chosen, as a form or the API sends the id.
    pub fn consultant(raw: &str) -> Result<UserId, CommandError> {
        raw.trim()
            .parse()
            .map(UserId)
            .map_err(|_| CommandError::invalid(Field::Consultant, Problem::NotOffered))
    }

    /// Runs it (staff only). The consultant must be active staff, checked again inside the
    /// change's transaction.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CaseChanged, CommandError> {
        actor.must_be_staff()?;
        let consultant = users::get(&state.db, self.consultant)
            .await
            .ok()
            .filter(|u| u.role.is_staff() && u.active)
            .ok_or(CommandError::invalid(
                Field::Consultant,
                Problem::NotOffered,
            ))?;
        let target = self.target;
        cases::reassign(
            &state.db,
            target.case,
            target.expect,
            consultant.id,
            actor.id,
        )
        .await?;
        Ok(CaseChanged {
            message: format!("{} now looks after this case.", consultant.display_name),
        })
    }
}
