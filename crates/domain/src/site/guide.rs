//! A route's public guide, in plain English: each deadline rule told in words ("within 3
//! working days of arriving"), what happens when that day is a weekend or public holiday, and
//! the phase of the stay a step belongs to (before you arrive, when you arrive, the first
//! weeks, later). The words are made from the rule itself, so a new template version changes
//! the guide without code.

mod occasion;
#[cfg(test)]
mod tests;

use std::fmt;

use crate::date_format::count;
use crate::deadline::{Anchor, DeadlineRule, Direction, Offset, Roll, Schedule, Unit};
use crate::key::ItemKey;
use crate::key_date::KeyDate;
use crate::template::{Category, ChecklistTemplate, Doer, TemplateItem};

use occasion::Occasion;

/// A deadline rule in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleWords {
    /// When: "within 3 working days of arriving".
    pub when: String,
    /// How a weekend or public holiday moves the day, or which days count; `None` when
    /// nothing moves it.
    pub day_off: Option<&'static str>,
}

impl fmt::Display for RuleWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.when.chars();
        if let Some(first) = chars.next() {
            write!(f, "{}{}.", first.to_uppercase(), chars.as_str())?;
        }
        if let Some(note) = self.day_off {
            write!(f, " {note}")?;
        }
        Ok(())
    }
}

/// Which days count, for a weekend or holiday landing.
const NEXT_WORKING_DAY: &str =
    "If that day is a weekend or public holiday, the next working day counts.";
const PREVIOUS_WORKING_DAY: &str =
    "If that day is a weekend or public holiday, the working day before it is the last day.";
const WORKING_DAYS_ONLY: &str = "Weekends and public holidays do not count.";

/// `rule` in words; `step` gives the title of another step of the route (for rules counted
/// from the day a step is done).
pub fn rule_in_words(rule: &DeadlineRule, step: &dyn Fn(&ItemKey) -> Option<String>) -> RuleWords {
    let occasion = Occasion::of(rule.anchor(), step);
    match *rule {
        DeadlineRule::Offset { offset, roll, .. } => RuleWords {
            when: offset_words(offset, &occasion),
            day_off: day_off(Some(offset), roll),
        },
        DeadlineRule::DayOfNextMonth { day, roll, .. } => RuleWords {
            when: format!(
                "by the {} of the month after {}",
                ordinal(day),
                occasion.gerund
            ),
            day_off: day_off(None, roll),
        },
        DeadlineRule::Recurring { schedule, roll, .. } => RuleWords {
            when: recurring_words(schedule, &occasion),
            day_off: day_off(None, roll),
        },
        DeadlineRule::Window {
            opens,
            closes,
            roll,
            ..
        } => {
            let until = if closes.amount == 0 {
                format!("the day {}", occasion.again)
            } else {
                point(closes, &occasion)
            };
            RuleWords {
                when: format!("from {} until {until}", point(opens, &occasion)),
                day_off: day_off(Some(closes), roll),
            }
        }
    }
}

fn noun(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "day",
        Unit::WorkingDays => "working day",
        Unit::Weeks => "week",
        Unit::Months => "month",
        Unit::Years => "year",
    }
}

fn amount(offset: Offset) -> String {
    count(i64::from(offset.amount), noun(offset.unit))
}

fn offset_words(offset: Offset, occasion: &Occasion) -> String {
    match (offset.direction, offset.amount) {
        (Direction::After, 0) => format!("on the day {}", occasion.clause),
        (Direction::After, _) => format!("within {} of {}", amount(offset), occasion.gerund),
        (Direction::Before, 0) => format!("by the day {}", occasion.clause),
        (Direction::Before, _) => {
            format!(
                "no later than {} before {}",
                amount(offset),
                occasion.clause
            )
        }
    }
}

/// One end of a window: "120 days before your permit expires".
fn point(offset: Offset, occasion: &Occasion) -> String {
    match (offset.direction, offset.amount) {
        (_, 0) => format!("the day {}", occasion.clause),
        (Direction::Before, _) => format!("{} before {}", amount(offset), occasion.clause),
        (Direction::After, _) => format!("{} after {}", amount(offset), occasion.gerund),
    }
}

fn recurring_words(schedule: Schedule, occasion: &Occasion) -> String {
    match schedule {
        Schedule::Year {
            month,
            day,
            next_year,
        } => {
            let on = Schedule::yearly(month, day, false)
                .map(Schedule::describe)
                .unwrap_or_default();
            if next_year {
                format!(
                    "every year by {on}, the first time in the year after {}",
                    occasion.gerund
                )
            } else {
                format!("every year by {on}, from {}", occasion.gerund)
            }
        }
        Schedule::Month { day } => format!(
            "every month by the {}, from {}",
            ordinal(day),
            occasion.gerund
        ),
    }
}

fn day_off(offset: Option<Offset>, roll: Roll) -> Option<&'static str> {
    if offset.is_some_and(|o| o.unit == Unit::WorkingDays && o.amount > 0) {
        return Some(WORKING_DAYS_ONLY);
    }
    match roll {
        Roll::NextWorkingDay => Some(NEXT_WORKING_DAY),
        Roll::PreviousWorkingDay => Some(PREVIOUS_WORKING_DAY),
        Roll::None => None,
    }
}

/// "1st", "2nd", "3rd", "8th", "21st".
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The part of a stay a step belongs to; a guide lists its steps by phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Before travelling: applications at the embassy, insurance, the employer's part.
    BeforeArrival,
    /// The first days after arrival.
    OnArrival,
    /// The first weeks and months.
    FirstWeeks,
    /// Later, and whenever something changes (a move, a new job, the permit's end).
    Later,
}

impl Phase {
    /// Every phase, in the order of a stay.
    pub const ALL: [Phase; 4] = [
        Phase::BeforeArrival,
        Phase::OnArrival,
        Phase::FirstWeeks,
        Phase::Later,
    ];

    /// The heading of the phase.
    pub fn heading(self) -> &'static str {
        match self {
            Phase::BeforeArrival => "Before you arrive",
            Phase::OnArrival => "When you arrive",
            Phase::FirstWeeks => "The first weeks",
            Phase::Later => "Later, and when something changes",
        }
    }

    /// The identifier of the phase (an HTML id).
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::BeforeArrival => "before-you-arrive",
            Phase::OnArrival => "when-you-arrive",
            Phase::FirstWeeks => "first-weeks",
            Phase::Later => "later",
        }
    }
}

/// The events that happen once, at the start of a stay: a period counted from them is part
/// of settling in.
fn is_start(anchor: KeyDate) -> bool {
    matches!(
        anchor,
        KeyDate::Arrival
            | KeyDate::EmploymentStart
            | KeyDate::StudyStart
            | KeyDate::BusinessStart
            | KeyDate::TradeLicenceIssued
            | KeyDate::Biometrics
            | KeyDate::CardCollection
    )
}

/// Roughly how many calendar days `offset` spans.
fn rough_days(offset: Offset) -> i64 {
    let n = i64::from(offset.amount);
    let days = match offset.unit {
        Unit::Days => n,
        Unit::WorkingDays => n * 7 / 5,
        Unit::Weeks => n * 7,
        Unit::Months => n * 30,
        Unit::Years => n * 365,
    };
    match offset.direction {
        Direction::After => days,
        Direction::Before => -days,
    }
}

/// Roughly how many days after arriving `rule` falls, for the typical timeline; `None` for a
/// rule counted from something that may happen any time (a move, the permit's end).
pub fn typical_day(rule: &DeadlineRule) -> Option<i64> {
    let from_start = match rule.anchor() {
        Anchor::Date(date) => is_start(*date),
        Anchor::ItemDone(key) => occasion::key_date_of(key).is_none_or(is_start),
    };
    if !from_start {
        return None;
    }
    match *rule {
        DeadlineRule::Offset { offset, .. } => Some(rough_days(offset)),
        DeadlineRule::DayOfNextMonth { .. } => Some(38),
        DeadlineRule::Recurring { .. } | DeadlineRule::Window { .. } => None,
    }
}

fn phase_of_rule(rule: &DeadlineRule) -> Phase {
    let anchor = match rule.anchor() {
        Anchor::Date(date) => Some(*date),
        Anchor::ItemDone(key) => occasion::key_date_of(key),
    };
    if anchor.is_some_and(KeyDate::repeats) {
        return Phase::Later;
    }
    match typical_day(rule) {
        Some(day) if day <= 0 && anchor.is_none_or(|a| a != KeyDate::Biometrics) => {
            Phase::BeforeArrival
        }
        Some(day) if day <= 7 => Phase::OnArrival,
        Some(day) if day <= 92 => Phase::FirstWeeks,
        _ => Phase::Later,
    }
}

/// The phase of a step without a deadline and without steps it waits for.
fn phase_without_rule(item: &TemplateItem) -> Phase {
    if item.category == Category::Visa || item.doer == Doer::Employer {
        Phase::BeforeArrival
    } else if item.category == Category::Other {
        Phase::FirstWeeks
    } else {
        Phase::OnArrival
    }
}

/// Each step of `template` with its phase, in the template's order: a step with a deadline
/// by its rule, one without by the steps it waits for (the latest of their phases), else by
/// its category and who does it.
pub fn phases(template: &ChecklistTemplate) -> Vec<(Phase, &TemplateItem)> {
    let mut found: Vec<Option<Phase>> = template
        .items
        .iter()
        .map(|i| i.deadline.as_ref().map(phase_of_rule))
        .collect();
    // Each pass settles at least one step whose dependencies are settled; templates refuse
    // cycles, and the bound keeps a stored oddity from looping.
    for _ in 0..=template.items.len() {
        let mut changed = false;
        for (n, item) in template.items.iter().enumerate() {
            if found[n].is_some() {
                continue;
            }
            let deps: Option<Vec<Phase>> = item
                .depends_on
                .iter()
                .filter_map(|d| template.items.iter().position(|i| &i.key == d))
                .map(|p| found[p])
                .collect();
            found[n] = match deps {
                Some(deps) if deps.is_empty() => Some(phase_without_rule(item)),
                Some(deps) => deps.into_iter().max(),
                None => continue,
            };
            changed = true;
        }
        if !changed {
            break;
        }
    }
    template
        .items
        .iter()
        .zip(found)
        .map(|(item, phase)| (phase.unwrap_or(Phase::Later), item))
        .collect()
}

/// Whether a caveat marks the rule as not (yet) confirmed by an official source.
pub fn is_unconfirmed(caveat: &str) -> bool {
    ["[UNCONFIRMED", "[SECONDARY", "[PENDING", "UNCONFIRMED"]
        .iter()
        .any(|mark| caveat.contains(mark))
}
