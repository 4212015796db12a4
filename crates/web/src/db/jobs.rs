//! The job runner's queue (`crate::jobs` runs it). A job is written once under a unique key
//! (`INSERT … ON CONFLICT DO NOTHING`), so planning the same digest or reminder twice, from
//! two instances or after a restart, leaves one job. Instances claim due jobs for a lease:
//! on PostgreSQL `FOR UPDATE SKIP LOCKED` hands each job to exactly one of them; on SQLite the
//! writer lock does. A failed job is tried again after a delay that doubles (1 minute up to an
//! hour) until its kind's last attempt, then marked failed with its error for admins.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::entities::jobs;
use super::rows::{ReadRows, read_row};
use super::{Db, DbError};
use crate::jobs::{Job, JobStatus};

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Id.
    pub id: i64,
    /// What to do.
    pub job: Job,
    /// Attempts including this one.
    pub attempts: i64,
}

/// A job as admins see it.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Id.
    pub id: i64,
    /// What to do (`None`: a kind this version no longer knows, shown by its stored name).
    pub job: Option<Job>,
    /// The stored kind.
    pub kind: String,
    /// Pending, running (claimed now), done or failed.
    pub status: JobStatus,
    /// Attempts so far.
    pub attempts: i64,
    /// When it is (or was) due.
    pub run_at: DateTime<Utc>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was planned.
    pub created_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// The instance that holds it.
    pub claimed_by: Option<String>,
}

/// A job's fields as stored (JSON).
fn payload(job: &Job) -> String {
    serde_json::to_string(job).unwrap_or_default()
}

/// The job stored with `kind` and `payload`; `None` when this version does not know it.
fn from_stored(kind: &str, payload: &str) -> Option<Job> {
    let job: Job = serde_json::from_str(payload).ok()?;
    (super::vocabulary::job_kind(&job) == kind).then_some(job)
}

/// Writes `job` (due at `run_at`) unless a job with its key exists; inside the caller's
/// transaction. Returns whether it was written.
pub(crate) async fn enqueue_on(
    conn: &impl ConnectionTrait,
    job: &Job,
    run_at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let now = Utc::now().fixed_offset();
    let row = jobs::ActiveModel {
        kind: Set(super::vocabulary::job_kind(job).to_owned()),
        key: Set(job.key()),
        payload: Set(payload(job)),
        status: Set(super::vocabulary::job_status(JobStatus::Pending).to_owned()),
        attempts: Set(0),
        run_at: Set(run_at.fixed_offset()),
        claimed_until: Set(None),
        claimed_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    };
    let result = jobs::Entity::insert(row)
        .on_conflict_do_nothing_on([jobs::Column::Key])
        .exec(conn)
        .await?;
    Ok(matches!(result, sea_orm::TryInsertResult::Inserted(_)))
}

/// Writes `job` unless a job with its key exists, on its own (not in a transaction).
pub async fn enqueue(db: &Db, job: &Job, run_at: DateTime<Utc>) -> Result<bool, DbError> {
    let _guard = db.write_guard().await;
    enqueue_on(db.write_conn(), job, run_at).await
}

/// Which of `keys` have a job already (any status).
pub async fn existing_keys(db: &Db, keys: &[String]) -> Result<Vec<String>, DbError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let query = jobs::Entity::find().filter(jobs::Column::Key.is_in(keys.iter().cloned()));
    let rows = super::all(query, db.conn()).await?;
    Ok(rows.into_iter().map(|r| r.key).collect())
}

struct ClaimedRow {
    id: i64,
    kind: String,
    payload: String,
    attempts: i64,
}

read_row!(ClaimedRow {
    id,
    kind,
    payload,
    attempts
});

/// Claims up to `limit` jobs due at `now` for `lease`, for `instance`; each is counted as
/// an attempt. A job whose lease ran out (its instance died) is due again.
pub async fn claim_due(
    db: &Db,
    now: DateTime<Utc>,
    instance: &str,
    limit: u64,
    lease: Duration,
) -> Result<Vec<Claimed>, DbError> {
    let backend = db.write_conn().get_database_backend();
    let locking = if db.is_sqlite() {
        ""
    } else {
        " FOR UPDATE SKIP LOCKED"
    };
    let pending = super::vocabulary::job_status(JobStatus::Pending);
    let sql = format!(
        "UPDATE jobs SET claimed_until = ?, claimed_by = ?, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE status = '{pending}' AND run_at <= ? \
         AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY run_at, id \
         LIMIT {limit}{locking}) RETURNING id, kind, payload, attempts"
    );
    let now_value = now.fixed_offset();
    let statement = super::statement(
        backend,
        &sql,
        vec![
            (now + lease).fixed_offset().into(),
            instance.into(),
            now_value.into(),
            now_value.into(),
        ],
    );
    let _guard = db.write_guard().await;
    let rows: Vec<ClaimedRow> = db.write_conn().read_rows(statement).await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(job) = from_stored(&row.kind, &row.payload) {
            claimed.push(Claimed {
                id: row.id,
                job,
                attempts: row.attempts,
            });
        } else {
            let unknown = Err(format!("unknown job {:?}", row.kind));
            finish(db, row.id, unknown, true, now).await?;
        }
    }
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Ends a claimed job at `now`: done, or failed with `error` — tried again after a growing
/// delay unless `last` (then marked failed for good).
pub async fn finish(
    db: &Db,
    id: i64,
    outcome: Result<(), String>,
    last: bool,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let vocabulary = super::vocabulary::job_status;
    let mut update = jobs::Entity::update_many()
        .col_expr(
            jobs::Column::ClaimedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::FixedOffset>>::None),
        )
        .filter(jobs::Column::Id.eq(id));
    match outcome {
        Ok(()) => {
            update = update
                .col_expr(
                    jobs::Column::Status,
                    Expr::value(vocabulary(JobStatus::Done)),
                )
                .col_expr(jobs::Column::FinishedAt, Expr::value(now.fixed_offset()))
                .col_expr(jobs::Column::LastError, Expr::value(Option::<String>::None));
        }
        Err(error) => {
            let error: String = error.chars().take(500).collect();
            update = update.col_expr(jobs::Column::LastError, Expr::value(error));
            if last {
                update = update
                    .col_expr(
                        jobs::Column::Status,
                        Expr::value(vocabulary(JobStatus::Failed)),
                    )
                    .col_expr(jobs::Column::FinishedAt, Expr::value(now.fixed_offset()));
            } else {
                let attempts = super::first(jobs::Entity::find_by_id(id), db.conn())
                    .await?
                    .map_or(1, |j| j.attempts);
                let delay = Duration::minutes(1i64 << attempts.clamp(0, 6)).min(Duration::hours(1));
                update = update.col_expr(
                    jobs::Column::RunAt,
                    Expr::value((now + delay).fixed_offset()),
                );
            }
        }
    }
    let _guard = db.write_guard().await;
    update.exec(db.write_conn()).await?;
    Ok(())
}

/// Makes pending jobs of stored kind `kind` due now (an admin's "retry now"); returns how
/// many.
pub async fn due_now(db: &Db, kind: &'static str) -> Result<u64, DbError> {
    let _guard = db.write_guard().await;
    Ok(jobs::Entity::update_many()
        .col_expr(jobs::Column::RunAt, Expr::value(Utc::now().fixed_offset()))
        .filter(jobs::Column::Kind.eq(kind))
        .filter(jobs::Column::Status.eq(super::vocabulary::job_status(JobStatus::Pending)))
        .exec(db.write_conn())
        .await?
        .rows_affected)
}

/// Puts a failed job back in the queue, due now, with its attempts counted from zero.
/// `NotFound` unless it failed.
pub async fn retry_failed(db: &Db, id: i64) -> Result<(), DbError> {
    let vocabulary = super::vocabulary::job_status;
    let _guard = db.write_guard().await;
    let changed = jobs::Entity::update_many()
        .col_expr(
            jobs::Column::Status,
            Expr::value(vocabulary(JobStatus::Pending)),
        )
        .col_expr(jobs::Column::Attempts, Expr::value(0))
        .col_expr(jobs::Column::RunAt, Expr::value(Utc::now().fixed_offset()))
        .col_expr(
            jobs::Column::FinishedAt,
            Expr::value(Option::<chrono::DateTime<chrono::FixedOffset>>::None),
        )
        .filter(jobs::Column::Id.eq(id))
        .filter(jobs::Column::Status.eq(vocabulary(JobStatus::Failed)))
        .exec(db.write_conn())
        .await?;
    if changed.rows_affected == 0 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// The state a stored row shows at `now`: pending rows under a live lease are running.
fn status_of(row: &jobs::Model, now: DateTime<Utc>) -> JobStatus {
    let stored = super::vocabulary::job_status_from(&row.status).unwrap_or(JobStatus::Failed);
    match (stored, row.claimed_until) {
        (JobStatus::Pending, Some(until)) if until.with_timezone(&Utc) > now => JobStatus::Running,
        (status, _) => status,
    }
}

/// Which jobs to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    /// Only this state (pending includes running).
    pub status: Option<JobStatus>,
    /// Only jobs older than this id (the next page).
    pub before: Option<i64>,
}

/// Up to `limit` jobs, newest first.
pub async fn list(db: &Db, filter: Filter, limit: u64) -> Result<Vec<Listed>, DbError> {
    let mut query = jobs::Entity::find().order_by_desc(jobs::Column::Id);
    if let Some(status) = filter.status {
        let stored = match status {
            JobStatus::Running => JobStatus::Pending,
            other => other,
        };
        query = query.filter(jobs::Column::Status.eq(super::vocabulary::job_status(stored)));
    }
    if let Some(before) = filter.before {
        query = query.filter(jobs::Column::Id.lt(before));
    }
    let now = Utc::now();
    Ok(super::first_n(query, limit, db.conn())
        .await?
        .into_iter()
        .map(|row| Listed {
            id: row.id,
            job: from_stored(&row.kind, &row.payload),
            status: status_of(&row, now),
            kind: row.kind,
            attempts: row.attempts,
            run_at: row.run_at.with_timezone(&Utc),
            last_error: row.last_error,
            created_at: row.created_at.with_timezone(&Utc),
            finished_at: row.finished_at.map(|t| t.with_timezone(&Utc)),
            claimed_by: row.claimed_by,
        })
        .collect())
}

/// How many jobs are pending, done and failed.
pub async fn counts(db: &Db) -> Result<[(JobStatus, u64); 3], DbError> {
    let mut out = [
        (JobStatus::Pending, 0),
        (JobStatus::Done, 0),
        (JobStatus::Failed, 0),
    ];
    for (status, n) in &mut out {
        let query = jobs::Entity::find()
            .filter(jobs::Column::Status.eq(super::vocabulary::job_status(*status)));
        *n = super::count(&query, db.conn()).await?;
    }
    Ok(out)
}

/// Deletes finished jobs older than `before` (the purge keeps the table small).
pub async fn purge_finished(db: &Db, before: DateTime<Utc>) -> Result<u64, DbError> {
    let _guard = db.write_guard().await;
    Ok(jobs::Entity::delete_many()
        .filter(jobs::Column::Status.eq(super::vocabulary::job_status(JobStatus::Done)))
        .filter(jobs::Column::FinishedAt.lt(before.fixed_offset()))
        .exec(db.write_conn())
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::ids::UserId;

    #[test]
    fn jobs_round_trip_through_storage() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let jobs = [
            Job::DeliverMail { mail: 7 },
            Job::Digest {
                user: UserId(3),
                date,
            },
            Job::Reminders { date },
        ];
        for job in jobs {
            let kind = super::super::vocabulary::job_kind(&job);
            assert_eq!(from_stored(kind, &payload(&job)), Some(job.clone()));
            assert_eq!(from_stored("other", &payload(&job)), None);
        }
        assert_eq!(from_stored("digest", "{not json"), None);
    }
}
