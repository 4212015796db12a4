//! Erasure (Art. 17) of a person or a household with its dry run, a case's legal hold, and
//! the retention of closed cases (one code path: retention erases the household with the
//! reason "retention"). Admins only.

mod reapply;
pub mod retention;

pub use reapply::reapply_ledger;

use chrono::{DateTime, Utc};
use softland_domain::erasure::{ErasureReason, confirms};

use super::{Actor, CommandError, Field, Problem, Refusal};
use crate::app::AppState;
use crate::auth::Role;
use crate::db::erasure::{self as store, LegalHold, PastErasure, PlanLine, Target, Tombstone};
use crate::erasure_ledger::{self, Entry};
use crate::ids::{CaseId, PersonId, UserId};
use crate::storage::{ObjectKey, Storage};

fn must_be_admin(actor: &Actor) -> Result<(), CommandError> {
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(CommandError::Forbidden)
    }
}

/// Whom an erasure is for: a household, or one person of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Whom {
    /// The case.
    pub case: CaseId,
    /// One person of it, or the whole household.
    pub person: Option<PersonId>,
}

/// The earlier erasure that already covers `whom`, if any.
fn covering(past: &[PastErasure], whom: Whom) -> Option<&PastErasure> {
    past.iter()
        .find(|e| e.household || whom.person.is_some_and(|p| e.people.contains(&p)))
}

/// What an erasure would do (the dry run), and what stands in its way.
#[derive(Debug, Clone)]
pub struct ErasurePlan {
    /// Whom.
    pub whom: Whom,
    /// The rows it would delete or anonymise, by table.
    pub lines: Vec<PlanLine>,
    /// The erasure that already covers them.
    pub already: Option<PastErasure>,
    /// The legal hold that blocks it.
    pub hold: Option<LegalHold>,
    /// Their accounts another case still uses: kept, the people only unlinked from them.
    pub kept_accounts: Vec<UserId>,
}

/// The dry run of an erasure: changes nothing.
pub struct PlanErasure(pub Whom);

impl PlanErasure {
    /// Runs the query.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<ErasurePlan, CommandError> {
        must_be_admin(actor)?;
        let whom = self.0;
        let past = store::of_case(&state.db, whom.case).await?;
        let hold = store::hold(&state.db, whom.case).await?;
        let already = covering(&past, whom).cloned();
        let (lines, kept_accounts) = if already.is_some() {
            (Vec::new(), Vec::new())
        } else {
            let people = whom.person.map(|p| vec![p]);
            let target = store::target(&state.db, whom.case, people.as_deref()).await?;
            let kept = target.kept_users.iter().copied().map(UserId).collect();
            (store::plan(&state.db, &target).await?, kept)
        };
        Ok(ErasurePlan {
            whom,
            lines,
            already,
            hold,
            kept_accounts,
        })
    }
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erased {
    /// Done now: the erasure's id.
    Done(String),
    /// An earlier erasure covers them already (nothing was done): when it was made.
    Already(DateTime<chrono::FixedOffset>),
}

/// Erases a household or a person of it, after the admin typed the case number.
pub struct Erase {
    /// Whom.
    pub whom: Whom,
    /// Why (a category: no free text, so the tombstone holds no personal data).
    pub reason: String,
    /// The case number, typed to confirm.
    pub confirm: String,
}

impl Erase {
    /// Runs the command.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Erased, CommandError> {
        must_be_admin(actor)?;
        let reason = ErasureReason::parse(&self.reason)
            .filter(|r| ErasureReason::CHOSEN.contains(r))
            .ok_or(CommandError::invalid(Field::Reason, Problem::NotOffered))?;
        let past = store::of_case(&state.db, self.whom.case).await?;
        if let Some(done) = covering(&past, self.whom) {
            return Ok(Erased::Already(done.at));
        }
        if let Some(hold) = store::hold(&state.db, self.whom.case).await? {
            return Err(Refusal::LegalHold(hold.reason).into());
        }
        if !confirms(&self.confirm, &self.whom.case.to_string()) {
            return Err(CommandError::invalid(
                Field::Confirm,
                Problem::Rule("type the case number shown to confirm"),
            ));
        }
        let people = self.whom.person.map(|p| vec![p]);
        let target = store::target(&state.db, self.whom.case, people.as_deref()).await?;
        let id = erase(state, &target, reason, Some(actor.id)).await?;
        Ok(Erased::Done(id))
    }
}

/// The one path of every erasure (an admin's, the retention job's): the ledger first, then
/// the database, then the stored files. Returns the erasure's id.
pub(crate) async fn erase(
    state: &AppState,
    target: &Target,
    reason: ErasureReason,
    actor: Option<UserId>,
) -> Result<String, CommandError> {
    let tombstone = Tombstone {
        id: uuid::Uuid::new_v4().to_string(),
        case: CaseId(target.case),
        household: target.household,
        people: target.people.iter().copied().map(PersonId).collect(),
        users: target.users.iter().copied().map(UserId).collect(),
        reason,
        actor,
        at: Utc::now(),
    };
    let mut entry = entry_of(&tombstone, store::database_id(&state.db).await?);
    let ledger = &state.config.erasure_ledger;
    erasure_ledger::append(ledger, &entry).map_err(CommandError::Internal)?;
    let keys = match store::apply(&state.db, target, &tombstone).await {
        Ok(keys) => keys,
        Err(err) => {
            // It did not happen: the ledger must never apply it later (after a restore).
            entry.cancelled = true;
            if let Err(cancel) = erasure_ledger::append(ledger, &entry) {
                tracing::error!(error = ?cancel, erasure = %tombstone.id, "cancelling a failed erasure in the ledger failed");
            }
            return Err(err.into());
        }
    };
    if let Some(keys) = keys {
        delete_objects(state.files.as_ref(), &keys).await;
    }
    tracing::info!(erasure = %tombstone.id, case = target.case, people = target.people.len(), "erased");
    Ok(tombstone.id)
}

fn entry_of(t: &Tombstone, database: String) -> Entry {
    Entry {
        id: t.id.clone(),
        case: t.case.0,
        scope: if t.household { "household" } else { "person" }.to_owned(),
        people: t.people.iter().map(|p| p.0).collect(),
        users: t.users.iter().map(|u| u.0).collect(),
        reason: t.reason.as_str().to_owned(),
        at: t.at.to_rfc3339(),
        database,
        cancelled: false,
    }
}

async fn delete_objects(files: &dyn Storage, keys: &[String]) {
    for key in keys.iter().filter_map(|k| ObjectKey::parse(k)) {
        if let Err(err) = files.delete(&key).await {
            // The orphan sweep removes what is left (its row is gone).
            tracing::warn!(error = %err, "deleting an erased file's object failed");
        }
    }
}

/// Puts a case under legal hold with a reason (or changes the reason).
pub struct SetLegalHold {
    /// The case.
    pub case: CaseId,
    /// Why.
    pub reason: String,
}

impl SetLegalHold {
    /// Runs the command.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        must_be_admin(actor)?;
        let reason = self.reason.trim();
        if reason.is_empty() {
            return Err(CommandError::invalid(Field::Reason, Problem::Missing));
        }
        if reason.chars().count() > 300 {
            return Err(CommandError::invalid(Field::Reason, Problem::TooLong(300)));
        }
        crate::db::cases::load(&state.db, self.case).await?;
        store::set_hold(&state.db, self.case, reason, actor.id).await?;
        Ok(())
    }
}

/// Lifts a case's legal hold.
pub struct LiftLegalHold(pub CaseId);

impl LiftLegalHold {
    /// Runs the command.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        must_be_admin(actor)?;
        if store::lift_hold(&state.db, self.0, actor.id).await? {
            Ok(())
        } else {
            Err(CommandError::NotFound)
        }
    }
}

/// The legal hold on a case, for its page (staff).
pub struct CaseHold(pub CaseId);

impl CaseHold {
    /// Runs the query.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Option<LegalHold>, CommandError> {
        actor.must_be_staff()?;
        Ok(store::hold(&state.db, self.0).await?)
    }
}
