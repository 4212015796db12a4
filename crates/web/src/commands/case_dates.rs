//! A case's key dates: set, change or clear them; every due date that follows from them is
//! computed again, and the history says which moved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use softland_domain::case::{DateChange, DateField, DateIssue, Holder, Reevaluation, order_issues};
use softland_domain::date_format::long;
use softland_domain::date_input;
use softland_domain::status::ItemStatus;
use softland_domain::template::ChecklistTemplate;
use softland_domain::{Calendar, Case, KeyDate};

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::audit::AuditAction;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::db::templates;
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
        if raw.contains_key(KeyDate::PassportExpiry.as_str()) {
            return Err(CommandError::invalid(
                Field::KeyDate(KeyDate::PassportExpiry),
                Problem::FromWallet,
            ));
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
        // The rule versions and age limits of the case's templates are judged again on the
        // new dates: an item may apply now, or no longer.
        let stored = cases::load(&state.db, self.case).await?;
        let templates = templates::of_case(&state.db, &stored.case).await?;
        let today = state.config.today();
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
            if let Some(field) = from_wallet(case, &dates) {
                return Err(CommandError::invalid(field, Problem::FromWallet));
            }
            let (mut message, mut audit) = change_dates(case, cal, &dates);
            if let Some(err) = out_of_order(case, &dates) {
                return Err(err);
            }
            if !audit.is_empty() {
                let refs: Vec<&ChecklistTemplate> = templates.iter().collect();
                let judged = case.reevaluate(&refs, today, cal);
                reevaluation_lines(case, &judged, &mut message, &mut audit);
            }
            Ok::<_, CommandError>((message, audit))
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
    let mut lines = DateLines::default();
    for &(whose, kind, date) in dates {
        let before = match whose {
            Holder::Household => case.key_dates().get(kind),
            Holder::Person(p) => case.person_dates(p).get(kind),
        };
        if before == date {
            continue;
        }
        let change = case.set_date(whose, kind, date, cal);
        lines.record(case, whose, kind, before, date, &change);
    }
    let message = lines.message();
    (message, lines.audit)
}

/// The history lines and the message's words of dates that changed.
#[derive(Debug, Default)]
pub(crate) struct DateLines {
    /// The history lines.
    pub(crate) audit: Vec<AuditEntry>,
    moved: Vec<String>,
    added: Vec<String>,
}

impl DateLines {
    /// Records that `whose`'s date `kind` went from `before` to `date`, with what followed.
    pub(crate) fn record(
        &mut self,
        case: &Case,
        whose: Holder,
        kind: KeyDate,
        before: Option<NaiveDate>,
        date: Option<NaiveDate>,
        change: &DateChange,
    ) {
        let subject = match whose {
            Holder::Household => kind.label().to_owned(),
            Holder::Person(_) => format!("{} — {}", kind.label(), case.holder_name(whose)),
        };
        self.audit.push(AuditEntry::new(
            AuditAction::KeyDateChanged,
            subject,
            before.map(long),
            date.map(long),
        ));
        self.record_moves(case, kind, date, change);
    }

    /// Records the items added for a repeated event and the due dates that moved.
    pub(crate) fn record_moves(
        &mut self,
        case: &Case,
        kind: KeyDate,
        date: Option<NaiveDate>,
        change: &DateChange,
    ) {
        for &index in &change.repeated {
            let subject = case.item_subject(index);
            self.added.push(subject.clone());
            self.audit.push(AuditEntry::new(
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
        for change in &change.moved {
            let subject = case.item_subject(change.index);
            let show = |d: Option<NaiveDate>| d.map_or_else(|| "no date".to_owned(), long);
            self.moved.push(format!(
                "{subject}: {} → {}",
                show(change.before),
                show(change.after)
            ));
            self.audit.push(AuditEntry::new(
                AuditAction::ItemDueMoved,
                subject,
                change.before.map(long),
                change.after.map(long),
            ));
        }
    }

    /// The message: which dates were saved and which due dates moved.
    pub(crate) fn message(&self) -> String {
        let mut message = if self.audit.is_empty() {
            "Nothing changed.".to_owned()
        } else if self.moved.is_empty() {
            "Dates saved; no due date moved.".to_owned()
        } else {
            format!(
                "Dates saved. {} due date(s) moved: {}.",
                self.moved.len(),
                self.moved.join("; ")
            )
        };
        if !self.added.is_empty() {
            message.push_str(" New item(s) for an event that happened again: ");
            message.push_str(&self.added.join("; "));
            message.push('.');
        }
        message
    }
}

/// The first of `dates` that would change a date the document wallet supplies (a person's
/// own permit, visa or insurance date while they have such a document; a passport expiry
/// always): those change in the wallet, so that the two never disagree.
fn from_wallet(case: &Case, dates: &[DateSetting]) -> Option<Field> {
    dates.iter().find_map(|&(whose, kind, date)| match whose {
        Holder::Person(p) if case.is_from_wallet(p, kind) && case.date_for(whose, kind) != date => {
            Some(Field::PersonKeyDate(p, kind))
        }
        Holder::Household if kind.is_from_passport() => Some(Field::KeyDate(kind)),
        _ => None,
    })
}

/// The history entries and the message's words for what [`Case::reevaluate`] did.
fn reevaluation_lines(
    case: &Case,
    judged: &Reevaluation,
    message: &mut String,
    audit: &mut Vec<AuditEntry>,
) {
    for &index in &judged.added {
        audit.push(AuditEntry::new(
            AuditAction::ItemAdded,
            case.item_subject(index),
            None,
            Some("applies now that the dates changed".to_owned()),
        ));
    }
    for &index in judged.withdrawn.iter().chain(&judged.reinstated) {
        let status = case.items()[index].status();
        let reason = match status {
            ItemStatus::NotApplicable { reason } => Some(reason.to_string()),
            _ => None,
        };
        let after = reason.as_ref().map_or_else(
            || status.kind().label().to_owned(),
            |r| format!("{}: {r}", status.kind().label()),
        );
        let mut entry = AuditEntry::new(
            AuditAction::ItemStatus,
            case.item_subject(index),
            None,
            Some(after),
        );
        entry.item = Some((index, reason));
        audit.push(entry);
    }
    let words = |indexes: &[usize]| {
        indexes
            .iter()
            .map(|&i| case.item_subject(i))
            .collect::<Vec<_>>()
            .join("; ")
    };
    if !judged.added.is_empty() {
        message.push_str(" Now applies: ");
        message.push_str(&words(&judged.added));
        message.push('.');
    }
    if !judged.withdrawn.is_empty() {
        message.push_str(" No longer applies (marked not applicable): ");
        message.push_str(&words(&judged.withdrawn));
        message.push('.');
    }
    if !judged.reinstated.is_empty() {
        message.push_str(" Applies again: ");
        message.push_str(&words(&judged.reinstated));
        message.push('.');
    }
}

/// The first date the change puts out of order with another (for the household, or for a
/// person whose dates it changed), as the error of the changed field. Dates already out of
/// order that this change does not touch are left alone.
fn out_of_order(case: &Case, dates: &[DateSetting]) -> Option<CommandError> {
    let changed = |whose: Holder, kind: KeyDate| {
        dates
            .iter()
            .any(|&(w, k, _)| k == kind && (w == whose || w == Holder::Household))
    };
    let mut holders = vec![Holder::Household];
    holders.extend(dates.iter().filter_map(|&(w, _, _)| match w {
        Holder::Person(_) => Some(w),
        Holder::Household => None,
    }));
    for whose in holders {
        let issues = order_issues(|kind| case.date_for(whose, kind));
        for issue in issues {
            let DateField::KeyDate(field) = issue.field() else {
                continue;
            };
            let earlier = match &issue {
                DateIssue::OutOfOrder { earlier, .. } => *earlier,
                DateIssue::ArrivalAfterExpiry { expiry, .. } => *expiry,
                DateIssue::InsuranceEndsBeforeArrival { .. } => KeyDate::Arrival,
                _ => field,
            };
            // Beside the date this change set: the later one, else the other.
            let field = if changed(whose, field) {
                field
            } else if changed(whose, earlier) {
                earlier
            } else {
                continue;
            };
            let field = match whose {
                Holder::Household => Field::KeyDate(field),
                Holder::Person(p) => Field::PersonKeyDate(p, field),
            };
            return Some(CommandError::invalid(field, Problem::DateOrder(issue)));
        }
    }
    None
}
