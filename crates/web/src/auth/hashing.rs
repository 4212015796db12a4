//! Password hashing (argon2id, 19 MiB each) on a fixed set of threads of its own: off the
//! async workers so that sign-ins never stall page requests, at most `hashing_concurrency`
//! at once, and always on the same threads. On tokio's blocking pool every new thread got
//! its own malloc arena, and each arena kept a 19 MiB block after its hash: 20 sign-ins a
//! second grew the server by ~360 MB (docs/performance-log.md).
//!
//! A hash that would wait too long is refused at once ([`HashingError::Busy`]): when more
//! than `hashing_queue` hashes wait, or when the wait, judged by how long the latest hashes
//! took (they take longer while pages keep the cores busy), would exceed
//! `hashing_max_wait`. A flood of sign-ins is then answered "try again in a few seconds"
//! instead of every sign-in waiting behind it.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Job = Box<dyn FnOnce() + Send>;

/// Why a hash did not run.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// As many hashes as allowed are running or waiting already.
    #[error("{0} password hashes are running or waiting already")]
    Busy(usize),
    /// The hashing threads are gone (the server is stopping).
    #[error("the password hashing threads have stopped")]
    Stopped,
}

impl From<HashingError> for crate::error::AppError {
    fn from(e: HashingError) -> Self {
        match e {
            HashingError::Busy(_) => Self::Unavailable,
            HashingError::Stopped => Self::Internal(e.into()),
        }
    }
}

/// How many hashes may run or wait, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Hashing threads (at least one).
    pub threads: usize,
    /// Hashes that may wait for a thread.
    pub waiting: usize,
    /// The longest a hash may be expected to wait for a thread.
    pub max_wait: Duration,
}

/// Hashes running or waiting, and how long the latest took (smoothed), shared by clones.
#[derive(Debug, Default)]
struct Load {
    in_flight: AtomicUsize,
    recent_micros: AtomicU64,
}

impl Load {
    /// Records the wall time of one hash: three quarters the old figure, one the new.
    fn record(&self, took: Duration) {
        let took = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        let old = self.recent_micros.load(Ordering::Relaxed);
        let new = if old == 0 {
            took
        } else {
            old.saturating_mul(3).saturating_add(took) / 4
        };
        self.recent_micros.store(new, Ordering::Relaxed);
    }
}

/// The hashing threads; cloning shares them. They stop when the last clone is dropped.
#[derive(Clone)]
pub struct Hashing {
    jobs: Sender<Job>,
    load: Arc<Load>,
    limits: Limits,
}

impl std::fmt::Debug for Hashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hashing")
    }
}

impl Hashing {
    /// Starts the hashing threads, at startup.
    ///
    /// # Panics
    /// When the operating system cannot start a thread.
    pub fn new(limits: Limits) -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let limits = Limits {
            threads: limits.threads.max(1),
            ..limits
        };
        for n in 0..limits.threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&queue))
                .expect("the operating system starts a password hashing thread");
        }
        Self {
            jobs,
            load: Arc::default(),
            limits,
        }
    }

    /// Whether a hash arriving when `ahead` hashes run or wait would wait too long.
    fn too_busy(&self, ahead: usize) -> bool {
        let Limits {
            threads,
            waiting,
            max_wait,
        } = self.limits;
        if ahead < threads {
            return false;
        }
        if ahead >= threads.saturating_add(waiting) {
            return true;
        }
        // It starts once `ahead - threads + 1` of those ahead have finished, `threads` at
        // a time, each taking about as long as the latest did.
        let recent = self.load.recent_micros.load(Ordering::Relaxed);
        let rounds = u64::try_from(ahead - threads + 1).unwrap_or(u64::MAX);
        let at_once = u64::try_from(threads).unwrap_or(1);
        Duration::from_micros(recent.saturating_mul(rounds) / at_once) > max_wait
    }

    /// Runs `hash` on a hashing thread and waits for its result; refuses at once when it
    /// would wait too long ([`Limits`]).
    pub async fn run<T: Send + 'static>(
        &self,
        hash: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let ahead = self.load.in_flight.fetch_add(1, Ordering::SeqCst);
        if self.too_busy(ahead) {
            self.load.in_flight.fetch_sub(1, Ordering::SeqCst);
            return Err(HashingError::Busy(ahead));
        }
        let load = Arc::clone(&self.load);
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let started = Instant::now();
            let value = hash();
            load.record(started.elapsed());
            // Counted until the work is done, even when the caller has gone meanwhile.
            load.in_flight.fetch_sub(1, Ordering::SeqCst);
            let _ = done.send(value);
        });
        if self.jobs.send(job).is_err() {
            self.load.in_flight.fetch_sub(1, Ordering::SeqCst);
            return Err(HashingError::Stopped);
        }
        result.await.map_err(|_| HashingError::Stopped)
    }
}

/// Takes jobs until every sender is gone.
fn work(queue: &Mutex<Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use tokio::task::JoinHandle;

    use super::{Hashing, HashingError, Limits};

    /// Starts a hash that holds a thread until the returned sender sends; returns once it
    /// runs.
    async fn occupy(
        hashing: &Hashing,
    ) -> (
        JoinHandle<Result<bool, HashingError>>,
        std::sync::mpsc::Sender<()>,
    ) {
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let hashing = hashing.clone();
        let job = tokio::spawn(async move {
            hashing
                .run(move || {
                    let _ = started.send(());
                    hold.recv().is_ok()
                })
                .await
        });
        running.await.unwrap();
        (job, release)
    }

    fn limits(threads: usize, waiting: usize, max_wait_ms: u64) -> Limits {
        Limits {
            threads,
            waiting,
            max_wait: Duration::from_millis(max_wait_ms),
        }
    }

    #[tokio::test]
    async fn jobs_run_on_the_hashing_threads_and_return_their_result() {
        let hashing = Hashing::new(limits(2, 4, 60_000));
        let name = hashing
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("argon2-"));
        assert_eq!(hashing.run(|| 6 * 7).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn beyond_the_threads_and_the_waiting_room_a_hash_is_refused_at_once() {
        let hashing = Hashing::new(limits(1, 1, 60_000));
        // One hash occupies the only thread until released; a second waits.
        let (first, release) = occupy(&hashing).await;
        let second = tokio::spawn({
            let hashing = hashing.clone();
            async move { hashing.run(|| 2).await }
        });
        while hashing.load.in_flight.load(Ordering::SeqCst) < 2 {
            tokio::task::yield_now().await;
        }
        assert!(matches!(
            hashing.run(|| 3).await,
            Err(HashingError::Busy(2))
        ));
        release.send(()).unwrap();
        assert!(first.await.unwrap().unwrap());
        assert_eq!(second.await.unwrap().unwrap(), 2);
        assert_eq!(hashing.run(|| 4).await.unwrap(), 4, "room again");
    }

    #[tokio::test]
    async fn a_hash_that_would_wait_longer_than_allowed_is_refused() {
        let hashing = Hashing::new(limits(1, 10, 20));
        // The latest hash took 100 ms.
        hashing
            .run(|| std::thread::sleep(Duration::from_millis(100)))
            .await
            .unwrap();
        let (first, release) = occupy(&hashing).await;
        // The next would wait about 100 ms for the only thread: more than 20 ms.
        assert!(matches!(
            hashing.run(|| 2).await,
            Err(HashingError::Busy(1))
        ));
        release.send(()).unwrap();
        assert!(first.await.unwrap().unwrap());
    }
}
