use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The 13 holidays of each year 2024–2030, listed by hand from Act No. 245/2000 Coll. and the
/// Easter table in §4.1 of the fact sheet.
fn listed(year: i32, good_friday: (u32, u32), easter_monday: (u32, u32)) -> Vec<NaiveDate> {
    let mut days = vec![
        d(year, 1, 1),
        d(year, good_friday.0, good_friday.1),
        d(year, easter_monday.0, easter_monday.1),
        d(year, 5, 1),
        d(year, 5, 8),
        d(year, 7, 5),
        d(year, 7, 6),
        d(year, 9, 28),
        d(year, 10, 28),
        d(year, 11, 17),
        d(year, 12, 24),
        d(year, 12, 25),
        d(year, 12, 26),
    ];
    days.sort();
    days
}

#[test]
fn holidays_2024_to_2030_match_the_published_lists() {
    let easter = [
        (2024, (3, 29), (4, 1)),
        (2025, (4, 18), (4, 21)),
        (2026, (4, 3), (4, 6)),
        (2027, (3, 26), (3, 29)),
        (2028, (4, 14), (4, 17)),
        (2029, (3, 30), (4, 2)),
        (2030, (4, 19), (4, 22)),
    ];
    for (year, gf, em) in easter {
        assert_eq!(public_holidays(year), listed(year, gf, em), "{year}");
    }
}

#[test]
fn easter_sunday_matches_known_dates() {
    assert_eq!(easter_sunday(1990), Some(d(1990, 4, 15)));
    assert_eq!(easter_sunday(2000), Some(d(2000, 4, 23)));
    assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
    assert_eq!(easter_sunday(2038), Some(d(2038, 4, 25)));
    assert_eq!(easter_sunday(2200), Some(d(2200, 4, 6)));
}

#[test]
fn good_friday_is_a_holiday_only_from_2016() {
    assert!(!is_public_holiday(d(2015, 4, 3)));
    assert!(is_public_holiday(d(2016, 3, 25)));
    assert!(
        is_public_holiday(d(2015, 4, 6)),
        "Easter Monday was always a holiday"
    );
}

#[test]
fn memorial_days_are_working_days() {
    let cal = Calendar::czech();
    assert!(cal.is_working_day(d(2027, 3, 8)));
    assert!(cal.is_working_day(d(2027, 3, 12)));
}

#[test]
fn only_weekends_and_holidays_are_days_off_in_law_and_a_closure_is_not_one() {
    let cal = Calendar::with_closures([d(2026, 12, 31)]);
    assert_eq!(cal.day_off(d(2026, 12, 26)), Some(DayOff::Weekend));
    assert_eq!(cal.day_off(d(2026, 12, 24)), Some(DayOff::PublicHoliday));
    // Act 500/2004 §40(1)(c): only Saturdays, Sundays and public holidays extend a period.
    assert_eq!(cal.day_off(d(2026, 12, 31)), None);
    assert!(cal.is_working_day(d(2026, 12, 31)));
    assert!(cal.is_office_closed(d(2026, 12, 31)));
    assert!(!cal.is_office_day(d(2026, 12, 31)));
    assert!(!cal.is_office_closed(d(2026, 12, 30)));
}

#[test]
fn a_closed_due_day_advises_the_last_open_day_before_it() {
    // Closed Wed 30 and Thu 31 Dec 2026; 24–27 Dec are holidays and a weekend.
    let cal = Calendar::with_closures([d(2026, 12, 30), d(2026, 12, 31)]);
    assert_eq!(cal.go_by(d(2026, 12, 31)), Some(d(2026, 12, 29)));
    assert_eq!(cal.go_by(d(2026, 12, 29)), None);
    // A closure entered on a holiday changes nothing.
    let on_holiday = Calendar::with_closures([d(2026, 12, 24)]);
    assert_eq!(on_holiday.go_by(d(2026, 12, 24)), None);
}

#[test]
fn office_days_left_leave_out_the_closures_but_working_days_do_not() {
    let cal = Calendar::with_closures([d(2026, 12, 29), d(2026, 12, 24)]);
    // (23 Dec, 31 Dec]: 28, 29, 30, 31 are working days; the office is closed on 29.
    assert_eq!(
        cal.working_days_between(d(2026, 12, 23), d(2026, 12, 31)),
        4
    );
    assert_eq!(cal.office_days_between(d(2026, 12, 23), d(2026, 12, 31)), 3);
    assert_eq!(
        cal.office_days_between(d(2026, 12, 31), d(2026, 12, 23)),
        -3
    );
    assert_eq!(cal.office_days_between(d(2026, 12, 29), d(2026, 12, 30)), 1);
}

#[test]
fn three_working_days_after_23_december_2026_skip_christmas() {
    let cal = Calendar::czech();
    // 24, 25 Dec holidays; 26, 27 weekend; 28, 29, 30 working.
    assert_eq!(cal.add_working_days(d(2026, 12, 23), 3), d(2026, 12, 30));
}

#[test]
fn working_days_across_easter_skip_good_friday_and_easter_monday() {
    let cal = Calendar::czech();
    // Thu 2 Apr 2026 + 1 working day: Fri 3 (Good Friday), Sat, Sun, Mon 6 (Easter Monday) → Tue 7.
    assert_eq!(cal.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 7));
    assert_eq!(cal.subtract_working_days(d(2026, 4, 7), 1), d(2026, 4, 2));
}

#[test]
fn rolling_finds_the_nearest_working_day_in_each_direction() {
    let cal = Calendar::czech();
    assert_eq!(
        cal.working_day_on_or_after(d(2026, 12, 24)),
        d(2026, 12, 28)
    );
    assert_eq!(
        cal.working_day_on_or_before(d(2026, 12, 27)),
        d(2026, 12, 23)
    );
    assert_eq!(
        cal.working_day_on_or_after(d(2026, 12, 23)),
        d(2026, 12, 23)
    );
}

#[test]
fn working_days_between_counts_the_end_but_not_the_start() {
    let cal = Calendar::czech();
    assert_eq!(
        cal.working_days_between(d(2026, 12, 23), d(2026, 12, 30)),
        3
    );
    assert_eq!(
        cal.working_days_between(d(2026, 12, 30), d(2026, 12, 23)),
        -3
    );
    assert_eq!(
        cal.working_days_between(d(2026, 12, 23), d(2026, 12, 23)),
        0
    );
}

#[test]
fn zero_working_days_is_the_day_itself() {
    let cal = Calendar::czech();
    assert_eq!(cal.add_working_days(d(2026, 12, 26), 0), d(2026, 12, 26));
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..=2200, 1u32..=366).prop_map(|(y, ord)| {
        NaiveDate::from_yo_opt(y, ord).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
    })
}

proptest! {
    #[test]
    fn a_working_day_deadline_is_never_a_weekend_or_holiday(start in any_date(), n in 1u32..400) {
        let cal = Calendar::czech();
        let due = cal.add_working_days(start, n);
        prop_assert!(!matches!(due.weekday(), Weekday::Sat | Weekday::Sun));
        prop_assert!(!is_public_holiday(due));
        prop_assert!(due > start);
        prop_assert_eq!(cal.working_days_between(start, due), i64::from(n));
    }

    #[test]
    fn subtracting_working_days_lands_on_working_days(start in any_date(), n in 1u32..400) {
        let cal = Calendar::czech();
        let due = cal.subtract_working_days(start, n);
        prop_assert!(cal.is_working_day(due));
        // (due, start] holds the n − 1 days stepped over plus `start` when it is a working day.
        let expected = i64::from(n) - i64::from(!cal.is_working_day(start));
        prop_assert_eq!(cal.working_days_between(due, start), expected);
    }

    #[test]
    fn counted_working_days_match_a_day_by_day_count(
        start in any_date(),
        span in -1500i64..1500,
        closures in proptest::collection::vec(0i64..60, 0..6),
    ) {
        let to = start + chrono::Duration::days(span);
        let cal = Calendar::with_closures(closures.iter().map(|k| start + chrono::Duration::days(k * 11 - 300)));
        let (lo, hi, sign) = if to >= start { (start, to, 1) } else { (to, start, -1) };
        let by_day = lo.iter_days().skip(1).take_while(|d| *d <= hi).filter(|d| cal.is_working_day(*d)).count();
        prop_assert_eq!(cal.working_days_between(start, to), sign * i64::try_from(by_day).unwrap());
        let open = lo.iter_days().skip(1).take_while(|d| *d <= hi).filter(|d| cal.is_office_day(*d)).count();
        prop_assert_eq!(cal.office_days_between(start, to), sign * i64::try_from(open).unwrap());
    }

    #[test]
    fn closures_never_change_working_day_arithmetic(
        start in any_date(),
        n in 0u32..200,
        closures in proptest::collection::vec(0i64..400, 0..20),
    ) {
        let law = Calendar::czech();
        let cal = Calendar::with_closures(closures.iter().map(|k| start + chrono::Duration::days(*k - 100)));
        prop_assert_eq!(cal.add_working_days(start, n), law.add_working_days(start, n));
        prop_assert_eq!(cal.subtract_working_days(start, n), law.subtract_working_days(start, n));
        prop_assert_eq!(cal.working_day_on_or_after(start), law.working_day_on_or_after(start));
        prop_assert_eq!(cal.working_day_on_or_before(start), law.working_day_on_or_before(start));
        if let Some(by) = cal.go_by(start) {
            prop_assert!(by < start && cal.is_office_day(by));
        }
    }

    #[test]
    fn every_year_has_thirteen_holiday_dates_from_2016(year in 2016i32..=2200) {
        prop_assert_eq!(public_holidays(year).len(), 13);
    }

    #[test]
    fn easter_is_always_a_sunday_in_march_or_april(year in 1990i32..=2200) {
        let easter = easter_sunday(year).unwrap();
        prop_assert_eq!(easter.weekday(), Weekday::Sun);
        prop_assert!(matches!(easter.month(), 3 | 4));
    }
}
