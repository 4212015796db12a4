//! The shipped route templates against hand-computed due dates (fact sheet §4.1 holidays, §4.3
//! counting), item generation per person and across routes, and how broken templates report.
//! The routes and duties added in issue 16 are tested in the modules below.

#[path = "routes/children.rs"]
mod children;
#[path = "routes/employment.rs"]
mod employment;
#[path = "routes/eu.rs"]
mod eu;
#[path = "routes/residence.rs"]
mod residence;

use chrono::NaiveDate;
use softland_domain::person::{Nationality, Person, PersonName, Relation};
use softland_domain::status::TransitionError;
use softland_domain::template::{ItemLibrary, SHIPPED_LIBRARY, SHIPPED_ROUTES};
use softland_domain::{
    Action, Calendar, Case, Catalog, ChecklistItem, ChecklistTemplate, Holder, ItemKey, KeyDate,
    NewCase, RouteKey,
};

const PRINCIPAL: Holder = Holder::Person(0);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

fn person(name: &str, relation: Relation, born: NaiveDate) -> Person {
    Person {
        name: PersonName::parse(name).expect("a valid name"),
        relation,
        date_of_birth: born,
        nationality: Nationality::parse("Indian").expect("a valid nationality"),
        email: None,
        passport: None,
    }
}

fn open_household(routes: &[&str], dates: &[(KeyDate, NaiveDate)], family: Vec<Person>) -> Case {
    let new = NewCase {
        principal: person("Asha Rao", Relation::Principal, day(1990, 5, 17)),
        dependants: family,
        routes: routes
            .iter()
            .map(|r| RouteKey::parse(r).expect("a route key"))
            .collect(),
        key_dates: dates.iter().copied().collect(),
        opened_on: day(2025, 11, 3),
    };
    let catalog = Catalog::shipped().expect("the shipped templates load");
    Case::open(new, &catalog, &Calendar::czech()).expect("the case opens")
}

fn open(route: &str, dates: &[(KeyDate, NaiveDate)]) -> Case {
    open_household(&[route], dates, Vec::new())
}

fn index(case: &Case, key: &str, holder: Holder) -> usize {
    case.position(&ItemKey::parse(key).expect("an item key"), holder)
        .unwrap_or_else(|| panic!("no item `{key}` held by {holder:?}"))
}

/// The principal's item `key`, or the household's.
fn item<'a>(case: &'a Case, key: &str) -> &'a ChecklistItem {
    let key = ItemKey::parse(key).expect("an item key");
    let at = case
        .position(&key, PRINCIPAL)
        .or_else(|| case.position(&key, Holder::Household));
    &case.items()[at.unwrap_or_else(|| panic!("no item `{key}`"))]
}

/// Who holds an item `key`, in checklist order.
fn holders(case: &Case, key: &str) -> Vec<Holder> {
    let of_key = case.items().iter().filter(|i| i.key().as_str() == key);
    of_key.map(softland_domain::ChecklistItem::holder).collect()
}

fn complete(case: &mut Case, key: &str, holder: Holder, on: NaiveDate) {
    let at = index(case, key, holder);
    let done = case.apply(at, &Action::Complete, on, &Calendar::czech());
    done.expect("the item can be completed");
}

/// Asserts the due date of every dated item of the principal and the household. The list must
/// name them all, so a new dated item in a template needs a hand-computed date here too.
fn assert_due_dates(case: &Case, expected: &[(&str, NaiveDate)]) {
    let mut dated: Vec<&str> = case
        .items()
        .iter()
        .filter(|i| matches!(i.holder(), Holder::Household | PRINCIPAL) && i.rule().is_some())
        .map(|i| i.key().as_str())
        .collect();
    dated.sort_unstable();
    let mut named: Vec<&str> = expected.iter().map(|(k, _)| *k).collect();
    named.sort_unstable();
    assert_eq!(dated, named, "dated items of the principal and household");
    for (key, due) in expected {
        let it = item(case, key);
        assert_eq!(it.due(), Some(*due), "`{key}`: {:?}", it.outcome());
    }
}

#[test]
fn employee_card_registration_skips_christmas_and_extension_closes_friday_before_sunday() {
    let mut case = open(
        "employee-card",
        &[
            (KeyDate::Arrival, day(2026, 12, 23)),
            (KeyDate::EmploymentStart, day(2027, 1, 8)),
            (KeyDate::AddressChange, day(2027, 4, 8)),
            (KeyDate::PermitExpiry, day(2028, 1, 2)),
            (KeyDate::DataChange, day(2026, 12, 21)),
            (KeyDate::EmploymentEnd, day(2027, 3, 24)),
            (KeyDate::NewJobStart, day(2027, 3, 30)),
            (KeyDate::CardLost, day(2027, 3, 25)),
            (KeyDate::ObstacleEnded, day(2027, 11, 15)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 2, 16));
    complete(&mut case, "card-collect", PRINCIPAL, day(2027, 4, 14));
    assert_due_dates(
        &case,
        &[
            // Wed 23 Dec + 3 working days, skipping 24–27 Dec: Mon 28, Tue 29, Wed 30.
            ("reg-dvr", day(2026, 12, 30)),
            ("health-insurance", day(2026, 12, 23)),
            // On the first working day itself, never rolled.
            ("employer-lo-start", day(2027, 1, 8)),
            // Fri 8 Jan + 8 days = Sat 16 Jan → Mon 18 Jan.
            ("public-insurance", day(2027, 1, 18)),
            // Tue 16 Feb + 60 days = Sat 17 Apr → Mon 19 Apr.
            ("card-collect", day(2027, 4, 19)),
            // Wed 14 Apr 2027 + 1 year = Good Friday 14 Apr 2028, then Easter → Tue 18 Apr.
            ("aik", day(2028, 4, 18)),
            // Expiry Sun 2 Jan 2028; Sat 1 Jan is New Year → Fri 31 Dec 2027.
            ("ext-ltr", day(2027, 12, 31)),
            // Thu 8 Apr + 30 days = Sat 8 May (Victory Day) → Mon 10 May.
            ("addr-tcn", day(2027, 5, 10)),
            // Mon 21 Dec 2026: Tue 22, Wed 23, then 24–27 Dec off → Mon 28 Dec.
            ("data-tcn", day(2026, 12, 28)),
            // Thu 25 Mar 2027: Good Friday 26 and Easter Monday 29 off → Tue 30, Wed 31, Thu 1 Apr.
            ("loss", day(2027, 4, 1)),
            // Mon 15 Nov 2027: Tue 16, (Wed 17 Nov off) Thu 18, Fri 19.
            ("late-excuse", day(2027, 11, 19)),
            // Wed 24 Mar 2027 + 10 days = Sat 3 Apr → Mon 5 Apr (Easter Monday was 29 Mar).
            ("employer-lo-end", day(2027, 4, 5)),
            // Wed 24 Mar + 90 days: 7 days to 31 Mar, 30 in April, 31 in May, 22 in June → Tue 22 Jun.
            ("ec-gap", day(2027, 6, 22)),
            // New job Tue 30 Mar 2027: the day before is Easter Monday 29 Mar; Sun 28, Sat 27 and
            // Good Friday 26 Mar are off too → Thu 25 Mar.
            ("ec-change", day(2027, 3, 25)),
        ],
    );
    assert_eq!(item(&case, "ext-ltr").opens(), Some(day(2027, 9, 4)));
}

#[test]
fn eu_blue_card_reports_end_of_employment_within_three_working_days_skipping_labour_day() {
    let mut case = open(
        "eu-blue-card",
        &[
            (KeyDate::Arrival, day(2026, 12, 21)),
            (KeyDate::EmploymentStart, day(2027, 1, 4)),
            (KeyDate::AddressChange, day(2027, 9, 28)),
            (KeyDate::EmploymentEnd, day(2028, 4, 27)),
            (KeyDate::PermitExpiry, day(2029, 1, 1)),
            (KeyDate::NewJobStart, day(2028, 10, 25)),
            (KeyDate::DataChange, day(2028, 2, 29)),
            (KeyDate::CardLost, day(2027, 12, 22)),
            (KeyDate::ObstacleEnded, day(2027, 12, 31)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 1, 5));
    complete(&mut case, "card-collect", PRINCIPAL, day(2027, 2, 26));
    assert_due_dates(
        &case,
        &[
            // Mon 21 Dec: Tue 22, Wed 23, then 24–27 Dec off → Mon 28 Dec.
            ("reg-dvr", day(2026, 12, 28)),
            ("health-insurance", day(2026, 12, 21)),
            ("employer-lo-start", day(2027, 1, 4)),
            // The first 1 May after arriving Mon 21 Dec 2026: Sat 1 May 2027 (Labour Day) →
            // Mon 3 May 2027.
            ("bc-salary-check", day(2027, 5, 3)),
            ("public-insurance", day(2027, 1, 12)),
            // Tue 5 Jan + 60 days = Sat 6 Mar → Mon 8 Mar.
            ("card-collect", day(2027, 3, 8)),
            // Fri 26 Feb 2027 + 1 year = Sat 26 Feb 2028 → Mon 28 Feb.
            ("aik", day(2028, 2, 28)),
            // Expiry Mon 1 Jan 2029 (New Year) → Fri 29 Dec 2028.
            ("ext-ltr", day(2028, 12, 29)),
            // Tue 28 Sep + 30 days = Thu 28 Oct (Statehood Day) → Fri 29 Oct.
            ("addr-tcn", day(2027, 10, 29)),
            // Thu 27 Apr 2028: Fri 28, (Mon 1 May off), Tue 2, Wed 3 May.
            ("bc-end", day(2028, 5, 3)),
            // Thu 27 Apr 2028 + 10 days = Sun 7 May; Mon 8 May is Victory Day → Tue 9 May.
            ("employer-lo-end", day(2028, 5, 9)),
            // New job Wed 25 Oct 2028 + 3 calendar days = Sat 28 Oct (also Statehood Day) → Mon 30 Oct.
            ("bc-change", day(2028, 10, 30)),
            // Tue 29 Feb 2028 (leap day): Wed 1, Thu 2, Fri 3 Mar.
            ("data-tcn", day(2028, 3, 3)),
            // Wed 22 Dec 2027: Thu 23, (Fri 24 off, weekend) Mon 27, Tue 28 Dec.
            ("loss", day(2027, 12, 28)),
            // Fri 31 Dec 2027: (Sat 1 Jan, Sun) Mon 3, Tue 4, Wed 5 Jan 2028.
            ("late-excuse", day(2028, 1, 5)),
        ],
    );
    assert_eq!(item(&case, "ext-ltr").opens(), Some(day(2028, 9, 3)));
}

#[test]
fn study_registration_skips_statehood_day_and_visa_extension_closes_before_saturday_expiry() {
    let case = open(
        "study",
        &[
            (KeyDate::Arrival, day(2026, 9, 25)),
            (KeyDate::AddressChange, day(2026, 10, 18)),
            (KeyDate::VisaExpiry, day(2027, 7, 31)),
            (KeyDate::DataChange, day(2026, 10, 23)),
            (KeyDate::ObstacleEnded, day(2026, 11, 16)),
        ],
    );
    assert_due_dates(
        &case,
        &[
            // Fri 25 Sep: weekend, Mon 28 Sep off → Tue 29, Wed 30, Thu 1 Oct.
            ("reg-tcn", day(2026, 10, 1)),
            ("health-insurance", day(2026, 9, 25)),
            // Expiry Sat 31 Jul 2027 → Fri 30 Jul.
            ("ext-visa", day(2027, 7, 30)),
            // Sun 18 Oct + 30 days = Tue 17 Nov (a holiday) → Wed 18 Nov.
            ("addr-tcn", day(2026, 11, 18)),
            // Fri 23 Oct 2026: Mon 26, Tue 27, (Wed 28 Oct off) Thu 29 Oct.
            ("data-tcn", day(2026, 10, 29)),
            // Mon 16 Nov 2026: (Tue 17 Nov off) Wed 18, Thu 19, Fri 20 Nov.
            ("late-excuse", day(2026, 11, 20)),
        ],
    );
    assert_eq!(item(&case, "ext-visa").opens(), Some(day(2027, 5, 2)));
}

#[test]
fn study_route_has_no_integration_course() {
    let case = open("study", &[(KeyDate::Arrival, day(2026, 9, 25))]);
    assert!(case.items().iter().all(|i| i.key().as_str() != "aik"));
}

#[test]
fn business_chain_deadlines_skip_easter_christmas_and_new_year() {
    let mut case = open(
        "business",
        &[
            (KeyDate::Arrival, day(2026, 3, 4)),
            (KeyDate::BusinessStart, day(2026, 3, 26)),
            (KeyDate::AddressChange, day(2027, 1, 15)),
            (KeyDate::VisaExpiry, day(2027, 2, 28)),
            (KeyDate::PermitExpiry, day(2029, 4, 2)),
            (KeyDate::TradeLicenceIssued, day(2026, 1, 2)),
            (KeyDate::TradeDataChange, day(2026, 10, 13)),
            (KeyDate::DataChange, day(2026, 4, 1)),
            (KeyDate::CardLost, day(2027, 7, 1)),
            (KeyDate::ObstacleEnded, day(2026, 5, 6)),
        ],
    );
    complete(&mut case, "criminal-record", PRINCIPAL, day(2025, 12, 1));
    complete(&mut case, "trade-notify", PRINCIPAL, day(2025, 12, 22));
    complete(&mut case, "biometrics", PRINCIPAL, day(2027, 3, 3));
    complete(&mut case, "card-collect", PRINCIPAL, day(2027, 4, 29));
    assert_due_dates(
        &case,
        &[
            // Due by the start; Thu 26 Mar is a working day.
            ("trade-notify", day(2026, 3, 26)),
            // Notified Mon 22 Dec 2025: Tue 23, Mon 29, Tue 30, Wed 31, (1 Jan off), Fri 2 Jan.
            ("trade-register", day(2026, 1, 2)),
            // The 8th of the month after March.
            ("osvc-ossz", day(2026, 4, 8)),
            // Thu 26 Mar + 8 days = Good Friday 3 Apr; Easter Monday 6 Apr → Tue 7 Apr.
            ("osvc-health", day(2026, 4, 7)),
            // Licence issued Fri 2 Jan 2026 + 15 days = Sat 17 Jan → Mon 19 Jan.
            ("osvc-tax", day(2026, 1, 19)),
            // The return for 2026 (the business started Thu 26 Mar 2026): Thu 1 Apr 2027.
            ("osvc-tax-return", day(2027, 4, 1)),
            // Overviews one month later: 1 May 2027 is a Saturday and Labour Day → Mon 3 May.
            ("osvc-overviews", day(2027, 5, 3)),
            // Tue 13 Oct 2026 + 15 days = Wed 28 Oct (Statehood Day) → Thu 29 Oct.
            ("trade-change", day(2026, 10, 29)),
            // Wed 1 Apr 2026: Thu 2, (Good Friday 3, weekend, Easter Monday 6 off) Tue 7, Wed 8 Apr.
            ("data-tcn", day(2026, 4, 8)),
            // Thu 1 Jul 2027: Fri 2, (weekend, Mon 5 and Tue 6 Jul off) Wed 7, Thu 8 Jul.
            ("loss", day(2027, 7, 8)),
            // Wed 6 May 2026: Thu 7, (Fri 8 May off, weekend) Mon 11, Tue 12 May.
            ("late-excuse", day(2026, 5, 12)),
            // Wed 4 Mar: Thu 5, Fri 6, Mon 9 Mar.
            ("reg-tcn", day(2026, 3, 9)),
            ("health-insurance", day(2026, 3, 4)),
            // Visa expiry Sun 28 Feb 2027 → Fri 26 Feb.
            ("ext-visa", day(2027, 2, 26)),
            // Wed 3 Mar + 60 days = Sun 2 May → Mon 3 May.
            ("card-collect", day(2027, 5, 3)),
            // Thu 29 Apr 2027 + 1 year = Sat 29 Apr 2028; Mon 1 May off → Tue 2 May.
            ("aik", day(2028, 5, 2)),
            // Permit expiry on Easter Monday 2 Apr 2029; Good Friday 30 Mar → Thu 29 Mar.
            ("ext-ltr", day(2029, 3, 29)),
            // Fri 15 Jan + 30 days = Sun 14 Feb → Mon 15 Feb.
            ("addr-tcn", day(2027, 2, 15)),
        ],
    );
    assert_eq!(item(&case, "ext-visa").opens(), Some(day(2026, 11, 30)));
    assert_eq!(item(&case, "ext-ltr").opens(), Some(day(2028, 12, 3)));
}

#[test]
fn business_social_security_registration_moves_off_victory_day() {
    let case = open("business", &[(KeyDate::BusinessStart, day(2026, 4, 15))]);
    // The 8th of May 2026 is a Friday and a public holiday → Mon 11 May.
    assert_eq!(item(&case, "osvc-ossz").due(), Some(day(2026, 5, 11)));
}

#[test]
fn business_visa_cannot_start_before_the_application_and_insurance_are_done() {
    let mut case = open("business", &[]);
    let at = index(&case, "visa-collect", PRINCIPAL);
    let err = case
        .apply(at, &Action::Start, day(2026, 1, 5), &Calendar::czech())
        .unwrap_err();
    let TransitionError::Blocked { waiting_for } = err else {
        panic!("expected a blocked start, got {err:?}");
    };
    assert_eq!(
        waiting_for,
        [
            "Apply for the long-term visa for business at the embassy",
            "Have health insurance that covers your whole stay"
        ]
    );
}

#[test]
fn eu_citizen_registration_due_after_christmas_and_address_change_counts_working_days() {
    let case = open(
        "eu-citizen",
        &[
            (KeyDate::Arrival, day(2026, 11, 24)),
            (KeyDate::AddressChange, day(2026, 11, 30)),
            (KeyDate::DataChange, day(2026, 12, 14)),
            (KeyDate::ObstacleEnded, day(2026, 12, 22)),
        ],
    );
    assert_due_dates(
        &case,
        &[
            // Tue 24 Nov + 30 days = Thu 24 Dec; 24–27 Dec off → Mon 28 Dec.
            ("reg-eu", day(2026, 12, 28)),
            ("eu-health-insurance", day(2026, 11, 24)),
            // 30 working days from Mon 30 Nov, skipping 24–25 Dec and 1 Jan → Thu 14 Jan 2027.
            ("addr-eu", day(2027, 1, 14)),
            // 15 working days from Mon 14 Dec 2026: 15–18 and 21–23 Dec (7), 28–31 Dec (11),
            // then Fri 1 Jan off, 4–7 Jan (15) → Thu 7 Jan 2027.
            ("data-eu", day(2027, 1, 7)),
            // Tue 22 Dec 2026: Wed 23, (24–27 Dec off) Mon 28, Tue 29 Dec.
            ("late-excuse", day(2026, 12, 29)),
        ],
    );
}

#[test]
fn eu_citizen_children_under_15_need_no_police_registration() {
    let child = person("Mia Rao", Relation::Child, day(2016, 3, 1));
    let case = open_household(
        &["eu-citizen"],
        &[(KeyDate::Arrival, day(2026, 11, 24))],
        vec![child],
    );
    assert_eq!(holders(&case, "reg-eu"), [PRINCIPAL]);
    assert_eq!(
        holders(&case, "eu-health-insurance"),
        [PRINCIPAL, Holder::Person(1)]
    );
}

#[test]
fn family_reunification_registration_skips_jan_hus_day_and_extension_skips_statehood_day() {
    let mut case = open(
        "family-reunification",
        &[
            (KeyDate::Arrival, day(2026, 7, 1)),
            (KeyDate::AddressChange, day(2026, 10, 1)),
            (KeyDate::PermitExpiry, day(2027, 9, 28)),
            (KeyDate::DataChange, day(2026, 7, 2)),
            (KeyDate::CardLost, day(2026, 9, 25)),
            (KeyDate::ObstacleEnded, day(2026, 10, 26)),
        ],
    );
    complete(&mut case, "biometrics", PRINCIPAL, day(2026, 7, 29));
    complete(&mut case, "card-collect", PRINCIPAL, day(2026, 9, 4));
    assert_due_dates(
        &case,
        &[
            // Wed 1 Jul: Thu 2, Fri 3, (weekend, Mon 6 Jul off) Tue 7 Jul.
            ("reg-dvr", day(2026, 7, 7)),
            ("health-insurance", day(2026, 7, 1)),
            // Wed 29 Jul + 60 days = Sun 27 Sep; Mon 28 Sep off → Tue 29 Sep.
            ("card-collect", day(2026, 9, 29)),
            // Fri 4 Sep 2026 + 1 year = Sat 4 Sep 2027 → Mon 6 Sep.
            ("aik", day(2027, 9, 6)),
            // Expiry Tue 28 Sep 2027 is a holiday → Mon 27 Sep.
            ("ext-ltr", day(2027, 9, 27)),
            // Thu 1 Oct + 30 days = Sat 31 Oct → Mon 2 Nov.
            ("addr-tcn", day(2026, 11, 2)),
            // Thu 2 Jul 2026: Fri 3, (weekend, Mon 6 Jul off) Tue 7, Wed 8 Jul.
            ("data-tcn", day(2026, 7, 8)),
            // Fri 25 Sep 2026: (weekend, Mon 28 Sep off) Tue 29, Wed 30, Thu 1 Oct.
            ("loss", day(2026, 10, 1)),
            // Mon 26 Oct 2026: Tue 27, (Wed 28 Oct off) Thu 29, Fri 30 Oct.
            ("late-excuse", day(2026, 10, 30)),
        ],
    );
    assert_eq!(item(&case, "ext-ltr").opens(), Some(day(2027, 5, 31)));
}

#[test]
fn card_collection_counts_from_each_persons_own_biometrics() {
    let child = person("Mia Rao", Relation::Child, day(2018, 2, 1));
    let mut case = open_household(&["family-reunification"], &[], vec![child]);
    complete(&mut case, "biometrics", Holder::Person(1), day(2026, 7, 29));
    let childs = &case.items()[index(&case, "card-collect", Holder::Person(1))];
    assert_eq!(childs.due(), Some(day(2026, 9, 29)));
    let principals = index(&case, "card-collect", PRINCIPAL);
    assert_eq!(case.items()[principals].due(), None);
    assert_eq!(
        case.explanation(principals).as_deref(),
        Some("waiting for “Give your biometrics (photo and fingerprints)” to be done")
    );
}

#[test]
fn each_person_items_are_generated_per_person_and_household_items_once() {
    let family = vec![
        person("Ravi Rao", Relation::Spouse, day(1988, 9, 2)),
        person("Mia Rao", Relation::Child, day(2020, 6, 30)),
    ];
    let case = open_household(&["employee-card"], &[], family);
    let everyone = [PRINCIPAL, Holder::Person(1), Holder::Person(2)];
    assert_eq!(holders(&case, "reg-dvr"), everyone);
    assert_eq!(holders(&case, "biometrics"), everyone);
    assert_eq!(holders(&case, "addr-tcn"), [Holder::Household]);
    assert_eq!(holders(&case, "ec-vacancy"), [Holder::Household]);
    assert_eq!(holders(&case, "ec-apply"), [PRINCIPAL]);
    // The course is for people aged 15–61: not for the child.
    assert_eq!(holders(&case, "aik"), [PRINCIPAL, Holder::Person(1)]);
}

#[test]
fn items_shared_by_two_routes_are_generated_once() {
    let spouse = person("Ravi Rao", Relation::Spouse, day(1988, 9, 2));
    let case = open_household(
        &["employee-card", "family-reunification"],
        &[],
        vec![spouse],
    );
    let mut seen = std::collections::BTreeSet::new();
    for i in case.items() {
        assert!(
            seen.insert((i.key().as_str(), i.holder())),
            "`{}` twice for {:?}",
            i.key(),
            i.holder()
        );
    }
    let biometrics: Vec<_> = case
        .items()
        .iter()
        .filter(|i| i.key().as_str() == "biometrics")
        .collect();
    assert_eq!(biometrics.len(), 2);
    // The first route chosen supplies the shared item; the second only fills in other people.
    let visa = |h| {
        case.items()[index(&case, "dvr-visa", h)]
            .route()
            .map(RouteKey::as_str)
    };
    assert_eq!(visa(PRINCIPAL), Some("employee-card"));
    assert_eq!(visa(Holder::Person(1)), Some("family-reunification"));
}

#[test]
fn an_item_without_its_anchor_date_says_which_date_it_waits_for() {
    let case = open("employee-card", &[]);
    let reg = index(&case, "reg-dvr", PRINCIPAL);
    assert_eq!(case.items()[reg].due(), None);
    assert_eq!(
        case.explanation(reg).as_deref(),
        Some("waiting for the arrival date")
    );
    let ext = index(&case, "ext-ltr", PRINCIPAL);
    assert_eq!(
        case.explanation(ext).as_deref(),
        Some("waiting for the permit expiry date")
    );
    let moved = index(&case, "addr-tcn", softland_domain::Holder::Household);
    assert_eq!(
        case.explanation(moved).as_deref(),
        Some("waiting for the moving date")
    );
}

#[test]
fn every_shipped_template_survives_a_toml_round_trip() {
    let catalog = Catalog::shipped().unwrap();
    let library =
        ItemLibrary::parse(SHIPPED_LIBRARY.0, &catalog.library.to_toml().unwrap()).unwrap();
    assert_eq!(library, catalog.library);
    assert_eq!(catalog.templates.len(), SHIPPED_ROUTES.len());
    for template in &catalog.templates {
        let text = template.to_toml().unwrap();
        let again = ChecklistTemplate::parse("again.toml", &text, &catalog.library).unwrap();
        assert_eq!(&again, template, "{}", template.route);
    }
}

#[test]
fn every_shipped_item_cites_a_web_source() {
    let catalog = Catalog::shipped().unwrap();
    for template in &catalog.templates {
        assert!(template.source.starts_with("http"), "{}", template.route);
        for i in &template.items {
            assert!(
                i.source.starts_with("http"),
                "{}: `{}` cites {}",
                template.route,
                i.key,
                i.source
            );
        }
    }
}

fn broken(items: &str) -> String {
    let library =
        ItemLibrary::parse(SHIPPED_LIBRARY.0, SHIPPED_LIBRARY.1).expect("the library loads");
    let text = format!(
        "route = \"broken\"\nname = \"Broken\"\nversion = 1\nsummary = \"For tests.\"\n\
         source = \"https://example.org\"\ninclude = [\"biometrics\"]\n{items}"
    );
    let refused = ChecklistTemplate::parse("broken.toml", &text, &library);
    refused.expect_err("the template is refused").to_string()
}

fn item_text(key: &str, extra: &str) -> String {
    format!(
        "[[items]]\nkey = \"{key}\"\ntitle = \"Do {key}\"\ncategory = \"registration\"\n\
         applies_to = \"principal\"\ninstructions = \"Do it.\"\nwhere_to_go = \"Office\"\n\
         source = \"https://example.org/{key}\"\n{extra}\n"
    )
}

#[test]
fn a_template_with_an_unknown_anchor_names_file_item_and_anchor() {
    let error = broken(&item_text(
        "reg-x",
        "[items.deadline]\nanchor = \"arival\"\nafter = 3",
    ));
    assert!(
        error.starts_with(
            "broken.toml: item `reg-x`: unknown anchor date `arival`; expected a key date (arrival,"
        ),
        "{error}"
    );
}

#[test]
fn a_template_with_an_unknown_dependency_names_file_item_and_dependency() {
    let error = broken(&item_text("reg-x", "depends_on = [\"visa-x\"]"));
    assert_eq!(
        error,
        "broken.toml: item `reg-x`: depends on unknown item `visa-x`"
    );
}

#[test]
fn a_template_with_a_dependency_cycle_names_the_cycle() {
    let items = item_text("a", "depends_on = [\"b\"]") + &item_text("b", "depends_on = [\"a\"]");
    assert_eq!(
        broken(&items),
        "broken.toml: item `a`: dependency cycle: a → b → a"
    );
}

#[test]
fn a_template_with_a_duplicate_key_names_the_key() {
    let items = item_text("a", "") + &item_text("a", "");
    assert_eq!(broken(&items), "broken.toml: item `a`: duplicate key `a`");
}

#[test]
fn an_own_item_clashing_with_an_included_one_is_a_duplicate_key() {
    let error = broken(&item_text("biometrics", ""));
    assert_eq!(
        error,
        "broken.toml: item `biometrics`: duplicate key `biometrics`"
    );
}

#[test]
fn a_template_item_without_a_title_names_the_missing_field() {
    let items = item_text("a", "").replace("title = \"Do a\"\n", "");
    assert_eq!(broken(&items), "broken.toml: item `a`: missing `title`");
}
