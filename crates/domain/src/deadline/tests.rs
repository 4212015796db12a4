use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn offset(amount: u32, unit: Unit, direction: Direction) -> Offset {
    Offset {
        amount,
        unit,
        direction,
    }
}

fn after(anchor: KeyDate, amount: u32, unit: Unit) -> DeadlineRule {
    let offset = offset(amount, unit, Direction::After);
    DeadlineRule::Offset {
        anchor: Anchor::Date(anchor),
        offset,
        roll: offset.default_roll(),
    }
}

fn due(rule: &DeadlineRule, start: NaiveDate) -> Deadline {
    match rule.compute(Some(start), "arrived", &Calendar::czech()) {
        Outcome::Due(deadline) => deadline,
        Outcome::Waiting(a) => panic!("waiting for {a}"),
    }
}

#[test]
fn registration_after_arrival_before_christmas_explains_the_skipped_days() {
    let rule = after(KeyDate::Arrival, 3, Unit::WorkingDays);
    let deadline = due(&rule, d(2026, 12, 23));
    assert_eq!(deadline.due, d(2026, 12, 30));
    assert_eq!(
        deadline.explanation,
        "arrived Wed 23 Dec 2026 + 3 working days, skipping 24–27 Dec → Wed 30 Dec 2026"
    );
}

#[test]
fn calendar_day_period_ending_on_saturday_moves_to_monday() {
    // Fri 6 Mar 2026 + 8 days = Sat 14 Mar 2026 → Mon 16 Mar 2026.
    let rule = after(KeyDate::BusinessStart, 8, Unit::Days);
    let deadline = due(&rule, d(2026, 3, 6));
    assert_eq!(deadline.due, d(2026, 3, 16));
    assert!(
        deadline
            .explanation
            .ends_with("+ 8 days = Sat 14 Mar 2026, not a working day → Mon 16 Mar 2026")
    );
}

#[test]
fn calendar_day_period_ending_on_christmas_eve_moves_past_the_holidays() {
    // 24 Dec 2027 is a Friday holiday; 25–26 weekend; next working day Mon 27 Dec.
    let rule = after(KeyDate::Arrival, 30, Unit::Days);
    assert_eq!(due(&rule, d(2027, 11, 24)).due, d(2027, 12, 27));
}

#[test]
fn calendar_day_period_ending_on_easter_monday_moves_to_tuesday() {
    let rule = after(KeyDate::Arrival, 30, Unit::Days);
    // 7 Mar 2026 + 30 days = Mon 6 Apr 2026 (Easter Monday) → Tue 7 Apr.
    assert_eq!(due(&rule, d(2026, 3, 7)).due, d(2026, 4, 7));
}

#[test]
fn month_arithmetic_clamps_to_the_end_of_the_month() {
    let rule = after(KeyDate::Arrival, 1, Unit::Months);
    // 31 Jan 2027 + 1 month = 28 Feb 2027 (a Sunday) → Mon 1 Mar 2027.
    assert_eq!(due(&rule, d(2027, 1, 31)).due, d(2027, 3, 1));
    let leap = after(KeyDate::CardCollection, 1, Unit::Years);
    // 29 Feb 2028 + 1 year = 28 Feb 2029, a Wednesday.
    assert_eq!(due(&leap, d(2028, 2, 29)).due, d(2029, 2, 28));
}

#[test]
fn weeks_count_seven_calendar_days() {
    let rule = after(KeyDate::Arrival, 2, Unit::Weeks);
    assert_eq!(due(&rule, d(2026, 6, 3)).due, d(2026, 6, 17));
}

#[test]
fn eighth_day_of_next_month_moves_off_a_weekend() {
    let rule = DeadlineRule::DayOfNextMonth {
        anchor: Anchor::Date(KeyDate::BusinessStart),
        day: 8,
        roll: Roll::NextWorkingDay,
    };
    // Business starts 15 Jul 2026 → 8 Aug 2026 is a Saturday → Mon 10 Aug.
    let deadline = due(&rule, d(2026, 7, 15));
    assert_eq!(deadline.due, d(2026, 8, 10));
    // Starting in December goes into January of the next year.
    assert_eq!(due(&rule, d(2026, 12, 1)).due, d(2027, 1, 8));
}

#[test]
fn extension_window_opens_120_days_before_and_closes_on_last_working_day() {
    let rule = DeadlineRule::Window {
        anchor: Anchor::Date(KeyDate::PermitExpiry),
        opens: offset(120, Unit::Days, Direction::Before),
        closes: offset(0, Unit::Days, Direction::Before),
        roll: Roll::PreviousWorkingDay,
    };
    // Permit expires Sun 31 Jan 2027: closes Fri 29 Jan 2027; opens 3 Oct 2026.
    let deadline = due(&rule, d(2027, 1, 31));
    assert_eq!(deadline.due, d(2027, 1, 29));
    assert_eq!(deadline.opens, Some(d(2026, 10, 3)));
    assert!(
        deadline
            .explanation
            .contains("Sun 31 Jan 2027 is not a working day")
    );
}

#[test]
fn the_yearly_tax_return_is_due_on_1_april_of_the_next_year_moved_off_easter_monday() {
    let rule = DeadlineRule::Recurring {
        anchor: Anchor::Date(KeyDate::BusinessStart),
        schedule: Schedule::yearly(4, 1, true).unwrap(),
        roll: Roll::NextWorkingDay,
    };
    // A business started on Mon 15 Mar 2027 files its first return by 1 April 2028, a
    // Saturday: Mon 3 Apr 2028.
    let deadline = due(&rule, d(2027, 3, 15));
    assert_eq!(deadline.due, d(2028, 4, 3));
    assert!(
        deadline
            .explanation
            .contains("1 April of the following year"),
        "{}",
        deadline.explanation
    );
    // Started on 20 Dec 2028: 1 Apr 2029 is Easter Sunday and 2 Apr Easter Monday → Tue 3 Apr.
    assert_eq!(due(&rule, d(2028, 12, 20)).due, d(2029, 4, 3));
}

#[test]
fn a_rule_without_its_anchor_date_waits_for_it() {
    let rule = after(KeyDate::Arrival, 3, Unit::WorkingDays);
    assert_eq!(
        rule.compute(None, "arrived", &Calendar::czech()),
        Outcome::Waiting(Anchor::Date(KeyDate::Arrival))
    );
}

#[test]
fn an_office_closure_never_moves_a_statutory_deadline() {
    // Act 500/2004 §40(1)(c). Arrival Mon 28 Dec 2026, the office closed on Thu 31 Dec:
    // 3 working days are 29, 30, 31 Dec, so registration is due Thu 31 Dec, not Mon 4 Jan.
    let cal = Calendar::with_closures([d(2026, 12, 31)]);
    let rule = after(KeyDate::Arrival, 3, Unit::WorkingDays);
    let Outcome::Due(deadline) = rule.compute(Some(d(2026, 12, 28)), "arrived", &cal) else {
        panic!("expected a due date");
    };
    assert_eq!(deadline.due, d(2026, 12, 31));
    assert!(
        !deadline.explanation.contains("skipping"),
        "{}",
        deadline.explanation
    );
    assert_eq!(cal.go_by(deadline.due), Some(d(2026, 12, 30)));
    // A calendar-day period ending on a closure is not rolled either.
    let thirty = after(KeyDate::Arrival, 30, Unit::Days);
    let Outcome::Due(deadline) = thirty.compute(Some(d(2026, 12, 1)), "arrived", &cal) else {
        panic!("expected a due date");
    };
    assert_eq!(deadline.due, d(2026, 12, 31));
}

#[test]
fn long_working_day_periods_summarise_the_skipped_days() {
    let rule = after(KeyDate::AddressChange, 30, Unit::WorkingDays);
    let deadline = due(&rule, d(2026, 4, 1));
    assert!(
        deadline.explanation.contains("skipping 1"),
        "{}",
        deadline.explanation
    );
    assert!(
        deadline.explanation.contains("non-working days"),
        "{}",
        deadline.explanation
    );
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Days),
        Just(Unit::WorkingDays),
        Just(Unit::Weeks),
        Just(Unit::Months),
        Just(Unit::Years)
    ]
}

proptest! {
    #[test]
    fn periods_after_an_event_always_end_on_a_working_day(
        y in 1990i32..2200, ord in 1u32..365, amount in 0u32..40, unit in any_unit()
    ) {
        let start = NaiveDate::from_yo_opt(y, ord).unwrap();
        let rule = after(KeyDate::Arrival, amount, unit);
        let deadline = due(&rule, start);
        let cal = Calendar::czech();
        if amount > 0 || cal.is_working_day(start) || unit != Unit::WorkingDays {
            prop_assert!(cal.is_working_day(deadline.due));
        }
        prop_assert!(deadline.due >= start);
    }

    #[test]
    fn a_closure_never_changes_a_due_date(
        y in 2000i32..2199, ord in 1u32..365, amount in 0u32..130, unit in any_unit(),
        before in any::<bool>(), window in any::<bool>(),
        closures in proptest::collection::vec(0i64..400, 0..25),
    ) {
        let start = NaiveDate::from_yo_opt(y, ord).unwrap();
        let direction = if before { Direction::Before } else { Direction::After };
        let at = offset(amount, unit, direction);
        let rule = if window {
            DeadlineRule::Window {
                anchor: Anchor::Date(KeyDate::PermitExpiry),
                opens: offset(120, Unit::Days, Direction::Before),
                closes: at,
                roll: Roll::PreviousWorkingDay,
            }
        } else {
            DeadlineRule::Offset { anchor: Anchor::Date(KeyDate::Arrival), offset: at, roll: at.default_roll() }
        };
        let closed = Calendar::with_closures(
            closures.iter().map(|k| start + chrono::Duration::days(*k - 200)),
        );
        prop_assert_eq!(
            rule.compute(Some(start), "arrived", &closed),
            rule.compute(Some(start), "arrived", &Calendar::czech())
        );
    }

    #[test]
    fn a_recurring_day_is_the_first_scheduled_day_after_its_anchor(
        y in 2000i32..2198, ord in 1u32..365, month in 1u32..=12, day in 1u32..=28, next_year in any::<bool>(),
    ) {
        let start = NaiveDate::from_yo_opt(y, ord).unwrap();
        let schedule = Schedule::yearly(month, day, next_year).unwrap();
        let next = schedule.next_after(start);
        prop_assert_eq!((next.month(), next.day()), (month, day));
        prop_assert!(next > start);
        if next_year {
            prop_assert_eq!(next.year(), start.year() + 1);
        } else {
            prop_assert!((next - start).num_days() <= 366);
        }
        let monthly = Schedule::monthly(day).unwrap().next_after(start);
        prop_assert_eq!(monthly.day(), day);
        prop_assert!(monthly > start && (monthly - start).num_days() <= 31);
    }
}
