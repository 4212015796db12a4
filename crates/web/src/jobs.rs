//! The job runner: background work that must happen once, whichever instance does it —
//! delivering mails, each consultant's daily digest, the expats' reminders. Every instance runs
//! one (unless started with `--no-jobs`); they share the `jobs` table (`db::jobs`), where each
//! due job is claimed by exactly one of them, retried with back-off when it fails, and left
//! for admins to see (pending, done, failed with its error). A job that panics is marked
//! failed; the server keeps running.
//!
//! Each pass, the runner first *plans*: it writes the jobs that the time of day calls for
//! (a digest per consultant once their time has come on an office day; the day's reminder
//! round once the centre's reminder time has come) under keys that make a second copy
//! impossible; then it runs the due jobs. Planning and running read "now" from the
//! configured [`Clock`](crate::config::Clock), so tests move time by hand.

pub(crate) mod digest;
pub(crate) mod reminders;

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::db::{self, DbError};
use crate::ids::UserId;
use crate::mail::{Sender, Transport};

pub use digest::{Digest, compose as compose_digest};
pub(crate) use reminders::Reminder;

/// A unit of background work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// Deliver the outbox mail with this id.
    DeliverMail {
        /// The mail.
        mail: i64,
    },
    /// Write a consultant's daily digest for a date.
    Digest {
        /// The consultant.
        user: UserId,
        /// The day (in the centre's time zone).
        date: NaiveDate,
    },
    /// Queue the expats' reminders due on a date.
    Reminders {
        /// The day.
        date: NaiveDate,
    },
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobStatus {
    /// Waiting until it is due (or for its next attempt).
    Pending,
    /// Claimed by an instance right now.
    Running,
    /// Finished.
    Done,
    /// Given up on after its last attempt.
    Failed,
}

impl JobStatus {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    /// Parses [`JobStatus::label`].
    pub fn parse(raw: &str) -> Option<Self> {
        [
            JobStatus::Pending,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Failed,
        ]
        .into_iter()
        .find(|s| s.label() == raw)
    }
}

impl Job {
    /// The unique key: the same job planned twice is one job.
    pub fn key(&self) -> String {
        match self {
            Job::DeliverMail { mail } => format!("mail:{mail}"),
            Job::Digest { user, date } => format!("digest:{}:{date}", user.0),
            Job::Reminders { date } => format!("reminders:{date}"),
        }
    }

    /// Attempts before it is given up on.
    pub fn max_attempts(&self) -> i64 {
        match self {
            Job::DeliverMail { .. } => db::outbox::MAX_ATTEMPTS,
            Job::Digest { .. } | Job::Reminders { .. } => 5,
        }
    }

    /// Words for admins; `names` gives staff members' names ("Daily digest of Jana Nováková
    /// for Mon 7 Dec 2026").
    pub fn describe(&self, names: &std::collections::HashMap<UserId, String>) -> String {
        let day = softland_domain::date_format::long;
        match self {
            Job::DeliverMail { mail } => format!("Deliver mail #{mail}"),
            Job::Digest { user, date } => match names.get(user) {
                Some(name) => format!("Daily digest of {name} for {}", day(*date)),
                None => format!("Daily digest of account #{} for {}", user.0, day(*date)),
            },
            Job::Reminders { date } => format!("Expat reminders for {}", day(*date)),
        }
    }
}

/// One instance's runner.
#[derive(Clone)]
pub struct Runner {
    state: AppState,
    transport: Transport,
    sender: Sender,
    instance: String,
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pass {
    /// Jobs written by planning.
    pub planned: usize,
    /// Jobs run to the end.
    pub done: usize,
    /// Jobs that failed (to be retried, or given up on).
    pub failed: usize,
}

impl Runner {
    /// A runner named `instance` (shown to admins beside the jobs it holds).
    pub fn new(state: AppState, transport: Transport, sender: Sender, instance: String) -> Self {
        Self {
            state,
            transport,
            sender,
            instance,
        }
    }

    /// One pass at the clock's "now": plan, then run due jobs until none is left (at most 20
    /// batches of 10, so one pass never runs for ever).
    pub async fn pass(&self) -> Result<Pass, DbError> {
        let now = self.state.config.clock.now();
        let mut pass = Pass {
            planned: self.plan(now).await?,
            ..Pass::default()
        };
        for _ in 0..20 {
            let claimed = db::jobs::claim_due(
                &self.state.db,
                now,
                &self.instance,
                10,
                chrono::Duration::minutes(10),
            )
            .await?;
            if claimed.is_empty() {
                break;
            }
            for job in claimed {
                let last = job.attempts >= job.job.max_attempts();
                let outcome = self.run_one(job.job.clone(), last).await;
                if outcome.is_ok() {
                    pass.done += 1;
                } else {
                    pass.failed += 1;
                }
                db::jobs::finish(&self.state.db, job.id, outcome, last, now).await?;
            }
        }
        Ok(pass)
    }

    /// Plans the jobs the time calls for (none with `--no-reminders`).
    async fn plan(&self, now: DateTime<Utc>) -> Result<usize, DbError> {
        let state = &self.state;
        if !state.config.plan_reminders {
            return Ok(0);
        }
        let settings = db::reminders::settings(&state.db).await?;
        let local = now.with_timezone(&state.config.time_zone);
        let (date, time) = (local.date_naive(), local.time());
        let calendar = db::cases::calendar_of(&state.db).await?;
        let mut wanted = Vec::new();
        for consultant in db::reminders::digest_recipients(&state.db).await? {
            let at = consultant.time.unwrap_or(settings.digest_time);
            if softland_domain::reminder::digest_due(date, time, at, &calendar) {
                wanted.push(Job::Digest {
                    user: consultant.id,
                    date,
                });
            }
        }
        if time >= settings.reminder_time.time() {
            wanted.push(Job::Reminders { date });
        }
        let keys: Vec<String> = wanted.iter().map(Job::key).collect();
        let existing = db::jobs::existing_keys(&state.db, &keys).await?;
        let mut planned = 0;
        for job in wanted.iter().filter(|j| !existing.contains(&j.key())) {
            if db::jobs::enqueue(&state.db, job, now).await? {
                planned += 1;
            }
        }
        Ok(planned)
    }

    /// Runs one job apart, so that a panic fails the job and not the runner.
    async fn run_one(&self, job: Job, last: bool) -> Result<(), String> {
        let runner = self.clone();
        isolated(async move { runner.run(job, last).await }).await
    }

    async fn run(&self, job: Job, last: bool) -> Result<(), String> {
        let state = &self.state;
        match job {
            Job::DeliverMail { mail } => {
                crate::mail::deliver(&state.db, &self.transport, &self.sender, mail, last).await
            }
            Job::Digest { user, date } => digest::send(state, user, date)
                .await
                .map_err(|e| e.to_string()),
            Job::Reminders { date } => reminders::queue(state, date)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }
}

/// Runs `work` as a task of its own: its panic becomes an error ("panicked: …").
pub async fn isolated<F>(work: F) -> Result<(), String>
where
    F: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    match tokio::spawn(work).await {
        Ok(outcome) => outcome,
        Err(joined) if joined.is_panic() => {
            let panic = joined.into_panic();
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            Err(format!("panicked: {message}"))
        }
        Err(joined) => Err(format!("stopped: {joined}")),
    }
}

/// Runs passes every `every` until the process ends.
pub fn spawn(runner: Runner, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = runner.pass().await {
                tracing::warn!(error = %err, "job runner pass failed");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_job_is_an_error_and_the_runner_goes_on() {
        let outcome = isolated(async { panic!("boom") }).await;
        assert_eq!(outcome, Err("panicked: boom".to_owned()));
        let outcome = isolated(async { Err("no mail server".to_owned()) }).await;
        assert_eq!(outcome, Err("no mail server".to_owned()));
        assert_eq!(isolated(async { Ok(()) }).await, Ok(()));
    }

    #[test]
    fn keys_name_the_work() {
        assert_eq!(Job::DeliverMail { mail: 7 }.key(), "mail:7");
        let date = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(
            Job::Digest {
                user: UserId(3),
                date
            }
            .key(),
            "digest:3:2026-12-04"
        );
        assert_eq!(Job::Reminders { date }.key(), "reminders:2026-12-04");
    }
}
