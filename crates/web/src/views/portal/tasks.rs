//! The portal's task list: numbered sections in checklist order, one row per task with a
//! chip per person, "Your next steps", and what others do for the household.

use chrono::NaiveDate;
use softland_domain::case::CaseStatus;
use softland_domain::date_format::long;
use softland_domain::template::Category;
use softland_domain::{Calendar, Case, Holder, StatusKind};

use super::glossary::{Linked, link_terms};
use crate::db::cases::StoredCase;

/// One person's state of a task: "Asha — Done".
pub struct Chip {
    /// "Asha", or "Household".
    pub who: String,
    /// "Done", "To do", "Cannot start yet — first: …".
    pub status: String,
    /// CSS class (`done`, `blocked` …).
    pub class: &'static str,
    /// This person's date, when the people of a row have different ones.
    pub when: String,
}

/// One task: the same item across the household.
pub struct PortalRow {
    /// Anchor id.
    pub anchor: String,
    /// The item key ("who can help" is found by it).
    pub key: String,
    /// Title, terms linked.
    pub title: Linked,
    /// Who does it: "Your employer"; "You" for the household's own.
    pub who: &'static str,
    /// "You can apply from … until …", "by … — 3 working days left", when the same for all.
    pub when: String,
    /// Whether that date has passed.
    pub overdue: bool,
    /// "The office is closed on …; go by …", or empty.
    pub office_advice: String,
    /// A chip per person.
    pub chips: Vec<Chip>,
    /// What to do.
    pub instructions: Linked,
    /// Where to go.
    pub where_to_go: Linked,
    /// What to bring.
    pub documents: Vec<Linked>,
    /// Whether anyone still has it to do (then the details are offered).
    pub open: bool,
}

/// One numbered step of the checklist.
pub struct PortalSection {
    /// "1. Visa".
    pub heading: String,
    /// Anchor id.
    pub anchor: String,
    /// "Completed", "In progress", "Not started", "Cannot start yet".
    pub status: &'static str,
    /// "2 of 5 done".
    pub count: String,
    /// Tasks.
    pub rows: Vec<PortalRow>,
}

/// How many next steps are shown.
const NEXT_STEPS: usize = 3;

/// Where an item is in its life, for the portal.
fn item_status(case: &Case, i: usize, today: NaiveDate) -> (String, &'static str) {
    let kind = case.items()[i].status().kind();
    if case.is_blocked(i) {
        let first = case.waiting_for(i).join(", ");
        (format!("Cannot start yet — first: {first}"), "blocked")
    } else if case.is_before_window(i, today) {
        ("Cannot start yet".to_owned(), "blocked")
    } else if case.is_waiting_for_event(i) {
        ("Only if it happens".to_owned(), "not_applicable")
    } else {
        (kind.label().to_owned(), kind.as_str())
    }
}

/// The date line of item `i`: the window, the due date, or why there is none yet.
fn when_text(case: &Case, i: usize, today: NaiveDate, cal: &Calendar) -> (String, bool, String) {
    let item = &case.items()[i];
    if !item.status().kind().is_open() {
        return (String::new(), false, String::new());
    }
    if case.is_waiting_for_event(i) {
        let why = case.explanation(i).unwrap_or_default();
        return (
            format!("Only needed once it happens ({why})."),
            false,
            String::new(),
        );
    }
    let Some(due) = item.due() else {
        return (String::new(), false, String::new());
    };
    let d = crate::views::due::describe(due, today, cal, 3);
    let advice = d.advice.unwrap_or_default();
    let text = match item.opens() {
        Some(opens) if today < opens => {
            format!("You can apply from {} until {}", long(opens), long(due))
        }
        Some(opens) if !d.overdue => format!(
            "You can apply from {} until {} — {}",
            long(opens),
            long(due),
            d.text
        ),
        _ if d.overdue => format!("was due {} — {}", long(due), d.text),
        _ if d.today => format!("by today, {}", long(due)),
        _ => format!("by {} — {}", long(due), d.text),
    };
    (text, d.overdue, advice)
}

fn first_name(case: &Case, holder: Holder) -> String {
    match holder {
        Holder::Household => "Household".to_owned(),
        Holder::Person(_) => {
            let name = case.holder_name(holder);
            name.split_whitespace().next().unwrap_or(&name).to_owned()
        }
    }
}

/// The row of the items `indices` (the same task for several people).
fn row(stored: &StoredCase, indices: &[usize], today: NaiveDate, cal: &Calendar) -> PortalRow {
    let case = &stored.case;
    let first = &case.items()[indices[0]];
    let whens: Vec<_> = indices
        .iter()
        .map(|&i| when_text(case, i, today, cal))
        .collect();
    let open_whens: Vec<_> = whens.iter().filter(|w| !w.0.is_empty()).collect();
    let shared = open_whens.windows(2).all(|w| w[0].0 == w[1].0);
    let chips = indices
        .iter()
        .zip(&whens)
        .map(|(&i, when)| {
            let (status, class) = item_status(case, i, today);
            Chip {
                who: first_name(case, case.items()[i].holder()),
                status,
                class,
                when: if shared {
                    String::new()
                } else {
                    when.0.clone()
                },
            }
        })
        .collect();
    let (when, overdue, office_advice) = match open_whens.first() {
        Some(w) if shared => (*w).clone(),
        _ => (String::new(), false, String::new()),
    };
    PortalRow {
        anchor: format!("item-{}", stored.item_ids[indices[0]].0),
        key: first.key().as_str().to_owned(),
        title: link_terms(first.title()),
        who: first.doer().label(),
        when,
        overdue,
        office_advice,
        chips,
        instructions: link_terms(first.instructions()),
        where_to_go: link_terms(first.where_to_go()),
        documents: first.documents().iter().map(|d| link_terms(d)).collect(),
        open: indices
            .iter()
            .any(|&i| case.items()[i].status().kind().is_open()),
    }
}

/// Items `indices` grouped into tasks: the same key and title across people, in order.
fn group(case: &Case, indices: impl Iterator<Item = usize>) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in indices {
        let item = &case.items()[i];
        let same = groups.iter_mut().find(|g| {
            let other = &case.items()[g[0]];
            other.key() == item.key() && other.title() == item.title()
        });
        match same {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

fn section_status(case: &Case, indices: &[usize], today: NaiveDate) -> &'static str {
    let kinds: Vec<_> = indices
        .iter()
        .map(|&i| case.items()[i].status().kind())
        .collect();
    if kinds.iter().all(|k| !k.is_open()) {
        "Completed"
    } else if kinds.iter().any(|k| {
        matches!(
            k,
            StatusKind::Done | StatusKind::InProgress | StatusKind::Submitted
        )
    }) {
        "In progress"
    } else if indices.iter().any(|&i| case.can_start(i, today)) {
        "Not started"
    } else {
        "Cannot start yet"
    }
}

/// The numbered sections of the household's own tasks, and the rows of others' tasks.
pub fn sections(
    stored: &StoredCase,
    today: NaiveDate,
    cal: &Calendar,
) -> (Vec<PortalSection>, Vec<PortalRow>) {
    let case = &stored.case;
    let own = |i: &usize| !case.items()[*i].doer().is_other();
    let mut out = Vec::new();
    for category in Category::ALL {
        let indices: Vec<usize> = (0..case.items().len())
            .filter(|&i| case.items()[i].category() == category)
            .filter(own)
            .collect();
        if indices.is_empty() {
            continue;
        }
        let done = indices
            .iter()
            .filter(|&&i| !case.items()[i].status().kind().is_open())
            .count();
        out.push(PortalSection {
            heading: format!("{}. {}", out.len() + 1, category.label()),
            anchor: format!("step-{}", category.as_str()),
            status: section_status(case, &indices, today),
            count: format!("{done} of {} done", indices.len()),
            rows: group(case, indices.iter().copied())
                .iter()
                .map(|g| row(stored, g, today, cal))
                .collect(),
        });
    }
    let others = (0..case.items().len()).filter(|i| !own(i));
    let others = group(case, others)
        .iter()
        .map(|g| row(stored, g, today, cal))
        .collect();
    (out, others)
}

/// "Your next steps", or what stands instead: the closed case's outcome, or that it is on
/// hold.
pub enum NextSteps {
    /// Up to three rows the household can do now.
    Open(Vec<PortalRow>),
    /// "This case is on hold: …".
    OnHold(String),
    /// "This case was closed on … — Granted, settled".
    Closed(String),
}

/// What the top of a case shows.
pub fn next_steps(stored: &StoredCase, today: NaiveDate, cal: &Calendar) -> NextSteps {
    let case = &stored.case;
    match case.status() {
        CaseStatus::Closed { outcome, on } => NextSteps::Closed(format!(
            "This case was closed on {} — {}",
            long(*on),
            outcome.label()
        )),
        CaseStatus::OnHold { reason } => NextSteps::OnHold(format!(
            "This case is on hold: {reason}. Your consultant will tell you when it goes on."
        )),
        // One row per task, however many people it is next for.
        CaseStatus::Open => NextSteps::Open(
            group(case, case.next_steps(today, usize::MAX).into_iter())
                .iter()
                .take(NEXT_STEPS)
                .map(|g| row(stored, g, today, cal))
                .collect(),
        ),
    }
}
