//! Counts of the writes since start by the path that wrote them, for `/metrics`: which case
//! changes the writer thread saved and which fell back to the writer slot (and why), how
//! often a change was computed again because its case moved, and who else took the slot.
//! What a benchmark reads to tell where a write's time went (docs/performance.md, issue 25).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// A counted kind of write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteKind {
    /// A case change saved by the writer thread (`db::writer`).
    CaseByWriterThread,
    /// A case change that is not only rows of items and the case (`write::plan`): the slot
    /// writes it.
    CaseInSlotNotAPlan,
    /// A case change whose case moved under it at every attempt: the slot writes it.
    CaseInSlotStale,
    /// A case change whose plan found the writer thread stopped: the slot writes it.
    CaseInSlotWriterStopped,
    /// A case change where there is no writer thread (PostgreSQL, an in-memory database).
    CaseInSlotNoWriterThread,
    /// One attempt of a planned change found its case (or the calendar) moved: computed again.
    CaseStaleAttempt,
    /// A change that joined the slot's open batch (`Db::batched`).
    SlotBatched,
    /// A session saved to the table.
    SessionWritten,
    /// A session save that changed only its one-time message, kept in memory (SQLite).
    SessionFlashKept,
}

impl WriteKind {
    const ALL: [Self; 9] = [
        Self::CaseByWriterThread,
        Self::CaseInSlotNotAPlan,
        Self::CaseInSlotStale,
        Self::CaseInSlotWriterStopped,
        Self::CaseInSlotNoWriterThread,
        Self::CaseStaleAttempt,
        Self::SlotBatched,
        Self::SessionWritten,
        Self::SessionFlashKept,
    ];

    /// The metric's name and labels.
    fn metric(self) -> (&'static str, &'static str) {
        const CASES: &str = "softland_case_changes_total";
        const SESSIONS: &str = "softland_session_saves_total";
        match self {
            Self::CaseByWriterThread => (CASES, "path=\"writer_thread\""),
            Self::CaseInSlotNotAPlan => (CASES, "path=\"slot\",reason=\"not_a_plan\""),
            Self::CaseInSlotStale => (CASES, "path=\"slot\",reason=\"stale\""),
            Self::CaseInSlotWriterStopped => (CASES, "path=\"slot\",reason=\"writer_stopped\""),
            Self::CaseInSlotNoWriterThread => (CASES, "path=\"slot\",reason=\"no_writer_thread\""),
            Self::CaseStaleAttempt => ("softland_case_change_stale_attempts_total", ""),
            Self::SlotBatched => ("softland_write_slot_batched_total", ""),
            Self::SessionWritten => (SESSIONS, "kind=\"written\""),
            Self::SessionFlashKept => (SESSIONS, "kind=\"flash_kept_in_memory\""),
        }
    }

    fn help(name: &str) -> &'static str {
        match name {
            "softland_case_changes_total" => {
                "Case changes by the path that wrote them (the writer thread, or the writer slot and why)."
            }
            "softland_case_change_stale_attempts_total" => {
                "Planned case changes computed again because the case moved after it was read."
            }
            "softland_write_slot_batched_total" => {
                "Changes that joined the writer slot's open batch (group commit)."
            }
            _ => "Session saves: written to the table, or only a one-time message kept in memory.",
        }
    }
}

/// The counters (per instance, since start).
#[derive(Debug, Default)]
pub(crate) struct WriteCounts {
    counts: [AtomicU64; WriteKind::ALL.len()],
    /// Takes of the writer slot to oneself (`Db::write_guard`), by the source file that
    /// took it: a fixed set, the files of this program.
    exclusive: Mutex<BTreeMap<&'static str, u64>>,
}

impl WriteCounts {
    /// Counts one write of `kind`.
    pub(crate) fn count(&self, kind: WriteKind) {
        if let Some(i) = WriteKind::ALL.iter().position(|k| *k == kind) {
            self.counts[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Counts a take of the writer slot to oneself by code in `file`.
    pub(crate) fn count_exclusive(&self, file: &'static str) {
        if let Ok(mut exclusive) = self.exclusive.lock() {
            *exclusive.entry(short_file(file)).or_default() += 1;
        }
    }

    /// The Prometheus text of the counters.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let mut last = "";
        for (i, kind) in WriteKind::ALL.iter().enumerate() {
            let (name, labels) = kind.metric();
            if name != last {
                let _ = writeln!(out, "# HELP {name} {}", WriteKind::help(name));
                let _ = writeln!(out, "# TYPE {name} counter");
                last = name;
            }
            let n = self.counts[i].load(Ordering::Relaxed);
            if labels.is_empty() {
                let _ = writeln!(out, "{name} {n}");
            } else {
                let _ = writeln!(out, "{name}{{{labels}}} {n}");
            }
        }
        out.push_str(
            "# HELP softland_write_slot_exclusive_total Takes of the writer slot to oneself (every write but the batched and the writer thread's), by source file.\n\
             # TYPE softland_write_slot_exclusive_total counter\n",
        );
        if let Ok(exclusive) = self.exclusive.lock() {
            for (file, n) in exclusive.iter() {
                let _ = writeln!(
                    out,
                    "softland_write_slot_exclusive_total{{file=\"{file}\"}} {n}"
                );
            }
        }
        out
    }
}

/// `file` from the crate's `src/` on (`db/jobs.rs`).
fn short_file(file: &'static str) -> &'static str {
    file.rsplit_once("/src/").map_or(file, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_rendered_once_with_its_labels() {
        let counts = WriteCounts::default();
        counts.count(WriteKind::CaseByWriterThread);
        counts.count(WriteKind::CaseByWriterThread);
        counts.count(WriteKind::CaseInSlotStale);
        counts.count_exclusive("crates/web/src/db/jobs.rs");
        counts.count_exclusive("crates/web/src/db/jobs.rs");
        let text = counts.render();
        assert!(text.contains("softland_case_changes_total{path=\"writer_thread\"} 2\n"));
        assert!(text.contains("softland_case_changes_total{path=\"slot\",reason=\"stale\"} 1\n"));
        assert!(
            text.contains("softland_case_changes_total{path=\"slot\",reason=\"not_a_plan\"} 0\n")
        );
        assert!(text.contains("softland_write_slot_batched_total 0\n"));
        assert!(text.contains("softland_write_slot_exclusive_total{file=\"db/jobs.rs\"} 2\n"));
        assert_eq!(
            text.matches("# TYPE softland_case_changes_total counter")
                .count(),
            1
        );
        assert_eq!(
            text.matches("# TYPE softland_session_saves_total counter")
                .count(),
            1
        );
    }
}
