//! A case's checklist item: a copy of its template item (the case keeps what it was given),
//! its status, its computed due date and any override.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::deadline::{DeadlineRule, Outcome};
use crate::key::{ItemKey, RouteKey};
use crate::status::{ItemStatus, Reason};
use crate::template::{Category, TemplateItem, Watch};

/// Whose item it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Holder {
    /// The whole household.
    Household,
    /// One person, by index in [`super::Case::people`] (0 is the principal).
    Person(usize),
}

/// A due date set by a consultant instead of the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueOverride {
    /// The date that applies.
    pub date: NaiveDate,
    /// Why.
    pub reason: Reason,
}

/// A consultant's own item, outside any template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomItem {
    /// What to do.
    pub title: String,
    /// Where it is grouped.
    pub category: Category,
    /// Whose it is.
    pub holder: Holder,
    /// Instructions for the expat (may be empty).
    pub instructions: String,
    /// Due date, if any.
    pub due: Option<NaiveDate>,
}

/// One line of a case's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The template key (`reg-tcn`), or `custom-N` for custom items.
    pub key: ItemKey,
    /// Whose item it is.
    pub holder: Holder,
    /// The route it came from; `None` for custom items.
    pub route: Option<RouteKey>,
    /// The version of the route's template it was generated from.
    pub template_version: Option<u32>,
    /// Title.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Instructions for the expat.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// Documents to bring.
    pub documents: Vec<String>,
    /// Source of the rule.
    pub source: String,
    /// Caution for consultants.
    pub caveat: Option<String>,
    /// Risk warning fed by this item.
    pub watch: Option<Watch>,
    /// The deadline rule the item was given.
    pub rule: Option<DeadlineRule>,
    /// Prerequisites by key.
    pub depends_on: Vec<ItemKey>,
    /// Current status.
    pub status: ItemStatus,
    /// Consultant's due date, if set.
    pub due_override: Option<DueOverride>,
    /// The last computed outcome of [`ChecklistItem::rule`].
    pub outcome: Option<Outcome>,
}

impl ChecklistItem {
    /// A fresh item from a template item.
    pub fn from_template(item: &TemplateItem, template: (&RouteKey, u32), holder: Holder) -> Self {
        Self {
            key: item.key.clone(),
            holder,
            route: Some(template.0.clone()),
            template_version: Some(template.1),
            title: item.title.clone(),
            category: item.category,
            instructions: item.instructions.clone(),
            where_to_go: item.where_to_go.clone(),
            documents: item.documents.clone(),
            source: item.source.clone(),
            caveat: item.caveat.clone(),
            watch: item.watch,
            rule: item.deadline.clone(),
            depends_on: item.depends_on.clone(),
            status: ItemStatus::ToDo,
            due_override: None,
            outcome: None,
        }
    }

    /// A custom item numbered `number` within its case.
    pub fn custom(custom: CustomItem, number: usize) -> Self {
        let key = ItemKey::custom(number);
        let due_override = custom.due.map(|date| DueOverride {
            date,
            reason: Reason::fixed("set when the item was added"),
        });
        Self {
            key,
            holder: custom.holder,
            route: None,
            template_version: None,
            title: custom.title,
            category: custom.category,
            instructions: custom.instructions,
            where_to_go: String::new(),
            documents: Vec::new(),
            source: String::new(),
            caveat: None,
            watch: None,
            rule: None,
            depends_on: Vec::new(),
            status: ItemStatus::ToDo,
            due_override,
            outcome: None,
        }
    }

    /// The due date that applies: the override, else the computed one.
    pub fn due(&self) -> Option<NaiveDate> {
        self.due_override
            .as_ref()
            .map(|o| o.date)
            .or_else(|| self.computed_due())
    }

    /// The due date the rule gives, ignoring any override.
    pub fn computed_due(&self) -> Option<NaiveDate> {
        match &self.outcome {
            Some(Outcome::Due(d)) => Some(d.due),
            _ => None,
        }
    }

    /// The first day of the item's window, for window rules.
    pub fn opens(&self) -> Option<NaiveDate> {
        match &self.outcome {
            Some(Outcome::Due(d)) => d.opens,
            _ => None,
        }
    }

    /// The one-line explanation of the due date. `anchor_title` names the item a `done:`
    /// anchor waits for (see [`super::Case::explanation`]).
    pub fn explanation_with(&self, anchor_title: Option<&str>) -> Option<String> {
        if let Some(o) = &self.due_override {
            return Some(format!("set by the consultant: {}", o.reason));
        }
        match &self.outcome {
            Some(Outcome::Due(d)) => Some(d.explanation.clone()),
            Some(Outcome::Waiting(anchor)) => Some(format!(
                "waiting for {}",
                waiting_phrase(anchor, anchor_title)
            )),
            None => None,
        }
    }
}

/// "the arrival date" for a key date; for an item anchor, the item's `title` in quotes
/// ("“Give your biometrics” to be done").
pub fn waiting_phrase(anchor: &crate::deadline::Anchor, title: Option<&str>) -> String {
    match anchor {
        crate::deadline::Anchor::Date(kind) => format!("the {}", kind.noun()),
        crate::deadline::Anchor::ItemDone(key) => {
            format!("“{}” to be done", title.unwrap_or(key.as_str()))
        }
    }
}
