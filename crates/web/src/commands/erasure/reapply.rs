//! Applying the erasure ledger again at start (a backup made before some erasures was
//! restored): only this database's entries, never a cancelled one, each on its own. An entry
//! that cannot be applied is logged (ids only) and skipped; start-up goes on.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use softland_domain::erasure::ErasureReason;

use super::delete_objects;
use crate::db::erasure::{self as store, Tombstone};
use crate::db::{Db, DbError};
use crate::erasure_ledger::{self, Entry};
use crate::ids::{CaseId, PersonId, UserId};
use crate::storage::Storage;

/// What a re-application did, in counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reapplied {
    /// Entries applied now.
    pub applied: usize,
    /// Entries written for another database (skipped).
    pub foreign: usize,
    /// Entries malformed, duplicated or failing to apply (skipped).
    pub skipped: usize,
}

/// Applies again every entry of this database the database does not record, skipping
/// cancelled ones. Idempotent; logs counts and ids only.
pub async fn reapply_ledger(
    db: &Db,
    files: &dyn Storage,
    ledger: &std::path::Path,
) -> anyhow::Result<Reapplied> {
    let entries = erasure_ledger::read(ledger)?;
    let mut done = Reapplied::default();
    if entries.is_empty() {
        return Ok(done);
    }
    let database = store::database_id(db).await?;
    let cancelled: HashSet<&str> = entries
        .iter()
        .filter(|e| e.cancelled)
        .map(|e| e.id.as_str())
        .collect();
    let known = store::known_ids(db).await?;
    let mut seen = HashSet::new();
    for entry in entries.iter().filter(|e| !e.cancelled) {
        if entry.database != database {
            done.foreign += 1;
            continue;
        }
        if cancelled.contains(entry.id.as_str()) || known.contains(&entry.id) {
            continue;
        }
        if !seen.insert(entry.id.as_str()) || !is_well_formed(entry) {
            tracing::warn!(erasure = %entry.id, "a malformed or repeated erasure ledger entry; skipped");
            done.skipped += 1;
            continue;
        }
        match apply(db, files, entry).await {
            Ok(true) => done.applied += 1,
            Ok(false) => {}
            Err(err) => {
                tracing::error!(error = ?err, erasure = %entry.id, case = entry.case, "applying an erasure of the ledger failed; skipped");
                done.skipped += 1;
            }
        }
    }
    log(done);
    Ok(done)
}

fn log(done: Reapplied) {
    if done.applied > 0 {
        tracing::warn!(
            applied = done.applied,
            "erasures applied again from the ledger (a restored backup predated them)"
        );
    }
    if done.foreign > 0 {
        tracing::warn!(
            entries = done.foreign,
            "erasure ledger entries of another database; skipped (is the ledger path shared?)"
        );
    }
}

fn is_well_formed(entry: &Entry) -> bool {
    match entry.scope.as_str() {
        "household" => true,
        "person" => !entry.people.is_empty(),
        _ => false,
    }
}

/// Applies one entry: `Ok(false)` when there is nothing to do (applied already, or its case
/// or people are not in this database).
async fn apply(db: &Db, files: &dyn Storage, entry: &Entry) -> anyhow::Result<bool> {
    let household = entry.scope == "household";
    let people: Vec<PersonId> = entry.people.iter().copied().map(PersonId).collect();
    let scope = (!household).then_some(people.as_slice());
    let target = match store::target(db, CaseId(entry.case), scope).await {
        Ok(target) => target,
        Err(DbError::NotFound) => return Ok(false),
        Err(err) => return Err(err.into()),
    };
    let tombstone = Tombstone {
        id: entry.id.clone(),
        case: CaseId(entry.case),
        household,
        people,
        users: entry.users.iter().copied().map(UserId).collect(),
        reason: ErasureReason::parse(&entry.reason).unwrap_or(ErasureReason::Request),
        actor: None,
        at: DateTime::parse_from_rfc3339(&entry.at).map_or_else(|_| Utc::now(), |t| t.to_utc()),
    };
    match store::apply(db, &target, &tombstone).await {
        Ok(Some(keys)) => {
            delete_objects(files, &keys).await;
            Ok(true)
        }
        Ok(None) => Ok(false),
        // Another instance starting at the same time applied it first.
        Err(_) if store::known_ids(db).await?.contains(&entry.id) => Ok(false),
        Err(err) => Err(err.into()),
    }
}
