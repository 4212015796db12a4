use chrono::NaiveDate;

use crate::partner::{StepState, progress};
use crate::person::{Nationality, Passport, PassportNumber, Person, PersonName, Relation};
use crate::status::{Action, Reason};
use crate::template::Catalog;
use crate::{Calendar, Case, Holder, KeyDate, KeyDates, NewCase, RouteKey};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn person(name: &str, born: NaiveDate, relation: Relation) -> Person {
    Person {
        name: PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(Passport {
            number: PassportNumber::parse("Z1234567").unwrap(),
            expiry: d(2032, 1, 1),
        }),
    }
}

/// The shipped employee-card route for Asha and her husband, arrived on 23 December 2026.
fn family_case() -> Case {
    let mut key_dates = KeyDates::new();
    key_dates.set(KeyDate::Arrival, Some(d(2026, 12, 23)));
    key_dates.set(KeyDate::PermitExpiry, Some(d(2029, 1, 31)));
    let new = NewCase {
        principal: person("Asha Rao", d(1990, 5, 1), Relation::Principal),
        dependants: vec![person("Ravi Rao", d(1988, 2, 2), Relation::Spouse)],
        routes: vec![RouteKey::parse("employee-card").unwrap()],
        key_dates,
        opened_on: d(2026, 12, 1),
    };
    Case::open(new, &Catalog::shipped().unwrap(), &Calendar::czech()).unwrap()
}

fn index(case: &Case, key: &str, holder: Holder) -> usize {
    case.items()
        .iter()
        .position(|i| i.key().as_str() == key && i.holder() == holder)
        .unwrap()
}

#[test]
fn an_employer_sees_the_employees_and_the_households_steps_only() {
    let case = family_case();
    let today = d(2027, 1, 4);
    let summary = progress(&case, 0, today);
    let own_or_shared = case
        .items()
        .iter()
        .filter(|i| matches!(i.holder(), Holder::Household | Holder::Person(0)))
        .count();
    // A lost card, a change of name or marital status and an excuse for a missed duty are
    // dated from private key dates: left out.
    assert_eq!(summary.steps.len(), own_or_shared - 3);
    assert!(
        own_or_shared < case.items().len(),
        "the husband's items are left out"
    );
    let titles: Vec<&str> = summary.steps.iter().map(|s| s.title.as_str()).collect();
    let vacancy = case.items()[index(&case, "ec-vacancy", Holder::Household)].title();
    assert!(titles.contains(&vacancy), "household items are shown");
    let bank = case.items()[index(&case, "bank-account", Holder::Person(0))].title();
    assert!(titles.contains(&bank));
    assert!(
        !progress(&case, 1, today)
            .steps
            .iter()
            .any(|s| s.title == bank),
        "the principal's bank account is not shown for the husband"
    );
}

#[test]
fn steps_follow_the_checklist_order() {
    let case = family_case();
    let summary = progress(&case, 0, d(2027, 1, 4));
    let private = ["loss", "data-tcn", "late-excuse"];
    let mut expected: Vec<usize> = (0..case.items().len())
        .filter(|&i| {
            matches!(
                case.items()[i].holder(),
                Holder::Household | Holder::Person(0)
            ) && !private.contains(&case.items()[i].key().as_str())
        })
        .collect();
    expected.sort_by_key(|&i| case.checklist_order(i));
    let titles: Vec<&str> = expected.iter().map(|&i| case.items()[i].title()).collect();
    let shown: Vec<&str> = summary.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(shown, titles);
}

#[test]
fn states_map_from_item_statuses_with_their_dates() {
    let mut case = family_case();
    let cal = Calendar::czech();
    let today = d(2027, 1, 4);
    let me = Holder::Person(0);
    let bio = index(&case, "biometrics", me);
    let collect = index(&case, "card-collect", me);
    let insurance = index(&case, "health-insurance", me);
    let bank = index(&case, "bank-account", me);
    let dvr = index(&case, "reg-dvr", me);
    let state_of = |case: &Case, i: usize| {
        let title = case.items()[i].title();
        let summary = progress(case, 0, today);
        let step = summary
            .steps
            .iter()
            .find(|s| s.title == title)
            .unwrap()
            .clone();
        (step.state, step.date)
    };
    assert_eq!(
        state_of(&case, collect).0,
        StepState::Later,
        "waits for biometrics"
    );
    let due = case.items()[insurance].due();
    assert_eq!(state_of(&case, insurance), (StepState::Next, due));

    case.apply(bio, &Action::Complete, d(2027, 1, 2), &cal)
        .unwrap();
    case.apply(dvr, &Action::Submit, d(2027, 1, 3), &cal)
        .unwrap();
    let reason = Reason::parse("has a Czech account already").unwrap();
    case.apply(bank, &Action::MarkNotApplicable(reason), today, &cal)
        .unwrap();
    assert_eq!(state_of(&case, bio), (StepState::Done, Some(d(2027, 1, 2))));
    assert_eq!(state_of(&case, dvr), (StepState::Waiting, None));
    assert_eq!(state_of(&case, bank), (StepState::NotNeeded, None));
    assert_eq!(
        state_of(&case, collect).0,
        StepState::Next,
        "biometrics done"
    );
    assert_eq!(StepState::Waiting.label(), "Waiting for an office");
}

#[test]
fn the_next_step_is_the_portals_first_and_counts_leave_out_what_is_not_needed() {
    let mut case = family_case();
    let today = d(2027, 1, 4);
    let summary = progress(&case, 0, today);
    let next = &summary.steps[summary.next.unwrap()];
    let insurance = index(&case, "health-insurance", Holder::Person(0));
    assert_eq!(next.title, case.items()[insurance].title(), "overdue first");
    assert_eq!(next.state, StepState::Next);
    assert_eq!((summary.done, summary.total), (0, summary.steps.len()));

    let cal = Calendar::czech();
    let reason = Reason::parse("not needed").unwrap();
    case.apply(insurance, &Action::Complete, today, &cal)
        .unwrap();
    let bank = index(&case, "bank-account", Holder::Person(0));
    case.apply(bank, &Action::MarkNotApplicable(reason), today, &cal)
        .unwrap();
    let after = progress(&case, 0, today);
    assert_eq!((after.done, after.total), (1, after.steps.len() - 1));
}

#[test]
fn an_employer_never_sees_a_consultants_own_item_nor_passport_or_insurance_dates() {
    use crate::case::CustomItem;
    use crate::template::Category;
    let mut case = family_case();
    case.add_custom_item(CustomItem {
        title: "Talk about the divorce papers".to_owned(),
        category: Category::Other,
        holder: Holder::Person(0),
        instructions: String::new(),
        due: Some(d(2027, 2, 1)),
    });
    let summary = progress(&case, 0, d(2027, 1, 4));
    let titles: Vec<&str> = summary.steps.iter().map(|s| s.title.as_str()).collect();
    assert!(!titles.contains(&"Talk about the divorce papers"));
    for key in ["passport-renew", "insurance-renew"] {
        if let Some(item) = case
            .items()
            .iter()
            .find(|i| i.key().as_str() == key && i.holder() == Holder::Person(0))
        {
            assert!(!titles.contains(&item.title()), "{key} is left out");
        }
    }
}
