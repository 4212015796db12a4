//! The erasure ledger: one JSON line per erasure (ids, scope, reason category, when: no
//! personal data), appended and flushed to disk before the erasure is applied, kept outside
//! the database so that restoring a backup made before an erasure cannot bring the person
//! back: on start softland applies again every entry the database does not record
//! (docs/operations.md, "Backups and the erasure ledger"). Each line names the database it
//! was written for (its random identity), and an erasure that failed is followed by a
//! cancellation line of the same id, so a ledger never erases in another database nor
//! applies later what failed now.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// One erasure as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The erasure's id.
    pub id: String,
    /// The case.
    pub case: i64,
    /// `household` or `person`.
    pub scope: String,
    /// The people erased.
    pub people: Vec<i64>,
    /// Their accounts.
    pub users: Vec<i64>,
    /// The reason category.
    pub reason: String,
    /// When (RFC 3339).
    pub at: String,
    /// The identity of the database it was written for (empty: unknown, never applied).
    #[serde(default)]
    pub database: String,
    /// A cancellation: the erasure of this id failed and must never be applied.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
}

/// Appends `entry` to the ledger at `path` (created if missing) and flushes it to disk.
pub fn append(path: &Path, entry: &Entry) -> anyhow::Result<()> {
    let mut line = serde_json::to_string(entry).context("writing a ledger entry")?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening the erasure ledger {}", path.display()))?;
    file.write_all(line.as_bytes())
        .context("appending to the erasure ledger")?;
    file.sync_all().context("flushing the erasure ledger")?;
    Ok(())
}

/// Every entry of the ledger at `path` (none when it does not exist yet). A line that is not
/// an entry (a torn last write) is skipped with a warning.
pub fn read(path: &Path) -> anyhow::Result<Vec<Entry>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("reading the erasure ledger {}", path.display()));
        }
    };
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Ok(entry) = serde_json::from_str(line) {
            entries.push(entry);
        } else {
            tracing::warn!(
                line = n + 1,
                "an erasure ledger line is not an entry; skipped"
            );
        }
    }
    Ok(entries)
}
