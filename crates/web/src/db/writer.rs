//! SQLite: the hot path's case changes written on a thread of their own.
//!
//! A status change is computed outside the writer (`cases::planned`): the case as read,
//! with its revision and the office calendar, goes through the domain, and what it must
//! write becomes a [`Plan`] — the revision and calendar it was computed from and the
//! statements that save it. The writer thread takes the plans that arrived together, and
//! in one transaction (one fsync, `synchronous=FULL`) runs each in a savepoint of its own:
//! it checks that the case's revision and the calendar are still the ones the plan was made
//! from (else the plan is [`Written::Stale`], and its writer computes it again), runs the
//! statements, reads the revision after them, and commits. No plan is answered before the
//! commit that holds it has returned.
//!
//! sqlx runs each statement on its worker thread and wakes the caller after each one; a
//! change holding the writer slot across eight of those waits behind every request the
//! async workers serve meanwhile (docs/performance.md, issue 25). Here a whole batch runs
//! without a hand-off, and a writer is woken once.
//!
//! A batch commits no sooner than [`COMMIT_INTERVAL`] after the one before it: the plans
//! that arrive meanwhile wait and join it. Every commit makes each SQLite reader connection
//! drop its page cache and its map of the file at its next read (a changed WAL), and fault
//! the pages it touches in again; under the MIX that cost more than the writes themselves
//! (docs/performance.md, issue 25, eighth stop). After a quiet spell a plan commits at once.
//!
//! This connection and sqlx's writer connection (every other write) never write at once:
//! a batch here holds the writer slot of [`GroupCommit`] from its `BEGIN` to its `COMMIT`,
//! taking it as every other writer does, and commits the slot's open batch first.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use sea_orm::DbErr;
use tokio::sync::oneshot;

use super::cases::write::Step;
use super::cases::{REVISION_AND_CLOSURES_SQL, REVISION_SQL};
use super::group_commit::{GroupCommit, MAX_BATCH};
use super::reader::{db_err, prepared};

/// The least time from one commit of the writer thread to the next (see the module's
/// comment). 10 ms: at most 100 commits a second, each holding what arrived meanwhile; 4 ms
/// bought nothing measurable, 10 ms a fifth of the MIX's CPU per request.
pub(crate) const COMMIT_INTERVAL: Duration = Duration::from_millis(10);

/// A change computed outside the writer, to be saved if the case held still meanwhile.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The case changed.
    pub case: i64,
    /// Its revision when it was read.
    pub revision: i64,
    /// The office closures the change was computed with, as the check reads them.
    pub closures: Option<String>,
    /// What to write, in order.
    pub steps: Vec<Step>,
}

/// What became of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// Saved and committed; the case's revision after it.
    Saved {
        /// The revision the plan's statements left.
        revision: i64,
    },
    /// The case (or the office calendar) changed after it was read: nothing written.
    Stale,
    /// A version-checked statement found another version: nothing written.
    Conflict,
    /// No such case any more: nothing written.
    Gone,
}

/// A plan's answer: what became of it, or why the database refused it.
type Answer = Result<Written, Arc<DbErr>>;

/// Why a plan was not written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WriteError {
    /// The writer thread is not running (stopped, or ended): the plan never reached it, and
    /// nothing of it is written.
    #[error("the writer thread is not running")]
    NotRunning,
    /// The thread ended without answering: whether the plan's batch was committed is not
    /// known.
    #[error("the writer thread ended before answering")]
    Unanswered,
    /// The database refused the plan, or the batch it was in: nothing of it is saved.
    #[error("{0}")]
    Refused(Arc<DbErr>),
}

enum Message {
    Plan(Plan, oneshot::Sender<Answer>),
    Stop,
}

/// The writer thread and the way to it.
#[derive(Debug)]
pub(crate) struct Writer {
    /// Where plans are sent; `None` once stopped.
    plans: Mutex<Option<Sender<Message>>>,
    /// The thread, until [`Writer::stop`] joins it.
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Opens a writer connection to `path` and starts its thread; batches take the writer
    /// slot of `group`, one at most every `interval` ([`COMMIT_INTERVAL`]).
    pub(crate) fn start(
        path: &Path,
        mmap_bytes: &str,
        group: Arc<GroupCommit>,
        interval: Duration,
    ) -> Result<Self, DbErr> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|e| DbErr::Custom(format!("the writer thread needs a runtime: {e}")))?;
        let conn = open(path, mmap_bytes).map_err(db_err)?;
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(&conn, &rx, &group, &runtime, interval))
            .map_err(|e| DbErr::Custom(format!("starting the writer thread: {e}")))?;
        Ok(Self {
            plans: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Saves `plan` with the plans that arrive with it; answers once they are committed.
    pub(crate) async fn write(&self, plan: Plan) -> Result<Written, WriteError> {
        let (tx, rx) = oneshot::channel();
        let sent = self
            .plans
            .lock()
            .ok()
            .and_then(|plans| plans.as_ref().map(|p| p.send(Message::Plan(plan, tx))));
        if !matches!(sent, Some(Ok(()))) {
            return Err(WriteError::NotRunning);
        }
        match rx.await {
            Ok(Ok(written)) => Ok(written),
            Ok(Err(err)) => Err(WriteError::Refused(err)),
            Err(_) => Err(WriteError::Unanswered),
        }
    }

    /// Lets the plans sent so far be written, then stops the thread and closes its
    /// connection; later plans are refused.
    pub(crate) async fn stop(&self) {
        if let Ok(mut plans) = self.plans.lock()
            && let Some(plans) = plans.take()
        {
            let _ = plans.send(Message::Stop);
        }
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let joined = tokio::task::spawn_blocking(move || thread.join()).await;
            if !matches!(joined, Ok(Ok(()))) {
                tracing::error!("the SQLite writer thread ended abnormally");
            }
        }
    }
}

/// The writer's connection: as sqlx's writer is set up (foreign keys, `synchronous=FULL`,
/// the memory map; the file is in WAL mode already).
fn open(path: &Path, mmap_bytes: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.query_row(&format!("PRAGMA mmap_size = {mmap_bytes}"), [], |_| Ok(()))?;
    Ok(conn)
}

/// The thread: takes the plans waiting, writes them as one batch, answers, until stopped.
fn run(
    conn: &Connection,
    plans: &Receiver<Message>,
    group: &GroupCommit,
    runtime: &tokio::runtime::Handle,
    interval: Duration,
) {
    let mut stopping = false;
    let mut last_commit: Option<Instant> = None;
    while !stopping {
        let mut batch = Vec::new();
        match plans.recv() {
            Ok(Message::Plan(plan, answer)) => batch.push((plan, answer)),
            Ok(Message::Stop) | Err(_) => break,
        }
        // The plans that arrived while the last batch was written join this one, and so do
        // those that arrive until the interval since it has passed, and while it waits for
        // the slot.
        let due = last_commit.map(|at| at + interval);
        stopping = gather(plans, &mut batch, due);
        let answers = {
            let _slot = group.exclusive_blocking(runtime);
            stopping |= drain(plans, &mut batch);
            let answers = write_batch(conn, batch.iter().map(|(plan, _)| plan));
            let saved = answers
                .iter()
                .filter(|a| matches!(a, Ok(Written::Saved { .. })))
                .count();
            group.count_batch(saved as u64);
            last_commit = Some(Instant::now());
            answers
        };
        for ((_, answer), outcome) in batch.into_iter().zip(answers) {
            // A writer that stopped waiting (its request was dropped) needs no answer.
            let _ = answer.send(outcome);
        }
    }
}

/// Adds the plans that arrive until `due` (none: those waiting) to `batch`, up to
/// [`MAX_BATCH`]; whether the thread is to stop.
fn gather(
    plans: &Receiver<Message>,
    batch: &mut Vec<(Plan, oneshot::Sender<Answer>)>,
    due: Option<Instant>,
) -> bool {
    while let Some(left) = due.and_then(|due| due.checked_duration_since(Instant::now()))
        && !left.is_zero()
        && batch.len() < MAX_BATCH
    {
        match plans.recv_timeout(left) {
            Ok(Message::Plan(plan, answer)) => batch.push((plan, answer)),
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return true,
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    drain(plans, batch)
}

/// Adds the plans waiting to `batch`, up to [`MAX_BATCH`]; whether the thread is to stop.
fn drain(plans: &Receiver<Message>, batch: &mut Vec<(Plan, oneshot::Sender<Answer>)>) -> bool {
    while batch.len() < MAX_BATCH {
        match plans.try_recv() {
            Ok(Message::Plan(plan, answer)) => batch.push((plan, answer)),
            Ok(Message::Stop) | Err(TryRecvError::Disconnected) => return true,
            Err(TryRecvError::Empty) => return false,
        }
    }
    false
}

/// Runs one statement of the writer's own (`BEGIN`, savepoints, `COMMIT`).
fn control(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.raw_execute().map(|_| ())
}

/// Writes `plans` in one transaction, each in a savepoint; the answers, in order.
fn write_batch<'p>(
    conn: &Connection,
    plans: impl ExactSizeIterator<Item = &'p Plan>,
) -> Vec<Answer> {
    let n = plans.len();
    if let Err(err) = control(conn, "BEGIN IMMEDIATE") {
        let err = Arc::new(db_err(err));
        return vec![Err(err); n];
    }
    let mut answers = Vec::with_capacity(n);
    for plan in plans {
        if let Err(err) = control(conn, "SAVEPOINT change") {
            return abort(conn, n, err);
        }
        let outcome = apply(conn, plan);
        let kept = matches!(outcome, Ok(Written::Saved { .. }));
        let ended = if kept {
            control(conn, "RELEASE change")
        } else {
            control(conn, "ROLLBACK TO change").and_then(|()| control(conn, "RELEASE change"))
        };
        if let Err(err) = ended {
            return abort(conn, n, err);
        }
        answers.push(outcome.map_err(|err| Arc::new(db_err(err))));
    }
    if let Err(err) = control(conn, "COMMIT") {
        tracing::error!(error = %err, changes = n, "a batch of changes could not be committed");
        let _ = control(conn, "ROLLBACK");
        let err = Arc::new(DbErr::from(super::group_commit::BatchError::Failed(
            Arc::new(db_err(err)),
        )));
        // Nothing of the batch is saved: whatever a plan was told, it is told it failed.
        return vec![Err(err); n];
    }
    answers
}

/// Rolls the whole batch back (a savepoint could not be taken or ended): every plan of it
/// is told it failed, none is saved.
fn abort(conn: &Connection, n: usize, err: rusqlite::Error) -> Vec<Answer> {
    tracing::error!(error = %err, changes = n, "a batch of changes was rolled back");
    if let Err(rollback) = control(conn, "ROLLBACK") {
        tracing::error!(error = %rollback, "rolling back a batch");
    }
    let err = Arc::new(DbErr::from(super::group_commit::BatchError::Failed(
        Arc::new(db_err(err)),
    )));
    vec![Err(err); n]
}

/// One plan, inside its savepoint: the check, the statements, the revision after.
fn apply(conn: &Connection, plan: &Plan) -> rusqlite::Result<Written> {
    let found: Option<(i64, Option<String>)> = conn
        .prepare_cached(REVISION_AND_CLOSURES_SQL)?
        .query_row([plan.case], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((revision, closures)) = found else {
        return Ok(Written::Gone);
    };
    if revision != plan.revision || closures != plan.closures {
        return Ok(Written::Stale);
    }
    for step in &plan.steps {
        let touched = prepared(conn, &step.statement)?.raw_execute()?;
        if step
            .touches
            .is_some_and(|n| u64::try_from(touched).ok() != Some(n))
        {
            return Ok(Written::Conflict);
        }
    }
    let revision = conn
        .prepare_cached(REVISION_SQL)?
        .query_row([plan.case], |row| row.get(0))?;
    Ok(Written::Saved { revision })
}

#[cfg(test)]
mod tests;
