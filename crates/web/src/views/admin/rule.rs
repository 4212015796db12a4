//! A deadline rule in words, for admins reading a template: "3 working days after the
//! arrival date".

use softland_domain::deadline::{Direction, Offset, Roll, Unit};
use softland_domain::{Anchor, ChecklistTemplate, DeadlineRule};

fn unit_noun(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "day",
        Unit::WorkingDays => "working day",
        Unit::Weeks => "week",
        Unit::Months => "month",
        Unit::Years => "year",
    }
}

/// "the arrival date", or "the day “Give your fingerprints” (`biometrics`) is done".
fn anchor_words(anchor: &Anchor, template: &ChecklistTemplate) -> String {
    match anchor {
        Anchor::Date(key) => format!("the {}", key.noun()),
        Anchor::ItemDone(key) => match template.item(key) {
            Some(item) => format!("the day “{}” ({key}) is done", item.title),
            None => format!("the day {key} is done"),
        },
    }
}

/// "3 working days after the arrival date"; "on the arrival date" for zero.
fn offset_words(offset: Offset, anchor: &str) -> String {
    if offset.amount == 0 {
        return format!("on {anchor}");
    }
    let amount =
        softland_domain::date_format::count(i64::from(offset.amount), unit_noun(offset.unit));
    let direction = match offset.direction {
        Direction::After => "after",
        Direction::Before => "before",
    };
    format!("{amount} {direction} {anchor}")
}

fn roll_words(roll: Roll) -> &'static str {
    match roll {
        Roll::NextWorkingDay => "; a day off moves it to the next working day",
        Roll::PreviousWorkingDay => "; a day off moves it to the previous working day",
        Roll::None => "",
    }
}

/// The rule in one sentence; items of `template` are named by their titles.
pub fn describe(rule: &DeadlineRule, template: &ChecklistTemplate) -> String {
    let anchor = anchor_words(rule.anchor(), template);
    match *rule {
        DeadlineRule::Offset { offset, roll, .. } => {
            // A count of working days lands on a working day already.
            let roll = if offset.unit == Unit::WorkingDays && offset.amount > 0 {
                ""
            } else {
                roll_words(roll)
            };
            format!("Due {}{roll}", offset_words(offset, &anchor))
        }
        DeadlineRule::DayOfNextMonth { day, roll, .. } => {
            format!(
                "Due on day {day} of the month after {anchor}{}",
                roll_words(roll)
            )
        }
        DeadlineRule::Recurring { schedule, roll, .. } => format!(
            "Due every {}, the first time after {anchor}{}",
            match schedule {
                softland_domain::deadline::Schedule::Year { .. } => {
                    format!("year on {}", schedule.describe())
                }
                softland_domain::deadline::Schedule::Month { day } => {
                    format!("month on day {day}")
                }
            },
            roll_words(roll)
        ),
        DeadlineRule::Window {
            opens,
            closes,
            roll,
            ..
        } => format!(
            "Window opens {} and closes (due) {}{}",
            offset_words(opens, &anchor),
            offset_words(closes, &anchor),
            roll_words(roll)
        ),
    }
}
