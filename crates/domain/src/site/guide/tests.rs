use proptest::prelude::*;

use super::{Phase, RuleWords, is_unconfirmed, ordinal, phases, rule_in_words, typical_day};
use crate::deadline::{Anchor, DeadlineRule, Direction, Offset, Roll, Schedule, Unit};
use crate::key::ItemKey;
use crate::key_date::KeyDate;
use crate::template::{Catalog, SHIPPED_ROUTES};

fn offset(amount: u32, unit: Unit, direction: Direction) -> Offset {
    Offset {
        amount,
        unit,
        direction,
    }
}

fn words(rule: &DeadlineRule) -> RuleWords {
    rule_in_words(rule, &|key: &ItemKey| {
        (key.as_str() == "ec-apply").then(|| "Apply at the embassy".to_owned())
    })
}

fn after(anchor: KeyDate, amount: u32, unit: Unit, roll: Roll) -> DeadlineRule {
    DeadlineRule::Offset {
        anchor: Anchor::Date(anchor),
        offset: offset(amount, unit, Direction::After),
        roll,
    }
}

#[test]
fn working_days_after_arrival_read_as_within() {
    let rule = after(KeyDate::Arrival, 3, Unit::WorkingDays, Roll::NextWorkingDay);
    let w = words(&rule);
    assert_eq!(w.when, "within 3 working days of arriving");
    assert_eq!(
        w.day_off,
        Some("Weekends and public holidays do not count.")
    );
    assert_eq!(
        w.to_string(),
        "Within 3 working days of arriving. Weekends and public holidays do not count."
    );
}

#[test]
fn calendar_days_say_how_a_holiday_moves_the_day() {
    let w = words(&after(
        KeyDate::AddressChange,
        30,
        Unit::Days,
        Roll::NextWorkingDay,
    ));
    assert_eq!(w.when, "within 30 days of moving");
    assert_eq!(
        w.day_off,
        Some("If that day is a weekend or public holiday, the next working day counts.")
    );
}

#[test]
fn a_permit_window_reads_from_until() {
    let rule = DeadlineRule::Window {
        anchor: Anchor::Date(KeyDate::PermitExpiry),
        opens: offset(120, Unit::Days, Direction::Before),
        closes: offset(0, Unit::Days, Direction::Before),
        roll: Roll::PreviousWorkingDay,
    };
    let w = words(&rule);
    assert_eq!(
        w.when,
        "from 120 days before your permit expires until the day it expires"
    );
    assert!(w.day_off.unwrap_or_default().contains("working day before"));
}

#[test]
fn day_of_next_month_and_recurring_read_as_by() {
    let rule = DeadlineRule::DayOfNextMonth {
        anchor: Anchor::Date(KeyDate::BusinessStart),
        day: 8,
        roll: Roll::NextWorkingDay,
    };
    assert_eq!(
        words(&rule).when,
        "by the 8th of the month after starting your business"
    );
    let yearly = DeadlineRule::Recurring {
        anchor: Anchor::Date(KeyDate::BusinessStart),
        schedule: Schedule::yearly(4, 1, true).expect("1 April exists"),
        roll: Roll::NextWorkingDay,
    };
    assert_eq!(
        words(&yearly).when,
        "every year by 1 April, the first time in the year after starting your business"
    );
}

#[test]
fn a_rule_counted_from_a_step_names_it() {
    let biometrics = DeadlineRule::Offset {
        anchor: Anchor::ItemDone(ItemKey::parse("biometrics").expect("key")),
        offset: offset(60, Unit::Days, Direction::After),
        roll: Roll::NextWorkingDay,
    };
    assert_eq!(
        words(&biometrics).when,
        "within 60 days of giving your biometrics"
    );
    let other = DeadlineRule::Offset {
        anchor: Anchor::ItemDone(ItemKey::parse("ec-apply").expect("key")),
        offset: offset(15, Unit::Days, Direction::After),
        roll: Roll::None,
    };
    let w = words(&other);
    assert_eq!(
        w.when,
        "within 15 days of finishing the step “Apply at the embassy”"
    );
    assert_eq!(w.day_off, None);
}

#[test]
fn zero_periods_read_as_on_or_by_the_day() {
    let by = DeadlineRule::Offset {
        anchor: Anchor::Date(KeyDate::Arrival),
        offset: offset(0, Unit::Days, Direction::Before),
        roll: Roll::None,
    };
    assert_eq!(words(&by).when, "by the day you arrive");
    let before = DeadlineRule::Offset {
        anchor: Anchor::Date(KeyDate::NewJobStart),
        offset: offset(1, Unit::Days, Direction::Before),
        roll: Roll::PreviousWorkingDay,
    };
    assert_eq!(
        words(&before).when,
        "no later than 1 day before your new job starts"
    );
}

#[test]
fn ordinals() {
    let got: Vec<String> = [1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 23, 28]
        .into_iter()
        .map(ordinal)
        .collect();
    assert_eq!(
        got,
        [
            "1st", "2nd", "3rd", "4th", "8th", "11th", "12th", "13th", "21st", "22nd", "23rd",
            "28th"
        ]
    );
}

#[test]
fn the_employee_card_guide_starts_before_arrival_and_registers_on_arrival() {
    let catalog = Catalog::shipped().expect("shipped templates load");
    let template = catalog
        .templates
        .iter()
        .find(|t| t.route.as_str() == "employee-card")
        .expect("employee card");
    let phases = phases(template);
    let phase_of = |key: &str| {
        phases
            .iter()
            .find(|(_, i)| i.key.as_str() == key)
            .map(|(p, _)| *p)
    };
    assert_eq!(phase_of("ec-apply"), Some(Phase::BeforeArrival));
    assert_eq!(phase_of("health-insurance"), Some(Phase::BeforeArrival));
    assert_eq!(phase_of("reg-dvr"), Some(Phase::OnArrival));
    assert_eq!(phase_of("card-collect"), Some(Phase::FirstWeeks));
    assert_eq!(phase_of("ext-ltr"), Some(Phase::Later));
    assert_eq!(phase_of("addr-tcn"), Some(Phase::Later));
    assert_eq!(phases.len(), template.items.len());
    assert!(SHIPPED_ROUTES.len() > 1);
}

#[test]
fn unconfirmed_caveats_are_recognised() {
    assert!(is_unconfirmed(
        "The 8-day deadline is [UNCONFIRMED] (§9.18)."
    ));
    assert!(is_unconfirmed("Office address is [SECONDARY]."));
    assert!(!is_unconfirmed("Mark not applicable with the reason."));
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Days),
        Just(Unit::WorkingDays),
        Just(Unit::Weeks),
        Just(Unit::Months),
        Just(Unit::Years),
    ]
}

fn any_roll() -> impl Strategy<Value = Roll> {
    prop_oneof![
        Just(Roll::NextWorkingDay),
        Just(Roll::PreviousWorkingDay),
        Just(Roll::None),
    ]
}

fn any_key_date() -> impl Strategy<Value = KeyDate> {
    (0..KeyDate::ALL.len()).prop_map(|n| KeyDate::ALL[n])
}

proptest! {
    #[test]
    fn offset_words_name_the_amount_and_no_identifiers(
        anchor in any_key_date(),
        amount in 1u32..400,
        unit in any_unit(),
        before in any::<bool>(),
        roll in any_roll(),
    ) {
        let direction = if before { Direction::Before } else { Direction::After };
        let rule = DeadlineRule::Offset {
            anchor: Anchor::Date(anchor),
            offset: offset(amount, unit, direction),
            roll,
        };
        let w = words(&rule);
        prop_assert!(w.when.contains(&amount.to_string()), "{}", w.when);
        prop_assert!(!w.when.contains('_') && !w.when.contains(':'), "{}", w.when);
        let sentence = w.to_string();
        prop_assert!(sentence.chars().next().is_some_and(char::is_uppercase));
        prop_assert!(sentence.contains('.'));
        if unit == Unit::WorkingDays {
            prop_assert_eq!(w.day_off, Some("Weekends and public holidays do not count."));
        }
    }

    #[test]
    fn typical_days_follow_the_direction(
        amount in 1u32..400,
        unit in any_unit(),
        before in any::<bool>(),
    ) {
        let direction = if before { Direction::Before } else { Direction::After };
        let rule = DeadlineRule::Offset {
            anchor: Anchor::Date(KeyDate::Arrival),
            offset: offset(amount, unit, direction),
            roll: Roll::None,
        };
        let day = typical_day(&rule).unwrap_or_default();
        prop_assert_eq!(day < 0, before);
    }
}
