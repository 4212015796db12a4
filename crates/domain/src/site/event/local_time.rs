//! A wall-clock time typed in the centre's time zone, made an instant: a time that a change of
//! the clocks skips, or passes twice, is refused with words rather than guessed.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};

/// Why a local date and time is not one instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    /// The clocks go forward over it (02:30 on the last Sunday of March in Prague).
    #[error(
        "{0} does not exist on that day: the clocks go forward an hour; choose a time an hour later"
    )]
    Skipped(String),
    /// The clocks go back over it: it happens twice (02:30 on the last Sunday of October).
    #[error(
        "{0} happens twice on that day as the clocks go back an hour; choose a time outside 02:00–03:00"
    )]
    Ambiguous(String),
}

/// The instant at which the clocks of `zone` show `date` and `time`.
pub fn local_instant<Z: TimeZone>(
    date: NaiveDate,
    time: NaiveTime,
    zone: &Z,
) -> Result<DateTime<Utc>, LocalTimeError> {
    let shown = time.format("%H:%M").to_string();
    match zone.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(..) => Err(LocalTimeError::Ambiguous(shown)),
        LocalResult::None => Err(LocalTimeError::Skipped(shown)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, NaiveDateTime};

    use super::*;

    /// Central European time with its summer time (a stand-in for Europe/Prague, whose rules
    /// live in the web crate's time-zone database): summer time from the last Sunday of March
    /// at 02:00 to the last Sunday of October at 03:00 (2026: 29 March, 25 October).
    #[derive(Debug, Clone, Copy)]
    struct Cet;

    #[derive(Debug, Clone, Copy)]
    struct CetOffset(FixedOffset);

    impl chrono::Offset for CetOffset {
        fn fix(&self) -> FixedOffset {
            self.0
        }
    }

    fn winter() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }

    fn summer() -> FixedOffset {
        FixedOffset::east_opt(7200).unwrap()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    impl TimeZone for Cet {
        type Offset = CetOffset;

        fn from_offset(_: &CetOffset) -> Self {
            Cet
        }

        fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<CetOffset> {
            self.offset_from_local_datetime(&local.and_hms_opt(12, 0, 0).unwrap())
        }

        fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<CetOffset> {
            let forward = day(3, 29).and_hms_opt(2, 0, 0).unwrap();
            let back = day(10, 25).and_hms_opt(2, 0, 0).unwrap();
            let hour = chrono::Duration::hours(1);
            if *local >= forward && *local < forward + hour {
                LocalResult::None
            } else if *local >= back && *local < back + hour {
                LocalResult::Ambiguous(CetOffset(summer()), CetOffset(winter()))
            } else if *local > forward && *local < back {
                LocalResult::Single(CetOffset(summer()))
            } else {
                LocalResult::Single(CetOffset(winter()))
            }
        }

        fn offset_from_utc_date(&self, _: &NaiveDate) -> CetOffset {
            CetOffset(winter())
        }

        fn offset_from_utc_datetime(&self, _: &NaiveDateTime) -> CetOffset {
            CetOffset(winter())
        }
    }

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn an_ordinary_evening_is_one_instant() {
        let instant = local_instant(day(12, 10), at(17, 0), &Cet).unwrap();
        assert_eq!(instant.to_rfc3339(), "2026-12-10T16:00:00+00:00");
    }

    #[test]
    fn a_skipped_time_is_refused_in_words() {
        let err = local_instant(day(3, 29), at(2, 30), &Cet).unwrap_err();
        assert_eq!(err, LocalTimeError::Skipped("02:30".into()));
        assert!(err.to_string().contains("does not exist"));
    }

    #[test]
    fn a_time_that_happens_twice_is_refused_in_words() {
        let err = local_instant(day(10, 25), at(2, 30), &Cet).unwrap_err();
        assert!(matches!(err, LocalTimeError::Ambiguous(_)));
        assert!(err.to_string().contains("happens twice"));
    }
}
