//! Erasure (Art. 17) of a person or a household, the tombstones it leaves, a case's legal
//! hold and the centre's retention setting. What happens to each table is the reviewed list
//! in [`steps`]; this module loads the target, counts (the dry run) and applies it in one
//! transaction.

mod inventory;
mod keeping;
pub mod steps;

pub use keeping::{
    LegalHold, RetentionRun, closed_cases, database_id, hold, lift_hold, record_run,
    retention_years, runs, set_hold, set_retention_years,
};

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait, Value};
use softland_domain::erasure::ErasureReason;

use super::rows::{ReadRows, read_row};
use super::{Db, DbError, statement};
use crate::audit::AuditAction;
use crate::ids::{CaseId, PersonId, UserId};
use steps::{Action, Change, DataKind, STEPS};

/// Whom an erasure is for, as loaded from the database: the case's people to erase, their
/// accounts, and the texts that name them (searched for in free text).
#[derive(Debug, Clone)]
pub struct Target {
    /// The case.
    pub case: i64,
    /// The whole household (else the people listed).
    pub household: bool,
    /// The people erased.
    pub people: Vec<i64>,
    /// Their portal accounts used by nobody else: erased, their sessions and tokens ended.
    pub users: Vec<i64>,
    /// Their portal accounts that a person outside the target still points at (a returning
    /// expat's other case): kept; the erased people are only unlinked from them.
    pub kept_users: Vec<i64>,
    /// Their e-mail addresses, in lower case (not those of kept accounts).
    pub emails: Vec<String>,
    /// Their names, e-mail addresses and passport numbers as typed and in lower case.
    pub needles: Vec<String>,
}

impl Target {
    /// Every account of the target's people, kept or not.
    pub fn accounts(&self) -> Vec<i64> {
        self.users.iter().chain(&self.kept_users).copied().collect()
    }
}

struct PersonRow {
    id: i64,
    name: String,
    email: Option<String>,
    passport_number: Option<String>,
    user_id: Option<i64>,
    pending_user_id: Option<i64>,
}
read_row!(PersonRow {
    id,
    name,
    email,
    passport_number,
    user_id,
    pending_user_id
});

struct Text {
    text: String,
}
read_row!(Text { text });

struct Count {
    n: i64,
}
read_row!(Count { n });

fn list(n: usize) -> String {
    vec!["?"; n.max(1)].join(", ")
}

/// Loads the target: the whole household of `case`, or the `people` of it named.
pub async fn target(db: &Db, case: CaseId, people: Option<&[PersonId]>) -> Result<Target, DbError> {
    let conn = db.conn();
    let backend = conn.backend();
    let mut sql = "SELECT id, name, email, passport_number, user_id, pending_user_id \
        FROM people WHERE case_id = ?"
        .to_owned();
    let mut values: Vec<Value> = vec![case.0.into()];
    if let Some(people) = people {
        sql = format!("{sql} AND id IN ({})", list(people.len()));
        values.extend(people.iter().map(|p| Value::from(p.0)));
    }
    let rows: Vec<PersonRow> = conn.read_rows(statement(backend, &sql, values)).await?;
    if rows.is_empty() || people.is_some_and(|p| p.len() != rows.len()) {
        return Err(DbError::NotFound);
    }
    let mut users: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.user_id, r.pending_user_id])
        .flatten()
        .collect();
    users.sort_unstable();
    users.dedup();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let kept_users = shared_accounts(db, &users, &ids).await?;
    users.retain(|u| !kept_users.contains(u));
    let kept_emails = account_emails(db, &kept_users).await?;
    let mut emails: Vec<String> = rows
        .iter()
        .filter_map(|r| r.email.clone())
        .filter(|e| !kept_emails.contains(&e.to_lowercase()))
        .collect();
    emails.extend(account_emails(db, &users).await?);
    let mut needles: Vec<String> = rows
        .iter()
        .flat_map(|r| [Some(r.name.clone()), r.passport_number.clone()])
        .flatten()
        .chain(emails.iter().cloned())
        .filter(|n| n.trim().len() >= 3)
        .flat_map(|n| [n.to_lowercase(), n])
        .collect();
    needles.sort();
    needles.dedup();
    let mut emails: Vec<String> = emails.into_iter().map(|e| e.to_lowercase()).collect();
    emails.sort();
    emails.dedup();
    Ok(Target {
        case: case.0,
        household: people.is_none(),
        people: ids,
        users,
        kept_users,
        emails,
        needles,
    })
}

/// Of `users`, the accounts a person other than `people` points at.
async fn shared_accounts(db: &Db, users: &[i64], people: &[i64]) -> Result<Vec<i64>, DbError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let (u, p) = (list(users.len()), list(people.len()));
    let sql = format!(
        "SELECT user_id AS n FROM people WHERE user_id IN ({u}) AND id NOT IN ({p}) \
         UNION SELECT pending_user_id AS n FROM people WHERE pending_user_id IN ({u}) \
         AND id NOT IN ({p})"
    );
    let mut values: Vec<Value> = Vec::new();
    for _ in 0..2 {
        values.extend(users.iter().map(|v| Value::from(*v)));
        values.extend(people.iter().map(|v| Value::from(*v)));
    }
    let conn = db.conn();
    let found: Vec<Count> = conn
        .read_rows(statement(conn.backend(), &sql, values))
        .await?;
    Ok(found.into_iter().map(|c| c.n).collect())
}

/// The e-mail addresses of `users`, in lower case.
async fn account_emails(db: &Db, users: &[i64]) -> Result<Vec<String>, DbError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT email AS text FROM users WHERE id IN ({})",
        list(users.len())
    );
    let values = users.iter().map(|u| Value::from(*u)).collect();
    let conn = db.conn();
    let found: Vec<Text> = conn
        .read_rows(statement(conn.backend(), &sql, values))
        .await?;
    Ok(found.into_iter().map(|t| t.text.to_lowercase()).collect())
}

fn sql_of(table: &str, change: &Change) -> String {
    match &change.action {
        Action::Delete => format!("DELETE FROM {table} WHERE {}", change.filter),
        Action::Set(set) => format!("UPDATE {table} SET {set} WHERE {}", change.filter),
        Action::Scrub(column, _) => format!(
            "UPDATE {table} SET {column} = REPLACE({column}, ?, '[erased]') WHERE {}",
            change.filter
        ),
    }
}

fn values_of(change: &Change) -> Vec<Value> {
    let mut values = Vec::with_capacity(change.values.len() + 1);
    if let Action::Scrub(_, needle) = &change.action {
        values.push(Value::from(needle.clone()));
    }
    values.extend(change.values.iter().cloned());
    values
}

/// One line of a dry run: how many rows of a table an erasure would touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    /// The table.
    pub table: &'static str,
    /// What it holds, for the admin.
    pub kind: DataKind,
    /// Rows deleted or anonymised.
    pub rows: u64,
}

/// The dry run: the rows each step would touch (tables with none are left out). Changes
/// nothing.
pub async fn plan(db: &Db, target: &Target) -> Result<Vec<PlanLine>, DbError> {
    let conn = db.conn();
    let mut lines = Vec::new();
    for step in STEPS {
        let mut rows = 0;
        for change in (step.changes)(target) {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM {} WHERE {}",
                step.table, change.filter
            );
            let found: Vec<Count> = conn
                .read_rows(statement(conn.backend(), &sql, change.values.clone()))
                .await?;
            rows += found.first().map_or(0, |c| u64::try_from(c.n).unwrap_or(0));
        }
        if rows > 0 {
            lines.push(PlanLine {
                table: step.table,
                kind: step.kind,
                rows,
            });
        }
    }
    Ok(lines)
}

/// What an erasure records about itself: ids, a reason category, counts. No personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    /// The erasure's id (a UUID).
    pub id: String,
    /// The case.
    pub case: CaseId,
    /// The whole household, or the people listed.
    pub household: bool,
    /// The people erased.
    pub people: Vec<PersonId>,
    /// Their accounts.
    pub users: Vec<UserId>,
    /// Why.
    pub reason: ErasureReason,
    /// Who (none: the retention job, or a re-application from the ledger).
    pub actor: Option<UserId>,
    /// When it was first made.
    pub at: DateTime<Utc>,
}

fn ids_text<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn ids_of(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// Applies `target` in one transaction and records `tombstone` (in `erasures` and the
/// history). Returns the stored objects' keys of the files it deleted (the caller deletes
/// them from the file store after the commit), or `None` when this erasure id was applied
/// already.
pub async fn apply(
    db: &Db,
    target: &Target,
    tombstone: &Tombstone,
) -> Result<Option<Vec<String>>, DbError> {
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let backend = txn.get_database_backend();
    let seen: Vec<Count> = txn
        .read_rows(statement(
            backend,
            "SELECT COUNT(*) AS n FROM erasures WHERE id = ?",
            vec![tombstone.id.clone().into()],
        ))
        .await?;
    if seen.first().is_some_and(|c| c.n > 0) {
        return Ok(None);
    }
    let files = if target.household {
        ("case_id = ?".to_owned(), vec![Value::from(target.case)])
    } else {
        (
            format!("person_id IN ({})", list(target.people.len())),
            target.people.iter().map(|p| Value::from(*p)).collect(),
        )
    };
    let keys: Vec<Text> = txn
        .read_rows(statement(
            backend,
            &format!(
                "SELECT storage_key AS text FROM case_files WHERE {}",
                files.0
            ),
            files.1,
        ))
        .await?;
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for step in STEPS {
        for change in (step.changes)(target) {
            let sql = sql_of(step.table, &change);
            let done = txn
                .execute_raw(statement(backend, &sql, values_of(&change)))
                .await?;
            *counts.entry(step.table).or_default() += done.rows_affected();
        }
    }
    counts.retain(|_, n| *n > 0);
    let counts_text = counts
        .iter()
        .map(|(t, n)| format!("{t}={n}"))
        .collect::<Vec<_>>()
        .join(",");
    record(&txn, tombstone, &counts_text).await?;
    txn.commit().await?;
    Ok(Some(keys.into_iter().map(|k| k.text).collect()))
}

async fn record(
    txn: &impl ConnectionTrait,
    tombstone: &Tombstone,
    counts: &str,
) -> Result<(), DbError> {
    let backend = txn.get_database_backend();
    let scope = if tombstone.household {
        "household"
    } else {
        "person"
    };
    let at: DateTime<FixedOffset> = tombstone.at.fixed_offset();
    txn.execute_raw(statement(
        backend,
        "INSERT INTO erasures (id, case_id, scope, person_ids, user_ids, reason, reference, \
         counts, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        vec![
            tombstone.id.clone().into(),
            tombstone.case.0.into(),
            scope.into(),
            ids_text(&tombstone.people).into(),
            ids_text(&tombstone.users).into(),
            tombstone.reason.as_str().into(),
            counts.into(),
            tombstone.actor.map(|a| a.0).into(),
            at.into(),
        ],
    ))
    .await?;
    let after = format!(
        "erasure {}; {scope}; people {}; accounts {}; reason {}; {counts}",
        tombstone.id,
        ids_text(&tombstone.people),
        ids_text(&tombstone.users),
        tombstone.reason.as_str()
    );
    super::history::record(
        txn,
        Some(tombstone.case),
        tombstone.actor,
        AuditAction::Erased,
        "Erasure",
        Some(after),
    )
    .await
}

/// An erasure made earlier, as its tombstone says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastErasure {
    /// Its id.
    pub id: String,
    /// The whole household or some people.
    pub household: bool,
    /// The people erased.
    pub people: Vec<PersonId>,
    /// Why.
    pub reason: Option<ErasureReason>,
    /// When.
    pub at: DateTime<FixedOffset>,
}

struct ErasureRow {
    id: String,
    scope: String,
    person_ids: String,
    reason: String,
    at: DateTime<FixedOffset>,
}
read_row!(ErasureRow {
    id,
    scope,
    person_ids,
    reason,
    at
});

/// The erasures of `case`, oldest first.
pub async fn of_case(db: &Db, case: CaseId) -> Result<Vec<PastErasure>, DbError> {
    let conn = db.conn();
    let rows: Vec<ErasureRow> = conn
        .read_rows(statement(
            conn.backend(),
            "SELECT id, scope, person_ids, reason, at FROM erasures WHERE case_id = ? ORDER BY at",
            vec![case.0.into()],
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PastErasure {
            id: r.id,
            household: r.scope == "household",
            people: ids_of(&r.person_ids).into_iter().map(PersonId).collect(),
            reason: ErasureReason::parse(&r.reason),
            at: r.at,
        })
        .collect())
}

/// The ids of every erasure the database records.
pub async fn known_ids(db: &Db) -> Result<std::collections::HashSet<String>, DbError> {
    let conn = db.conn();
    let rows: Vec<Text> = conn
        .read_rows(statement(
            conn.backend(),
            "SELECT id AS text FROM erasures",
            vec![],
        ))
        .await?;
    Ok(rows.into_iter().map(|t| t.text).collect())
}
