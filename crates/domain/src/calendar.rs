//! The Czech working-day calendar: weekends and public holidays (Act No. 245/2000 Coll.),
//! which alone decide statutory periods (Act No. 500/2004 Coll., §40(1)(c)); and the office
//! closure days a centre enters, which only advise: they never move a legal deadline.

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// First year from which Good Friday is a public holiday (amendment of Act No. 245/2000 Coll.).
const GOOD_FRIDAY_FROM: i32 = 2016;

/// Fixed-date public holidays as (month, day). Source: Act No. 245/2000 Coll., §1–§2,
/// <https://www.novyepis.cz/pravni-predpisy/50587>.
const FIXED_HOLIDAYS: [(u32, u32); 11] = [
    (1, 1),
    (5, 1),
    (5, 8),
    (7, 5),
    (7, 6),
    (9, 28),
    (10, 28),
    (11, 17),
    (12, 24),
    (12, 25),
    (12, 26),
];

/// Why a date is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOff {
    /// Saturday or Sunday.
    Weekend,
    /// A public holiday under Act No. 245/2000 Coll.
    PublicHoliday,
}

/// Working days in the Czech Republic, and the days the centre's offices are closed.
///
/// Working days are the statutory ones: only weekends and public holidays are days off, so
/// every due date, window and "overdue" follows the law alone. Office closures (a training
/// day, 31 December) are kept apart: [`Calendar::go_by`] advises an earlier visit when the
/// office is closed on a due day, and [`Calendar::office_days_between`] counts the days left
/// to go there. Holidays follow the current Act No. 245/2000 Coll. (Good Friday from 2016);
/// they are exact from 2000, the year the Act took effect, to the end of the accepted dates
/// (`date_input`: 2199).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    closures: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The statutory calendar with no extra closure days.
    pub fn czech() -> Self {
        Self::default()
    }

    /// The statutory calendar and the given office closure days (advice only).
    pub fn with_closures(closures: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            closures: closures.into_iter().collect(),
        }
    }

    /// The office closure days this calendar knows of.
    pub fn closures(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.closures.iter().copied()
    }

    /// Why `date` is not a working day in law, or `None` when it is one.
    pub fn day_off(&self, date: NaiveDate) -> Option<DayOff> {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            Some(DayOff::Weekend)
        } else if is_public_holiday(date) {
            Some(DayOff::PublicHoliday)
        } else {
            None
        }
    }

    /// Whether `date` is a working day in law (office closures do not count).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day_off(date).is_none()
    }

    /// Whether the centre entered `date`, a working day, as an office closure.
    pub fn is_office_closed(&self, date: NaiveDate) -> bool {
        self.closures.contains(&date) && self.is_working_day(date)
    }

    /// Whether an office is open on `date`: a working day that is not a closure.
    pub fn is_office_day(&self, date: NaiveDate) -> bool {
        self.is_working_day(date) && !self.closures.contains(&date)
    }

    /// When the office is closed on `due`, the last day before it that it is open: the day
    /// to go by. `None` when the office is open on `due` (or `due` is no working day, which a
    /// statutory due date never is). The legal due date itself does not change.
    pub fn go_by(&self, due: NaiveDate) -> Option<NaiveDate> {
        if !self.is_office_closed(due) {
            return None;
        }
        let mut day = previous(due);
        // Bounded: at most a few closures in a row; stop after a year of searching.
        for _ in 0..366 {
            if self.is_office_day(day) {
                return Some(day);
            }
            day = previous(day);
        }
        None
    }

    /// `date` itself when it is a working day, else the next working day.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            day = next(day);
        }
        day
    }

    /// `date` itself when it is a working day, else the previous working day.
    pub fn working_day_on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            day = previous(day);
        }
        day
    }

    /// The `n`-th working day after `date` (counting starts the day after, §4.3 rule 1).
    /// With `n == 0` the answer is `date` itself.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        for _ in 0..n {
            day = self.working_day_on_or_after(next(day));
        }
        day
    }

    /// The `n`-th working day before `date`. With `n == 0` the answer is `date` itself.
    pub fn subtract_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        for _ in 0..n {
            day = self.working_day_on_or_before(previous(day));
        }
        day
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
    ///
    /// Counted arithmetically (five weekdays in every seven days, then the holidays in the
    /// span) rather than day by day: pages describe hundreds of due dates, some of them years
    /// away (docs/performance-log.md).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        working_days_between(from, to)
    }

    /// Days the office is open from `from` (exclusive) to `to` (inclusive): working days
    /// less the closures among them; negative when `to` is earlier. For "3 working days
    /// left" on pages, never for a due date.
    pub fn office_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (start, end, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let closed = self
            .closures
            .range(start..=end)
            .filter(|d| **d > start && self.is_working_day(**d))
            .count();
        working_days_between(from, to) - sign * i64::try_from(closed).unwrap_or(i64::MAX)
    }
}

/// Working days from `from` (exclusive) to `to` (inclusive), as [`Calendar::working_days_between`].
fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let (start, end, sign) = if to >= from {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let days = (end - start).num_days();
    let mut count = days / 7 * 5;
    let mut day = start
        .checked_add_days(Days::new(u64::try_from(days / 7 * 7).unwrap_or(0)))
        .unwrap_or(end);
    while day < end {
        day = next(day);
        count += i64::from(!is_weekend(day));
    }
    let in_span = |d: &NaiveDate| *d > start && *d <= end && !is_weekend(*d);
    let holidays = (start.year()..=end.year())
        .flat_map(public_holiday_dates)
        .filter(in_span)
        .count();
    let off = i64::try_from(holidays).unwrap_or(i64::MAX);
    sign * (count - off)
}

impl Calendar {
    /// The non-working days (in law) strictly between `from` and `to`, for explanations.
    pub fn days_off_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let (start, end) = if from <= to { (from, to) } else { (to, from) };
        start
            .iter_days()
            .skip(1)
            .take_while(|d| *d < end)
            .filter(|d| !self.is_working_day(*d))
            .collect()
    }
}

fn next(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

fn previous(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(1)).unwrap_or(date)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The public holidays of `year`, unordered, computed directly (no test per day).
fn public_holiday_dates(year: i32) -> impl Iterator<Item = NaiveDate> {
    let fixed = FIXED_HOLIDAYS
        .iter()
        .filter_map(move |&(m, d)| NaiveDate::from_ymd_opt(year, m, d));
    let easter = easter_sunday(year);
    let good_friday = easter
        .filter(|_| year >= GOOD_FRIDAY_FROM)
        .and_then(|e| e.checked_sub_days(Days::new(2)));
    let easter_monday = easter.and_then(|e| e.checked_add_days(Days::new(1)));
    fixed.chain(good_friday).chain(easter_monday)
}

/// Whether `date` is a Czech public holiday (weekends aside).
pub fn is_public_holiday(date: NaiveDate) -> bool {
    if FIXED_HOLIDAYS.contains(&(date.month(), date.day())) {
        return true;
    }
    let Some(easter) = easter_sunday(date.year()) else {
        return false;
    };
    let good_friday = easter.checked_sub_days(Days::new(2));
    let easter_monday = easter.checked_add_days(Days::new(1));
    Some(date) == easter_monday || (date.year() >= GOOD_FRIDAY_FROM && Some(date) == good_friday)
}

/// The public holidays of `year`, in date order.
pub fn public_holidays(year: i32) -> Vec<NaiveDate> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter(|d| is_public_holiday(*d))
        .collect()
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm of Meeus/Jones/Butcher).
#[expect(
    clippy::many_single_char_names,
    reason = "the published algorithm's names"
)]
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}
