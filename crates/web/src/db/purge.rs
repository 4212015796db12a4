//! Deleting what has expired: sessions past their expiry, sign-in failures older than any
//! throttle window, single-use links a month after they stopped working, finished jobs a
//! month after they ended. Run every few
//! minutes by each instance (the deletes are idempotent, so several instances may overlap).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::Utc;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use super::entities::{link_tokens, login_failures, sessions};
use super::{Db, DbError};

/// Failures older than this are never counted by any throttle (the longest window is an
/// hour; a day leaves room for a changed setting).
const FAILURES_KEPT: chrono::Duration = chrono::Duration::days(1);
/// Used or expired links are kept this long (a reader of the audit may ask about one).
const LINKS_KEPT: chrono::Duration = chrono::Duration::days(30);
/// Finished jobs are kept this long for admins (longer than any job key is planned for: a
/// day's digest or reminder round is planned on that day only).
const JOBS_KEPT: chrono::Duration = chrono::Duration::days(30);

/// What one purge deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Expired sessions.
    pub sessions: u64,
    /// Old sign-in failures.
    pub failures: u64,
    /// Old links.
    pub links: u64,
    /// Jobs done long ago.
    pub jobs: u64,
}

/// What the daily sweeps of recurring duties and wallet renewals ([`spawn`]) have done since
/// the process started, for `/metrics`. A benchmark waits for the first sweep to end: on a
/// large database it runs for seconds after start (200,000 cases: ~11 s and ~3,100 writes,
/// docs/performance.md), and reads measured beside it would measure the sweep too.
#[derive(Debug, Default)]
pub struct SweepCounts {
    finished: AtomicU64,
    added: AtomicU64,
    failed: AtomicU64,
}

/// A reading of [`SweepCounts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sweeps {
    /// Sweeps that ended.
    pub finished: u64,
    /// Items they added.
    pub added: u64,
    /// Sweeps that failed (each is tried again at the next tick).
    pub failed: u64,
}

impl SweepCounts {
    /// The counts now.
    pub fn read(&self) -> Sweeps {
        Sweeps {
            finished: self.finished.load(Ordering::Relaxed),
            added: self.added.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
        }
    }
}

/// Deletes every expired row once.
pub async fn run_once(db: &Db) -> Result<Purged, DbError> {
    let now = Utc::now();
    let guard = db.write_guard().await;
    let sessions = sessions::Entity::delete_many()
        .filter(sessions::Column::ExpiresAt.lte(now.fixed_offset()))
        .exec(db.write_conn())
        .await?
        .rows_affected;
    let failures = login_failures::Entity::delete_many()
        .filter(login_failures::Column::At.lt((now - FAILURES_KEPT).fixed_offset()))
        .exec(db.write_conn())
        .await?
        .rows_affected;
    let old = (now - LINKS_KEPT).fixed_offset();
    let links = link_tokens::Entity::delete_many()
        .filter(
            Condition::any()
                .add(link_tokens::Column::ExpiresAt.lt(old))
                .add(link_tokens::Column::UsedAt.lt(old)),
        )
        .exec(db.write_conn())
        .await?
        .rows_affected;
    drop(guard);
    let jobs = super::jobs::purge_finished(db, now - JOBS_KEPT).await?;
    Ok(Purged {
        sessions,
        failures,
        links,
        jobs,
    })
}

/// Runs [`run_once`] every `every` until the process ends, and once a day (the first tick
/// of each `today()`) adds the next occurrence of recurring duties whose day has passed and
/// the renewals of wallet documents that entered their window (`db::recurring`).
pub fn spawn(
    db: Db,
    every: Duration,
    today: impl Fn() -> chrono::NaiveDate + Send + 'static,
    counts: Arc<SweepCounts>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut swept = None;
        loop {
            tick.tick().await;
            let day = today();
            if swept != Some(day) {
                match super::recurring::sweep(&db, day).await {
                    Ok(added) => {
                        swept = Some(day);
                        counts.added.fetch_add(added, Ordering::Relaxed);
                        counts.finished.fetch_add(1, Ordering::Relaxed);
                        if added > 0 {
                            tracing::info!(added, "recurring duties renewed");
                        }
                    }
                    Err(err) => {
                        counts.failed.fetch_add(1, Ordering::Relaxed);
                        tracing::warn!(error = %err, "renewing recurring duties failed");
                    }
                }
            }
            match run_once(&db).await {
                Ok(purged) if purged != Purged::default() => {
                    tracing::info!(
                        sessions = purged.sessions,
                        failures = purged.failures,
                        links = purged.links,
                        "expired rows deleted"
                    );
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "purging expired rows failed"),
            }
        }
    })
}
