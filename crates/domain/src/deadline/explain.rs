//! The one-line explanations of deadline arithmetic.

use chrono::NaiveDate;

use super::{Direction, Offset, Unit};
use crate::calendar::Calendar;
use crate::date_format::{count, long, short};

/// More runs of days off than this are summarised as a count.
const MAX_LISTED_RUNS: usize = 3;

pub(super) fn offset(
    event: &str,
    start: NaiveDate,
    offset: Offset,
    raw: NaiveDate,
    due: NaiveDate,
    cal: &Calendar,
) -> String {
    let sign = match offset.direction {
        Direction::After => "+",
        Direction::Before => "−",
    };
    if offset.amount == 0 {
        return if start == due {
            format!("due the day it happens: {event} {}", long(start))
        } else {
            format!("{event} {}, not a working day → {}", long(start), long(due))
        };
    }
    let amount = count(i64::from(offset.amount), offset.unit.noun());
    let head = format!("{event} {} {sign} {amount}", long(start));
    if offset.unit == Unit::WorkingDays {
        let skipped = skipped(start, raw, cal);
        format!("{head}{skipped} → {}", long(due))
    } else {
        format!("{head}{}", landing(raw, due))
    }
}

pub(super) fn next_month(
    event: &str,
    start: NaiveDate,
    day: u32,
    raw: NaiveDate,
    due: NaiveDate,
) -> String {
    format!(
        "{event} {} → day {day} of the next month{}",
        long(start),
        landing(raw, due)
    )
}

pub(super) fn window(
    event: &str,
    start: NaiveDate,
    opens: Offset,
    open: NaiveDate,
    raw: NaiveDate,
    due: NaiveDate,
) -> String {
    let opens_phrase = if opens.amount == 0 {
        String::new()
    } else {
        let side = match opens.direction {
            Direction::After => "after",
            Direction::Before => "before",
        };
        format!(
            " {} {side}",
            count(i64::from(opens.amount), opens.unit.noun())
        )
    };
    let close = if raw == due {
        format!("closes {}", long(due))
    } else {
        format!("closes {} ({} is not a working day)", long(due), long(raw))
    };
    format!(
        "{event} {}: window opens{opens_phrase}, {}, and {close}",
        long(start),
        long(open)
    )
}

/// " = Sat 14 Mar 2026, not a working day → Mon 16 Mar 2026", or " = Tue 10 Mar 2026".
pub(super) fn landing(raw: NaiveDate, due: NaiveDate) -> String {
    if raw == due {
        format!(" = {}", long(due))
    } else {
        format!(" = {}, not a working day → {}", long(raw), long(due))
    }
}

/// ", skipping 24–27 Dec" for the days off inside a working-day count.
fn skipped(from: NaiveDate, to: NaiveDate, cal: &Calendar) -> String {
    let days = cal.days_off_between(from, to);
    if days.is_empty() {
        return String::new();
    }
    let runs = runs(&days);
    if runs.len() > MAX_LISTED_RUNS {
        return format!(
            ", skipping {}",
            count(
                i64::try_from(days.len()).unwrap_or(i64::MAX),
                "non-working day"
            )
        );
    }
    let listed: Vec<String> = runs
        .iter()
        .map(|(a, b)| {
            if a == b {
                short(*a)
            } else if a.format("%b%Y").to_string() == b.format("%b%Y").to_string() {
                format!("{}–{}", a.format("%-d"), short(*b))
            } else {
                format!("{}–{}", short(*a), short(*b))
            }
        })
        .collect();
    format!(", skipping {}", listed.join(", "))
}

/// Consecutive dates grouped into (first, last) runs.
fn runs(days: &[NaiveDate]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &d in days {
        match out.last_mut() {
            Some((_, last)) if last.succ_opt() == Some(d) => *last = d,
            _ => out.push((d, d)),
        }
    }
    out
}
