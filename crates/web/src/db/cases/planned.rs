//! SQLite file: a case change computed outside the writer slot and written by the writer
//! thread (`db::writer`) when it touches only rows of items and the case (a status, a due
//! date, a note: `write::plan`).
//!
//! The case is read as of a revision (kept in memory when nothing changed it since), the
//! change runs through the domain with the office calendar read in the same statement as
//! the revision, and the writer saves its statements only if the revision and the calendar
//! are still the ones read; else the change is computed again from a fresh read.

use std::sync::Arc;

use softland_domain::{Calendar, Case};

use super::super::group_commit::BatchError;
use super::super::write_counts::WriteKind;
use super::super::writer::{Plan, WriteError, Writer, Written};
use super::write::{self, AuditEntry};
use super::{
    Db, DbError, Expect, StoredCase, UpdateError, check_expect, revision_and_calendar, revision_in,
    stored_at,
};
use crate::ids::{CaseId, UserId};

/// How many times a change is computed again after the case changed under it, before it
/// is left to the writer slot (`change_case`'s other path), which cannot go stale.
pub(super) const ATTEMPTS: usize = 3;

/// What one attempt came to.
pub(super) enum Attempt<T> {
    /// Saved; the change's result.
    Done(T),
    /// The case or the office calendar changed after it was read: nothing written.
    Stale,
    /// The writer slot's path writes it: the change touches more than rows of items and the
    /// case, or the writer thread has stopped (which of them).
    Elsewhere(WriteKind),
}

/// One attempt: read, compute, and have the writer save it if the case held still.
pub(super) async fn change<T, E>(
    db: &Db,
    writer: &Writer,
    id: CaseId,
    (actor, expect): (Option<UserId>, Expect),
    change: &mut impl FnMut(
        &StoredCase,
        &mut Case,
        &Calendar,
    ) -> Result<(T, Vec<AuditEntry>), UpdateError<E>>,
) -> Result<Attempt<T>, UpdateError<E>> {
    let (read, cal) = revision_and_calendar(db.conn(), id).await?;
    let stored = stored_at(db, id, read.revision).await?;
    let mut case = stored.case.clone();
    let computed = match check_expect(db.conn(), &stored, expect).await {
        Ok(()) => change(&stored, &mut case, &cal),
        Err(err) => Err(err),
    };
    let (result, audit) = match computed {
        Ok(computed) => computed,
        Err(refused) => {
            // The case was read in several statements: refuse only for a case that held
            // still from before the first of them to now, so that what was read is one
            // moment's.
            return if held_still(db, id, read.revision).await? {
                Err(refused)
            } else {
                Ok(Attempt::Stale)
            };
        }
    };
    let Some(planned) = write::plan(sea_orm::DbBackend::Sqlite, &stored, &case, actor, &audit)?
    else {
        return Ok(Attempt::Elsewhere(WriteKind::CaseInSlotNotAPlan));
    };
    if planned.steps.is_empty() {
        // Nothing to write (a sweep that found nothing to add): done, if what was read is
        // one moment's.
        return Ok(if held_still(db, id, read.revision).await? {
            Attempt::Done(result)
        } else {
            Attempt::Stale
        });
    }
    let plan = Plan {
        case: id.0,
        revision: read.revision,
        closures: read.closures,
        steps: planned.steps,
    };
    let written = match writer.write(plan).await {
        Ok(written) => written,
        // The plan never reached the thread: the slot's path writes the change.
        Err(WriteError::NotRunning) => {
            tracing::warn!(
                "the SQLite writer thread is not running; the change takes the writer slot"
            );
            return Ok(Attempt::Elsewhere(WriteKind::CaseInSlotWriterStopped));
        }
        Err(err @ WriteError::Unanswered) => {
            return Err(DbError::from(sea_orm::DbErr::Custom(err.to_string())).into());
        }
        Err(WriteError::Refused(err)) => {
            return Err(DbError::from(sea_orm::DbErr::from(BatchError::Failed(err))).into());
        }
    };
    match written {
        Written::Saved { revision } => {
            db.count_write(WriteKind::CaseByWriterThread);
            let after = stored.after(case, planned.saved);
            db.kept_cases.keep(revision, Arc::new(after));
            Ok(Attempt::Done(result))
        }
        Written::Stale => Ok(Attempt::Stale),
        Written::Conflict => Err(DbError::Conflict(super::ChangedMeanwhile {
            by: None,
            at: chrono::Utc::now(),
        })
        .into()),
        Written::Gone => Err(DbError::NotFound.into()),
    }
}

/// Whether case `id` is still at `revision`, the one read before the case itself: then
/// what was read, in several statements, is one moment's.
async fn held_still(db: &Db, id: CaseId, revision: i64) -> Result<bool, DbError> {
    Ok(revision_in(db.conn(), id).await? == revision)
}
