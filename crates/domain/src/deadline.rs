//! Deadline rules (offsets, "8th of next month", windows) and the due dates they give, each
//! with a one-line explanation of its arithmetic. Counting follows §4.3 of the fact sheet:
//! a period starts the day after its trigger; a calendar-day period ending on a non-working
//! day moves to the next working day; a permit expiry closes on the last working day on or
//! before it.

mod explain;
#[cfg(test)]
mod tests;

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::key::ItemKey;
use crate::key_date::KeyDate;

/// The largest offset a rule may carry, in each unit (ten years).
pub const MAX_OFFSET_DAYS: u32 = 3660;

/// What a deadline is counted from. Written as `arrival` or `done:biometrics`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Anchor {
    /// A key date of the case (arrival, permit expiry …).
    Date(KeyDate),
    /// The day another item of the same person was done.
    ItemDone(ItemKey),
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Anchor::Date(k) => f.write_str(k.as_str()),
            Anchor::ItemDone(key) => write!(f, "done:{key}"),
        }
    }
}

impl TryFrom<String> for Anchor {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        match text.strip_prefix("done:") {
            Some(key) => ItemKey::parse(key)
                .map(Anchor::ItemDone)
                .map_err(|e| e.to_string()),
            None => text
                .parse::<KeyDate>()
                .map(Anchor::Date)
                .map_err(|e| e.to_string()),
        }
    }
}

impl From<Anchor> for String {
    fn from(anchor: Anchor) -> String {
        anchor.to_string()
    }
}

/// The unit of an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Calendar days.
    Days,
    /// Working days (weekends, public holidays and closures skipped).
    WorkingDays,
    /// Weeks of seven calendar days.
    Weeks,
    /// Calendar months; a day missing in the target month clamps to its last day.
    Months,
    /// Calendar years; 29 February clamps to 28 February.
    Years,
}

impl Unit {
    fn noun(self) -> &'static str {
        match self {
            Unit::Days => "day",
            Unit::WorkingDays => "working day",
            Unit::Weeks => "week",
            Unit::Months => "month",
            Unit::Years => "year",
        }
    }
}

/// Before or after the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Counted forward from the anchor.
    After,
    /// Counted back from the anchor.
    Before,
}

/// What happens when the computed day is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Roll {
    /// Move to the next working day (§4.3 rule 2, statutory periods).
    NextWorkingDay,
    /// Move to the previous working day (§4.3 rule 4, permit expiry).
    PreviousWorkingDay,
    /// Keep the day as computed.
    None,
}

/// An amount of time in one unit and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offset {
    /// How many units (at most ten years' worth).
    pub amount: u32,
    /// The unit counted.
    pub unit: Unit,
    /// Forward or back.
    pub direction: Direction,
}

impl Offset {
    /// The roll that applies when a rule does not name one: periods after an event move
    /// forward to a working day, periods before a date (an expiry) move back. (A count of
    /// working days already lands on one, unless it counts zero from a day off.)
    pub fn default_roll(self) -> Roll {
        match self.direction {
            Direction::After => Roll::NextWorkingDay,
            Direction::Before => Roll::PreviousWorkingDay,
        }
    }

    /// `date` moved by this offset; working days are counted on `cal`.
    pub fn apply(self, date: NaiveDate, cal: &Calendar) -> NaiveDate {
        // Offsets are bounded to ten years and case dates to 1900–2300, far inside chrono's
        // range, so the checked operations cannot fail; `date` is the harmless fallback.
        let n = self.amount;
        match (self.unit, self.direction) {
            (Unit::WorkingDays, Direction::After) => Some(cal.add_working_days(date, n)),
            (Unit::WorkingDays, Direction::Before) => Some(cal.subtract_working_days(date, n)),
            (Unit::Days, Direction::After) => date.checked_add_days(Days::new(n.into())),
            (Unit::Days, Direction::Before) => date.checked_sub_days(Days::new(n.into())),
            (Unit::Weeks, Direction::After) => date.checked_add_days(Days::new(7 * u64::from(n))),
            (Unit::Weeks, Direction::Before) => date.checked_sub_days(Days::new(7 * u64::from(n))),
            (Unit::Months, Direction::After) => date.checked_add_months(Months::new(n)),
            (Unit::Months, Direction::Before) => date.checked_sub_months(Months::new(n)),
            (Unit::Years, Direction::After) => date.checked_add_months(Months::new(12 * n)),
            (Unit::Years, Direction::Before) => date.checked_sub_months(Months::new(12 * n)),
        }
        .unwrap_or(date)
    }

    /// Whether the amount stays within ten years.
    pub fn is_bounded(self) -> bool {
        let days = match self.unit {
            Unit::Days | Unit::WorkingDays => self.amount,
            Unit::Weeks => self.amount.saturating_mul(7),
            Unit::Months => self.amount.saturating_mul(31),
            Unit::Years => self.amount.saturating_mul(366),
        };
        days <= MAX_OFFSET_DAYS
    }
}

/// How a checklist item's due date follows from the case's dates. Stored as JSON with a
/// `shape` tag; template files use the friendlier TOML of `template::raw`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum DeadlineRule {
    /// A period before or after the anchor.
    Offset {
        /// What the period counts from.
        anchor: Anchor,
        /// The period.
        offset: Offset,
        /// What happens when it ends on a non-working day.
        roll: Roll,
    },
    /// A day of the month after the anchor's month ("by the 8th day of the next month").
    DayOfNextMonth {
        /// What the month is taken from.
        anchor: Anchor,
        /// Day of that next month, 1–28.
        day: u32,
        /// What happens when that day is not a working day.
        roll: Roll,
    },
    /// A duty that comes back on a fixed day (the yearly tax return by 1 April, the monthly
    /// advance by the 8th): each item is one occurrence, due on the first scheduled day after
    /// the anchor (after the business start for the first; after the previous occurrence's
    /// day for the next ones, which `Case::renew_recurring` adds).
    Recurring {
        /// What the first occurrence counts from.
        anchor: Anchor,
        /// When it comes back.
        schedule: Schedule,
        /// What happens when the day is not a working day.
        roll: Roll,
    },
    /// A window that opens and closes relative to the anchor (an extension may be filed from
    /// 120 days before expiry until the last day of validity).
    Window {
        /// What both ends count from.
        anchor: Anchor,
        /// When the window opens (never rolled: it is the earliest day).
        opens: Offset,
        /// When it closes: the due date.
        closes: Offset,
        /// What happens when it closes on a non-working day.
        roll: Roll,
    },
}

impl DeadlineRule {
    /// The anchor the rule counts from.
    pub fn anchor(&self) -> &Anchor {
        match self {
            DeadlineRule::Offset { anchor, .. }
            | DeadlineRule::DayOfNextMonth { anchor, .. }
            | DeadlineRule::Recurring { anchor, .. }
            | DeadlineRule::Window { anchor, .. } => anchor,
        }
    }

    /// The due date (and opening day) for an anchor on `anchor_date`, described as `event`
    /// ("arrived"), or the missing anchor when the date is not known.
    pub fn compute(&self, anchor_date: Option<NaiveDate>, event: &str, cal: &Calendar) -> Outcome {
        let Some(start) = anchor_date else {
            return Outcome::Waiting(self.anchor().clone());
        };
        let deadline = match *self {
            DeadlineRule::Offset { offset, roll, .. } => {
                let raw = offset.apply(start, cal);
                let due = roll_day(raw, roll, cal);
                let line = explain::offset(event, start, offset, raw, due, cal);
                Deadline::new(due, None, line)
            }
            DeadlineRule::DayOfNextMonth { day, roll, .. } => {
                let raw = day_of_next_month(start, day);
                let due = roll_day(raw, roll, cal);
                Deadline::new(due, None, explain::next_month(event, start, day, raw, due))
            }
            DeadlineRule::Recurring { schedule, roll, .. } => {
                let raw = schedule.next_after(start);
                let due = roll_day(raw, roll, cal);
                let line = format!(
                    "{event} {} → the next {}{}",
                    crate::date_format::long(start),
                    schedule.describe(),
                    explain::landing(raw, due)
                );
                Deadline::new(due, None, line)
            }
            DeadlineRule::Window {
                opens,
                closes,
                roll,
                ..
            } => {
                let open = opens.apply(start, cal);
                let raw = closes.apply(start, cal);
                let due = roll_day(raw, roll, cal);
                let line = explain::window(event, start, opens, open, raw, due);
                Deadline::new(due, Some(open), line)
            }
        };
        Outcome::Due(deadline)
    }
}

/// When a recurring duty comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "every", rename_all = "snake_case")]
pub enum Schedule {
    /// Every year on a day (1 April: `month` 4, `day` 1; 29 February is refused).
    Year {
        /// Month, 1–12.
        month: u32,
        /// Day of the month (a day every year has).
        day: u32,
        /// Whether it falls in the year after the date it counts from (a tax return for the
        /// year the business started is due on 1 April of the next year), not on the next
        /// such day.
        #[serde(default)]
        next_year: bool,
    },
    /// Every month on a day, 1–28.
    Month {
        /// Day of the month, 1–28.
        day: u32,
    },
}

impl Schedule {
    /// A schedule, when the day exists in every year (or month).
    pub fn yearly(month: u32, day: u32, next_year: bool) -> Option<Self> {
        // 2027 is not a leap year: a day that exists in it exists every year.
        NaiveDate::from_ymd_opt(2027, month, day).map(|_| Schedule::Year {
            month,
            day,
            next_year,
        })
    }

    /// A monthly schedule on day 1–28.
    pub fn monthly(day: u32) -> Option<Self> {
        (1..=28).contains(&day).then_some(Schedule::Month { day })
    }

    /// The first scheduled day strictly after `date`.
    pub fn next_after(self, date: NaiveDate) -> NaiveDate {
        let candidate = |year: i32, month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
        let found = match self {
            Schedule::Year {
                month,
                day,
                next_year: true,
            } => candidate(date.year() + 1, month, day),
            Schedule::Year { month, day, .. } => candidate(date.year(), month, day)
                .filter(|d| *d > date)
                .or_else(|| candidate(date.year() + 1, month, day)),
            Schedule::Month { day } => candidate(date.year(), date.month(), day)
                .filter(|d| *d > date)
                .or_else(|| {
                    let first = date.with_day(1)?.checked_add_months(Months::new(1))?;
                    first.with_day(day)
                }),
        };
        found.unwrap_or(date)
    }

    /// "1 April" / "8th of the month".
    pub fn describe(self) -> String {
        match self {
            Schedule::Year {
                month,
                day,
                next_year,
            } => {
                let on = NaiveDate::from_ymd_opt(2027, month, day)
                    .map(|d| d.format("%-d %B").to_string())
                    .unwrap_or_default();
                if next_year {
                    format!("{on} of the following year")
                } else {
                    on
                }
            }
            Schedule::Month { day } => format!("day {day} of a month"),
        }
    }
}

fn roll_day(date: NaiveDate, roll: Roll, cal: &Calendar) -> NaiveDate {
    match roll {
        Roll::NextWorkingDay => cal.working_day_on_or_after(date),
        Roll::PreviousWorkingDay => cal.working_day_on_or_before(date),
        Roll::None => date,
    }
}

fn day_of_next_month(date: NaiveDate, day: u32) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|m| m.with_day(day))
        .unwrap_or(date)
}

/// A computed due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The last day to act.
    pub due: NaiveDate,
    /// The first day to act, for windows.
    pub opens: Option<NaiveDate>,
    /// The arithmetic in one line: "arrived Wed 23 Dec 2026 + 3 working days, skipping
    /// 24–27 Dec → Wed 30 Dec 2026".
    pub explanation: String,
}

impl Deadline {
    fn new(due: NaiveDate, opens: Option<NaiveDate>, explanation: String) -> Self {
        Self {
            due,
            opens,
            explanation,
        }
    }
}

/// The result of applying a rule to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The rule gave a date.
    Due(Deadline),
    /// The anchor is not known yet: no due date until it is.
    Waiting(Anchor),
}
