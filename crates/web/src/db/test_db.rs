//! A fresh database for the crate's unit tests.

use chrono::NaiveDate;
use tempfile::TempDir;

use super::{Db, templates};

/// A migrated SQLite database with the shipped templates, in a directory removed on drop.
pub(crate) async fn fresh_db() -> (Db, TempDir) {
    let dir = TempDir::new().unwrap();
    let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
    let db = Db::connect(&url, 4).await.unwrap();
    db.migrate().await.unwrap();
    templates::ensure_shipped(&db).await.unwrap();
    (db, dir)
}

/// The fixed "today" of the unit tests.
pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}
