//! The checklist of the case page: steps in the order they are done (the item categories),
//! one row per task, and on each row a chip per person with that person's status. The same
//! task for four family members is one row with four chips, each changeable on its own.

use chrono::NaiveDate;
use softland_domain::date_format::long;

use crate::views::due::describe;
use softland_domain::status::ItemStatus;
use softland_domain::template::Category;
use softland_domain::{Calendar, Case, Holder};

use crate::db::cases::StoredCase;

/// A status button.
pub struct ActionView {
    /// Form value.
    pub name: &'static str,
    /// Button label.
    pub label: &'static str,
    /// Whether a reason must be typed.
    pub needs_reason: bool,
}

/// One person's item of a task: their status and everything that changes it.
pub struct Chip {
    /// Item id.
    pub id: i64,
    /// Its element id, `item-17`.
    pub anchor: String,
    /// Item version.
    pub version: i64,
    /// The person's name, or "Whole household".
    pub who: String,
    /// Status words ("To do", "Cannot start yet" …), the same as on buttons and in the history.
    pub status: &'static str,
    /// CSS class of the status (`to_do`, `done` …, `not_yet` for a task that cannot start).
    pub status_class: &'static str,
    /// Status detail: "filed Mon 4 Jan 2027", "done …", "not needed: reason".
    pub status_detail: String,
    /// "Wed 30 Dec 2026" or empty.
    pub due: String,
    /// YYYY-MM-DD of the due date (for the override form).
    pub due_iso: String,
    /// "3 working days left" / "overdue by 2 working days".
    pub remaining: String,
    /// Urgency class.
    pub urgency: &'static str,
    /// "The office is closed on …; go by …", or empty.
    pub office_advice: String,
    /// The arithmetic.
    pub explanation: String,
    /// "Can be filed from Mon 29 May 2028 until Tue 26 Sep 2028" for windows.
    pub window: String,
    /// "waiting for …" when prerequisites are not done.
    pub blocked: String,
    /// Buttons.
    pub actions: Vec<ActionView>,
    /// Whether the due date is overridden.
    pub overridden: bool,
    /// Whether the item is not finished (to do, in progress or waiting for the authority).
    pub unfinished: bool,
    /// Whether the chip's summary shows its own due date (the task's people differ).
    pub own_due: bool,
}

/// One task: the same checklist item for everyone who has it.
pub struct Task {
    /// The row's element id (`task-17`, after its first item).
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Template key.
    pub key: String,
    /// Instructions for the expat.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// Documents.
    pub documents: Vec<String>,
    /// Source URL.
    pub source: String,
    /// Caution for consultants.
    pub caveat: String,
    /// The due date the row shows: the earliest of its unfinished chips.
    pub due: String,
    /// "3 working days left" for that date.
    pub remaining: String,
    /// Its urgency class.
    pub urgency: &'static str,
    /// The people's chips.
    pub chips: Vec<Chip>,
    /// Whether every chip is done or not needed.
    pub finished: bool,
}

/// One step of the checklist (a category), numbered in the order steps are done.
pub struct Step {
    /// 1, 2, 3 …
    pub number: usize,
    /// "Residence permits and cards".
    pub heading: &'static str,
    /// Element id (`step-residence_permit`).
    pub anchor: &'static str,
    /// Chips done or not needed.
    pub done: usize,
    /// Chips in the step.
    pub total: usize,
    /// Whether everything in it is done (the step starts collapsed).
    pub finished: bool,
    /// Tasks in it that are finished (folded away under the others by default).
    pub finished_tasks: usize,
    /// The tasks.
    pub tasks: Vec<Task>,
}

/// What the checklist shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Show {
    /// Everything, finished steps collapsed.
    #[default]
    Usual,
    /// Unfinished tasks only.
    Unfinished,
    /// Everything expanded.
    Everything,
}

/// The checklist's filter: what to show, and whose items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChecklistFilter {
    /// What.
    pub show: Show,
    /// One person's items (and the household's), by position.
    pub person: Option<usize>,
}

impl ChecklistFilter {
    /// The filter as query parameters (`show=open`, `person=1`), none for the usual page.
    pub fn params(self) -> Vec<String> {
        let mut params = Vec::new();
        match self.show {
            Show::Usual => {}
            Show::Unfinished => params.push("show=open".to_owned()),
            Show::Everything => params.push("show=all".to_owned()),
        }
        if let Some(p) = self.person {
            params.push(format!("person={p}"));
        }
        params
    }

    /// The filter of a page address's query (`show=open&person=1`); what it does not know
    /// falls back to the usual page.
    pub fn from_params<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = Self::default();
        for (name, value) in pairs {
            match (name, value) {
                ("show", "open") => filter.show = Show::Unfinished,
                ("show", "all") => filter.show = Show::Everything,
                ("person", p) => filter.person = p.parse().ok(),
                _ => {}
            }
        }
        filter
    }
}

fn status_detail(status: &ItemStatus) -> String {
    match status {
        ItemStatus::Submitted { on } => format!("filed {}", long(*on)),
        ItemStatus::Done { on } => format!("done {}", long(*on)),
        ItemStatus::NotApplicable { reason } => format!("not needed: {reason}"),
        ItemStatus::ToDo | ItemStatus::InProgress => String::new(),
    }
}

/// The chip of item `index`.
fn chip(stored: &StoredCase, index: usize, today: NaiveDate, cal: &Calendar) -> Chip {
    let case = &stored.case;
    let item = &case.items()[index];
    let kind = item.status().kind();
    let due = item.due();
    let described = due
        .filter(|_| kind.is_open())
        .map(|d| describe(d, today, cal, 5));
    let blocked = case.is_blocked(index);
    let not_yet = kind.is_open() && item.opens().is_some_and(|o| o > today);
    let window = match (item.opens(), due) {
        (Some(opens), Some(until)) if kind.is_open() => {
            format!("Can be filed from {} until {}", long(opens), long(until))
        }
        _ => String::new(),
    };
    Chip {
        id: stored.item_ids[index].0,
        anchor: format!("item-{}", stored.item_ids[index].0),
        version: stored.item_versions[index],
        who: case.holder_name(item.holder()),
        status: if blocked || (not_yet && matches!(item.status(), ItemStatus::ToDo)) {
            "Cannot start yet"
        } else {
            kind.label()
        },
        status_class: if blocked || (not_yet && matches!(item.status(), ItemStatus::ToDo)) {
            "not_yet"
        } else {
            kind.as_str()
        },
        status_detail: status_detail(item.status()),
        due: due.map(long).unwrap_or_default(),
        due_iso: due.map(|d| d.to_string()).unwrap_or_default(),
        remaining: described
            .as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_default(),
        urgency: described.as_ref().map_or("", |d| d.class),
        office_advice: described.and_then(|d| d.advice).unwrap_or_default(),
        explanation: case.explanation(index).unwrap_or_default(),
        window,
        blocked: if blocked {
            format!("waiting for {}", case.waiting_for(index).join(", "))
        } else {
            String::new()
        },
        actions: item
            .status()
            .allowed_actions()
            .iter()
            .filter(|a| !(blocked && matches!(a.as_str(), "start" | "submit" | "complete")))
            .map(|a| ActionView {
                name: a.as_str(),
                label: a.label(),
                needs_reason: a.needs_reason(),
            })
            .collect(),
        overridden: item.due_override().is_some(),
        unfinished: !matches!(
            item.status(),
            ItemStatus::Done { .. } | ItemStatus::NotApplicable { .. }
        ),
        own_due: false,
    }
}

/// Whether item `index` passes the person filter (the household's items always do).
fn for_person(case: &Case, index: usize, person: Option<usize>) -> bool {
    match (person, case.items()[index].holder()) {
        (None, _) | (_, Holder::Household) => true,
        (Some(p), Holder::Person(h)) => p == h,
    }
}

/// The task of the items `indexes` (the same key), or `None` when the filter leaves no chip.
fn task(
    stored: &StoredCase,
    indexes: &[usize],
    filter: ChecklistFilter,
    today: NaiveDate,
    cal: &Calendar,
) -> Option<Task> {
    let case = &stored.case;
    let first = &case.items()[*indexes.first()?];
    let mut chips: Vec<Chip> = indexes
        .iter()
        .filter(|&&i| for_person(case, i, filter.person))
        .map(|&i| chip(stored, i, today, cal))
        .collect();
    let finished = chips.iter().all(|c| !c.unfinished);
    if filter.show == Show::Unfinished {
        chips.retain(|c| c.unfinished);
    }
    if chips.is_empty() {
        return None;
    }
    let dues: Vec<&str> = chips.iter().map(|c| c.due.as_str()).collect();
    let differ = dues.windows(2).any(|w| w[0] != w[1]);
    for c in &mut chips {
        c.own_due = differ && !c.due.is_empty();
    }
    let earliest = indexes
        .iter()
        .filter(|&&i| for_person(case, i, filter.person))
        .filter(|&&i| case.items()[i].status().kind().is_open())
        .filter_map(|&i| case.items()[i].due().map(|d| (d, i)))
        .min();
    let described = earliest.map(|(d, _)| describe(d, today, cal, 5));
    Some(Task {
        anchor: format!("task-{}", stored.item_ids[indexes[0]].0),
        title: first.title().to_owned(),
        key: first.key().to_string(),
        instructions: first.instructions().to_owned(),
        where_to_go: first.where_to_go().to_owned(),
        documents: first.documents().to_vec(),
        source: super::super::web_link(first.source()),
        caveat: first.caveat().map(str::to_owned).unwrap_or_default(),
        due: earliest.map(|(d, _)| long(d)).unwrap_or_default(),
        remaining: described
            .as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_default(),
        urgency: described.as_ref().map_or("", |d| d.class),
        chips,
        finished,
    })
}

/// The checklist as steps in the order they are done, each task once with a chip per person.
pub fn steps(
    stored: &StoredCase,
    filter: ChecklistFilter,
    today: NaiveDate,
    cal: &Calendar,
) -> Vec<Step> {
    let case = &stored.case;
    let mut out = Vec::new();
    for category in Category::ALL {
        // Tasks in the order their first item appears; a task is one key (custom items have
        // keys of their own, so each is a task of its own).
        let mut keys: Vec<(&softland_domain::ItemKey, Vec<usize>)> = Vec::new();
        for (i, item) in case.items().iter().enumerate() {
            if item.category() != category {
                continue;
            }
            match keys.iter_mut().find(|(k, _)| *k == item.key()) {
                Some((_, indexes)) => indexes.push(i),
                None => keys.push((item.key(), vec![i])),
            }
        }
        if keys.is_empty() {
            continue;
        }
        let tasks: Vec<Task> = keys
            .iter()
            .filter_map(|(_, indexes)| task(stored, indexes, filter, today, cal))
            .collect();
        let chips = keys
            .iter()
            .flat_map(|(_, indexes)| indexes.iter())
            .filter(|&&i| for_person(case, i, filter.person));
        let (done, total) = chips.fold((0, 0), |(done, total), &i| {
            let finished = !case.items()[i].status().kind().is_open()
                && !matches!(case.items()[i].status(), ItemStatus::Submitted { .. });
            (done + usize::from(finished), total + 1)
        });
        if total == 0 {
            continue;
        }
        out.push(Step {
            number: out.len() + 1,
            heading: category.label(),
            anchor: category.as_str(),
            done,
            total,
            finished: done == total,
            finished_tasks: tasks.iter().filter(|t| t.finished).count(),
            tasks,
        });
    }
    if filter.show == Show::Unfinished {
        out.retain(|s| !s.tasks.is_empty());
    }
    out
}
