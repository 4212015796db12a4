use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::case::{CaseOutcome, CaseStatus, NewCase, RiskKind};
use crate::document::{Country, DocumentNumber, DocumentParts};
use crate::key::ItemKey;
use crate::person::{Nationality, Person, PersonName, Relation};
use crate::status::{Action, ItemStatus, Reason};
use crate::template::Catalog;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn person(name: &str, relation: Relation, born: NaiveDate) -> Person {
    Person {
        name: PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").unwrap(),
        email: None,
        passport: None,
    }
}

fn open(route: &str) -> (Case, Catalog) {
    let catalog = Catalog::shipped().unwrap();
    let new = NewCase {
        principal: person("Asha Rao", Relation::Principal, d(1990, 5, 17)),
        dependants: vec![person("Ravi Rao", Relation::Spouse, d(1988, 2, 2))],
        routes: vec![RouteKey::parse(route).unwrap()],
        key_dates: [(KeyDate::Arrival, d(2025, 11, 3))].into_iter().collect(),
        opened_on: d(2025, 11, 3),
    };
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    (case, catalog)
}

fn doc(kind: DocumentKind, number: &str, issued: NaiveDate, until: Option<NaiveDate>) -> Document {
    Document::new(DocumentParts {
        kind,
        number: DocumentNumber::parse(number).unwrap(),
        country: Country::parse("India").unwrap(),
        issued_on: issued,
        valid_until: until,
    })
    .unwrap()
}

/// The library's items and the case's template items, as the commands pass them.
fn rules<'a>(catalog: &'a Catalog, route: &'a RouteKey) -> Vec<RenewalRule<'a>> {
    renewal_rules(&[catalog.template(route).unwrap()], catalog)
}

fn position(case: &Case, key: &str, person: usize) -> Option<usize> {
    case.position(&ItemKey::parse(key).unwrap(), Holder::Person(person))
}

#[test]
fn a_passport_in_the_wallet_is_the_persons_passport_and_feeds_the_passport_warning() {
    let (mut case, _) = open("employee-card");
    let cal = Calendar::czech();
    case.set_date(
        Holder::Person(1),
        KeyDate::PermitExpiry,
        Some(d(2028, 6, 30)),
        &cal,
    );
    let passport = doc(
        DocumentKind::Passport,
        "Z1234567",
        d(2018, 1, 1),
        Some(d(2028, 1, 1)),
    );
    let change = case.save_document(1, None, passport, &cal).unwrap();
    assert!(matches!(
        change.synced[..],
        [Synced::Passport { person: 1, .. }]
    ));
    let held = case.people()[1].passport.clone().unwrap();
    assert_eq!(
        (held.number.as_str(), held.expiry),
        ("Z1234567", d(2028, 1, 1))
    );
    let risks = case.risks(d(2026, 1, 5), &cal);
    assert!(risks.iter().any(|r| r.kind() == RiskKind::Passport));
    assert_eq!(case.papers_risk_on(), Some(d(2028, 1, 1)));
}

#[test]
fn a_permit_in_the_wallet_moves_the_extension_window_of_its_holder_only() {
    let (mut case, _) = open("employee-card");
    let cal = Calendar::czech();
    let ext = position(&case, "ext-ltr", 0).unwrap();
    let spouse_ext = position(&case, "ext-ltr", 1).unwrap();
    // Sat 30 Jun 2029: the window closes on the last working day before, Fri 29 Jun.
    let card = doc(
        DocumentKind::ResidencePermit,
        "EC0012345",
        d(2027, 7, 1),
        Some(d(2029, 6, 30)),
    );
    let change = case.save_document(0, None, card, &cal).unwrap();
    let [
        Synced::Date {
            kind,
            after,
            change: moved,
            ..
        },
    ] = &change.synced[..]
    else {
        panic!("one date follows: {change:?}");
    };
    assert_eq!(
        (*kind, *after),
        (KeyDate::PermitExpiry, Some(d(2029, 6, 30)))
    );
    assert!(moved.moved.iter().any(|m| m.index == ext));
    assert_eq!(
        case.person_dates(0).get(KeyDate::PermitExpiry),
        Some(d(2029, 6, 30))
    );
    assert_eq!(case.items()[ext].due(), Some(d(2029, 6, 29)));
    assert_eq!(case.items()[spouse_ext].due(), None);
    assert!(case.is_from_wallet(0, KeyDate::PermitExpiry));
    assert!(!case.is_from_wallet(1, KeyDate::PermitExpiry));
}

#[test]
fn the_newest_document_counts_and_removing_the_last_one_clears_its_date() {
    let (mut case, _) = open("employee-card");
    let cal = Calendar::czech();
    let old = doc(
        DocumentKind::ResidencePermit,
        "A1",
        d(2025, 1, 1),
        Some(d(2027, 1, 1)),
    );
    let new = doc(
        DocumentKind::ResidencePermit,
        "A2",
        d(2026, 12, 1),
        Some(d(2029, 1, 1)),
    );
    let first = case.save_document(0, None, old, &cal).unwrap().no;
    let second = case.save_document(0, None, new, &cal).unwrap().no;
    assert_eq!(
        case.person_dates(0).get(KeyDate::PermitExpiry),
        Some(d(2029, 1, 1))
    );
    case.remove_document(0, second, &cal).unwrap();
    assert_eq!(
        case.person_dates(0).get(KeyDate::PermitExpiry),
        Some(d(2027, 1, 1))
    );
    case.remove_document(0, first, &cal).unwrap();
    assert_eq!(case.person_dates(0).get(KeyDate::PermitExpiry), None);
    assert!(!case.is_from_wallet(0, KeyDate::PermitExpiry));
}

#[test]
fn another_persons_document_cannot_be_changed_through_this_person() {
    let (mut case, _) = open("employee-card");
    let cal = Calendar::czech();
    let visa = doc(DocumentKind::Visa, "V1", d(2025, 1, 1), Some(d(2026, 1, 1)));
    let no = case.save_document(0, None, visa.clone(), &cal).unwrap().no;
    assert_eq!(
        case.save_document(1, Some(no), visa, &cal),
        Err(WalletError::NoSuchDocument)
    );
    assert_eq!(
        case.remove_document(1, no, &cal),
        Err(WalletError::NoSuchDocument)
    );
    let nobody = doc(DocumentKind::BirthCertificate, "B1", d(1990, 5, 20), None);
    assert_eq!(
        case.save_document(7, None, nobody, &cal),
        Err(WalletError::NoSuchPerson(7))
    );
}

#[test]
fn a_passport_entering_its_lead_time_gets_the_renewal_item_once_with_the_reason() {
    let (mut case, catalog) = open("employee-card");
    let cal = Calendar::czech();
    let route = RouteKey::parse("employee-card").unwrap();
    let passport = doc(
        DocumentKind::Passport,
        "Z1234567",
        d(2017, 3, 2),
        Some(d(2027, 3, 1)),
    );
    case.save_document(1, None, passport, &cal).unwrap();
    // 180 days before Mon 1 Mar 2027 is Wed 2 Sep 2026.
    assert!(
        case.add_renewals(d(2026, 9, 1), &rules(&catalog, &route), &cal)
            .is_empty()
    );
    let added = case.add_renewals(d(2026, 9, 2), &rules(&catalog, &route), &cal);
    let [(index, reason)] = &added[..] else {
        panic!("one renewal: {added:?}");
    };
    assert_eq!(reason, "passport Z1234567 expires Mon 1 Mar 2027");
    let item = &case.items()[*index];
    assert_eq!(
        (item.key().as_str(), item.holder()),
        ("passport-renew", Holder::Person(1))
    );
    assert_eq!(item.due(), Some(d(2027, 3, 1)));
    assert!(
        case.add_renewals(d(2026, 9, 3), &rules(&catalog, &route), &cal)
            .is_empty()
    );
}

#[test]
fn a_renewal_done_for_this_expiry_is_not_added_again_but_the_next_passport_gets_its_own() {
    let (mut case, catalog) = open("employee-card");
    let cal = Calendar::czech();
    let route = RouteKey::parse("employee-card").unwrap();
    let passport = doc(
        DocumentKind::Passport,
        "Z1234567",
        d(2017, 3, 2),
        Some(d(2027, 3, 1)),
    );
    case.save_document(0, None, passport, &cal).unwrap();
    let [(index, _)] = case.add_renewals(d(2026, 10, 1), &rules(&catalog, &route), &cal)[..] else {
        panic!("one renewal");
    };
    case.apply(index, &Action::Complete, d(2026, 11, 2), &cal)
        .unwrap();
    assert!(
        case.add_renewals(d(2026, 11, 3), &rules(&catalog, &route), &cal)
            .is_empty()
    );
    let next = doc(
        DocumentKind::Passport,
        "Z7654321",
        d(2026, 11, 1),
        Some(d(2036, 10, 31)),
    );
    let change = case.save_document(0, None, next, &cal).unwrap();
    let [Synced::Passport { change, .. }] = &change.synced[..] else {
        panic!("the passport follows");
    };
    // The done renewal stays with the old passport; the new one's is on the list, to do.
    assert_eq!(case.items()[index].anchor_on(), Some(d(2027, 3, 1)));
    let [again] = change.repeated[..] else {
        panic!("one new occurrence")
    };
    assert_eq!(case.items()[again].key().as_str(), "passport-renew-r2");
    assert_eq!(*case.items()[again].status(), ItemStatus::ToDo);
    assert!(
        case.add_renewals(d(2036, 6, 1), &rules(&catalog, &route), &cal)
            .is_empty()
    );
}

#[test]
fn a_permit_whose_extension_item_is_open_gets_no_second_one() {
    let (mut case, catalog) = open("employee-card");
    let cal = Calendar::czech();
    let route = RouteKey::parse("employee-card").unwrap();
    let card = doc(
        DocumentKind::ResidencePermit,
        "EC1",
        d(2025, 1, 1),
        Some(d(2027, 1, 29)),
    );
    case.save_document(0, None, card, &cal).unwrap();
    let before = case.items().len();
    assert!(
        case.renewals_due(d(2026, 12, 1), &rules(&catalog, &route), &cal)
            .is_empty()
    );
    assert_eq!(case.items().len(), before);
}

#[test]
fn an_extension_marked_not_applicable_for_this_expiry_stands() {
    let (mut case, catalog) = open("employee-card");
    let cal = Calendar::czech();
    let route = RouteKey::parse("employee-card").unwrap();
    let ext = position(&case, "ext-ltr", 1).unwrap();
    let reason = Reason::parse("handled by the employer's lawyer").unwrap();
    case.apply(
        ext,
        &Action::MarkNotApplicable(reason),
        d(2025, 11, 4),
        &cal,
    )
    .unwrap();
    let card = doc(
        DocumentKind::ResidencePermit,
        "EC2",
        d(2025, 1, 1),
        Some(d(2027, 1, 29)),
    );
    case.save_document(1, None, card, &cal).unwrap();
    // Not applicable for the expiry it counts from now: it stands.
    assert!(
        case.renewals_due(d(2026, 12, 1), &rules(&catalog, &route), &cal)
            .is_empty()
    );
}

#[test]
fn only_the_routes_extension_items_renew_a_permit_and_the_library_adds_the_rest() {
    let catalog = Catalog::shipped().unwrap();
    let route = RouteKey::parse("eu-family").unwrap();
    let keys: Vec<&str> = rules(&catalog, &route)
        .iter()
        .map(|r| r.item.key.as_str())
        .collect();
    assert_eq!(keys, ["passport-renew", "insurance-renew"]);
    let route = RouteKey::parse("permanent-residence").unwrap();
    let keys: Vec<&str> = rules(&catalog, &route)
        .iter()
        .map(|r| r.item.key.as_str())
        .collect();
    assert!(
        keys.contains(&"ext-prcard") && keys.contains(&"insurance-renew"),
        "{keys:?}"
    );
}

#[test]
fn an_insurance_ending_gets_its_renewal_a_month_before() {
    let (mut case, catalog) = open("study");
    let cal = Calendar::czech();
    let route = RouteKey::parse("study").unwrap();
    let cover = doc(
        DocumentKind::HealthInsurance,
        "PVZP-77",
        d(2025, 10, 1),
        Some(d(2026, 9, 30)),
    );
    case.save_document(0, None, cover, &cal).unwrap();
    assert_eq!(
        case.person_dates(0).get(KeyDate::InsuranceEnd),
        Some(d(2026, 9, 30))
    );
    assert!(
        case.add_renewals(d(2026, 8, 30), &rules(&catalog, &route), &cal)
            .is_empty()
    );
    let added = case.add_renewals(d(2026, 8, 31), &rules(&catalog, &route), &cal);
    let [(index, reason)] = &added[..] else {
        panic!("one renewal")
    };
    assert_eq!(case.items()[*index].key().as_str(), "insurance-renew");
    assert!(
        reason.starts_with("health insurance PVZP-77 expires"),
        "{reason}"
    );
}

#[test]
fn a_closed_case_gets_no_renewals() {
    let (mut case, catalog) = open("employee-card");
    let cal = Calendar::czech();
    let route = RouteKey::parse("employee-card").unwrap();
    let passport = doc(
        DocumentKind::Passport,
        "Z1234567",
        d(2017, 3, 2),
        Some(d(2027, 3, 1)),
    );
    case.save_document(0, None, passport, &cal).unwrap();
    case.status = CaseStatus::Closed {
        outcome: CaseOutcome::Withdrawn,
        on: d(2026, 1, 1),
    };
    assert!(
        case.renewals_due(d(2027, 1, 1), &rules(&catalog, &route), &cal)
            .is_empty()
    );
}

#[test]
fn a_criminal_record_extract_is_flagged_after_180_days_or_3_months_for_a_trade_licence() {
    let cal = Calendar::czech();
    let extract = doc(
        DocumentKind::CriminalRecordExtract,
        "CR-1",
        d(2026, 1, 10),
        None,
    );
    let (mut employee, _) = open("employee-card");
    employee
        .save_document(0, None, extract.clone(), &cal)
        .unwrap();
    assert_eq!(employee.record_age_limit(), RecordAgeLimit::Days(180));
    let flagged = |case: &Case, today| {
        case.risks(today, &cal)
            .iter()
            .any(|r| r.kind() == RiskKind::CriminalRecord)
    };
    // 10 Jan + 180 days = 9 Jul.
    assert!(!flagged(&employee, d(2026, 7, 9)));
    assert!(flagged(&employee, d(2026, 7, 10)));
    let (mut business, _) = open("business");
    business.save_document(0, None, extract, &cal).unwrap();
    assert_eq!(business.record_age_limit(), RecordAgeLimit::Months(3));
    assert!(!flagged(&business, d(2026, 4, 10)));
    assert!(flagged(&business, d(2026, 4, 11)));
    let message = business.risks(d(2026, 5, 1), &cal)[..]
        .iter()
        .find(|r| r.kind() == RiskKind::CriminalRecord)
        .map(|r| r.message(&business))
        .unwrap();
    assert!(
        message.contains("CR-1") && message.contains("3 months"),
        "{message}"
    );
}

proptest! {
    /// Whatever is saved, replaced and removed, the person's own permit date is the wallet's
    /// newest card, and the passport the wallet's newest passport: they never drift.
    #[test]
    fn the_wallet_and_the_dates_it_supplies_never_drift(
        steps in proptest::collection::vec((0u8..3, 0usize..2, 0u32..3000, any::<bool>()), 1..25),
    ) {
        let (mut case, _) = open("employee-card");
        let cal = Calendar::czech();
        for (op, person, days, passport) in steps {
            let kind = if passport { DocumentKind::Passport } else { DocumentKind::ResidencePermit };
            let until = d(2026, 1, 1) + chrono::Days::new(days.into());
            let made = doc(kind, "Z1234567", d(2025, 1, 1), Some(until));
            let mine: Vec<DocumentNo> = case
                .documents()
                .iter()
                .filter(|e| e.person == person)
                .map(|e| e.no)
                .collect();
            match (op, mine.first()) {
                (1, Some(&no)) => { case.save_document(person, Some(no), made, &cal).unwrap(); }
                (2, Some(&no)) => { case.remove_document(person, no, &cal).unwrap(); }
                _ => { case.save_document(person, None, made, &cal).unwrap(); }
            }
            for p in 0..2 {
                let newest = |k: DocumentKind| case
                    .documents()
                    .iter()
                    .filter(|e| e.person == p && e.document.kind() == k)
                    .filter_map(|e| e.document.valid_until())
                    .max();
                prop_assert_eq!(
                    case.person_dates(p).get(KeyDate::PermitExpiry),
                    newest(DocumentKind::ResidencePermit)
                );
                prop_assert_eq!(
                    case.people()[p].passport.as_ref().map(|pp| pp.expiry),
                    newest(DocumentKind::Passport)
                );
            }
        }
    }
}
