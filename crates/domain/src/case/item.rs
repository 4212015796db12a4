//! A case's checklist item: a copy of its template item (the case keeps what it was given),
//! its status, its computed due date and any override.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::deadline::{DeadlineRule, Outcome};
use crate::key::{ItemKey, RouteKey};
use crate::status::{ItemStatus, Reason};
use crate::template::{Category, Doer, TemplateItem, Watch};

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
    pub(crate) key: ItemKey,
    /// Whose item it is.
    pub(crate) holder: Holder,
    /// The route it came from; `None` for custom items.
    pub(crate) route: Option<RouteKey>,
    /// The version of the route's template it was generated from.
    pub(crate) template_version: Option<u32>,
    /// Title.
    pub(crate) title: String,
    /// Category.
    pub(crate) category: Category,
    /// Instructions for the expat.
    pub(crate) instructions: String,
    /// Where to go.
    pub(crate) where_to_go: String,
    /// Documents to bring.
    pub(crate) documents: Vec<String>,
    /// Source of the rule.
    pub(crate) source: String,
    /// Caution for consultants.
    pub(crate) caveat: Option<String>,
    /// Who does it, as the template said when the item was made.
    pub(crate) doer: Doer,
    /// Risk warning fed by this item.
    pub(crate) watch: Option<Watch>,
    /// The deadline rule the item was given.
    pub(crate) rule: Option<DeadlineRule>,
    /// Prerequisites by key.
    pub(crate) depends_on: Vec<ItemKey>,
    /// Current status.
    pub(crate) status: ItemStatus,
    /// Consultant's due date, if set.
    pub(crate) due_override: Option<DueOverride>,
    /// The last computed outcome of [`ChecklistItem::rule`].
    pub(crate) outcome: Option<Outcome>,
    /// The day of the event this item counts from, when it belongs to an earlier
    /// occurrence of a repeated event (a first move, when the household has moved again);
    /// `None`: it counts from the case's current date.
    pub(crate) anchor_on: Option<NaiveDate>,
}

/// An item as stored: what [`ChecklistItem::restore`] puts back together.
#[derive(Debug, Clone)]
pub struct ItemParts {
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
    /// Who does it.
    pub doer: Doer,
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
    /// The day of the earlier occurrence it counts from, if pinned to one.
    pub anchor_on: Option<NaiveDate>,
}

impl ChecklistItem {
    /// Whether `other` is this item with at most its computed due date changed.
    pub fn same_but_computed_due(&self, other: &Self) -> bool {
        let mut a = self.clone();
        a.outcome.clone_from(&other.outcome);
        a == *other
    }

    /// An item read back from storage, as a `Case` method left it.
    pub fn restore(parts: ItemParts) -> Self {
        Self {
            key: parts.key,
            holder: parts.holder,
            route: parts.route,
            template_version: parts.template_version,
            title: parts.title,
            category: parts.category,
            instructions: parts.instructions,
            where_to_go: parts.where_to_go,
            documents: parts.documents,
            source: parts.source,
            caveat: parts.caveat,
            doer: parts.doer,
            watch: parts.watch,
            rule: parts.rule,
            depends_on: parts.depends_on,
            status: parts.status,
            due_override: parts.due_override,
            outcome: parts.outcome,
            anchor_on: parts.anchor_on,
        }
    }

    /// The template key (`reg-tcn`), or `custom-N` for custom items.
    pub fn key(&self) -> &ItemKey {
        &self.key
    }

    /// Whose item it is.
    pub fn holder(&self) -> Holder {
        self.holder
    }

    /// The route it came from; `None` for custom items.
    pub fn route(&self) -> Option<&RouteKey> {
        self.route.as_ref()
    }

    /// The version of the route's template it was generated from.
    pub fn template_version(&self) -> Option<u32> {
        self.template_version
    }

    /// Title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Category.
    pub fn category(&self) -> Category {
        self.category
    }

    /// Instructions for the expat.
    pub fn instructions(&self) -> &str {
        &self.instructions
    }

    /// Where to go.
    pub fn where_to_go(&self) -> &str {
        &self.where_to_go
    }

    /// Documents to bring.
    pub fn documents(&self) -> &[String] {
        &self.documents
    }

    /// Source of the rule.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Caution for consultants.
    pub fn caveat(&self) -> Option<&str> {
        self.caveat.as_deref()
    }

    /// Who does it: the expat, or someone for them.
    pub fn doer(&self) -> Doer {
        self.doer
    }

    /// Risk warning fed by this item.
    pub fn watch(&self) -> Option<Watch> {
        self.watch
    }

    /// The deadline rule the item was given.
    pub fn rule(&self) -> Option<&DeadlineRule> {
        self.rule.as_ref()
    }

    /// Prerequisites by key.
    pub fn depends_on(&self) -> &[ItemKey] {
        &self.depends_on
    }

    /// Current status.
    pub fn status(&self) -> &ItemStatus {
        &self.status
    }

    /// Consultant's due date, if set.
    pub fn due_override(&self) -> Option<&DueOverride> {
        self.due_override.as_ref()
    }

    /// The last computed outcome of [`ChecklistItem::rule`].
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// The day of the earlier occurrence of its event it counts from, if pinned to one.
    pub fn anchor_on(&self) -> Option<NaiveDate> {
        self.anchor_on
    }

    /// The same duty for the next occurrence of its event: to do, counted from the case's
    /// current date, under the next occurrence's key.
    pub(crate) fn next_occurrence(&self) -> Self {
        Self {
            key: self.key.next_occurrence(),
            status: ItemStatus::ToDo,
            due_override: None,
            outcome: None,
            anchor_on: None,
            ..self.clone()
        }
    }

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
            doer: item.doer,
            watch: item.watch,
            rule: item.deadline.clone(),
            depends_on: item.depends_on.clone(),
            status: ItemStatus::ToDo,
            due_override: None,
            outcome: None,
            anchor_on: None,
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
            doer: Doer::Expat,
            watch: None,
            rule: None,
            depends_on: Vec::new(),
            status: ItemStatus::ToDo,
            due_override,
            outcome: None,
            anchor_on: None,
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
