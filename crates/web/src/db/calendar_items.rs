//! The open items with a due date that calendars show (issue 19): a consultant's for their
//! feed, a household's for the expat's feed, and one month's for the month view. Each is one
//! query; none runs per row. Items of open cases only (`i.open_owner` is set while a case is
//! open, `db::dashboard` says more).

use chrono::{DateTime, FixedOffset, NaiveDate};
use sea_orm::Value;

use super::rows::{ReadRow, ReadRows as _, read_row};
use super::vocabulary::{OPEN_ITEM, OPEN_ITEM_DUE_LIST};
use super::{Db, DbError};
use crate::ids::{CaseId, UserId};

/// The most items one month view lists (the whole team's month can be long).
pub const MONTH_LIMIT: u64 = 2000;

/// An open item with a due date, as a staff calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// The item.
    pub item_id: i64,
    /// Its case.
    pub case_id: i64,
    /// Whose item: the holder, or the principal for the household's.
    pub person: String,
    /// Its title.
    pub title: String,
    /// The first day it can be done (a window item), if any.
    pub opens_on: Option<NaiveDate>,
    /// Its due date.
    pub due_on: NaiveDate,
    /// Its version (each change adds one).
    pub version: i64,
    /// When it last changed.
    pub updated_at: DateTime<FixedOffset>,
}

read_row!(DueItem {
    item_id,
    case_id,
    person,
    title,
    opens_on,
    due_on,
    version,
    updated_at
});

/// An open item with a due date as the expat's own feed shows it: with what the portal shows
/// of it (the template's or consultant's text for the household), never notes or reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdItem {
    /// The item.
    pub item_id: i64,
    /// Its case.
    pub case_id: i64,
    /// Its title.
    pub title: String,
    /// The first day it can be done (a window item), if any.
    pub opens_on: Option<NaiveDate>,
    /// Its due date.
    pub due_on: NaiveDate,
    /// Its version.
    pub version: i64,
    /// When it last changed.
    pub updated_at: DateTime<FixedOffset>,
    /// What to do.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// What to bring, as stored (a JSON list of lines).
    pub documents: String,
}

read_row!(HouseholdItem {
    item_id,
    case_id,
    title,
    opens_on,
    due_on,
    version,
    updated_at,
    instructions,
    where_to_go,
    documents
});

impl HouseholdItem {
    /// What to bring, one line each.
    pub fn documents(&self) -> Vec<String> {
        serde_json::from_str(&self.documents).unwrap_or_default()
    }
}

/// The staff columns, from items `i` and their person `p`.
const DUE_COLUMNS: &str = "i.id AS item_id, i.case_id AS case_id, p.name AS person, \
    i.title AS title, i.opens_on AS opens_on, i.due_on AS due_on, i.version AS version, \
    i.updated_at AS updated_at";

/// The item's person: its holder, or the principal (position 0) for the household's.
const PERSON_JOIN: &str =
    "JOIN people p ON p.case_id = i.case_id AND p.position = COALESCE(i.holder, 0)";

async fn rows<R: ReadRow + Send + 'static>(
    db: &Db,
    long: bool,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<R>, DbError> {
    let statement = super::statement(db.conn().get_database_backend(), sql, values);
    if !long {
        return Ok(db.conn().read_rows(statement).await?);
    }
    db.off_thread(move |db| async move { Ok(db.conn().read_rows(statement).await?) })
        .await
}

/// Every open item with a due date of the open cases `consultant` is in charge of, soonest
/// first (read from the partial index of open items by owner and due date).
pub async fn of_consultant(db: &Db, consultant: UserId) -> Result<Vec<DueItem>, DbError> {
    let sql = format!(
        "SELECT {DUE_COLUMNS} FROM checklist_items i {PERSON_JOIN} \
         WHERE i.open_owner = ? AND {} AND i.due_on IS NOT NULL ORDER BY i.due_on, i.id",
        *OPEN_ITEM_DUE_LIST
    );
    rows(db, false, &sql, vec![consultant.0.into()]).await
}

/// Every open item with a due date of the open cases among `cases` (an expat's household's),
/// soonest first.
pub async fn of_cases(db: &Db, cases: &[CaseId]) -> Result<Vec<HouseholdItem>, DbError> {
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; cases.len()].join(", ");
    let sql = format!(
        "SELECT i.id AS item_id, i.case_id AS case_id, i.title AS title, \
         i.opens_on AS opens_on, i.due_on AS due_on, i.version AS version, \
         i.updated_at AS updated_at, i.instructions AS instructions, \
         i.where_to_go AS where_to_go, i.documents AS documents \
         FROM checklist_items i WHERE i.case_id IN ({marks}) AND i.open_owner IS NOT NULL \
         AND {} AND i.due_on IS NOT NULL ORDER BY i.due_on, i.id",
        *OPEN_ITEM
    );
    let values = cases.iter().map(|c| c.0.into()).collect();
    rows(db, false, &sql, values).await
}

/// The open items due from `from` to `until` (both included) of `consultant`'s open cases,
/// or (`None`) of the whole team's, by due date, at most [`MONTH_LIMIT`].
pub async fn due_between(
    db: &Db,
    consultant: Option<UserId>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<DueItem>, DbError> {
    let mut values: Vec<Value> = Vec::new();
    let owner = match consultant {
        Some(id) => {
            values.push(id.0.into());
            "i.open_owner = ?"
        }
        None => "i.open_owner IS NOT NULL",
    };
    values.push(from.into());
    values.push(until.into());
    // LIMIT is written into the SQL, not bound (`db::limited` says why).
    let sql = format!(
        "SELECT {DUE_COLUMNS} FROM checklist_items i {PERSON_JOIN} \
         WHERE {owner} AND {} AND i.due_on >= ? AND i.due_on <= ? \
         ORDER BY i.due_on, i.id LIMIT {MONTH_LIMIT}",
        *OPEN_ITEM_DUE_LIST
    );
    rows(db, consultant.is_none(), &sql, values).await
}
