//! A calendar month, as the month view's address names it: `2027-01`.

use chrono::{Datelike, Days, Months, NaiveDate};

/// A month of a year within the dates softland accepts (2000–2199, as `date_input`).
#[must_use]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

/// Why a month is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidMonth {
    /// Not `YYYY-MM`, or no such month.
    #[error("enter a month as YYYY-MM, e.g. 2027-01")]
    Format,
    /// Outside the years softland accepts.
    #[error("choose a month from 2000 to 2199")]
    OutOfRange,
}

impl Month {
    /// The month of `date`.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            first: date.with_day(1).unwrap_or(date),
        }
    }

    /// `YYYY-MM` (surrounding spaces ignored).
    pub fn parse(raw: &str) -> Result<Self, InvalidMonth> {
        let raw = raw.trim();
        let (year, month) = raw.split_once('-').ok_or(InvalidMonth::Format)?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return Err(InvalidMonth::Format);
        }
        let year: i32 = year.parse().map_err(|_| InvalidMonth::Format)?;
        let month: u32 = month.parse().map_err(|_| InvalidMonth::Format)?;
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(InvalidMonth::Format)?;
        if !(2000..=2199).contains(&year) {
            return Err(InvalidMonth::OutOfRange);
        }
        Ok(Self { first })
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first - Days::new(1)
    }

    /// Every day of it, in order.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last_day();
        self.first.iter_days().take_while(move |d| *d <= last)
    }

    /// The month before.
    pub fn previous(self) -> Self {
        Self {
            first: self.first - Months::new(1),
        }
    }

    /// The month after.
    pub fn next(self) -> Self {
        Self {
            first: self.first + Months::new(1),
        }
    }

    /// "January 2027".
    pub fn name(self) -> String {
        self.first.format("%B %Y").to_string()
    }
}

impl std::fmt::Display for Month {
    /// `2027-01`, as [`Month::parse`] reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

#[cfg(test)]
mod tests {
    use super::{InvalidMonth, Month};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn month_reads_year_and_month_and_knows_its_days() {
        let feb = Month::parse("2028-02").unwrap();
        assert_eq!(feb.days().count(), 29);
        assert_eq!(feb.previous().to_string(), "2028-01");
        assert_eq!(
            Month::parse("2027-12").unwrap().next().to_string(),
            "2028-01"
        );
        assert_eq!(feb.name(), "February 2028");
    }

    #[test]
    fn month_refuses_what_is_not_one() {
        for raw in [
            "",
            "2027",
            "2027-13",
            "2027-1",
            "27-01",
            "2027-01-01",
            "abcd-ef",
        ] {
            assert_eq!(Month::parse(raw), Err(InvalidMonth::Format), "{raw:?}");
        }
        assert_eq!(Month::parse("1999-12"), Err(InvalidMonth::OutOfRange));
    }

    proptest! {
        #[test]
        fn month_reads_back_what_it_writes(days in 0u64..73_000) {
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(days);
            let month = Month::of(date);
            prop_assert_eq!(Month::parse(&month.to_string()), Ok(month));
            prop_assert!(month.days().any(|d| d == date));
        }
    }
}
