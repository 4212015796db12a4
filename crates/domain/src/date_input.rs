//! Dates typed by people, read one way everywhere (every form and the JSON API): the ISO form
//! `YYYY-MM-DD` that `<input type="date">` sends, zero-padded, in the years
//! [`FIRST_YEAR`]–[`LAST_YEAR`]. The range covers a grandparent's birth and a permit valid for
//! decades; working-day deadlines are exact from 2000 on, when Act 245/2000 Coll. (the
//! public-holiday law) took effect (`docs/domain.md`).

use chrono::{Datelike as _, NaiveDate};

/// The first year accepted.
pub const FIRST_YEAR: i32 = 1900;
/// The last year accepted.
pub const LAST_YEAR: i32 = 2199;

/// Why a typed date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateInputError {
    /// Not `YYYY-MM-DD`, or no such day (30 February).
    #[error("enter a real date as YYYY-MM-DD, e.g. 2026-12-23")]
    NotADate,
    /// Outside [`FIRST_YEAR`]–[`LAST_YEAR`].
    #[error("enter a date between the years {FIRST_YEAR} and {LAST_YEAR}")]
    OutOfRange,
}

/// A required date.
pub fn parse(raw: &str) -> Result<NaiveDate, DateInputError> {
    let raw = raw.trim();
    // chrono also accepts "2026-1-5"; the form is the zero-padded one only.
    if raw.len() != 10 {
        return Err(DateInputError::NotADate);
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| DateInputError::NotADate)?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(DateInputError::OutOfRange);
    }
    Ok(date)
}

/// An optional date: empty (or only spaces) is `None`.
pub fn parse_optional(raw: &str) -> Result<Option<NaiveDate>, DateInputError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn only_padded_iso_dates_in_range_are_read() {
        assert_eq!(
            parse(" 2026-12-23 "),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 23).unwrap())
        );
        for bad in [
            "2026-1-5",
            "23.12.2026",
            "2026-02-30",
            "",
            "x",
            "2026-12-23T00:00",
        ] {
            assert_eq!(parse(bad), Err(DateInputError::NotADate), "{bad}");
        }
        assert_eq!(parse("1899-12-31"), Err(DateInputError::OutOfRange));
        assert_eq!(parse("2200-01-01"), Err(DateInputError::OutOfRange));
        assert_eq!(parse_optional("  "), Ok(None));
    }

    proptest! {
        #[test]
        fn a_date_in_range_reads_back_as_itself(days in 0i64..(300 * 366)) {
            let date = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap() + chrono::Days::new(days.unsigned_abs());
            prop_assume!(date.year() <= LAST_YEAR);
            prop_assert_eq!(parse(&date.format("%Y-%m-%d").to_string()), Ok(date));
        }
    }
}
