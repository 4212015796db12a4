//! A checklist item as the API shows it: its template key, status, due date, window and the
//! one-line explanation of its date arithmetic, all taken from the domain.

use chrono::NaiveDate;
use serde::Serialize;
use softland_domain::Calendar;
use softland_domain::case::{ChecklistItem, Holder};
use softland_domain::status::ItemStatus;
use softland_domain::{DeadlineRule, StatusKind};
use utoipa::ToSchema;

use crate::api::schema;
use crate::db::cases::StoredCase;

/// A due date set by a consultant instead of the computed one.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueOverrideOut {
    /// The date that applies.
    pub date: NaiveDate,
    /// Why (staff tokens only: empty for an expat's token, as it is internal).
    pub reason: String,
}

/// Something a change was saved with but that deserves a second look.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningOut {
    /// What kind: `due_on_day_off`, `due_on_office_closure`, `filed_before_window`.
    #[schema(example = "due_on_day_off")]
    pub code: String,
    /// In a sentence.
    pub message: String,
}

/// One line of a case's checklist.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ItemOut {
    /// Item id.
    pub id: i64,
    /// The case it belongs to.
    pub case_id: i64,
    /// Its version (changes with anything but a recomputed due date); see `ETag`.
    pub version: i64,
    /// The template key (`reg-tcn`), or `custom-N` for a consultant's own item.
    #[schema(example = "reg-tcn")]
    pub key: String,
    /// The route it came from; `null` for custom items.
    pub route: Option<String>,
    /// Whose item: `household`, or the person's index in `people` (`0` is the principal).
    #[schema(schema_with = schema::holder)]
    pub holder: String,
    /// The holder's name ("Whole household" for household items).
    pub holder_name: String,
    /// Title.
    pub title: String,
    /// Category.
    #[schema(schema_with = schema::category)]
    pub category: String,
    /// Status.
    #[schema(schema_with = schema::item_status)]
    pub status: String,
    /// The status in plain words, as the expat sees it.
    pub status_label: String,
    /// The day it was submitted or done, for those statuses.
    pub status_on: Option<NaiveDate>,
    /// Why it is not applicable, for that status (staff tokens only: internal).
    pub status_reason: Option<String>,
    /// The due date that applies (the override, else the computed one).
    pub due_on: Option<NaiveDate>,
    /// The due date the rule gives, ignoring any override.
    pub computed_due_on: Option<NaiveDate>,
    /// The first day of the window, for rules with a window.
    pub opens_on: Option<NaiveDate>,
    /// The last day of the window (the computed due date), for rules with a window.
    pub closes_on: Option<NaiveDate>,
    /// The consultant's override, if any.
    pub due_override: Option<DueOverrideOut>,
    /// When the office is closed on the due day (a closure the centre entered): the last day
    /// before it that it is open, to go by. `due_on` stays the legal date: closures never
    /// move a deadline.
    pub go_by: Option<NaiveDate>,
    /// The one-line explanation of the due date's arithmetic, or what it waits for.
    #[schema(
        example = "arrived Wed 23 Dec 2026 + 3 working days, skipping 24–27 Dec → Wed 30 Dec 2026"
    )]
    pub explanation: Option<String>,
    /// Titles of unfinished prerequisites (work cannot start while any remain).
    pub waiting_for: Vec<String>,
    /// The actions the current status allows.
    #[schema(schema_with = schema::actions)]
    pub allowed_actions: Vec<String>,
    /// Plain-English instructions for the expat.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// Documents to bring.
    pub documents: Vec<String>,
    /// The official source of the rule.
    pub source: String,
    /// A caution for consultants (never shown to expats' tokens).
    pub caveat: Option<String>,
    /// Keys of the items that must be finished first.
    pub depends_on: Vec<String>,
    /// Only in the answer to a change, and only when there is something to look at: a due
    /// date set on a day no office is open, an item marked filed before its window opens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<WarningOut>,
}

/// The holder as the API writes it: `household` or the person's index.
pub fn holder_text(holder: Holder) -> String {
    match holder {
        Holder::Household => "household".to_owned(),
        Holder::Person(p) => p.to_string(),
    }
}

fn status_detail(status: &ItemStatus) -> (Option<NaiveDate>, Option<String>) {
    match status {
        ItemStatus::Submitted { on } | ItemStatus::Done { on } => (Some(*on), None),
        ItemStatus::NotApplicable { reason } => (None, Some(reason.to_string())),
        ItemStatus::ToDo | ItemStatus::InProgress => (None, None),
    }
}

impl ItemOut {
    /// Item `index` of `stored`; `for_staff` decides whether consultants' cautions show.
    pub fn build(stored: &StoredCase, index: usize, for_staff: bool, cal: &Calendar) -> Self {
        let case = &stored.case;
        let item = &case.items()[index];
        let mut out = Self {
            id: stored.item_ids[index].0,
            case_id: stored.id.0,
            version: stored.item_versions[index],
            key: item.key().to_string(),
            route: item.route().map(ToString::to_string),
            holder: holder_text(item.holder()),
            holder_name: case.holder_name(item.holder()),
            title: item.title().to_owned(),
            category: item.category().as_str().to_owned(),
            explanation: case.explanation(index),
            waiting_for: case.waiting_for(index),
            ..Self::default()
        };
        out.set_status(item.status());
        out.set_dates(item);
        out.go_by = item
            .due()
            .filter(|_| item.status().kind().is_open())
            .and_then(|due| cal.go_by(due));
        out.set_texts(item, for_staff);
        if !for_staff {
            // Internal, like the caveat: why a consultant marked an item so, and why they
            // moved its date (the portal shows neither).
            out.status_reason = None;
            if let Some(over) = out.due_override.as_mut() {
                over.reason.clear();
            }
        }
        out
    }

    fn set_status(&mut self, status: &ItemStatus) {
        let kind: StatusKind = status.kind();
        (self.status_on, self.status_reason) = status_detail(status);
        kind.as_str().clone_into(&mut self.status);
        kind.label().clone_into(&mut self.status_label);
        self.allowed_actions = status
            .allowed_actions()
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect();
    }

    fn set_dates(&mut self, item: &ChecklistItem) {
        let is_window = matches!(item.rule(), Some(DeadlineRule::Window { .. }));
        self.due_on = item.due();
        self.computed_due_on = item.computed_due();
        self.opens_on = item.opens();
        self.closes_on = if is_window { item.computed_due() } else { None };
        self.due_override = item.due_override().map(|o| DueOverrideOut {
            date: o.date,
            reason: o.reason.to_string(),
        });
    }

    fn set_texts(&mut self, item: &ChecklistItem, for_staff: bool) {
        item.instructions().clone_into(&mut self.instructions);
        item.where_to_go().clone_into(&mut self.where_to_go);
        item.documents().clone_into(&mut self.documents);
        item.source().clone_into(&mut self.source);
        self.caveat = item.caveat().map(str::to_owned).filter(|_| for_staff);
        self.depends_on = item.depends_on().iter().map(ToString::to_string).collect();
    }
}

/// A case's checklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemList {
    /// The items, in checklist order.
    pub items: Vec<ItemOut>,
}
