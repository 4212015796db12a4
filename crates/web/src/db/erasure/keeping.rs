//! What keeps data and for how long: a case's legal hold, the centre's retention period,
//! the closed cases retention looks at and the report of each retention run.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};
use softland_domain::erasure::{ClosedCase, RetentionYears};

use super::{ids_of, ids_text};
use crate::audit::AuditAction;
use crate::db::rows::{ReadRows, read_row};
use crate::db::{Db, DbError, statement};
use crate::ids::{CaseId, UserId};

/// A case's legal hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    /// Why (typed by an admin).
    pub reason: String,
    /// Who set it.
    pub set_by: String,
    /// When.
    pub set_at: DateTime<FixedOffset>,
}

struct HoldRow {
    reason: String,
    set_by: Option<String>,
    set_at: DateTime<FixedOffset>,
}
read_row!(HoldRow {
    reason,
    set_by,
    set_at
});

/// The legal hold on `case`, if any.
async fn hold_of(conn: &impl ReadRows, case: CaseId) -> Result<Option<LegalHold>, DbError> {
    let rows: Vec<HoldRow> = conn
        .read_rows(statement(
            conn.backend(),
            "SELECT h.reason, u.display_name AS set_by, h.set_at FROM legal_holds h \
             LEFT JOIN users u ON u.id = h.set_by WHERE h.case_id = ?",
            vec![case.0.into()],
        ))
        .await?;
    Ok(rows.into_iter().next().map(|r| LegalHold {
        reason: r.reason,
        set_by: r.set_by.unwrap_or_default(),
        set_at: r.set_at,
    }))
}

/// The legal hold on `case` (for the erasure's own check, on the database's reader).
pub async fn hold(db: &Db, case: CaseId) -> Result<Option<LegalHold>, DbError> {
    hold_of(db.conn(), case).await
}

/// Puts `case` under legal hold (or changes the reason), with a history line.
pub async fn set_hold(db: &Db, case: CaseId, reason: &str, actor: UserId) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let backend = txn.get_database_backend();
    txn.execute_raw(statement(
        backend,
        "DELETE FROM legal_holds WHERE case_id = ?",
        vec![case.0.into()],
    ))
    .await?;
    txn.execute_raw(statement(
        backend,
        "INSERT INTO legal_holds (case_id, reason, set_by, set_at) VALUES (?, ?, ?, ?)",
        vec![
            case.0.into(),
            reason.into(),
            actor.0.into(),
            Utc::now().fixed_offset().into(),
        ],
    ))
    .await?;
    crate::db::history::record(
        &txn,
        Some(case),
        Some(actor),
        AuditAction::LegalHold,
        "Legal hold set",
        Some(reason.to_owned()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Lifts the legal hold on `case`; `false` when there was none.
pub async fn lift_hold(db: &Db, case: CaseId, actor: UserId) -> Result<bool, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let backend = txn.get_database_backend();
    let done = txn
        .execute_raw(statement(
            backend,
            "DELETE FROM legal_holds WHERE case_id = ?",
            vec![case.0.into()],
        ))
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    crate::db::history::record(
        &txn,
        Some(case),
        Some(actor),
        AuditAction::LegalHold,
        "Legal hold lifted",
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

struct Identity {
    id: String,
}
read_row!(Identity { id });

/// This database's random identity (made by its migration, carried by its backups): the
/// erasure ledger names it in every line.
pub async fn database_id(db: &Db) -> Result<String, DbError> {
    let conn = db.conn();
    let rows: Vec<Identity> = conn
        .read_rows(statement(
            conn.backend(),
            "SELECT id FROM database_identity",
            vec![],
        ))
        .await?;
    rows.into_iter()
        .next()
        .map(|r| r.id)
        .ok_or(DbError::NotFound)
}

struct Years {
    retention_years: i32,
}
read_row!(Years { retention_years });

/// The centre's retention period (the default until an admin sets one).
pub async fn retention_years(db: &Db) -> Result<RetentionYears, DbError> {
    let conn = db.conn();
    let rows: Vec<Years> = conn
        .read_rows(statement(
            conn.backend(),
            "SELECT retention_years FROM privacy_settings WHERE id = 1",
            vec![],
        ))
        .await?;
    Ok(rows
        .first()
        .and_then(|y| u32::try_from(y.retention_years).ok())
        .and_then(|y| RetentionYears::new(y).ok())
        .unwrap_or(RetentionYears::DEFAULT))
}

/// Sets the centre's retention period.
pub async fn set_retention_years(
    db: &Db,
    years: RetentionYears,
    actor: UserId,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let backend = txn.get_database_backend();
    txn.execute_raw(statement(
        backend,
        "DELETE FROM privacy_settings WHERE id = 1",
        vec![],
    ))
    .await?;
    txn.execute_raw(statement(
        backend,
        "INSERT INTO privacy_settings (id, retention_years, updated_at, updated_by) VALUES (1, ?, ?, ?)",
        vec![
            i32::try_from(years.get()).unwrap_or(3).into(),
            Utc::now().fixed_offset().into(),
            actor.0.into(),
        ],
    ))
    .await?;
    txn.commit().await?;
    Ok(())
}

struct ClosedRow {
    id: i64,
    closed_on: NaiveDate,
    held: i64,
}
read_row!(ClosedRow {
    id,
    closed_on,
    held
});

/// Every closed case not yet erased as a household, with whether a legal hold is on it.
pub async fn closed_cases(db: &Db) -> Result<Vec<ClosedCase>, DbError> {
    let conn = db.conn();
    let rows: Vec<ClosedRow> = conn
        .read_rows(statement(
            conn.backend(),
            "SELECT c.id, c.closed_on, \
               (SELECT COUNT(*) FROM legal_holds h WHERE h.case_id = c.id) AS held \
             FROM cases c WHERE c.status = 'closed' AND c.closed_on IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.case_id = c.id \
                 AND e.scope = 'household') ORDER BY c.closed_on, c.id",
            vec![],
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ClosedCase {
            id: r.id,
            closed_on: r.closed_on,
            held: r.held > 0,
        })
        .collect())
}

/// A retention run's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRun {
    /// When it ran.
    pub ran_at: DateTime<FixedOffset>,
    /// The cases it anonymised.
    pub anonymised: Vec<CaseId>,
    /// The due cases a legal hold kept.
    pub held: Vec<CaseId>,
}

/// Records a retention run's report.
pub async fn record_run(
    db: &Db,
    anonymised: &[CaseId],
    held: &[CaseId],
    actor: Option<UserId>,
) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let conn = db.write_conn();
    conn.execute_raw(statement(
        conn.get_database_backend(),
        "INSERT INTO retention_runs (ran_at, ran_by, anonymised, held) VALUES (?, ?, ?, ?)",
        vec![
            Utc::now().fixed_offset().into(),
            actor.map(|a| a.0).into(),
            ids_text(anonymised).into(),
            ids_text(held).into(),
        ],
    ))
    .await?;
    Ok(())
}

struct RunRow {
    ran_at: DateTime<FixedOffset>,
    anonymised: String,
    held: String,
}
read_row!(RunRow {
    ran_at,
    anonymised,
    held
});

/// The last `n` retention runs, newest first.
pub async fn runs(db: &Db, n: u64) -> Result<Vec<RetentionRun>, DbError> {
    let conn = db.conn();
    let rows: Vec<RunRow> = conn
        .read_rows(statement(
            conn.backend(),
            &format!(
                "SELECT ran_at, anonymised, held FROM retention_runs ORDER BY id DESC LIMIT {n}"
            ),
            vec![],
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RetentionRun {
            ran_at: r.ran_at,
            anonymised: ids_of(&r.anonymised).into_iter().map(CaseId).collect(),
            held: ids_of(&r.held).into_iter().map(CaseId).collect(),
        })
        .collect())
}
