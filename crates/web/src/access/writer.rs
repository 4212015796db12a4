//! The access log's queue and its writer: requests push entries onto a bounded channel; one
//! background task inserts them in batches of up to [`BATCH`] rows, at least every
//! [`INTERVAL`], in one multi-row INSERT per batch. A full queue makes the request wait for
//! room (counted and logged: the log is never silently short), and with no writer running
//! (a command-line task, or after shutdown) an entry is written at once.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::AccessEntry;
use crate::db::Db;

/// Most rows in one INSERT.
pub const BATCH: usize = 500;
/// The longest an entry waits in the queue before it is written.
pub const INTERVAL: Duration = Duration::from_millis(200);
/// Entries the queue holds before a request has to wait.
pub const CAPACITY: usize = 10_000;
/// The longest [`AccessLog::flush`] waits for the writer.
const FLUSH_WAIT: Duration = Duration::from_secs(10);

enum Message {
    Entry(Box<AccessEntry>),
    Flush(oneshot::Sender<()>),
    Stop(oneshot::Sender<()>),
}

/// The queue in front of the `access_log` table, shared by every request.
pub struct AccessLog {
    sender: mpsc::Sender<Message>,
    receiver: Mutex<Option<mpsc::Receiver<Message>>>,
    /// Entries that found the queue full (and waited).
    queue_full: AtomicU64,
    /// Entries a failed insert lost (each failure is logged).
    lost: AtomicU64,
    /// Entries written.
    written: AtomicU64,
}

impl Default for AccessLog {
    fn default() -> Self {
        Self::new(CAPACITY)
    }
}

impl AccessLog {
    /// A queue of `capacity` entries, its writer not yet started.
    pub fn new(capacity: usize) -> Self {
        let (sender, receiver) = mpsc::channel(capacity.max(1));
        Self {
            sender,
            receiver: Mutex::new(Some(receiver)),
            queue_full: AtomicU64::new(0),
            lost: AtomicU64::new(0),
            written: AtomicU64::new(0),
        }
    }

    /// Queues `entry`; waits for room if the queue is full; writes it at once when no writer
    /// runs.
    pub async fn push(&self, db: &Db, entry: AccessEntry) {
        let message = match self.sender.try_send(Message::Entry(Box::new(entry))) {
            Ok(()) => return,
            Err(mpsc::error::TrySendError::Full(message)) => {
                self.queue_full.fetch_add(1, Ordering::Relaxed);
                tracing::warn!("the access log's queue is full: the request waits for room");
                match self.sender.send(message).await {
                    Ok(()) => return,
                    Err(mpsc::error::SendError(message)) => message,
                }
            }
            Err(mpsc::error::TrySendError::Closed(message)) => message,
        };
        if let Message::Entry(entry) = message {
            self.write(db, &[*entry]).await;
        }
    }

    /// Waits until every entry queued before this call is stored (admin pages call it before
    /// reading the log, so that a view is there at once). Returns at once when no writer runs.
    pub async fn flush(&self) {
        if self.is_unstarted() {
            return;
        }
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).await.is_ok() {
            let _ = tokio::time::timeout(FLUSH_WAIT, wait).await;
        }
    }

    fn is_unstarted(&self) -> bool {
        self.receiver.lock().map_or(true, |r| r.is_some())
    }

    /// Starts the writer (once; a second call returns `None`).
    pub fn spawn_writer(self: &std::sync::Arc<Self>, db: Db) -> Option<JoinHandle<()>> {
        let receiver = self.receiver.lock().ok()?.take()?;
        let log = std::sync::Arc::clone(self);
        Some(tokio::spawn(async move { log.run(db, receiver).await }))
    }

    /// Writes what is queued and stops the writer (graceful shutdown).
    pub async fn stop(&self, writer: JoinHandle<()>) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Stop(done)).await.is_ok() {
            let _ = tokio::time::timeout(FLUSH_WAIT, wait).await;
        }
        let _ = writer.await;
    }

    /// The writer's counters in Prometheus' text format.
    pub fn metrics_text(&self) -> String {
        format!(
            "# TYPE softland_access_log_written_total counter\n\
             softland_access_log_written_total {}\n\
             # TYPE softland_access_log_queue_full_total counter\n\
             softland_access_log_queue_full_total {}\n\
             # TYPE softland_access_log_lost_total counter\n\
             softland_access_log_lost_total {}\n",
            self.written.load(Ordering::Relaxed),
            self.queue_full.load(Ordering::Relaxed),
            self.lost.load(Ordering::Relaxed),
        )
    }

    async fn run(&self, db: Db, mut receiver: mpsc::Receiver<Message>) {
        let mut batch = Vec::with_capacity(BATCH);
        let mut waiting = Vec::new();
        while let Some(first) = receiver.recv().await {
            let mut stop = Self::take(first, &mut batch, &mut waiting);
            let deadline = tokio::time::Instant::now() + INTERVAL;
            while !stop && waiting.is_empty() && batch.len() < BATCH {
                match tokio::time::timeout_at(deadline, receiver.recv()).await {
                    Ok(Some(message)) => stop = Self::take(message, &mut batch, &mut waiting),
                    Ok(None) => stop = true,
                    Err(_) => break,
                }
            }
            // Whatever arrived meanwhile goes into this batch too (a flush waits for it).
            while batch.len() < BATCH
                && let Ok(message) = receiver.try_recv()
            {
                stop |= Self::take(message, &mut batch, &mut waiting);
            }
            self.write(&db, &batch).await;
            batch.clear();
            for done in waiting.drain(..) {
                let _ = done.send(());
            }
            if stop {
                break;
            }
        }
    }

    /// Takes `message` into the batch or the waiting list; `true` for a stop.
    fn take(
        message: Message,
        batch: &mut Vec<AccessEntry>,
        waiting: &mut Vec<oneshot::Sender<()>>,
    ) -> bool {
        match message {
            Message::Entry(entry) => batch.push(*entry),
            Message::Flush(done) => waiting.push(done),
            Message::Stop(done) => {
                waiting.push(done);
                return true;
            }
        }
        false
    }

    async fn write(&self, db: &Db, entries: &[AccessEntry]) {
        if entries.is_empty() {
            return;
        }
        let n = u64::try_from(entries.len()).unwrap_or(u64::MAX);
        match crate::db::access_log::insert(db, entries).await {
            Ok(()) => {
                self.written.fetch_add(n, Ordering::Relaxed);
            }
            Err(err) => {
                self.lost.fetch_add(n, Ordering::Relaxed);
                tracing::error!(error = ?err, entries = n, "writing the access log failed");
            }
        }
    }
}
