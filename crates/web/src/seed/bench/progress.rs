//! Moving a seeded case along as if its consultant had worked on it until a given day. Every
//! change goes through the domain's own status actions, so dependencies hold and due dates
//! counted from finished items move as they would in real use.

use chrono::NaiveDate;
use softland_domain::case::{ChecklistItem, Holder};
use softland_domain::status::Reason;
use softland_domain::{Action, Anchor, Calendar, Case, DeadlineRule, ItemStatus, KeyDate};

use super::rng::{Rng, shift};

/// How the simulated consultant works on a case.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pace<'a> {
    /// Percent chance that an item whose due date has passed was missed and is still open.
    pub overdue_percent: u64,
    /// Items that were missed whatever the chance (they stay open). Items are named by key
    /// (every holder's) or `key@n` (person `n`'s).
    pub missed: &'a [&'a str],
    /// Filings whose decision has not come yet.
    pub waiting: &'a [&'a str],
    /// Items that do not apply to the case, with the reason.
    pub not_needed: &'a [(&'a str, &'a str)],
}

/// One status change of the simulation, in the order it was made.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// Index of the item in `Case::items`.
    pub index: usize,
    /// What was done.
    pub action: Action,
    /// The day it was done.
    pub on: NaiveDate,
}

/// Items done in Ostrava, so not before the holder has arrived.
const AFTER_ARRIVAL: [&str; 2] = ["biometrics", "bank-account"];

/// Items done only when something happens that seeding does not simulate (a new employer).
const ON_EVENT: [&str; 1] = ["bc-change"];

/// Whether `pattern` names `item`: `key` for every holder's item, `key@n` for person `n`'s.
pub(crate) fn matches(pattern: &str, item: &ChecklistItem) -> bool {
    match pattern.split_once('@') {
        Some((key, person)) => {
            item.key().as_str() == key
                && person
                    .parse()
                    .is_ok_and(|p| item.holder() == Holder::Person(p))
        }
        None => item.key().as_str() == pattern,
    }
}

/// Applications filed with an authority: submitted first, done when the decision comes.
fn is_filing(key: &str) -> bool {
    key.ends_with("apply") || key.starts_with("ext-") || key == "eu-reg-cert"
}

struct Simulation<'a, 'p> {
    case: &'a mut Case,
    cal: &'a Calendar,
    until: NaiveDate,
    pace: Pace<'p>,
    rng: &'a mut Rng,
    handled: Vec<bool>,
    steps: Vec<Step>,
}

/// Works on `case` up to and including `until` and returns the status changes made (already
/// applied to `case`): items are done by their due dates, filings wait 25–100 days for the
/// decision, and items due soon are started.
pub(crate) fn simulate(
    case: &mut Case,
    cal: &Calendar,
    until: NaiveDate,
    pace: Pace<'_>,
    rng: &mut Rng,
) -> Vec<Step> {
    let handled = vec![false; case.items().len()];
    let mut sim = Simulation {
        case,
        cal,
        until,
        pace,
        rng,
        handled,
        steps: Vec::new(),
    };
    sim.mark_not_needed();
    while let Some((planned, index)) = sim.next_item() {
        if planned > until {
            break;
        }
        sim.work_on(index, planned);
    }
    sim.start_upcoming();
    sim.steps
}

impl Simulation<'_, '_> {
    fn apply(&mut self, index: usize, action: Action, on: NaiveDate) -> bool {
        let done = self.case.apply(index, &action, on, self.cal).is_ok();
        if done {
            self.steps.push(Step { index, action, on });
        }
        done
    }

    fn mark_not_needed(&mut self) {
        for (key, reason) in self.pace.not_needed {
            let Ok(reason) = Reason::parse(reason) else {
                continue;
            };
            let on = shift(self.case.opened_on(), self.rng.range(1, 10)).min(self.until);
            for index in 0..self.case.items().len() {
                if matches(key, &self.case.items()[index]) {
                    self.handled[index] = true;
                    self.apply(index, Action::MarkNotApplicable(reason.clone()), on);
                }
            }
        }
    }

    /// The first day item `index` could be worked on: the case's opening, or the day its
    /// last prerequisite was done.
    fn ready_on(&self, index: usize) -> NaiveDate {
        self.case.items()[index]
            .depends_on()
            .iter()
            .filter_map(|d| self.case.resolve(index, d))
            .filter_map(|d| self.case.items()[d].status().done_on())
            .fold(self.case.opened_on(), NaiveDate::max)
    }

    /// When the consultant would deal with item `index`: soon after a window opens, by the
    /// due date, or ten days after it became ready when it has no deadline (and not before
    /// arrival for what is done in Ostrava). `None` while its anchor date is unknown, and for
    /// items that wait for an event the seed does not simulate.
    fn planned(&self, index: usize) -> Option<NaiveDate> {
        let item = &self.case.items()[index];
        if let Some(opens) = item.opens() {
            return Some(shift(opens, 14));
        }
        if let Some(due) = item.due() {
            return Some(due);
        }
        let key = item.key().as_str();
        if item.rule().is_some() || ON_EVENT.contains(&key) {
            return None;
        }
        let ready = shift(self.ready_on(index), 10);
        let arrived = self
            .case
            .key_dates()
            .get(KeyDate::Arrival)
            .map(|a| shift(a, 7));
        Some(match arrived {
            Some(arrived) if AFTER_ARRIVAL.contains(&key) => ready.max(arrived),
            _ => ready,
        })
    }

    /// The day item `index`, planned for `planned`, is dealt with: up to ten days before its
    /// due date, but not before it is ready, nor before the event a deadline counts from.
    fn action_day(&mut self, index: usize, planned: NaiveDate) -> NaiveDate {
        let item = &self.case.items()[index];
        let mut earliest = self.ready_on(index);
        let early = if item.opens().is_none() && item.due().is_some() {
            self.rng.range(0, 10)
        } else {
            0
        };
        if let (Some(Anchor::Date(kind)), Some(due)) =
            (item.rule().map(DeadlineRule::anchor), item.due())
            && let Some(event) = self.case.key_dates().get(*kind).filter(|e| *e < due)
        {
            earliest = earliest.max(event);
        }
        shift(planned, -early).max(earliest).min(self.until)
    }

    /// The to-do item planned soonest among those that can start.
    fn next_item(&self) -> Option<(NaiveDate, usize)> {
        (0..self.case.items().len())
            .filter(|&i| !self.handled[i] && *self.case.items()[i].status() == ItemStatus::ToDo)
            .filter(|&i| !self.case.is_blocked(i))
            .filter_map(|i| self.planned(i).map(|d| (d, i)))
            .min()
    }

    fn work_on(&mut self, index: usize, planned: NaiveDate) {
        self.handled[index] = true;
        let item = &self.case.items()[index];
        let key = item.key().as_str().to_owned();
        let overdue = item.due().is_some_and(|d| d < self.until);
        let missed = self.pace.missed.iter().any(|p| matches(p, item))
            || (overdue && self.rng.percent(self.pace.overdue_percent));
        let waiting = self.pace.waiting.iter().any(|p| matches(p, item));
        let on = self.action_day(index, planned);
        if missed {
            if self.rng.percent(40) {
                self.apply(index, Action::Start, on);
            }
        } else if is_filing(&key) {
            self.file(index, on, waiting);
        } else {
            self.apply(index, Action::Complete, on);
        }
    }

    fn file(&mut self, index: usize, on: NaiveDate, waiting: bool) {
        if !self.apply(index, Action::Submit, on) || waiting {
            return;
        }
        let decided = shift(on, self.rng.range(25, 100));
        if decided <= self.until {
            self.apply(index, Action::Complete, decided);
        }
    }

    /// Starts about half of the items planned for the next three weeks.
    fn start_upcoming(&mut self) {
        let horizon = shift(self.until, 21);
        for index in 0..self.case.items().len() {
            let upcoming = self
                .planned(index)
                .is_some_and(|d| d > self.until && d <= horizon);
            if self.handled[index]
                || *self.case.items()[index].status() != ItemStatus::ToDo
                || self.case.is_blocked(index)
                || !upcoming
                || !self.rng.percent(50)
            {
                continue;
            }
            let on = shift(self.until, -self.rng.range(0, 5)).max(self.ready_on(index));
            self.apply(index, Action::Start, on.min(self.until));
        }
    }
}
