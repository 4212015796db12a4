//! Group commit on SQLite: many writers' changes in one transaction and one fsync.
//!
//! SQLite has one writer at a time, and with `synchronous=FULL` every commit waits for the
//! disk. A writer of the hot paths (an item's status, the session's flash message) calls
//! [`super::Db::batched`]: it waits for the writer slot, runs its change inside a savepoint
//! of the *open batch* (a transaction begun by the first change of the batch), releases the
//! slot and queues for it again. Writers that arrived while it worked run their changes in
//! the same batch; when a writer of the batch gets the slot back and finds its batch still
//! open, it commits the batch — one `COMMIT`, one fsync, for every change in it — and
//! acknowledges each. No change is acknowledged before the commit that holds it has
//! returned, so what a writer was told is saved survives a crash or a power cut.
//!
//! - A change that fails is rolled back to its savepoint; the others in the batch are kept.
//! - If the savepoint cannot be released or rolled back, or the commit fails (disk full, an
//!   I/O error that made SQLite roll the whole transaction back), every change of the batch
//!   is told it failed: none of them was acknowledged, and none is in the database.
//! - A batch holds at most [`MAX_BATCH`] changes; the change that fills it commits it.
//! - Every other writer ([`super::Db::write_guard`]) commits the open batch first and then
//!   has the writer connection to itself, as before.
//! - A writer whose request is dropped while it waits (the client went away) leaves a task
//!   behind that commits its batch, so that no change stays uncommitted in an open batch.
//!
//! This is what databases do inside (PostgreSQL's `commit_delay`); on PostgreSQL
//! [`super::Db::batched`] simply runs each change in a transaction of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use tokio::sync::{Mutex, MutexGuard, oneshot};

/// The most changes one batch holds.
pub(crate) const MAX_BATCH: usize = 64;

/// What a change of a batch learns when the batch ends: committed, or why not.
type Outcome = Result<(), Arc<DbErr>>;

/// The writer slot of a SQLite database and its open batch.
#[derive(Debug, Default)]
pub(crate) struct GroupCommit {
    slot: Mutex<Slot>,
    /// Batches committed (the `softland_write_batches_total` metric).
    batches: AtomicU64,
    /// Changes committed in them (`softland_write_batched_changes_total`).
    changes: AtomicU64,
}

/// The writer slot: the open batch, if any.
#[derive(Debug, Default)]
pub(crate) struct Slot {
    batch: Option<Batch>,
    /// Counts batches begun, so that a waiting writer knows whether its batch is still open.
    generation: u64,
}

/// An open transaction holding the changes of several writers.
struct Batch {
    txn: DatabaseTransaction,
    waiting: Vec<oneshot::Sender<Outcome>>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("changes", &self.waiting.len())
            .finish_non_exhaustive()
    }
}

/// The writer slot, held: no batch is open while it is held (see [`GroupCommit::exclusive`]).
pub(crate) struct WriteGuard<'a> {
    _slot: MutexGuard<'a, Slot>,
}

impl std::fmt::Debug for WriteGuard<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteGuard")
    }
}

/// Why a batched change was not saved although its own work succeeded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BatchError {
    /// The database refused the batch (its commit or a savepoint failed).
    #[error("the batch this change was in was not saved: {0}")]
    Failed(Arc<DbErr>),
    /// The batch ended without a word (the process is stopping).
    #[error("the batch this change was in ended without being saved")]
    Abandoned,
}

impl From<BatchError> for DbErr {
    fn from(err: BatchError) -> Self {
        DbErr::Custom(err.to_string())
    }
}

impl GroupCommit {
    /// The writer slot to oneself: commits the open batch first (its writers are told).
    pub(crate) async fn exclusive(&self) -> WriteGuard<'_> {
        let mut slot = self.slot.lock().await;
        self.commit_open(&mut slot).await;
        WriteGuard { _slot: slot }
    }

    /// The writer slot to oneself, from a thread outside the async runtime (`db::writer`):
    /// commits the open batch first, on `runtime`.
    pub(crate) fn exclusive_blocking(&self, runtime: &tokio::runtime::Handle) -> WriteGuard<'_> {
        let mut slot = self.slot.blocking_lock();
        if slot.batch.is_some() {
            runtime.block_on(self.commit_open(&mut slot));
        }
        WriteGuard { _slot: slot }
    }

    /// Counts a batch of `changes` committed elsewhere (`db::writer`).
    pub(crate) fn count_batch(&self, changes: u64) {
        if changes > 0 {
            self.batches.fetch_add(1, Ordering::Relaxed);
            self.changes.fetch_add(changes, Ordering::Relaxed);
        }
    }

    /// Commits the open batch, if any (before closing the database).
    pub(crate) async fn flush(&self) {
        let mut slot = self.slot.lock().await;
        self.commit_open(&mut slot).await;
    }

    /// Batches committed and the changes in them, since start.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (
            self.batches.load(Ordering::Relaxed),
            self.changes.load(Ordering::Relaxed),
        )
    }

    /// Runs `work` as one change of the open batch (beginning one on `conn` if none is
    /// open) and returns its result once the batch holding it is committed. An error of
    /// `work` rolls back only its own change.
    pub(crate) async fn run<T, E>(
        self: &Arc<Self>,
        conn: &DatabaseConnection,
        work: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<DbErr>,
    {
        let (value, done, generation) = {
            let mut slot = self.slot.lock().await;
            if slot.batch.is_none() {
                let txn = conn.begin().await?;
                slot.generation += 1;
                slot.batch = Some(Batch {
                    txn,
                    waiting: Vec::new(),
                });
            }
            let generation = slot.generation;
            let Some(batch) = slot.batch.as_mut() else {
                return Err(DbErr::from(BatchError::Abandoned).into());
            };
            let savepoint = match batch.txn.begin().await {
                Ok(savepoint) => savepoint,
                Err(err) => {
                    let err = Arc::new(err);
                    self.abort_open(&mut slot, &err).await;
                    return Err(DbErr::from(BatchError::Failed(err)).into());
                }
            };
            let value = match work(&savepoint).await {
                Ok(value) => value,
                Err(err) => {
                    if let Err(failed) = savepoint.rollback().await {
                        self.abort_open(&mut slot, &Arc::new(failed)).await;
                    }
                    return Err(err);
                }
            };
            if let Err(failed) = savepoint.commit().await {
                let failed = Arc::new(failed);
                self.abort_open(&mut slot, &failed).await;
                return Err(DbErr::from(BatchError::Failed(failed)).into());
            }
            let (tx, rx) = oneshot::channel();
            let full = slot.batch.as_mut().is_some_and(|batch| {
                batch.waiting.push(tx);
                batch.waiting.len() >= MAX_BATCH
            });
            if full {
                // The change that fills the batch commits it: no need to queue again.
                self.commit_open(&mut slot).await;
                drop(slot);
                return answer(value, rx.await);
            }
            (value, rx, generation)
        };
        // Queue for the slot again: whoever gets it first with this batch still open
        // commits it for everyone in it.
        let mut pending = Pending {
            group: Some(Arc::clone(self)),
            generation,
        };
        {
            let mut slot = self.slot.lock().await;
            if slot.generation == generation {
                self.commit_open(&mut slot).await;
            }
        }
        pending.group = None;
        answer(value, done.await)
    }

    /// Commits the open batch and tells its writers.
    async fn commit_open(&self, slot: &mut MutexGuard<'_, Slot>) {
        let Some(batch) = slot.batch.take() else {
            return;
        };
        let changes = batch.waiting.len() as u64;
        let outcome = batch.txn.commit().await.map_err(Arc::new);
        if outcome.is_ok() {
            self.batches.fetch_add(1, Ordering::Relaxed);
            self.changes.fetch_add(changes, Ordering::Relaxed);
        } else if let Err(err) = &outcome {
            tracing::error!(error = %err, changes, "a batch of changes could not be committed");
        }
        for waiting in batch.waiting {
            // A writer that stopped waiting (its request was dropped) needs no answer.
            let _ = waiting.send(outcome.clone());
        }
    }

    /// Rolls the open batch back (a savepoint failed) and tells its writers why.
    async fn abort_open(&self, slot: &mut MutexGuard<'_, Slot>, err: &Arc<DbErr>) {
        let Some(batch) = slot.batch.take() else {
            return;
        };
        tracing::error!(error = %err, changes = batch.waiting.len(), "a batch of changes was rolled back");
        if let Err(rollback) = batch.txn.rollback().await {
            tracing::error!(error = %rollback, "rolling back a batch");
        }
        for waiting in batch.waiting {
            let _ = waiting.send(Err(Arc::clone(err)));
        }
    }
}

/// A change's answer once its batch ended: its value if the batch was committed.
fn answer<T, E: From<DbErr>>(
    value: T,
    ended: Result<Outcome, oneshot::error::RecvError>,
) -> Result<T, E> {
    match ended {
        Ok(Ok(())) => Ok(value),
        Ok(Err(err)) => Err(DbErr::from(BatchError::Failed(err)).into()),
        Err(_) => Err(DbErr::from(BatchError::Abandoned).into()),
    }
}

/// A writer waiting to commit its batch; if it is dropped while waiting (its request went
/// away), a task commits the batch in its place.
struct Pending {
    group: Option<Arc<GroupCommit>>,
    generation: u64,
}

impl Drop for Pending {
    fn drop(&mut self) {
        let Some(group) = self.group.take() else {
            return;
        };
        let generation = self.generation;
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let mut slot = group.slot.lock().await;
                if slot.generation == generation {
                    group.commit_open(&mut slot).await;
                }
            });
        }
    }
}

#[cfg(test)]
mod tests;
