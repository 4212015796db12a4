//! What an employer sees of an employee's case (with the employee's consent): the steps of
//! the employee's own checklist and the household's shared items, how far they are and what
//! is next. Never documents, notes, passports or other family members' items.

use chrono::NaiveDate;

use crate::case::{Case, Holder};
use crate::status::ItemStatus;
use crate::template::Doer;
use crate::{Anchor, KeyDate};

/// Where a step stands, as an employer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepState {
    /// Finished; the date is the day it was done.
    Done,
    /// Can be worked on now; the date is its due date, if it has one.
    Next,
    /// Filed with an office, or an office acts on its own; the date is the due date of an
    /// office's own step (softland records no expected decision date for a filed one).
    Waiting,
    /// Not yet possible (waiting for another step, its window or an event); the date is its
    /// due date, if known.
    Later,
    /// Does not apply.
    NotNeeded,
}

impl StepState {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            StepState::Done => "Done",
            StepState::Next => "Next",
            StepState::Waiting => "Waiting for an office",
            StepState::Later => "Later",
            StepState::NotNeeded => "Not needed",
        }
    }
}

/// One step of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The checklist item's title.
    pub title: String,
    /// Where it stands.
    pub state: StepState,
    /// The date that goes with the state (see [`StepState`]).
    pub date: Option<NaiveDate>,
}

/// An employee's progress as their employer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The steps, in checklist order.
    pub steps: Vec<Step>,
    /// Steps done.
    pub done: usize,
    /// Steps that apply (all but the not needed ones).
    pub total: usize,
    /// The index in `steps` of the step to do next: the first the portal's "next steps"
    /// offers, else the first step that can be worked on (someone else's task); `None` when
    /// nothing can be worked on now.
    pub next: Option<usize>,
}

/// The key dates whose items an employer must not see: their due dates would tell the
/// passport's or the insurance's expiry, a lost card, a change of name or marital status, or
/// an excuse for a missed duty.
const PRIVATE_ANCHORS: [KeyDate; 5] = [
    KeyDate::PassportExpiry,
    KeyDate::InsuranceEnd,
    KeyDate::CardLost,
    KeyDate::DataChange,
    KeyDate::ObstacleEnded,
];

/// Whether `item` stays out of an employer's summary: a consultant's own item (its title is
/// free text, which may say anything about the person) or one dated from a private key date.
fn private(item: &crate::ChecklistItem) -> bool {
    item.route().is_none()
        || item.rule().is_some_and(
            |rule| matches!(rule.anchor(), Anchor::Date(k) if PRIVATE_ANCHORS.contains(k)),
        )
}

/// The progress of person `person` (0 is the principal) of `case` on `today`: their own
/// items and the whole household's, never another person's. A position the case does not
/// have gives the household's items only.
///
/// Left out: a consultant's own items and items dated from the passport, insurance or
/// other private key dates (`PRIVATE_ANCHORS`).
///
/// States: done → Done (the day done); not applicable → Not needed; filed → Waiting; an item
/// that can be worked on now (prerequisites done, window open, its event happened) → Next,
/// or Waiting when an authority does it on its own; anything else still to do → Later. Next,
/// Waiting and Later carry the due date where there is one.
pub fn progress(case: &Case, person: usize, today: NaiveDate) -> Progress {
    let mut indexes: Vec<usize> = (0..case.items().len())
        .filter(|&i| {
            let item = &case.items()[i];
            let holder = item.holder();
            (holder == Holder::Household || holder == Holder::Person(person)) && !private(item)
        })
        .collect();
    indexes.sort_by_key(|&i| case.checklist_order(i));
    let steps: Vec<Step> = indexes.iter().map(|&i| step(case, i, today)).collect();
    let next = case
        .next_steps(today, usize::MAX)
        .into_iter()
        .find_map(|i| indexes.iter().position(|&j| j == i))
        .or_else(|| steps.iter().position(|s| s.state == StepState::Next));
    let done = steps.iter().filter(|s| s.state == StepState::Done).count();
    let not_needed = steps
        .iter()
        .filter(|s| s.state == StepState::NotNeeded)
        .count();
    Progress {
        total: steps.len() - not_needed,
        done,
        next,
        steps,
    }
}

fn step(case: &Case, index: usize, today: NaiveDate) -> Step {
    let item = &case.items()[index];
    let (state, date) = match item.status() {
        ItemStatus::Done { on } => (StepState::Done, Some(*on)),
        ItemStatus::NotApplicable { .. } => (StepState::NotNeeded, None),
        ItemStatus::Submitted { .. } => (StepState::Waiting, None),
        ItemStatus::ToDo | ItemStatus::InProgress => {
            let state = if !case.can_start(index, today) {
                StepState::Later
            } else if item.doer() == Doer::Authority {
                StepState::Waiting
            } else {
                StepState::Next
            };
            (state, item.due())
        }
    };
    Step {
        title: item.title().to_owned(),
        state,
        date,
    }
}
