//! Conversions between the case aggregate and its rows.

use chrono::NaiveDate;
use sea_orm::DbErr;
use softland_domain::case::{CaseStatus, ChecklistItem, DueOverride, Holder, ItemParts};
use softland_domain::deadline::{Deadline, Outcome};
use softland_domain::person::{
    Email, Nationality, Passport, PassportNumber, Person, PersonName, Relation,
};
use softland_domain::status::{ItemStatus, Reason};
use softland_domain::template::{Category, Doer, Watch};
use softland_domain::{ItemKey, RouteKey, StatusKind};

use super::super::DbError;
use super::super::entities::{cases, checklist_items, people};

pub(super) fn corrupt(what: &str, detail: impl std::fmt::Display) -> DbError {
    DbError::Other(DbErr::Custom(format!("stored {what} is invalid: {detail}")))
}

pub(super) fn person_from_row(row: &people::Model) -> Result<Person, DbError> {
    let passport = match (&row.passport_number, row.passport_expiry) {
        (Some(number), Some(expiry)) => Some(Passport {
            number: PassportNumber::parse(number).map_err(|e| corrupt("passport", e))?,
            expiry,
        }),
        _ => None,
    };
    Ok(Person {
        name: PersonName::parse(&row.name).map_err(|e| corrupt("name", e))?,
        relation: Relation::parse(&row.relation)
            .ok_or_else(|| corrupt("relation", &row.relation))?,
        date_of_birth: row.date_of_birth,
        nationality: Nationality::parse(&row.nationality).map_err(|e| corrupt("nationality", e))?,
        email: row
            .email
            .as_deref()
            .map(Email::parse)
            .transpose()
            .map_err(|e| corrupt("email", e))?,
        passport,
    })
}

/// The columns of a status.
pub(super) struct StatusColumns {
    pub status: &'static str,
    pub on: Option<NaiveDate>,
    pub reason: Option<String>,
}

pub(super) fn status_columns(status: &ItemStatus) -> StatusColumns {
    let (on, reason) = match status {
        ItemStatus::Submitted { on } | ItemStatus::Done { on } => (Some(*on), None),
        ItemStatus::NotApplicable { reason } => (None, Some(reason.to_string())),
        ItemStatus::ToDo | ItemStatus::InProgress => (None, None),
    };
    StatusColumns {
        status: status.kind().as_str(),
        on,
        reason,
    }
}

fn status_from_row(row: &checklist_items::Model) -> Result<ItemStatus, DbError> {
    let kind = StatusKind::parse(&row.status).ok_or_else(|| corrupt("status", &row.status))?;
    let on = || {
        row.status_on
            .ok_or_else(|| corrupt("status date", &row.status))
    };
    Ok(match kind {
        StatusKind::ToDo => ItemStatus::ToDo,
        StatusKind::InProgress => ItemStatus::InProgress,
        StatusKind::Submitted => ItemStatus::Submitted { on: on()? },
        StatusKind::Done => ItemStatus::Done { on: on()? },
        StatusKind::NotApplicable => ItemStatus::NotApplicable {
            reason: Reason::parse(row.status_reason.as_deref().unwrap_or_default())
                .map_err(|e| corrupt("reason", e))?,
        },
    })
}

pub(super) fn holder_column(holder: Holder) -> Option<i64> {
    match holder {
        Holder::Household => None,
        Holder::Person(p) => i64::try_from(p).ok(),
    }
}

fn json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, DbError> {
    serde_json::from_str(text).map_err(|e| corrupt(what, e))
}

pub(super) fn item_from_row(row: &checklist_items::Model) -> Result<ChecklistItem, DbError> {
    let rule: Option<softland_domain::DeadlineRule> =
        row.rule.as_deref().map(|r| json("rule", r)).transpose()?;
    let outcome = match (&rule, row.computed_due_on) {
        (None, _) => None,
        (Some(_), Some(due)) => Some(Outcome::Due(Deadline {
            due,
            opens: row.opens_on,
            explanation: row.explanation.clone().unwrap_or_default(),
        })),
        (Some(r), None) => Some(Outcome::Waiting(r.anchor().clone())),
    };
    let due_override = match (row.override_on, &row.override_reason) {
        (Some(date), Some(reason)) => Some(DueOverride {
            date,
            reason: Reason::parse(reason).map_err(|e| corrupt("override reason", e))?,
        }),
        _ => None,
    };
    let holder = match row.holder {
        None => Holder::Household,
        Some(p) => Holder::Person(usize::try_from(p).map_err(|e| corrupt("holder", e))?),
    };
    Ok(ChecklistItem::restore(ItemParts {
        key: ItemKey::parse(&row.key).map_err(|e| corrupt("key", e))?,
        holder,
        route: row
            .route
            .as_deref()
            .map(RouteKey::parse)
            .transpose()
            .map_err(|e| corrupt("route", e))?,
        template_version: row.template_version.and_then(|v| u32::try_from(v).ok()),
        title: row.title.clone(),
        category: Category::parse(&row.category)
            .ok_or_else(|| corrupt("category", &row.category))?,
        instructions: row.instructions.clone(),
        where_to_go: row.where_to_go.clone(),
        documents: json("documents", &row.documents)?,
        source: row.source.clone(),
        caveat: row.caveat.clone(),
        doer: Doer::parse(&row.doer).ok_or_else(|| corrupt("doer", &row.doer))?,
        watch: row
            .watch
            .as_deref()
            .map(|w| Watch::parse(w).ok_or_else(|| corrupt("watch", w)))
            .transpose()?,
        rule,
        depends_on: json("dependencies", &row.depends_on)?,
        status: status_from_row(row)?,
        due_override,
        outcome,
        anchor_on: row.anchor_on,
    }))
}

/// The computed columns of item `index`: (computed due, opens, explanation). The
/// explanation is the rule's, even when an override applies.
pub(super) fn outcome_columns(
    case: &softland_domain::Case,
    index: usize,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<String>) {
    let item = &case.items()[index];
    match &item.outcome() {
        Some(Outcome::Due(d)) => (Some(d.due), d.opens, Some(d.explanation.clone())),
        Some(Outcome::Waiting(anchor)) => {
            let title = match anchor {
                softland_domain::Anchor::ItemDone(key) => {
                    case.resolve(index, key).map(|d| case.items()[d].title())
                }
                softland_domain::Anchor::Date(_) => None,
            };
            let phrase = softland_domain::case::waiting_phrase(anchor, title);
            (None, None, Some(format!("waiting for {phrase}")))
        }
        None => (None, None, None),
    }
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

pub(super) fn case_status_from_row(row: &cases::Model) -> Result<CaseStatus, DbError> {
    Ok(match row.status.as_str() {
        "open" => CaseStatus::Open,
        "on_hold" => CaseStatus::OnHold {
            reason: Reason::parse(row.hold_reason.as_deref().unwrap_or("on hold"))
                .map_err(|e| corrupt("hold reason", e))?,
        },
        "closed" => CaseStatus::Closed {
            outcome: row
                .outcome
                .as_deref()
                .and_then(softland_domain::case::CaseOutcome::parse)
                .ok_or_else(|| corrupt("outcome", row.outcome.clone().unwrap_or_default()))?,
            on: row
                .closed_on
                .ok_or_else(|| corrupt("closing date", "missing"))?,
        },
        other => return Err(corrupt("case status", other)),
    })
}
