//! The deadline dashboard's queries: open items due or overdue, items waiting for the
//! authority, counts and risk warnings, for one consultant or the whole team. Each is one
//! query over indexed columns; none runs per row.
//!
//! Every query starts from the open cases (`idx_cases_consultant_status_next_due`) and reaches
//! their items through `idx_items_case_status_due`; `CROSS JOIN` keeps SQLite from starting at
//! the team-wide item index instead (PostgreSQL plans it as an ordinary join). Items due by a
//! date can only be in cases whose `next_due_on` (the soonest open item's due date) is by that
//! date, so those queries read only such cases. See docs/performance.md.

use chrono::NaiveDate;
use sea_orm::{FromQueryResult, Value};

use super::{Db, DbError};
use crate::ids::{CaseId, ItemId, UserId};

/// One row of the dashboard.
#[derive(Debug, Clone, FromQueryResult)]
pub struct DueRow {
    /// The item.
    pub item_id: i64,
    /// Its case.
    pub case_id: i64,
    /// Whose item (the holder, or the principal for household items).
    pub person: String,
    /// The item's title.
    pub title: String,
    /// Its due date.
    pub due_on: Option<NaiveDate>,
    /// Its status.
    pub status: String,
    /// The day it was filed, for submitted items.
    pub status_on: Option<NaiveDate>,
    /// The consultant's name.
    pub consultant: String,
}

impl DueRow {
    /// The item id.
    pub fn item(&self) -> ItemId {
        ItemId(self.item_id)
    }

    /// The case id.
    pub fn case(&self) -> CaseId {
        CaseId(self.case_id)
    }
}

/// The counts at the top of the dashboard.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Open items past their due date.
    pub overdue: i64,
    /// Open items due from today to the horizon.
    pub due_soon: i64,
    /// Open cases.
    pub open_cases: i64,
}

/// A risk warning found by SQL, with the case it belongs to.
#[derive(Debug, Clone, FromQueryResult)]
pub struct RiskRow {
    /// The case.
    pub case_id: i64,
    /// The principal's (or person's) name.
    pub person: String,
    /// Which warning: `passport`, `insurance`, `extension`, `registration`, `integration_course`.
    pub kind: String,
    /// The date that matters (expiry, closing day, due day).
    pub on_date: Option<NaiveDate>,
    /// The other date (permit expiry for passport/insurance, opening day for extensions).
    pub other_date: Option<NaiveDate>,
}

/// `AND c.consultant_id = ?` when scoped to one consultant.
fn scope(consultant: Option<UserId>, values: &mut Vec<Value>) -> &'static str {
    match consultant {
        Some(id) => {
            values.push(id.0.into());
            " AND c.consultant_id = ?"
        }
        None => "",
    }
}

const ROW_COLUMNS: &str = "i.id AS item_id, i.case_id AS case_id, COALESCE(p.name, c.principal_name) AS person, \
     i.title AS title, i.due_on AS due_on, i.status AS status, i.status_on AS status_on, u.display_name AS consultant \
     FROM cases c CROSS JOIN checklist_items i \
     JOIN users u ON u.id = c.consultant_id \
     LEFT JOIN people p ON p.case_id = i.case_id AND p.position = i.holder \
     WHERE i.case_id = c.id AND c.status = 'open'";

/// Open items due on or before `until` (overdue first), at most `limit`.
pub async fn due_items(
    db: &Db,
    consultant: Option<UserId>,
    until: NaiveDate,
    limit: u64,
) -> Result<Vec<DueRow>, DbError> {
    let mut values: Vec<Value> = Vec::new();
    let scoped = scope(consultant, &mut values);
    values.push(until.into());
    values.push(until.into());
    values.push(i64::try_from(limit).unwrap_or(100).into());
    let sql = format!(
        "SELECT {ROW_COLUMNS}{scoped} AND c.next_due_on <= ? AND i.status IN ('to_do', 'in_progress') \
         AND i.due_on <= ? ORDER BY i.due_on, i.id LIMIT ?"
    );
    let backend = db.conn().get_database_backend();
    Ok(
        DueRow::find_by_statement(super::statement(backend, &sql, values))
            .all(db.conn())
            .await?,
    )
}

/// Items submitted on or before `filed_before` and still waiting for the authority.
pub async fn waiting_items(
    db: &Db,
    consultant: Option<UserId>,
    filed_before: NaiveDate,
    limit: u64,
) -> Result<Vec<DueRow>, DbError> {
    let mut values: Vec<Value> = Vec::new();
    let scoped = scope(consultant, &mut values);
    values.push(filed_before.into());
    values.push(i64::try_from(limit).unwrap_or(100).into());
    let sql = format!(
        "SELECT {ROW_COLUMNS}{scoped} AND i.status = 'submitted' \
         AND i.status_on <= ? ORDER BY i.status_on, i.id LIMIT ?"
    );
    let backend = db.conn().get_database_backend();
    Ok(
        DueRow::find_by_statement(super::statement(backend, &sql, values))
            .all(db.conn())
            .await?,
    )
}

/// Overdue and due-soon item counts and open cases.
pub async fn counts(
    db: &Db,
    consultant: Option<UserId>,
    today: NaiveDate,
    until: NaiveDate,
) -> Result<Counts, DbError> {
    #[derive(FromQueryResult)]
    struct ItemCounts {
        overdue: i64,
        due_soon: i64,
    }
    #[derive(FromQueryResult)]
    struct CaseCount {
        open_cases: i64,
    }
    let backend = db.conn().get_database_backend();
    let mut values: Vec<Value> = vec![today.into(), today.into(), until.into()];
    let scoped = scope(consultant, &mut values);
    values.extend([until.into(), until.into()]);
    // Items due after `until` count for neither number, so only cases with something due by
    // then are read.
    let sql = format!(
        "SELECT COALESCE(SUM(CASE WHEN i.due_on < ? THEN 1 ELSE 0 END), 0) AS overdue, \
           COALESCE(SUM(CASE WHEN i.due_on >= ? AND i.due_on <= ? THEN 1 ELSE 0 END), 0) AS due_soon \
         FROM cases c CROSS JOIN checklist_items i \
         WHERE i.case_id = c.id AND c.status = 'open'{scoped} AND c.next_due_on <= ? \
           AND i.status IN ('to_do', 'in_progress') AND i.due_on <= ?"
    );
    let items = ItemCounts::find_by_statement(super::statement(backend, &sql, values))
        .one(db.conn())
        .await?;
    let mut case_values: Vec<Value> = Vec::new();
    let case_scoped = scope(consultant, &mut case_values);
    let case_sql =
        format!("SELECT COUNT(*) AS open_cases FROM cases c WHERE c.status = 'open'{case_scoped}");
    let cases = CaseCount::find_by_statement(super::statement(backend, &case_sql, case_values))
        .one(db.conn())
        .await?;
    Ok(Counts {
        overdue: items.as_ref().map_or(0, |i| i.overdue),
        due_soon: items.as_ref().map_or(0, |i| i.due_soon),
        open_cases: cases.map_or(0, |c| c.open_cases),
    })
}

/// Risk warnings for open cases: passports and insurance ending before the permit, open or
/// closing extension windows, missed registrations, integration courses due.
pub async fn risks(
    db: &Db,
    consultant: Option<UserId>,
    today: NaiveDate,
    course_soon: NaiveDate,
) -> Result<Vec<RiskRow>, DbError> {
    let mut values: Vec<Value> = Vec::new();
    let s1 = scope(consultant, &mut values);
    let s2 = scope(consultant, &mut values);
    let s3 = scope(consultant, &mut values);
    values.extend([today.into(), today.into(), today.into(), course_soon.into()]);
    // The three item warnings in one pass over each open case's open items (all columns
    // read are in `idx_items_case_status_due`).
    let sql = format!(
        "SELECT c.id AS case_id, p.name AS person, 'passport' AS kind, p.passport_expiry AS on_date, k.date AS other_date \
           FROM people p JOIN cases c ON c.id = p.case_id \
           JOIN case_key_dates k ON k.case_id = c.id AND k.kind = 'permit_expiry' \
           WHERE c.status = 'open'{s1} AND p.passport_expiry < k.date \
         UNION ALL \
         SELECT c.id, c.principal_name, 'insurance', ins.date, k.date \
           FROM cases c JOIN case_key_dates k ON k.case_id = c.id AND k.kind = 'permit_expiry' \
           JOIN case_key_dates ins ON ins.case_id = c.id AND ins.kind = 'insurance_end' \
           WHERE c.status = 'open'{s2} AND ins.date < k.date \
         UNION ALL \
         SELECT c.id, COALESCE(p.name, c.principal_name), i.watch, i.due_on, \
           CASE WHEN i.watch = 'extension' THEN i.opens_on END \
           FROM cases c CROSS JOIN checklist_items i \
           LEFT JOIN people p ON p.case_id = i.case_id AND p.position = i.holder \
           WHERE i.case_id = c.id AND c.status = 'open'{s3} AND i.status IN ('to_do', 'in_progress') \
           AND ((i.watch = 'extension' AND i.opens_on <= ? AND i.due_on >= ?) \
             OR (i.watch = 'registration' AND i.due_on < ?) \
             OR (i.watch = 'integration_course' AND i.due_on <= ?)) \
         ORDER BY on_date LIMIT 200"
    );
    let backend = db.conn().get_database_backend();
    Ok(
        RiskRow::find_by_statement(super::statement(backend, &sql, values))
            .all(db.conn())
            .await?,
    )
}
