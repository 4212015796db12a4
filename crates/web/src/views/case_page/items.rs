//! The checklist of the case page, grouped by category and person.

use chrono::NaiveDate;
use softland_domain::date_format::long;

use crate::views::due::describe;
use softland_domain::Calendar;
use softland_domain::status::ItemStatus;
use softland_domain::template::Category;

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

/// One checklist line.
pub struct ItemView {
    /// Item id.
    pub id: i64,
    /// Item version.
    pub version: i64,
    /// Template key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Status label.
    pub status: &'static str,
    /// CSS class of the status.
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
    /// "Opens Wed 2 Oct 2026" for windows.
    pub opens: String,
    /// "Cannot start yet: waiting for …".
    pub blocked: String,
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
    /// Buttons.
    pub actions: Vec<ActionView>,
    /// Whether the due date is overridden.
    pub overridden: bool,
}

/// Items of one category for one person.
pub struct Group {
    /// "Registration — Asha Rao".
    pub heading: String,
    /// The items.
    pub items: Vec<ItemView>,
}

fn status_detail(status: &ItemStatus) -> String {
    match status {
        ItemStatus::Submitted { on } => format!("filed {}", long(*on)),
        ItemStatus::Done { on } => format!("done {}", long(*on)),
        ItemStatus::NotApplicable { reason } => format!("not needed: {reason}"),
        ItemStatus::ToDo | ItemStatus::InProgress => String::new(),
    }
}

fn remaining(
    due: NaiveDate,
    today: NaiveDate,
    open: bool,
    cal: &Calendar,
) -> (String, &'static str, String) {
    if !open {
        return (String::new(), "", String::new());
    }
    let d = describe(due, today, cal, 5);
    (d.text, d.class, d.advice.unwrap_or_default())
}

fn item_view(stored: &StoredCase, index: usize, today: NaiveDate, cal: &Calendar) -> ItemView {
    let case = &stored.case;
    let item = &case.items()[index];
    let kind = item.status().kind();
    let due = item.due();
    let (remaining, urgency, office_advice) = due.map_or((String::new(), "", String::new()), |d| {
        remaining(d, today, kind.is_open(), cal)
    });
    let waiting = case.waiting_for(index);
    ItemView {
        id: stored.item_ids[index].0,
        version: stored.item_versions[index],
        key: item.key().to_string(),
        title: item.title().to_owned(),
        status: if case.is_blocked(index) {
            "Cannot start yet"
        } else {
            kind.label()
        },
        status_class: kind.as_str(),
        status_detail: status_detail(item.status()),
        due: due.map(long).unwrap_or_default(),
        due_iso: due.map(|d| d.to_string()).unwrap_or_default(),
        remaining,
        urgency,
        office_advice,
        explanation: case.explanation(index).unwrap_or_default(),
        opens: item
            .opens()
            .filter(|_| kind.is_open())
            .map(|o| format!("Window opens {}", long(o)))
            .unwrap_or_default(),
        blocked: if case.is_blocked(index) {
            format!("Waiting for {}", waiting.join(", "))
        } else {
            String::new()
        },
        instructions: item.instructions().to_owned(),
        where_to_go: item.where_to_go().to_owned(),
        documents: item.documents().to_vec(),
        source: super::super::web_link(item.source()),
        caveat: item.caveat().map(str::to_owned).unwrap_or_default(),
        actions: item
            .status()
            .allowed_actions()
            .iter()
            .filter(|a| {
                !(case.is_blocked(index) && matches!(a.as_str(), "start" | "submit" | "complete"))
            })
            .map(|a| ActionView {
                name: a.as_str(),
                label: a.label(),
                needs_reason: a.needs_reason(),
            })
            .collect(),
        overridden: item.due_override().is_some(),
    }
}

/// The checklist grouped by category (in checklist order), then person.
pub fn groups(stored: &StoredCase, today: NaiveDate, cal: &Calendar) -> Vec<Group> {
    let case = &stored.case;
    let mut out = Vec::new();
    for category in Category::ALL {
        let mut holders: Vec<_> = case
            .items()
            .iter()
            .filter(|i| i.category() == category)
            .map(softland_domain::ChecklistItem::holder)
            .collect();
        holders.sort();
        holders.dedup();
        for holder in holders {
            let items: Vec<ItemView> = (0..case.items().len())
                .filter(|&i| {
                    case.items()[i].category() == category && case.items()[i].holder() == holder
                })
                .map(|i| item_view(stored, i, today, cal))
                .collect();
            out.push(Group {
                heading: format!("{} — {}", category.label(), case.holder_name(holder)),
                items,
            });
        }
    }
    out
}
