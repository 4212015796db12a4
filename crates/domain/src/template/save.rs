//! Validated template items back to their raw TOML shape, for saving.

use super::TemplateItem;
use super::raw::{RawDeadline, RawItem};
use crate::deadline::{DeadlineRule, Direction, Offset, Roll, Schedule, Unit};

/// The raw shape of a validated item, for saving.
pub(super) fn item_to_raw(item: &TemplateItem) -> RawItem {
    RawItem {
        key: Some(item.key.to_string()),
        title: Some(item.title.clone()),
        category: Some(item.category.as_str().to_owned()),
        applies_to: Some(item.applies_to.as_str().to_owned()),
        instructions: Some(item.instructions.clone()),
        where_to_go: Some(item.where_to_go.clone()),
        documents: item.documents.clone(),
        depends_on: item.depends_on.iter().map(ToString::to_string).collect(),
        valid_from: item.valid_from.map(|d| d.to_string()),
        valid_until: item.valid_until.map(|d| d.to_string()),
        min_age: item.min_age,
        max_age: item.max_age,
        watch: item.watch.map(|w| w.as_str().to_owned()),
        source: Some(item.source.clone()),
        caveat: item.caveat.clone(),
        doer: item.doer.is_other().then(|| item.doer.as_str().to_owned()),
        deadline: item.deadline.as_ref().map(deadline_to_raw),
    }
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "days",
        Unit::WorkingDays => "working_days",
        Unit::Weeks => "weeks",
        Unit::Months => "months",
        Unit::Years => "years",
    }
}

fn roll_name(roll: Roll) -> &'static str {
    match roll {
        Roll::NextWorkingDay => "next_working_day",
        Roll::PreviousWorkingDay => "previous_working_day",
        Roll::None => "none",
    }
}

fn split(offset: Offset) -> (Option<u32>, Option<u32>) {
    match offset.direction {
        Direction::After => (Some(offset.amount), None),
        Direction::Before => (None, Some(offset.amount)),
    }
}

fn deadline_to_raw(rule: &DeadlineRule) -> RawDeadline {
    let mut raw = RawDeadline {
        anchor: Some(rule.anchor().to_string()),
        ..RawDeadline::default()
    };
    match *rule {
        DeadlineRule::Offset { offset, roll, .. } => {
            (raw.after, raw.before) = split(offset);
            raw.unit = Some(unit_name(offset.unit).to_owned());
            raw.roll = Some(roll_name(roll).to_owned());
        }
        DeadlineRule::DayOfNextMonth { day, roll, .. } => {
            raw.day_of_next_month = Some(day);
            raw.roll = Some(roll_name(roll).to_owned());
        }
        DeadlineRule::Recurring { schedule, roll, .. } => {
            match schedule {
                Schedule::Year {
                    month,
                    day,
                    next_year,
                } => {
                    raw.every_year_on = Some(format!("{month:02}-{day:02}"));
                    raw.from_next_year = next_year.then_some(true);
                }
                Schedule::Month { day } => raw.every_month_on = Some(day),
            }
            raw.roll = Some(roll_name(roll).to_owned());
        }
        DeadlineRule::Window {
            opens,
            closes,
            roll,
            ..
        } => {
            (raw.opens_after, raw.opens_before) = split(opens);
            (raw.closes_after, raw.closes_before) = split(closes);
            raw.unit = Some(unit_name(opens.unit).to_owned());
            raw.roll = Some(roll_name(roll).to_owned());
        }
    }
    raw
}
