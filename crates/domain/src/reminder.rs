//! When people are reminded: lead times before a due date (in working days), the time of day a
//! digest goes out, and which reminder is due on a given day. Pure rules; the server decides
//! what "today" and "now" are and records what it sent, so that no reminder goes twice.

use std::fmt;

use chrono::{NaiveDate, NaiveTime, Timelike};

use crate::calendar::Calendar;

/// The most lead times one category can have.
pub const MAX_LEAD_TIMES: usize = 5;
/// The longest lead time, in working days (about three months).
pub const MAX_LEAD_DAYS: u32 = 60;
/// The longest escalation threshold and due-soon horizon, in working days.
pub const MAX_THRESHOLD_DAYS: u32 = 60;

/// How many working days before a due date reminders go: distinct, each 1 to
/// [`MAX_LEAD_DAYS`], at most [`MAX_LEAD_TIMES`], kept longest first. Empty means "no
/// reminders for this category".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeadTimes(Vec<u32>);

/// Why a list of lead times is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLeadTimes {
    /// A part is not a whole number.
    #[error(
        "\"{0}\" is not a number of working days; write numbers separated by commas, e.g. 14, 3, 1"
    )]
    NotANumber(String),
    /// Zero or more than the longest.
    #[error("{0} is out of range: each lead time is 1 to {MAX_LEAD_DAYS} working days")]
    OutOfRange(u32),
    /// Too many.
    #[error("at most {MAX_LEAD_TIMES} lead times per category")]
    TooMany,
}

impl LeadTimes {
    /// The centre's default: 14, 3 and 1 working days before.
    pub fn standard() -> Self {
        Self(vec![14, 3, 1])
    }

    /// No reminders.
    pub fn none() -> Self {
        Self(Vec::new())
    }

    /// Lead times from numbers; duplicates are dropped.
    pub fn new(days: impl IntoIterator<Item = u32>) -> Result<Self, InvalidLeadTimes> {
        let mut days: Vec<u32> = days.into_iter().collect();
        if let Some(&bad) = days.iter().find(|d| **d == 0 || **d > MAX_LEAD_DAYS) {
            return Err(InvalidLeadTimes::OutOfRange(bad));
        }
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        if days.len() > MAX_LEAD_TIMES {
            return Err(InvalidLeadTimes::TooMany);
        }
        Ok(Self(days))
    }

    /// Parses "14, 3, 1" (spaces and an empty text allowed: empty is no reminders).
    pub fn parse(raw: &str) -> Result<Self, InvalidLeadTimes> {
        let mut days = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let n: u32 = part
                .parse()
                .map_err(|_| InvalidLeadTimes::NotANumber(part.chars().take(20).collect()))?;
            days.push(n);
        }
        Self::new(days)
    }

    /// The lead times, longest first.
    pub fn days(&self) -> &[u32] {
        &self.0
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The reminder due on `today` for an item due on `due`: the shortest lead time whose
    /// reminder day (that many working days before `due`) has come, while `due` is still ahead
    /// or today. Earlier lead times that were never sent (the case was opened late) are
    /// passed over: one reminder, the most urgent, not a burst. `None` when no reminder day has
    /// come yet or the due date has passed.
    pub fn due_on(&self, today: NaiveDate, due: NaiveDate, calendar: &Calendar) -> Option<u32> {
        if today > due {
            return None;
        }
        self.0
            .iter()
            .rev()
            .copied()
            .find(|&lead| calendar.subtract_working_days(due, lead) <= today)
    }
}

impl fmt::Display for LeadTimes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for d in &self.0 {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A time of day to the minute ("07:30"), in the centre's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(NaiveTime);

/// Why a text is not a time of day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTime {
    /// Empty.
    #[error("please enter a time as HH:MM, e.g. 07:30")]
    Missing,
    /// Not HH:MM or not a real time.
    #[error("enter a time of day as HH:MM (24-hour clock), e.g. 07:30")]
    NotATime,
}

impl TimeOfDay {
    /// 00:00.
    pub const MIDNIGHT: Self = Self(NaiveTime::MIN);

    /// The time `hour:minute`, when it is one.
    pub fn new(hour: u32, minute: u32) -> Option<Self> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(Self)
    }

    /// Parses `HH:MM` or `H:MM` (24-hour clock).
    pub fn parse(raw: &str) -> Result<Self, InvalidTime> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(InvalidTime::Missing);
        }
        let (h, m) = raw.split_once(':').ok_or(InvalidTime::NotATime)?;
        let digits = |s: &str, max_len: usize| {
            (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        match (digits(h, 2), (m.len() == 2).then(|| digits(m, 2)).flatten()) {
            (Some(h), Some(m)) => Self::new(h, m).ok_or(InvalidTime::NotATime),
            _ => Err(InvalidTime::NotATime),
        }
    }

    /// The time.
    pub fn time(self) -> NaiveTime {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

/// Whether a daily digest set for `at` goes out at local date and time `now`: on office days
/// only (no weekend, Czech public holiday or office closure) and once `at` has come.
pub fn digest_due(
    now_date: NaiveDate,
    now_time: NaiveTime,
    at: TimeOfDay,
    calendar: &Calendar,
) -> bool {
    calendar.is_office_day(now_date) && now_time >= at.time()
}

/// A threshold in working days (due-soon horizon, escalation after overdue): 1 to
/// [`MAX_THRESHOLD_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkingDays(u32);

/// Why a number of working days is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidWorkingDays {
    /// Not a whole number.
    #[error("enter a whole number of working days, e.g. 5")]
    NotANumber,
    /// Zero or too large.
    #[error("enter 1 to {MAX_THRESHOLD_DAYS} working days")]
    OutOfRange,
}

impl WorkingDays {
    /// Three working days.
    pub const THREE: Self = Self(3);
    /// Five working days.
    pub const FIVE: Self = Self(5);

    /// `n` working days, when in range.
    pub fn new(n: u32) -> Result<Self, InvalidWorkingDays> {
        if (1..=MAX_THRESHOLD_DAYS).contains(&n) {
            Ok(Self(n))
        } else {
            Err(InvalidWorkingDays::OutOfRange)
        }
    }

    /// Parses a typed number.
    pub fn parse(raw: &str) -> Result<Self, InvalidWorkingDays> {
        let raw = raw.trim();
        if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) || raw.len() > 4 {
            return Err(InvalidWorkingDays::NotANumber);
        }
        Self::new(raw.parse().map_err(|_| InvalidWorkingDays::NotANumber)?)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for WorkingDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Whether an item due on `due` is escalated on `today`: overdue by at least `after` working
/// days (counted like every other period: the working days after `due` up to `today`).
pub fn escalated(
    today: NaiveDate,
    due: NaiveDate,
    after: WorkingDays,
    calendar: &Calendar,
) -> bool {
    today > due && calendar.add_working_days(due, after.get()) <= today
}

#[cfg(test)]
mod tests;
