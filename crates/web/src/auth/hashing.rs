//! Password hashing (argon2id, 19 MiB each) on a fixed set of threads of its own: off the
//! async workers so that sign-ins never stall page requests, at most `hashing_concurrency`
//! at once, and always on the same threads. On tokio's blocking pool every new thread got
//! its own malloc arena, and each arena kept a 19 MiB block after its hash: 20 sign-ins a
//! second grew the server by ~360 MB (docs/performance.md).
//!
//! At most `hashing_queue` hashes wait for a thread: beyond that a hash is refused at once
//! ([`HashingError::Busy`]), so that a flood of sign-ins is answered "try again in a few
//! seconds" instead of every sign-in waiting behind it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

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

/// The hashing threads; cloning shares them. They stop when the last clone is dropped.
#[derive(Clone)]
pub struct Hashing {
    jobs: Sender<Job>,
    /// Hashes running or waiting.
    in_flight: Arc<AtomicUsize>,
    /// Threads plus the hashes allowed to wait.
    limit: usize,
}

impl std::fmt::Debug for Hashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hashing")
    }
}

impl Hashing {
    /// Starts `threads` hashing threads (at least one), at startup; at most `waiting`
    /// hashes wait for one.
    ///
    /// # Panics
    /// When the operating system cannot start a thread.
    pub fn new(threads: usize, waiting: usize) -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = threads.max(1);
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&queue))
                .expect("the operating system starts a password hashing thread");
        }
        Self {
            jobs,
            in_flight: Arc::default(),
            limit: threads.saturating_add(waiting),
        }
    }

    /// Runs `hash` on a hashing thread and waits for its result; refuses at once when
    /// the threads are busy and `waiting` hashes wait already.
    pub async fn run<T: Send + 'static>(
        &self,
        hash: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let before = self.in_flight.fetch_add(1, Ordering::SeqCst);
        if before >= self.limit {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            return Err(HashingError::Busy(before));
        }
        let in_flight = Arc::clone(&self.in_flight);
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let value = hash();
            // Counted until the work is done, even when the caller has gone meanwhile.
            in_flight.fetch_sub(1, Ordering::SeqCst);
            let _ = done.send(value);
        });
        if self.jobs.send(job).is_err() {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
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

    use super::{Hashing, HashingError};

    #[tokio::test]
    async fn jobs_run_on_the_hashing_threads_and_return_their_result() {
        let hashing = Hashing::new(2, 4);
        let name = hashing
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("argon2-"));
        assert_eq!(hashing.run(|| 6 * 7).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn beyond_the_threads_and_the_waiting_room_a_hash_is_refused_at_once() {
        let hashing = Hashing::new(1, 1);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        // One hash occupies the only thread until released; a second waits.
        let first = tokio::spawn({
            let hashing = hashing.clone();
            async move {
                hashing
                    .run(move || {
                        let _ = started.send(());
                        hold.recv().is_ok()
                    })
                    .await
            }
        });
        running.await.unwrap();
        let second = tokio::spawn({
            let hashing = hashing.clone();
            async move { hashing.run(|| 2).await }
        });
        while hashing.in_flight.load(Ordering::SeqCst) < 2 {
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
}
