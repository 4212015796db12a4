//! Unit tests of the date checks of a new case.

use super::*;
use crate::key::RouteKey;
use crate::person::{Nationality, Passport, PassportNumber, Person, PersonName, Relation};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 25)
}

fn person(born: NaiveDate, passport_expiry: NaiveDate) -> Person {
    Person {
        name: PersonName::parse("Asha Rao").unwrap(),
        relation: Relation::Principal,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(Passport {
            number: PassportNumber::parse("Z1234567").unwrap(),
            expiry: passport_expiry,
        }),
    }
}

fn dates(pairs: &[(KeyDate, NaiveDate)]) -> KeyDates {
    pairs.iter().copied().collect()
}

#[test]
fn sensible_dates_have_no_issues() {
    let people = [PersonDates {
        date_of_birth: Some(d(1990, 1, 1)),
        passport_expiry: Some(d(2030, 1, 1)),
    }];
    let key_dates = dates(&[
        (KeyDate::Arrival, d(2026, 12, 1)),
        (KeyDate::PermitExpiry, d(2028, 12, 1)),
        (KeyDate::InsuranceEnd, d(2027, 12, 1)),
    ]);
    assert_eq!(check_dates(&people, &key_dates, today()), vec![]);
}

#[test]
fn a_passport_that_expired_before_today_is_refused_but_one_expiring_today_is_not() {
    let people = [
        PersonDates {
            date_of_birth: None,
            passport_expiry: Some(today()),
        },
        PersonDates {
            date_of_birth: None,
            passport_expiry: Some(d(2026, 11, 24)),
        },
    ];
    let issues = check_dates(&people, &KeyDates::new(), today());
    assert_eq!(
        issues,
        vec![DateIssue::PassportExpired {
            person: 1,
            expiry: d(2026, 11, 24)
        }]
    );
    assert_eq!(
        issues[0].field(),
        DateField::Person(1, PersonDate::PassportExpiry)
    );
    assert_eq!(
        issues[0].to_string(),
        "this passport expired on Tue 24 Nov 2026; enter the new passport"
    );
}

#[test]
fn a_date_of_birth_in_the_future_is_refused() {
    let people = [PersonDates {
        date_of_birth: Some(d(2026, 11, 26)),
        passport_expiry: None,
    }];
    let issues = check_dates(&people, &KeyDates::new(), today());
    assert_eq!(issues, vec![DateIssue::BornInFuture { person: 0 }]);
    assert_eq!(
        issues[0].field(),
        DateField::Person(0, PersonDate::DateOfBirth)
    );
}

#[test]
fn arrival_after_the_permit_or_visa_expiry_is_refused() {
    let key_dates = dates(&[
        (KeyDate::Arrival, d(2027, 3, 1)),
        (KeyDate::PermitExpiry, d(2027, 2, 28)),
        (KeyDate::VisaExpiry, d(2027, 1, 31)),
    ]);
    let issues = check_dates(&[], &key_dates, today());
    assert_eq!(
        issues,
        vec![
            DateIssue::ArrivalAfterExpiry {
                expiry: KeyDate::PermitExpiry,
                on: d(2027, 2, 28)
            },
            DateIssue::ArrivalAfterExpiry {
                expiry: KeyDate::VisaExpiry,
                on: d(2027, 1, 31)
            },
        ]
    );
    assert_eq!(issues[0].field(), DateField::KeyDate(KeyDate::Arrival));
    assert_eq!(
        issues[0].to_string(),
        "arrival is after the permit expiry date (Sun 28 Feb 2027)"
    );
}

#[test]
fn arriving_on_the_expiry_day_is_allowed() {
    let key_dates = dates(&[
        (KeyDate::Arrival, d(2027, 3, 1)),
        (KeyDate::VisaExpiry, d(2027, 3, 1)),
        (KeyDate::InsuranceEnd, d(2027, 3, 1)),
    ]);
    assert_eq!(check_dates(&[], &key_dates, today()), vec![]);
}

#[test]
fn insurance_ending_before_arrival_is_refused() {
    let key_dates = dates(&[
        (KeyDate::Arrival, d(2027, 3, 1)),
        (KeyDate::InsuranceEnd, d(2027, 2, 1)),
    ]);
    let issues = check_dates(&[], &key_dates, today());
    assert_eq!(
        issues,
        vec![DateIssue::InsuranceEndsBeforeArrival {
            arrival: d(2027, 3, 1)
        }]
    );
    assert_eq!(issues[0].field(), DateField::KeyDate(KeyDate::InsuranceEnd));
}

#[test]
fn without_an_arrival_date_expiries_are_not_compared() {
    let key_dates = dates(&[
        (KeyDate::PermitExpiry, d(2026, 1, 1)),
        (KeyDate::InsuranceEnd, d(2026, 1, 1)),
    ]);
    assert_eq!(check_dates(&[], &key_dates, today()), vec![]);
}

#[test]
fn a_new_case_reports_the_issues_of_every_person() {
    let mut child = person(d(2027, 1, 1), d(2030, 1, 1));
    child.relation = Relation::Child;
    let new = NewCase {
        principal: person(d(1990, 1, 1), d(2026, 1, 1)),
        dependants: vec![child],
        routes: vec![RouteKey::parse("study").unwrap()],
        key_dates: KeyDates::new(),
        opened_on: today(),
    };
    assert_eq!(
        new.date_issues(today()),
        vec![
            DateIssue::PassportExpired {
                person: 0,
                expiry: d(2026, 1, 1)
            },
            DateIssue::BornInFuture { person: 1 },
        ]
    );
}
