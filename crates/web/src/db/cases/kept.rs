//! Case aggregates kept in memory, each with the revision of the case it was read or written
//! at (SQLite; issue 25).
//!
//! Reading a case aggregate (the case row, its people, dates, routes, documents and a dozen
//! item rows with their JSON columns, decoded into the domain) is most of the work of a
//! status change and of the case page. A case's `revision` moves on with every change to any
//! of those rows (triggers, migration `m20261213_100000_add_case_revisions`), and only
//! upwards, so an aggregate kept with revision `r` is exactly what a read finds while the
//! stored revision is still `r`: a reader reads the revision (one indexed statement) and
//! takes the kept aggregate when they match.
//!
//! What goes in:
//! - an aggregate read by a reader, with the revision read **before** it. A change committed
//!   during the read (which could make the read a mix of two states) moves the revision past
//!   `r` for good, so the entry is never matched;
//! - an aggregate a change wrote, with the revision read inside its transaction after its
//!   writes, kept only once that transaction has committed (a rolled-back batch keeps
//!   nothing: its revision numbers are used again by later changes).
//!
//! Case ids are never reused (`AUTOINCREMENT`) and cases are never deleted, so an id and a
//! revision name one state of one case.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::StoredCase;
use crate::ids::CaseId;

/// How many cases are kept: the least recently used half goes when it is full. A case of a
/// dozen items takes some tens of KiB, so this bounds the memory to some tens of MiB.
pub(crate) const KEPT_CASES: usize = 1024;

/// The kept aggregates (one per case, the newest revision).
#[derive(Debug, Default)]
pub(crate) struct KeptCases {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    cases: HashMap<CaseId, Entry>,
    /// Advances with every use: the entries' `used` orders them.
    tick: u64,
}

#[derive(Debug)]
struct Entry {
    revision: i64,
    stored: Arc<StoredCase>,
    used: u64,
}

impl KeptCases {
    /// Case `id` as kept, if it was kept at `revision`.
    pub(crate) fn get(&self, id: CaseId, revision: i64) -> Option<Arc<StoredCase>> {
        let mut inner = self.inner.lock().ok()?;
        inner.tick += 1;
        let tick = inner.tick;
        let entry = inner.cases.get_mut(&id)?;
        if entry.revision != revision {
            return None;
        }
        entry.used = tick;
        Some(Arc::clone(&entry.stored))
    }

    /// Keeps `stored` as its case was at `revision` (an older revision than the one kept is
    /// not kept).
    pub(crate) fn keep(&self, revision: i64, stored: Arc<StoredCase>) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.tick += 1;
        let tick = inner.tick;
        let id = stored.id;
        if inner.cases.get(&id).is_some_and(|e| e.revision > revision) {
            return;
        }
        if inner.cases.len() >= KEPT_CASES && !inner.cases.contains_key(&id) {
            inner.forget_older_half();
        }
        let entry = Entry {
            revision,
            stored,
            used: tick,
        };
        inner.cases.insert(id, entry);
    }

    /// How many cases are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.cases.len())
    }
}

impl Inner {
    /// Drops the least recently used half (one sort every `KEPT_CASES / 2` new cases).
    fn forget_older_half(&mut self) {
        let mut used: Vec<u64> = self.cases.values().map(|e| e.used).collect();
        let middle = used.len() / 2;
        let (_, median, _) = used.select_nth_unstable(middle);
        let median = *median;
        self.cases.retain(|_, e| e.used >= median);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::cases::load;
    use crate::db::notes::tests::case_of_jana;
    use crate::db::test_db::fresh_db;

    #[tokio::test]
    async fn a_kept_case_is_found_only_at_its_revision_and_the_newest_is_kept() {
        let (db, _dir) = fresh_db().await;
        let (case, _) = case_of_jana(&db).await;
        let stored = Arc::new(load(&db, case).await.unwrap());
        let kept = KeptCases::default();
        kept.keep(7, Arc::clone(&stored));
        assert!(kept.get(case, 7).is_some());
        assert!(kept.get(case, 8).is_none());
        assert!(kept.get(case, 6).is_none());
        kept.keep(9, Arc::clone(&stored));
        assert!(kept.get(case, 9).is_some());
        // An older state read late does not replace a newer one.
        kept.keep(8, Arc::clone(&stored));
        assert!(kept.get(case, 9).is_some());
        assert!(kept.get(case, 8).is_none());
    }

    #[tokio::test]
    async fn a_full_store_forgets_the_least_recently_used_half() {
        let (db, _dir) = fresh_db().await;
        let (case, _) = case_of_jana(&db).await;
        let stored = load(&db, case).await.unwrap();
        let kept = KeptCases::default();
        let id = |n: usize| CaseId(i64::try_from(n).unwrap() + 1_000);
        for n in 0..KEPT_CASES {
            let mut one = stored.clone();
            one.id = id(n);
            kept.keep(1, Arc::new(one));
        }
        assert_eq!(kept.len(), KEPT_CASES);
        // The first one is used again: it is the most recent now.
        assert!(kept.get(id(0), 1).is_some());
        let mut last = stored.clone();
        last.id = id(KEPT_CASES);
        kept.keep(1, Arc::new(last));
        assert!(kept.len() <= KEPT_CASES / 2 + 2, "{}", kept.len());
        assert!(kept.get(id(0), 1).is_some(), "used recently");
        assert!(kept.get(id(KEPT_CASES), 1).is_some(), "just kept");
        assert!(kept.get(id(1), 1).is_none(), "least recently used");
    }
}
