//! One definition of the risk warnings: the dashboard finds them with index-backed SQL, the
//! case page asks the domain (`Case::risks`). On generated cases both must agree, warning for
//! warning.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait as _;
use softland_domain::case::{CaseStatus, INTEGRATION_COURSE_DAYS, RiskKind};
use softland_web::db::{cases, dashboard, users};

use crate::support::{date, fresh_db};

/// Every warning (at most the digest's number, more than any test makes).
const ALL: dashboard::Window = dashboard::Window {
    offset: 0,
    limit: dashboard::RISK_ROWS,
};

/// (case, kind, day) of every warning.
type Warnings = BTreeSet<(i64, RiskKind, NaiveDate)>;

/// Seeds `count` generated cases and compares the two sets of warnings on `today`.
async fn compare(count: u32, seed: u64, today: NaiveDate) {
    let (db, _guard) = fresh_db().await;
    softland_web::seed::bench::seed(&db, count, seed, today)
        .await
        .unwrap();
    let course_soon = today
        .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
        .unwrap();
    let whole = dashboard::risks(&db, None, today, course_soon, ALL)
        .await
        .unwrap();
    let found: Warnings = whole
        .iter()
        .map(|r| (r.case_id, r.kind, r.on_date.unwrap()))
        .collect();
    let cal = cases::calendar_of(&db).await.unwrap();
    let mut expected = Warnings::new();
    let mut each = 0;
    for consultant in users::list_staff(&db).await.unwrap().iter() {
        for id in cases::ids_of(&db, consultant.id).await.unwrap() {
            let stored = cases::load(&db, id).await.unwrap();
            // The dashboard lists open cases; the case page also warns on held ones.
            if *stored.case.status() != CaseStatus::Open {
                continue;
            }
            for risk in stored.case.risks(today, &cal) {
                expected.insert((id.0, risk.kind(), risk.on()));
                each += 1;
            }
        }
    }
    assert!(
        expected.len() > 20 && expected.len() < 200,
        "enough warnings to compare, fewer than the dashboard's limit: {}",
        expected.len()
    );
    let kinds: BTreeSet<RiskKind> = expected.iter().map(|w| w.1).collect();
    assert!(kinds.len() >= 3, "several kinds of warning: {kinds:?}");
    assert_eq!(found, expected, "seed {seed}, {today}");
    // One row per warning of the case pages, soonest first; the total counts the same rows.
    assert_eq!(whole.len(), each, "seed {seed}, {today}");
    assert!(whole.windows(2).all(|w| w[0].on_date <= w[1].on_date));
    let total = dashboard::risk_total(&db, None, today, course_soon)
        .await
        .unwrap();
    assert_eq!(usize::try_from(total).unwrap(), each);
    // Pages of 7 put end to end are the whole list, in its order: no gap, no repeat.
    let mut paged = Vec::new();
    for offset in (0..total + 7).step_by(7) {
        let window = dashboard::Window { offset, limit: 7 };
        paged.extend(
            dashboard::risks(&db, None, today, course_soon, window)
                .await
                .unwrap(),
        );
    }
    assert_eq!(paged, whole, "seed {seed}, {today}");
    // The dashboard's figures: flagged cases and warning items, by kind.
    let counts = dashboard::risk_counts(&db, None, today, course_soon)
        .await
        .unwrap();
    let papers: BTreeSet<i64> = whole
        .iter()
        .filter(|r| matches!(r.kind, RiskKind::Passport | RiskKind::Insurance))
        .map(|r| r.case_id)
        .collect();
    let of = |kinds: &[RiskKind]| {
        i64::try_from(whole.iter().filter(|r| kinds.contains(&r.kind)).count()).unwrap()
    };
    assert_eq!(
        counts,
        dashboard::RiskCounts {
            papers_cases: i64::try_from(papers.len()).unwrap(),
            extensions: of(&[RiskKind::Extension, RiskKind::ExtensionMissed]),
            registrations: of(&[RiskKind::Registration]),
            courses: of(&[RiskKind::IntegrationCourse]),
        }
    );
}

#[tokio::test]
async fn the_dashboard_and_the_case_page_give_the_same_warnings() {
    compare(300, 7, date(2026, 11, 25)).await;
}

#[tokio::test]
async fn they_agree_on_another_centre_and_day_too() {
    compare(300, 11, date(2027, 9, 1)).await;
}

#[tokio::test]
async fn a_missed_extension_window_is_a_warning_on_the_dashboard_and_the_case_page() {
    use softland_domain::KeyDate;
    let (db, _guard) = fresh_db().await;
    let jana = crate::support::make_user(
        &db,
        "jana@centre.test",
        softland_web::auth::Role::Consultant,
    )
    .await;
    let catalog = softland_web::db::templates::catalog(&db).await.unwrap();
    let mut case = crate::support::employee_card_case(&catalog, date(2025, 11, 3));
    let cal = cases::calendar_of(&db).await.unwrap();
    // The permit ended on Fri 20 Nov 2026 and no extension was filed.
    case.set_key_date(KeyDate::PermitExpiry, Some(date(2026, 11, 20)), &cal);
    let id = cases::create(&db, &case, jana, jana, None).await.unwrap();
    let today = date(2026, 11, 25);
    let stored = cases::load(&db, id).await.unwrap();
    let on_page: Vec<_> = stored
        .case
        .risks(today, &cal)
        .into_iter()
        .filter(|r| r.kind() == RiskKind::ExtensionMissed)
        .collect();
    assert_eq!(on_page.len(), 1, "{on_page:?}");
    assert_eq!(on_page[0].on(), date(2026, 11, 20));
    assert!(
        on_page[0]
            .message(&stored.case)
            .contains("can no longer be extended"),
        "{}",
        on_page[0].message(&stored.case)
    );
    let course_soon = today
        .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
        .unwrap();
    let on_dashboard: Vec<_> = dashboard::risks(&db, Some(jana), today, course_soon, ALL)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RiskKind::ExtensionMissed)
        .collect();
    assert_eq!(on_dashboard.len(), 1);
    assert_eq!(on_dashboard[0].on_date, Some(date(2026, 11, 20)));
}

#[tokio::test]
async fn passport_warnings_read_each_persons_own_permit_on_the_dashboard_and_the_case_page() {
    use softland_domain::KeyDate;
    use softland_domain::case::Holder;
    use softland_domain::person::Relation;
    let (db, _guard) = fresh_db().await;
    let jana = crate::support::make_user(
        &db,
        "jana@centre.test",
        softland_web::auth::Role::Consultant,
    )
    .await;
    let catalog = softland_web::db::templates::catalog(&db).await.unwrap();
    let cal = cases::calendar_of(&db).await.unwrap();
    let person = |name: &str, relation, passport_expiry| softland_domain::person::Person {
        name: softland_domain::person::PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: date(1990, 1, 1),
        nationality: softland_domain::person::Nationality::parse("Indian").unwrap(),
        email: None,
        passport: Some(softland_domain::person::Passport {
            number: softland_domain::person::PassportNumber::parse("Z1234567").unwrap(),
            expiry: passport_expiry,
        }),
    };
    let new = softland_domain::NewCase {
        principal: person("Asha Rao", Relation::Principal, date(2028, 1, 1)),
        dependants: vec![person("Ravi Rao", Relation::Spouse, date(2027, 6, 1))],
        routes: vec![softland_domain::RouteKey::parse("employee-card").unwrap()],
        key_dates: [(KeyDate::Arrival, date(2026, 12, 23))]
            .into_iter()
            .collect(),
        opened_on: date(2026, 11, 20),
    };
    let mut case = softland_domain::Case::open(new, &catalog, &cal).unwrap();
    case.set_key_date(KeyDate::PermitExpiry, Some(date(2028, 6, 30)), &cal);
    // Ravi's own permit ends before his passport does: no warning for him, though his
    // passport ends before the household's permit.
    case.set_date(
        Holder::Person(1),
        KeyDate::PermitExpiry,
        Some(date(2027, 3, 31)),
        &cal,
    );
    let id = cases::create(&db, &case, jana, jana, None).await.unwrap();
    let today = date(2026, 11, 25);
    let stored = cases::load(&db, id).await.unwrap();
    assert_eq!(
        stored
            .case
            .date_for(Holder::Person(1), KeyDate::PermitExpiry),
        Some(date(2027, 3, 31)),
        "the person's own date is stored"
    );
    let on_page: Warnings = stored
        .case
        .risks(today, &cal)
        .into_iter()
        .filter(|r| r.kind() == RiskKind::Passport)
        .map(|r| (id.0, r.kind(), r.on()))
        .collect();
    assert_eq!(
        on_page,
        [(id.0, RiskKind::Passport, date(2028, 1, 1))].into()
    );
    let course_soon = today
        .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
        .unwrap();
    let on_dashboard: Warnings = dashboard::risks(&db, Some(jana), today, course_soon, ALL)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RiskKind::Passport)
        .map(|r| (r.case_id, r.kind, r.on_date.unwrap()))
        .collect();
    assert_eq!(on_dashboard, on_page);
}

#[tokio::test]
async fn a_persons_own_insurance_ending_early_warns_on_the_dashboard_and_the_case_page() {
    use softland_domain::KeyDate;
    use softland_domain::case::Holder;
    use softland_domain::person::Relation;
    let (db, test_db) = fresh_db().await;
    let jana = crate::support::make_user(
        &db,
        "jana@centre.test",
        softland_web::auth::Role::Consultant,
    )
    .await;
    let catalog = softland_web::db::templates::catalog(&db).await.unwrap();
    let cal = cases::calendar_of(&db).await.unwrap();
    let person = |name: &str, relation| softland_domain::person::Person {
        name: softland_domain::person::PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: date(1990, 1, 1),
        nationality: softland_domain::person::Nationality::parse("Indian").unwrap(),
        email: None,
        passport: None,
    };
    let new = softland_domain::NewCase {
        principal: person("Asha Rao", Relation::Principal),
        dependants: vec![person("Ravi Rao", Relation::Spouse)],
        routes: vec![softland_domain::RouteKey::parse("employee-card").unwrap()],
        key_dates: [(KeyDate::Arrival, date(2026, 12, 23))]
            .into_iter()
            .collect(),
        opened_on: date(2026, 11, 20),
    };
    let mut case = softland_domain::Case::open(new, &catalog, &cal).unwrap();
    case.set_key_date(KeyDate::PermitExpiry, Some(date(2028, 6, 30)), &cal);
    // Ravi's own insurance (his wallet's contract) ends a year before the permit.
    case.set_date(
        Holder::Person(1),
        KeyDate::InsuranceEnd,
        Some(date(2027, 6, 30)),
        &cal,
    );
    let id = cases::create(&db, &case, jana, jana, None).await.unwrap();
    let today = date(2026, 11, 25);
    let stored = cases::load(&db, id).await.unwrap();
    let risks = stored.case.risks(today, &cal);
    let on_page: Warnings = risks
        .iter()
        .filter(|r| r.kind() == RiskKind::Insurance)
        .map(|r| (id.0, r.kind(), r.on()))
        .collect();
    assert_eq!(
        on_page,
        [(id.0, RiskKind::Insurance, date(2027, 6, 30))].into()
    );
    let message = risks
        .iter()
        .find(|r| r.kind() == RiskKind::Insurance)
        .unwrap()
        .message(&stored.case);
    assert!(
        message.starts_with("Ravi Rao's health insurance ends"),
        "{message}"
    );
    let course_soon = today
        .checked_add_days(Days::new(INTEGRATION_COURSE_DAYS))
        .unwrap();
    let on_dashboard: Warnings = dashboard::risks(&db, Some(jana), today, course_soon, ALL)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RiskKind::Insurance)
        .map(|r| (r.case_id, r.kind, r.on_date.unwrap()))
        .collect();
    assert_eq!(on_dashboard, on_page);

    // A case stored before own insurance dates warned: its stored summary lacks the day.
    // The data fix saves it again once (no new version, no history line).
    let raw = sea_orm::Database::connect(&test_db.url).await.unwrap();
    raw.execute_unprepared("UPDATE cases SET papers_risk_on = NULL")
        .await
        .unwrap();
    raw.execute_unprepared("DELETE FROM data_fixes")
        .await
        .unwrap();
    raw.close().await.unwrap();
    let hidden = dashboard::risks(&db, Some(jana), today, course_soon, ALL)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RiskKind::Insurance)
        .count();
    assert_eq!(hidden, 0, "the stale summary hides the warning");
    let version = cases::load(&db, id).await.unwrap().version;
    softland_web::db::fixes::run_pending(&db).await.unwrap();
    let again: Warnings = dashboard::risks(&db, Some(jana), today, course_soon, ALL)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == RiskKind::Insurance)
        .map(|r| (r.case_id, r.kind, r.on_date.unwrap()))
        .collect();
    assert_eq!(again, on_page);
    assert_eq!(cases::load(&db, id).await.unwrap().version, version);
}
