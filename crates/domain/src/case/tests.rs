use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::person::{Nationality, Passport, PassportNumber, PersonName, Relation};
use crate::status::ActionKind;
use crate::template::{Catalog, Category, ChecklistTemplate, ItemLibrary};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const LIBRARY: &str = r#"
[[items]]
key = "reg"
title = "Register"
category = "registration"
applies_to = "each_person"
min_age = 15
watch = "registration"
instructions = "Go."
where_to_go = "Police"
source = "https://example.org/reg"
[items.deadline]
anchor = "arrival"
after = 3
unit = "working_days"

[[items]]
key = "bio"
title = "Biometrics"
category = "residence_permit"
applies_to = "each_person"
depends_on = ["reg"]
instructions = "Go."
where_to_go = "OAMP"
source = "https://example.org/bio"

[[items]]
key = "card"
title = "Collect card"
category = "residence_permit"
applies_to = "each_person"
depends_on = ["bio"]
instructions = "Go."
where_to_go = "OAMP"
source = "https://example.org/card"
[items.deadline]
anchor = "done:bio"
after = 60

[[items]]
key = "ext"
title = "Extend"
category = "residence_permit"
applies_to = "each_person"
watch = "extension"
instructions = "Go."
where_to_go = "OAMP"
source = "https://example.org/ext"
[items.deadline]
anchor = "permit_expiry"
opens_before = 120
roll = "previous_working_day"

[[items]]
key = "bank"
title = "Bank account"
category = "other"
applies_to = "household"
instructions = "Go."
where_to_go = "Bank"
source = "https://example.org/bank"
"#;

fn route(key: &str, include: &str) -> String {
    format!(
        "route = \"{key}\"\nname = \"{key}\"\nversion = 1\nsummary = \"s\"\nsource = \"https://example.org\"\n\
         include = [{include}]\n"
    )
}

fn catalog() -> Catalog {
    let library = ItemLibrary::parse("lib.toml", LIBRARY).unwrap();
    let a = ChecklistTemplate::parse(
        "a.toml",
        &route("route-a", "\"reg\", \"bio\", \"card\", \"ext\", \"bank\""),
        &library,
    )
    .unwrap();
    let b = ChecklistTemplate::parse("b.toml", &route("route-b", "\"reg\", \"bank\""), &library)
        .unwrap();
    Catalog {
        library,
        templates: vec![a, b],
    }
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
            expiry: d(2030, 1, 1),
        }),
    }
}

fn family_case(routes: &[&str]) -> Case {
    let mut key_dates = KeyDates::new();
    key_dates.set(KeyDate::Arrival, Some(d(2026, 12, 23)));
    let new = NewCase {
        principal: person("Asha Rao", d(1990, 5, 1), Relation::Principal),
        dependants: vec![
            person("Ravi Rao", d(1988, 2, 2), Relation::Spouse),
            person("Mira Rao", d(2020, 3, 3), Relation::Child),
        ],
        routes: routes.iter().map(|r| RouteKey::parse(r).unwrap()).collect(),
        key_dates,
        opened_on: d(2026, 12, 1),
    };
    Case::open(new, &catalog(), &Calendar::czech()).unwrap()
}

fn idx(case: &Case, key: &str, holder: Holder) -> usize {
    case.position(&ItemKey::parse(key).unwrap(), holder)
        .unwrap()
}

#[test]
fn items_are_generated_per_person_household_and_age() {
    let case = family_case(&["route-a"]);
    let count = |key: &str| case.items.iter().filter(|i| i.key.as_str() == key).count();
    assert_eq!(
        count("reg"),
        2,
        "the 6-year-old is under the minimum age of 15"
    );
    assert_eq!(count("bio"), 3);
    assert_eq!(count("bank"), 1);
    assert_eq!(
        case.items[idx(&case, "bank", Holder::Household)].holder,
        Holder::Household
    );
}

#[test]
fn items_shared_by_two_routes_are_generated_once() {
    let case = family_case(&["route-a", "route-b"]);
    assert_eq!(
        case.items
            .iter()
            .filter(|i| i.key.as_str() == "bank")
            .count(),
        1
    );
    assert_eq!(
        case.items
            .iter()
            .filter(|i| i.key.as_str() == "reg")
            .count(),
        2
    );
}

#[test]
fn opening_refuses_unknown_duplicate_and_missing_routes() {
    let mut new = NewCase {
        principal: person("A B", d(1990, 1, 1), Relation::Principal),
        dependants: vec![],
        routes: vec![RouteKey::parse("nowhere").unwrap()],
        key_dates: KeyDates::new(),
        opened_on: d(2026, 1, 1),
    };
    let cal = Calendar::czech();
    assert_eq!(
        Case::open(new.clone(), &catalog(), &cal),
        Err(OpenError::UnknownRoute("nowhere".into()))
    );
    new.routes = vec![];
    assert_eq!(
        Case::open(new.clone(), &catalog(), &cal),
        Err(OpenError::NoRoute)
    );
    new.routes = vec![
        RouteKey::parse("route-a").unwrap(),
        RouteKey::parse("route-a").unwrap(),
    ];
    assert!(matches!(
        Case::open(new, &catalog(), &cal),
        Err(OpenError::DuplicateRoute(_))
    ));
}

#[test]
fn due_dates_follow_the_arrival_date_and_unknown_anchors_wait() {
    let case = family_case(&["route-a"]);
    let reg = &case.items[idx(&case, "reg", Holder::Person(0))];
    assert_eq!(reg.due(), Some(d(2026, 12, 30)));
    let ext_index = idx(&case, "ext", Holder::Person(0));
    assert_eq!(case.items[ext_index].due(), None);
    let card = idx(&case, "card", Holder::Person(0));
    assert_eq!(
        case.explanation(card).as_deref(),
        Some("waiting for “Biometrics” to be done")
    );
    assert_eq!(
        case.explanation(ext_index).as_deref(),
        Some("waiting for the permit expiry date")
    );
}

#[test]
fn changing_the_arrival_moves_only_the_items_counted_from_it() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    let changes = case.set_key_date(KeyDate::Arrival, Some(d(2027, 1, 4)), &cal);
    let moved: Vec<&str> = changes
        .iter()
        .map(|c| case.items[c.index].key.as_str())
        .collect();
    assert_eq!(moved, ["reg", "reg"]);
    assert_eq!(changes[0].before, Some(d(2026, 12, 30)));
    assert_eq!(changes[0].after, Some(d(2027, 1, 7)));
}

#[test]
fn an_override_survives_recomputation() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    let reg = idx(&case, "reg", Holder::Person(0));
    case.override_due(
        reg,
        d(2027, 1, 15),
        Reason::parse("police appointment").unwrap(),
    );
    let changes = case.set_key_date(KeyDate::Arrival, Some(d(2027, 1, 4)), &cal);
    assert!(changes.iter().all(|c| c.index != reg));
    assert_eq!(case.items[reg].due(), Some(d(2027, 1, 15)));
    assert_eq!(case.items[reg].computed_due(), Some(d(2027, 1, 7)));
    case.clear_override(reg);
    assert_eq!(case.items[reg].due(), Some(d(2027, 1, 7)));
}

#[test]
fn an_item_waits_for_its_prerequisites_before_it_can_start() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    let bio = idx(&case, "bio", Holder::Person(0));
    assert!(case.is_blocked(bio));
    let err = case
        .apply(bio, &Action::Start, d(2026, 12, 28), &cal)
        .unwrap_err();
    assert_eq!(err.to_string(), "cannot start yet: waiting for Register");
    let reg = idx(&case, "reg", Holder::Person(0));
    case.apply(reg, &Action::Complete, d(2026, 12, 28), &cal)
        .unwrap();
    assert!(!case.is_blocked(bio));
    assert!(
        case.apply(bio, &Action::Start, d(2026, 12, 29), &cal)
            .is_ok()
    );
}

#[test]
fn a_child_without_its_own_registration_is_not_blocked_by_it() {
    let case = family_case(&["route-a"]);
    let child_bio = idx(&case, "bio", Holder::Person(2));
    // The child has no `reg` item: the dependency resolves to the principal's.
    assert_eq!(
        case.resolve(child_bio, &ItemKey::parse("reg").unwrap()),
        Some(idx(&case, "reg", Holder::Person(0)))
    );
}

#[test]
fn completing_biometrics_dates_the_card_collection() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    let reg = idx(&case, "reg", Holder::Person(0));
    let bio = idx(&case, "bio", Holder::Person(0));
    let card = idx(&case, "card", Holder::Person(0));
    assert_eq!(case.items[card].due(), None);
    case.apply(reg, &Action::Complete, d(2026, 12, 28), &cal)
        .unwrap();
    let changes = case
        .apply(bio, &Action::Complete, d(2027, 1, 11), &cal)
        .unwrap();
    assert_eq!(changes.len(), 1);
    // 11 Jan 2027 + 60 days = Sun 12 Mar 2027 → Mon 13 Mar? 12 Mar 2027 is a Friday.
    assert_eq!(case.items[card].due(), Some(d(2027, 3, 12)));
}

#[test]
fn progress_counts_done_over_applicable() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    let total = case.items.len();
    assert_eq!(
        case.progress(),
        Progress {
            done: 0,
            applicable: total
        }
    );
    let bank = idx(&case, "bank", Holder::Household);
    let reason = Reason::parse("has one").unwrap();
    case.apply(
        bank,
        &Action::MarkNotApplicable(reason),
        d(2026, 12, 2),
        &cal,
    )
    .unwrap();
    let reg = idx(&case, "reg", Holder::Person(0));
    case.apply(reg, &Action::Complete, d(2026, 12, 28), &cal)
        .unwrap();
    assert_eq!(
        case.progress(),
        Progress {
            done: 1,
            applicable: total - 1
        }
    );
}

#[test]
fn overdue_due_soon_and_waiting_are_told_apart() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    case.set_key_date(KeyDate::PermitExpiry, Some(d(2027, 2, 26)), &cal);
    let today = d(2027, 1, 5);
    let overdue: Vec<&str> = case
        .overdue(today)
        .iter()
        .map(|&i| case.items[i].key.as_str())
        .collect();
    assert_eq!(overdue, ["reg", "reg"]);
    assert!(case.due_soon(today, 14).is_empty());
    assert_eq!(
        case.due_soon(today, 60).len(),
        3,
        "one extension per person"
    );
    let reg = idx(&case, "reg", Holder::Person(0));
    case.apply(reg, &Action::Submit, d(2026, 12, 1), &cal)
        .unwrap();
    assert_eq!(case.waiting_longer_than(today, 30), vec![reg]);
    assert!(case.waiting_longer_than(today, 40).is_empty());
    assert_eq!(case.next_due(), Some(idx(&case, "reg", Holder::Person(1))));
}

#[test]
fn risks_warn_about_passport_insurance_extension_and_registration() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    case.set_key_date(KeyDate::PermitExpiry, Some(d(2030, 6, 30)), &cal);
    case.set_key_date(KeyDate::InsuranceEnd, Some(d(2029, 12, 31)), &cal);
    let risks = case.risks(d(2030, 6, 20), &cal);
    let passport = risks
        .iter()
        .filter(|r| matches!(r, Risk::PassportExpiresBeforePermit { .. }))
        .count();
    assert_eq!(passport, 3);
    assert!(risks.contains(&Risk::InsuranceEndsEarly {
        person: None,
        insurance_end: d(2029, 12, 31),
        permit_expiry: d(2030, 6, 30)
    }));
    assert!(risks.iter().any(
        |r| matches!(r, Risk::ExtensionWindowClosing { closes, .. } if *closes == d(2030, 6, 28))
    ));
    assert!(
        risks
            .iter()
            .any(|r| matches!(r, Risk::RegistrationMissed { .. }))
    );
    let open = case.risks(d(2030, 4, 1), &cal);
    assert!(
        open.iter()
            .any(|r| matches!(r, Risk::ExtensionWindowOpen { .. }))
    );
    let message = open[0].message(&case);
    assert!(
        message.contains("Asha Rao's passport expires Tue 1 Jan 2030"),
        "{message}"
    );
}

#[test]
fn papers_risk_on_is_the_soonest_document_warning() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    let soonest_document_warning = |case: &Case| {
        case.risks(d(2026, 1, 5), &Calendar::czech())
            .iter()
            .filter_map(|r| match r {
                Risk::PassportExpiresBeforePermit {
                    passport_expiry, ..
                } => Some(*passport_expiry),
                Risk::InsuranceEndsEarly { insurance_end, .. } => Some(*insurance_end),
                _ => None,
            })
            .min()
    };
    assert_eq!(case.papers_risk_on(), None, "no permit expiry yet");
    // Passports expire on 1 Jan 2030.
    case.set_key_date(KeyDate::PermitExpiry, Some(d(2029, 6, 30)), &cal);
    assert_eq!(case.papers_risk_on(), None);
    assert_eq!(soonest_document_warning(&case), None);
    case.set_key_date(KeyDate::InsuranceEnd, Some(d(2029, 3, 31)), &cal);
    assert_eq!(case.papers_risk_on(), Some(d(2029, 3, 31)));
    assert_eq!(soonest_document_warning(&case), case.papers_risk_on());
    case.set_key_date(KeyDate::PermitExpiry, Some(d(2030, 6, 30)), &cal);
    assert_eq!(
        case.papers_risk_on(),
        Some(d(2029, 3, 31)),
        "insurance first"
    );
    case.set_key_date(KeyDate::InsuranceEnd, None, &cal);
    assert_eq!(
        case.papers_risk_on(),
        Some(d(2030, 1, 1)),
        "then the passports"
    );
    assert_eq!(soonest_document_warning(&case), case.papers_risk_on());
    // Without a permit, the visa's expiry is the end of the stay.
    case.set_key_date(KeyDate::PermitExpiry, None, &cal);
    case.set_key_date(KeyDate::VisaExpiry, Some(d(2030, 3, 1)), &cal);
    assert_eq!(case.papers_risk_on(), Some(d(2030, 1, 1)));
    assert_eq!(soonest_document_warning(&case), case.papers_risk_on());
}

#[test]
fn closed_cases_raise_no_risks_and_lifecycle_refuses_illegal_moves() {
    let mut case = family_case(&["route-a"]);
    let cal = Calendar::czech();
    assert!(!case.risks(d(2027, 1, 5), &cal).is_empty());
    assert_eq!(case.reopen(), Err(LifecycleError::AlreadyOpen));
    case.hold(Reason::parse("waiting for the employer").unwrap())
        .unwrap();
    assert!(case.hold(Reason::parse("again").unwrap()).is_err());
    case.close(CaseOutcome::Granted, d(2027, 1, 5)).unwrap();
    assert_eq!(
        case.close(CaseOutcome::Granted, d(2027, 1, 5)),
        Err(LifecycleError::AlreadyClosed)
    );
    assert!(case.risks(d(2027, 1, 5), &cal).is_empty());
    case.reopen().unwrap();
    assert_eq!(case.status, CaseStatus::Open);
}

#[test]
fn custom_items_get_their_own_keys_and_due_dates() {
    let mut case = family_case(&["route-a"]);
    let custom = |title: &str| CustomItem {
        title: title.into(),
        category: Category::Other,
        holder: Holder::Person(1),
        instructions: String::new(),
        due: Some(d(2027, 2, 1)),
    };
    let first = case.add_custom_item(custom("Kindergarten place"));
    let second = case.add_custom_item(custom("Driving licence"));
    assert_eq!(case.items[first].key.as_str(), "custom-1");
    assert_eq!(case.items[second].key.as_str(), "custom-2");
    assert_eq!(case.items[second].due(), Some(d(2027, 2, 1)));
    case.recompute(&Calendar::czech());
    assert_eq!(case.items[second].due(), Some(d(2027, 2, 1)));
}

fn any_action() -> impl Strategy<Value = Action> {
    let reason = Reason::parse("because").unwrap();
    prop_oneof![
        Just(Action::Start),
        Just(Action::Submit),
        Just(Action::Complete),
        Just(Action::Return(reason.clone())),
        Just(Action::MarkNotApplicable(reason.clone())),
        Just(Action::Reopen(reason)),
        Just(Action::Reinstate),
    ]
}

proptest! {
    #[test]
    fn recomputation_is_idempotent(arrival in 0i64..2000, expiry in 0i64..2000) {
        let mut case = family_case(&["route-a", "route-b"]);
        let cal = Calendar::czech();
        let base = d(2024, 1, 1);
        case.set_key_date(KeyDate::Arrival, Some(base + chrono::Days::new(arrival.unsigned_abs())), &cal);
        case.set_key_date(KeyDate::PermitExpiry, Some(base + chrono::Days::new(expiry.unsigned_abs())), &cal);
        let before = case.clone();
        prop_assert!(case.recompute(&cal).is_empty());
        prop_assert_eq!(case, before);
    }

    #[test]
    fn any_sequence_of_actions_leaves_a_valid_case(
        steps in prop::collection::vec((0usize..20, any_action(), 0u64..400), 0..60)
    ) {
        let mut case = family_case(&["route-a"]);
        let cal = Calendar::czech();
        for (n, action, day) in steps {
            let index = n % case.items.len();
            let on = d(2026, 12, 1) + chrono::Days::new(day);
            let before = case.items[index].status.clone();
            let allowed = before.allowed_actions().contains(&action.kind());
            if case.apply(index, &action, on, &cal).is_ok() {
                prop_assert!(allowed, "{:?} applied to {:?}", action, before);
            } else {
                prop_assert_eq!(&case.items[index].status, &before);
            }
            let p = case.progress();
            prop_assert!(p.done <= p.applicable);
            prop_assert!((0.0..=1.0).contains(&p.ratio()));
            for (i, item) in case.items.iter().enumerate() {
                if item.status.kind() != crate::status::StatusKind::ToDo {
                    continue;
                }
                prop_assert_eq!(case.is_blocked(i), !case.waiting_for(i).is_empty());
            }
        }
    }
}

#[test]
fn action_kinds_parse_with_their_reasons() {
    assert_eq!(ActionKind::parse("start", ""), Ok(Action::Start));
    assert!(ActionKind::parse("reopen", "  ").is_err());
    assert!(ActionKind::parse("explode", "").is_err());
    assert_eq!(
        ActionKind::parse("return", "missing stamp").map(|a| a.kind()),
        Ok(ActionKind::Return)
    );
}

fn index_of(case: &Case, key: &str, holder: Holder) -> usize {
    case.position(&ItemKey::parse(key).unwrap(), holder)
        .unwrap_or_else(|| panic!("{key} for {holder:?}"))
}

#[test]
fn a_spouses_own_permit_expiry_gives_their_own_extension_window_and_nobody_elses() {
    let cal = Calendar::czech();
    let mut case = family_case(&["route-a"]);
    case.set_key_date(KeyDate::PermitExpiry, Some(d(2028, 6, 30)), &cal);
    // Ravi's permit ends a year earlier than the household's (Fri 30 Jun 2028).
    let change = case.set_date(
        Holder::Person(1),
        KeyDate::PermitExpiry,
        Some(d(2027, 6, 30)),
        &cal,
    );
    let ravi = index_of(&case, "ext", Holder::Person(1));
    assert_eq!(change.moved.len(), 1, "only Ravi's item moves: {change:?}");
    assert_eq!(change.moved[0].index, ravi);
    assert_eq!(case.items()[ravi].due(), Some(d(2027, 6, 30)));
    assert_eq!(
        case.items()[index_of(&case, "ext", Holder::Person(0))].due(),
        Some(d(2028, 6, 30))
    );
    assert_eq!(
        case.date_for(Holder::Person(1), KeyDate::PermitExpiry),
        Some(d(2027, 6, 30))
    );
    assert_eq!(
        case.date_for(Holder::Person(0), KeyDate::PermitExpiry),
        Some(d(2028, 6, 30))
    );
    // The household date changes everyone's but Ravi's.
    let change = case.set_key_date(KeyDate::PermitExpiry, Some(d(2028, 9, 29)), &cal);
    assert!(change.iter().all(|c| c.index != ravi), "{change:?}");
    assert_eq!(case.items()[ravi].due(), Some(d(2027, 6, 30)));
}

#[test]
fn a_family_member_arriving_later_registers_from_their_own_arrival() {
    let cal = Calendar::czech();
    let mut case = family_case(&["route-a"]);
    // Ravi arrives on Thu 25 Mar 2027: Good Friday 26 Mar, the weekend and Easter Monday
    // 29 Mar are skipped, so the 3 working days are Tue 30, Wed 31 Mar, Thu 1 Apr 2027.
    case.set_date(
        Holder::Person(1),
        KeyDate::Arrival,
        Some(d(2027, 3, 25)),
        &cal,
    );
    let reg = |p| case.items()[index_of(&case, "reg", Holder::Person(p))].due();
    assert_eq!(reg(1), Some(d(2027, 4, 1)));
    // Asha's stays at 3 working days after Wed 23 Dec 2026: Wed 30 Dec.
    assert_eq!(reg(0), Some(d(2026, 12, 30)));
}

#[test]
fn a_second_move_is_a_new_duty_and_the_done_one_keeps_its_date() {
    let cal = Calendar::czech();
    let mut case = family_case(&["route-a"]);
    let addr = ChecklistTemplate::parse(
        "c.toml",
        "route = \"route-c\"\nname = \"c\"\nversion = 1\nsummary = \"s\"\nsource = \"https://example.org\"\n\
         [[items]]\nkey = \"addr\"\ntitle = \"Report the new address\"\ncategory = \"registration\"\n\
         applies_to = \"principal\"\ninstructions = \"Go.\"\nwhere_to_go = \"OAMP\"\n\
         source = \"https://example.org/addr\"\n[items.deadline]\nanchor = \"address_change\"\nafter = 30\nunit = \"days\"\n",
        &ItemLibrary::parse("lib.toml", LIBRARY).unwrap(),
    )
    .unwrap();
    case.add_generated(&addr.items[0], (&addr.route, 1));
    case.set_key_date(KeyDate::AddressChange, Some(d(2027, 1, 15)), &cal);
    let first = index_of(&case, "addr", Holder::Person(0));
    assert_eq!(case.items()[first].due(), Some(d(2027, 2, 15)));
    let on = d(2027, 2, 1);
    case.apply(first, &Action::Complete, on, &cal).unwrap();
    // A correction while the duty is open just moves it; after it is done, a later date is a
    // new move: a new item for it, the done one untouched.
    let change = case.set_key_date(KeyDate::AddressChange, Some(d(2027, 9, 1)), &cal);
    assert!(change.is_empty(), "the done item did not move: {change:?}");
    assert_eq!(case.items()[first].due(), Some(d(2027, 2, 15)));
    assert_eq!(case.items()[first].anchor_on(), Some(d(2027, 1, 15)));
    let second = index_of(&case, "addr-r2", Holder::Person(0));
    assert_eq!(case.items()[second].status().kind(), StatusKind::ToDo);
    // 30 days after Wed 1 Sep 2027 = Fri 1 Oct 2027.
    assert_eq!(case.items()[second].due(), Some(d(2027, 10, 1)));
    // Setting the same date again adds nothing more.
    let again = case.set_date(
        Holder::Household,
        KeyDate::AddressChange,
        Some(d(2027, 9, 1)),
        &cal,
    );
    assert!(again.repeated.is_empty());
}

proptest! {
    #[test]
    fn a_persons_own_date_never_moves_anybody_elses_item(
        person in 0usize..3,
        days in 0i64..2000,
        kind_index in 0usize..KeyDate::ALL.len(),
    ) {
        let cal = Calendar::czech();
        let mut case = family_case(&["route-a", "route-b"]);
        case.set_key_date(KeyDate::PermitExpiry, Some(d(2028, 6, 30)), &cal);
        let before: Vec<_> = case.items().iter().map(ChecklistItem::due).collect();
        let kind = KeyDate::ALL[kind_index];
        let date = d(2026, 1, 1) + chrono::Duration::days(days);
        let change = case.set_date(Holder::Person(person), kind, Some(date), &cal);
        for (i, item) in case.items().iter().enumerate() {
            if item.holder() != Holder::Person(person) {
                prop_assert_eq!(item.due(), before[i]);
            }
        }
        prop_assert!(change.moved.iter().all(|c| case.items()[c.index].holder() == Holder::Person(person)));
        // Idempotent: the same date again changes nothing.
        let again = case.set_date(Holder::Person(person), kind, Some(date), &cal);
        prop_assert!(again.moved.is_empty() && again.repeated.is_empty());
    }
}

const GAP_ROUTE: &str = r#"route = "gap"
name = "gap"
version = 1
summary = "s"
source = "https://example.org"

[[items]]
key = "gap-60"
title = "Report a new job within 60 days"
category = "residence_permit"
applies_to = "principal"
valid_until = "2025-08-01"
instructions = "Go."
where_to_go = "OAMP"
source = "https://example.org/gap"
[items.deadline]
anchor = "employment_end"
after = 60
unit = "days"

[[items]]
key = "gap-90"
title = "Report a new job within 90 days"
category = "residence_permit"
applies_to = "principal"
valid_from = "2025-08-02"
instructions = "Go."
where_to_go = "OAMP"
source = "https://example.org/gap"
[items.deadline]
anchor = "employment_end"
after = 90
unit = "days"
"#;

#[test]
fn a_child_who_turns_15_before_arriving_gets_the_registration_once_the_arrival_is_known() {
    let cal = Calendar::czech();
    let catalog = catalog();
    let template = catalog
        .template(&RouteKey::parse("route-a").unwrap())
        .unwrap();
    let mut key_dates = KeyDates::new();
    key_dates.set(KeyDate::PermitExpiry, Some(d(2029, 1, 31)));
    // Opened on 1 Dec 2026 when Mira is 14 (born 10 Feb 2012); no arrival date yet.
    let new = NewCase {
        principal: person("Asha Rao", d(1990, 5, 1), Relation::Principal),
        dependants: vec![person("Mira Rao", d(2012, 2, 10), Relation::Child)],
        routes: vec![RouteKey::parse("route-a").unwrap()],
        key_dates,
        opened_on: d(2026, 12, 1),
    };
    let mut case = Case::open(new, &catalog, &cal).unwrap();
    let reg = ItemKey::parse("reg").unwrap();
    assert!(
        case.position(&reg, Holder::Person(1)).is_none(),
        "14 on the day of opening"
    );
    // She arrives on Mon 15 Feb 2027, aged 15.
    case.set_key_date(KeyDate::Arrival, Some(d(2027, 2, 15)), &cal);
    let done = case.reevaluate(&[template], d(2026, 12, 2), &cal);
    let added = case.position(&reg, Holder::Person(1)).expect("added");
    assert_eq!(done.added, vec![added]);
    // 3 working days after Mon 15 Feb 2027: Thu 18 Feb.
    assert_eq!(case.items()[added].due(), Some(d(2027, 2, 18)));
    assert!(
        case.reevaluate(&[template], d(2026, 12, 2), &cal)
            .is_empty(),
        "idempotent"
    );
    // Her arrival moved back before her birthday: the item is withdrawn, never deleted.
    case.set_date(
        Holder::Person(1),
        KeyDate::Arrival,
        Some(d(2027, 1, 20)),
        &cal,
    );
    let done = case.reevaluate(&[template], d(2026, 12, 2), &cal);
    assert_eq!(done.withdrawn, vec![added]);
    let ItemStatus::NotApplicable { reason } = case.items()[added].status() else {
        panic!("withdrawn");
    };
    assert!(reason.as_str().starts_with(WITHDRAWN), "{reason}");
    assert!(reason.as_str().contains("aged 15 or over"), "{reason}");
    // And back again.
    case.set_date(Holder::Person(1), KeyDate::Arrival, None, &cal);
    let done = case.reevaluate(&[template], d(2026, 12, 2), &cal);
    assert_eq!(done.reinstated, vec![added]);
}

#[test]
fn the_rule_version_follows_the_employment_end_date_when_it_is_entered_later() {
    let cal = Calendar::czech();
    let library = ItemLibrary::parse("lib.toml", LIBRARY).unwrap();
    let gap = ChecklistTemplate::parse("gap.toml", GAP_ROUTE, &library).unwrap();
    let catalog = Catalog {
        library,
        templates: vec![gap.clone()],
    };
    let new = NewCase {
        principal: person("Asha Rao", d(1990, 5, 1), Relation::Principal),
        dependants: vec![],
        routes: vec![RouteKey::parse("gap").unwrap()],
        key_dates: KeyDates::new(),
        opened_on: d(2026, 12, 1),
    };
    let mut case = Case::open(new, &catalog, &cal).unwrap();
    let key = |k: &str| ItemKey::parse(k).unwrap();
    let sixty = case.position(&key("gap-60"), Holder::Person(0));
    assert!(
        sixty.is_none(),
        "judged on the opening day (after 1 Aug 2025): 90 days"
    );
    // The job ended on Thu 31 Jul 2025: the 60-day rule applies, the 90-day one is withdrawn.
    case.set_key_date(KeyDate::EmploymentEnd, Some(d(2025, 7, 31)), &cal);
    let done = case.reevaluate(&[&gap], d(2026, 12, 2), &cal);
    let sixty = case
        .position(&key("gap-60"), Holder::Person(0))
        .expect("60-day rule");
    let ninety = case.position(&key("gap-90"), Holder::Person(0)).unwrap();
    assert_eq!((done.added, done.withdrawn), (vec![sixty], vec![ninety]));
    // 60 days after Thu 31 Jul 2025: Mon 29 Sep 2025.
    assert_eq!(case.items()[sixty].due(), Some(d(2025, 9, 29)));
    assert_eq!(
        case.items()[ninety].status().kind(),
        StatusKind::NotApplicable
    );
}

#[test]
fn a_yearly_duty_comes_back_when_done_or_when_its_day_passes_and_stops_when_not_needed() {
    let cal = Calendar::czech();
    let library = ItemLibrary::parse("lib.toml", LIBRARY).unwrap();
    let route = "route = \"biz\"\nname = \"biz\"\nversion = 1\nsummary = \"s\"\nsource = \"https://example.org\"\n\
         [[items]]\nkey = \"tax-return\"\ntitle = \"File the tax return\"\ncategory = \"tax_and_social_security\"\n\
         applies_to = \"principal\"\ninstructions = \"Go.\"\nwhere_to_go = \"Tax office\"\n\
         source = \"https://example.org/tax\"\n[items.deadline]\nanchor = \"business_start\"\n\
         every_year_on = \"04-01\"\nfrom_next_year = true\n";
    let template = ChecklistTemplate::parse("biz.toml", route, &library).unwrap();
    let catalog = Catalog {
        library,
        templates: vec![template],
    };
    let new = NewCase {
        principal: person("Asha Rao", d(1990, 5, 1), Relation::Principal),
        dependants: vec![],
        routes: vec![RouteKey::parse("biz").unwrap()],
        key_dates: [(KeyDate::BusinessStart, d(2026, 6, 1))]
            .into_iter()
            .collect(),
        opened_on: d(2026, 5, 1),
    };
    let mut case = Case::open(new, &catalog, &cal).unwrap();
    let first = index_of(&case, "tax-return", Holder::Person(0));
    // For 2026: Thu 1 Apr 2027.
    assert_eq!(case.items()[first].due(), Some(d(2027, 4, 1)));
    assert!(
        case.renew_recurring(d(2027, 1, 10), &cal).is_empty(),
        "not yet"
    );
    case.apply(first, &Action::Submit, d(2027, 3, 20), &cal)
        .unwrap();
    let added = case.renew_recurring(d(2027, 3, 20), &cal);
    let second = index_of(&case, "tax-return-r2", Holder::Person(0));
    assert_eq!(added, vec![second]);
    // For 2027: 1 Apr 2028 is a Saturday → Mon 3 Apr 2028.
    assert_eq!(case.items()[second].due(), Some(d(2028, 4, 3)));
    assert!(
        case.renew_recurring(d(2027, 3, 21), &cal).is_empty(),
        "once"
    );
    // Left untouched until 2030: each passed year gets its item, up to the next one ahead.
    let added = case.renew_recurring(d(2030, 1, 5), &cal);
    let dues: Vec<_> = added.iter().map(|&i| case.items()[i].due()).collect();
    // 1 Apr 2029 Easter Sunday, 2 Apr Easter Monday → Tue 3 Apr 2029; 1 Apr 2030 a Monday.
    assert_eq!(dues, vec![Some(d(2029, 4, 3)), Some(d(2030, 4, 1))]);
    // A consultant marks the latest not needed (the business closed): the series ends.
    let latest = *added.last().unwrap();
    let reason = Reason::parse("the business closed").unwrap();
    case.apply(
        latest,
        &Action::MarkNotApplicable(reason),
        d(2030, 1, 6),
        &cal,
    )
    .unwrap();
    assert!(case.renew_recurring(d(2031, 6, 1), &cal).is_empty());
}

#[test]
fn the_key_dates_in_use_are_those_the_checklist_counts_from_and_those_set() {
    let mut case = family_case(&["route-b"]);
    assert_eq!(
        case.key_dates_in_use(),
        vec![KeyDate::Arrival, KeyDate::InsuranceEnd]
    );
    let with_permit = family_case(&["route-a"]);
    assert!(
        with_permit
            .key_dates_in_use()
            .contains(&KeyDate::PermitExpiry)
    );
    assert!(
        !with_permit
            .key_dates_in_use()
            .contains(&KeyDate::StudyStart)
    );
    case.set_key_date(
        KeyDate::EmploymentStart,
        Some(d(2027, 1, 4)),
        &Calendar::czech(),
    );
    let used = case.key_dates_in_use();
    assert!(used.contains(&KeyDate::EmploymentStart));
    assert!(
        used.contains(&KeyDate::EmploymentEnd),
        "the other date of an ordered pair is offered with it"
    );
}
