//! Password hashing (argon2id, 19 MiB each) on a fixed set of threads of its own: off the
//! async workers so that sign-ins never stall page requests, at most `hashing_concurrency`
//! at once, and always on the same threads. On tokio's blocking pool every new thread got
//! its own malloc arena, and each arena kept a 19 MiB block after its hash: 20 sign-ins a
//! second grew the server by ~360 MB (docs/performance.md).

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads; cloning shares them. They stop when the last clone is dropped.
#[derive(Clone)]
pub struct Hashing {
    jobs: Sender<Job>,
}

impl std::fmt::Debug for Hashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hashing")
    }
}

impl Hashing {
    /// Starts `threads` hashing threads (at least one), at startup.
    ///
    /// # Panics
    /// When the operating system cannot start a thread.
    pub fn new(threads: usize) -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&queue))
                .expect("the operating system starts a password hashing thread");
        }
        Self { jobs }
    }

    /// Runs `hash` on a hashing thread and waits for its result.
    pub async fn run<T: Send + 'static>(
        &self,
        hash: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(hash());
        });
        self.jobs
            .send(job)
            .map_err(|_| anyhow::anyhow!("the password hashing threads have stopped"))?;
        result
            .await
            .map_err(|_| anyhow::anyhow!("a password hash did not finish"))
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
    use super::Hashing;

    #[tokio::test]
    async fn jobs_run_on_the_hashing_threads_and_return_their_result() {
        let hashing = Hashing::new(2);
        let name = hashing
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("argon2-"));
        assert_eq!(hashing.run(|| 6 * 7).await.unwrap(), 42);
    }
}
