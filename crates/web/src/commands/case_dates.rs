//! A case's key dates: set, change or clear them; every due date that follows from them is
//! computed again, and the history says which moved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use softland_domain::case::Holder;
use softland_domain::date_format::long;
use softland_domain::date_input;
use softland_domain::{Calendar, Case, KeyDate};

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::audit::AuditAction;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::ids::CaseId;

/// One date to set (`Some`) or clear (`None`): the household's (`Holder::Household`) or a
/// person's own.
pub type DateSetting = (Holder, KeyDate, Option<NaiveDate>);

/// Sets or clears key dates of a case, the household's and people's own.
#[derive(Debug, Clone)]
pub struct ChangeKeyDates {
    /// The case.
    pub case: CaseId,
    /// The version the actor saw.
    pub expect: Expect,
    /// The dates to change; the others stay.
    pub dates: Vec<DateSetting>,
}

/// The form (and raw) name of person `person`'s own date `kind`: `p1.permit_expiry`.
pub fn person_field(person: usize, kind: KeyDate) -> String {
    format!("p{person}.{}", kind.as_str())
}

/// What the change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatesChanged {
    /// In a sentence: which dates were saved and which due dates moved.
    pub message: String,
}

impl ChangeKeyDates {
    /// The dates named in `raw` (a key date's identifier → `YYYY-MM-DD` or empty to clear;
    /// a person's own date as [`person_field`]), household dates first in the order of
    /// [`KeyDate::ALL`], then each person's; `every` also reads the household dates `raw`
    /// leaves out, as cleared (a form sends every field). (A person the case does not have
    /// is refused when the command runs.)
    pub fn dates(
        raw: &BTreeMap<String, String>,
        every: bool,
    ) -> Result<Vec<DateSetting>, CommandError> {
        let mut out = Vec::new();
        for kind in KeyDate::ALL {
            let text = match raw.get(kind.as_str()) {
                Some(text) => text.as_str(),
                None if every => "",
                None => continue,
            };
            let date = date_input::parse_optional(text)
                .map_err(|e| CommandError::invalid(Field::KeyDate(kind), e))?;
            out.push((Holder::Household, kind, date));
        }
        for name in raw.keys() {
            let Some((person, kind)) = name.strip_prefix('p').and_then(|rest| rest.split_once('.'))
            else {
                continue;
            };
            let (Ok(person), Ok(kind)) = (person.parse::<usize>(), kind.parse::<KeyDate>()) else {
                continue;
            };
            let date = date_input::parse_optional(&raw[name])
                .map_err(|e| CommandError::invalid(Field::PersonKeyDate(person, kind), e))?;
            out.push((Holder::Person(person), kind, date));
        }
        Ok(out)
    }

    /// Runs it (staff only).
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<DatesChanged, CommandError> {
        actor.must_be_staff()?;
        let dates = self.dates;
        let message = cases::update(&state.db, self.case, actor.id, self.expect, |case, cal| {
            let people = case.people().len();
            let stranger = dates.iter().find_map(|&(whose, kind, _)| match whose {
                Holder::Person(p) if p >= people => Some((p, kind)),
                _ => None,
            });
            if let Some((person, kind)) = stranger {
                return Err(CommandError::invalid(
                    Field::PersonKeyDate(person, kind),
                    Problem::NoSuchPerson(person),
                ));
            }
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
    dates: &[DateSetting],
) -> (String, Vec<AuditEntry>) {
    let mut audit = Vec::new();
    let mut moved = Vec::new();
    let mut added = Vec::new();
    for &(whose, kind, date) in dates {
        let (before, subject) = match whose {
            Holder::Household => (case.key_dates().get(kind), kind.label().to_owned()),
            Holder::Person(p) => (
                case.person_dates(p).get(kind),
                format!("{} — {}", kind.label(), case.holder_name(whose)),
            ),
        };
        if before == date {
            continue;
        }
        audit.push(AuditEntry::new(
            AuditAction::KeyDateChanged,
            subject,
            before.map(long),
            date.map(long),
        ));
        let change = case.set_date(whose, kind, date, cal);
        for &index in &change.repeated {
            let subject = case.item_subject(index);
            added.push(subject.clone());
            audit.push(AuditEntry::new(
                AuditAction::ItemAdded,
                subject,
                None,
                Some(format!(
                    "again: {} {}",
                    kind.event(),
                    date.map(long).unwrap_or_default()
                )),
            ));
        }
        for change in change.moved {
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
    let mut message = if audit.is_empty() {
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
    if !added.is_empty() {
        message.push_str(" New item(s) for an event that happened again: ");
        message.push_str(&added.join("; "));
        message.push('.');
    }
    (message, audit)
}
