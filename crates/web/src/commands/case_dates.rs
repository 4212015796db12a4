//! A case's key dates: set, change or clear them; every due date that follows from them is
//! computed again, and the history says which moved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use softland_domain::date_format::long;
use softland_domain::date_input;
use softland_domain::{Calendar, Case, KeyDate};

use super::{Actor, CommandError, Field};
use crate::app::AppState;
use crate::audit::AuditAction;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::ids::CaseId;

/// Sets (`Some`) or clears (`None`) key dates of a case.
#[derive(Debug, Clone)]
pub struct ChangeKeyDates {
    /// The case.
    pub case: CaseId,
    /// The version the actor saw.
    pub expect: Expect,
    /// The dates to change; the others stay.
    pub dates: Vec<(KeyDate, Option<NaiveDate>)>,
}

/// What the change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatesChanged {
    /// In a sentence: which dates were saved and which due dates moved.
    pub message: String,
}

impl ChangeKeyDates {
    /// The dates named in `raw` (a key date's identifier → `YYYY-MM-DD` or empty to clear),
    /// in the order of [`KeyDate::ALL`]; `every` also reads the key dates `raw` leaves out,
    /// as cleared (a form sends every field).
    pub fn dates(
        raw: &BTreeMap<String, String>,
        every: bool,
    ) -> Result<Vec<(KeyDate, Option<NaiveDate>)>, CommandError> {
        let mut out = Vec::new();
        for kind in KeyDate::ALL {
            let text = match raw.get(kind.as_str()) {
                Some(text) => text.as_str(),
                None if every => "",
                None => continue,
            };
            let date = date_input::parse_optional(text)
                .map_err(|e| CommandError::invalid(Field::KeyDate(kind), e))?;
            out.push((kind, date));
        }
        Ok(out)
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<DatesChanged, CommandError> {
        actor.must_be_staff()?;
        let dates = self.dates;
        let message = cases::update(&state.db, self.case, actor.id, self.expect, |case, cal| {
            Ok::<_, CommandError>(change_dates(case, cal, &dates))
        })
        .await?;
        Ok(DatesChanged { message })
    }
}

/// Applies `dates` to `case`: the message and the history lines (each date, each due date
/// that moved).
pub(crate) fn change_dates(
    case: &mut Case,
    cal: &Calendar,
    dates: &[(KeyDate, Option<NaiveDate>)],
) -> (String, Vec<AuditEntry>) {
    let mut audit = Vec::new();
    let mut moved = Vec::new();
    for &(kind, date) in dates {
        let before = case.key_dates().get(kind);
        if before == date {
            continue;
        }
        audit.push(AuditEntry::new(
            AuditAction::KeyDateChanged,
            kind.label(),
            before.map(long),
            date.map(long),
        ));
        for change in case.set_key_date(kind, date, cal) {
            let subject = case.item_subject(change.index);
            let show = |d: Option<NaiveDate>| d.map_or_else(|| "no date".to_owned(), long);
            moved.push(format!(
                "{subject}: {} → {}",
                show(change.before),
                show(change.after)
            ));
            audit.push(AuditEntry::new(
                AuditAction::ItemDueMoved,
                subject,
                change.before.map(long),
                change.after.map(long),
            ));
        }
    }
    let message = if audit.is_empty() {
        "Nothing changed.".to_owned()
    } else if moved.is_empty() {
        "Dates saved; no due date moved.".to_owned()
    } else {
        format!(
            "Dates saved. {} due date(s) moved: {}.",
            moved.len(),
            moved.join("; ")
        )
    };
    (message, audit)
}
