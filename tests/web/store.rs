use softland_domain::case::RiskKind;
use softland_domain::{Action, KeyDate};
use softland_web::db::cases::{self, AuditEntry, Expect, UpdateError};
use softland_web::db::{Db, DbError, dashboard, templates};

use crate::support::{TestDb, date, employee_card_case, fresh_db, make_consultant};

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let database = TestDb::new().await;
    let db = Db::connect(&database.url, 2).await.unwrap();
    assert!(db.applied_migrations().await.unwrap().is_empty());
    db.migrate().await.unwrap();
    assert_eq!(
        db.applied_migrations().await.unwrap(),
        Db::known_migrations()
    );
    let steps = u32::try_from(Db::known_migrations().len()).unwrap();
    db.migrate_down(steps).await.unwrap();
    assert!(db.applied_migrations().await.unwrap().is_empty());
    db.migrate().await.unwrap();
    assert_eq!(
        db.applied_migrations().await.unwrap(),
        Db::known_migrations()
    );
}

#[tokio::test]
async fn a_created_case_loads_back_equal() {
    let (db, _guard) = fresh_db().await;
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let id = cases::create(&db, &case, consultant, consultant, None)
        .await
        .unwrap();
    let stored = cases::load(&db, id).await.unwrap();
    assert_eq!(stored.case, case);
    assert_eq!(stored.consultant, consultant);
    assert_eq!(stored.version, 1);
}

#[tokio::test]
async fn a_double_submitted_create_makes_one_case() {
    let (db, _guard) = fresh_db().await;
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let first = cases::create(&db, &case, consultant, consultant, Some("form-token-1"))
        .await
        .unwrap();
    let second = cases::create(&db, &case, consultant, consultant, Some("form-token-1"))
        .await
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(cases::count(&db).await.unwrap(), 1);
}

#[tokio::test]
async fn changing_the_arrival_moves_due_dates_in_the_database() {
    let (db, _guard) = fresh_db().await;
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let id = cases::create(
        &db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        consultant,
        consultant,
        None,
    )
    .await
    .unwrap();
    let moved = cases::update(&db, id, consultant, Expect::Case(1), |case, cal| {
        let changes = case.set_key_date(KeyDate::Arrival, Some(date(2027, 1, 4)), cal);
        let entry = AuditEntry::new(
            softland_web::audit::AuditAction::KeyDateChanged,
            "Arrival",
            Some("2026-12-23".into()),
            Some("2027-01-04".into()),
        );
        Ok::<_, String>((changes.len(), vec![entry]))
    })
    .await
    .unwrap();
    assert!(moved >= 1);
    let stored = cases::load(&db, id).await.unwrap();
    assert_eq!(stored.version, 2);
    let reg = stored
        .case
        .items()
        .iter()
        .find(|i| i.key().as_str() == "reg-dvr")
        .unwrap();
    assert_eq!(reg.due(), Some(date(2027, 1, 7)));
}

#[tokio::test]
async fn a_stale_case_update_is_refused_as_a_conflict() {
    let (db, _guard) = fresh_db().await;
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let id = cases::create(
        &db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        consultant,
        consultant,
        None,
    )
    .await
    .unwrap();
    let set = |day| {
        move |case: &mut softland_domain::Case, cal: &softland_domain::Calendar| {
            case.set_key_date(KeyDate::Arrival, Some(day), cal);
            Ok::<_, String>(((), vec![]))
        }
    };
    cases::update(&db, id, consultant, Expect::Case(1), set(date(2027, 1, 4)))
        .await
        .unwrap();
    let stale = cases::update(&db, id, consultant, Expect::Case(1), set(date(2027, 2, 1))).await;
    match stale {
        Err(UpdateError::Db(DbError::Conflict(changed))) => {
            assert_eq!(changed.by.as_deref(), Some("Jana Nováková"));
            assert!(
                changed
                    .to_string()
                    .starts_with("changed by Jana Nováková at ")
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = cases::load(&db, id).await.unwrap();
    assert_eq!(
        stored.case.key_dates().get(KeyDate::Arrival),
        Some(date(2027, 1, 4))
    );
}

#[tokio::test]
async fn a_stale_item_update_is_refused_and_changes_nothing() {
    let (db, _guard) = fresh_db().await;
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let id = cases::create(
        &db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        consultant,
        consultant,
        None,
    )
    .await
    .unwrap();
    let stored = cases::load(&db, id).await.unwrap();
    let index = stored
        .case
        .items()
        .iter()
        .position(|i| i.key().as_str() == "health-insurance")
        .unwrap();
    let item = stored.item_ids[index];
    let version = stored.item_versions[index];
    let apply = |action: Action| {
        move |case: &mut softland_domain::Case, cal: &softland_domain::Calendar| {
            case.apply(index, &action, date(2026, 12, 20), cal)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(((), vec![]))
        }
    };
    cases::update(
        &db,
        id,
        consultant,
        Expect::Item(item, version),
        apply(Action::Start),
    )
    .await
    .unwrap();
    let stale = cases::update(
        &db,
        id,
        consultant,
        Expect::Item(item, version),
        apply(Action::Complete),
    )
    .await;
    assert!(
        matches!(stale, Err(UpdateError::Db(DbError::Conflict(_)))),
        "{stale:?}"
    );
    let after = cases::load(&db, id).await.unwrap();
    assert_eq!(
        *after.case.items()[index].status(),
        softland_domain::ItemStatus::InProgress
    );
    assert_eq!(after.item_versions[index], version + 1);
}

#[tokio::test]
async fn an_illegal_status_move_is_refused_with_the_domain_message() {
    let (db, _guard) = fresh_db().await;
    let consultant = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let id = cases::create(
        &db,
        &employee_card_case(&catalog, date(2026, 12, 23)),
        consultant,
        consultant,
        None,
    )
    .await
    .unwrap();
    let stored = cases::load(&db, id).await.unwrap();
    let index = stored
        .case
        .items()
        .iter()
        .position(|i| i.key().as_str() == "card-collect")
        .unwrap();
    let (item, version) = (stored.item_ids[index], stored.item_versions[index]);
    let refused = cases::update(
        &db,
        id,
        consultant,
        Expect::Item(item, version),
        |case, cal| {
            case.apply(index, &Action::Start, date(2026, 12, 28), cal)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(((), vec![]))
        },
    )
    .await;
    match refused {
        Err(UpdateError::Refused(msg)) => assert!(msg.starts_with("cannot start yet"), "{msg}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The passport and insurance warnings the dashboard lists for `consultant` on 4 Jan 2027.
async fn document_warnings(
    db: &Db,
    consultant: softland_web::ids::UserId,
) -> Vec<(
    RiskKind,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
)> {
    let all = dashboard::Window::soonest(dashboard::RISK_ROWS);
    dashboard::risks(
        db,
        Some(consultant),
        date(2027, 1, 4),
        date(2027, 3, 5),
        all,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|r| matches!(r.kind, RiskKind::Passport | RiskKind::Insurance))
    .map(|r| (r.kind, r.on_date, r.other_date))
    .collect()
}

#[tokio::test]
async fn document_warnings_follow_the_permit_or_the_visa_and_survive_a_migration_down_and_up() {
    let (db, _guard) = fresh_db().await;
    let jana = make_consultant(&db, "jana@centre.test").await;
    let catalog = templates::catalog(&db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let permit = cases::create(&db, &case, jana, jana, None).await.unwrap();
    let visa = cases::create(&db, &case, jana, jana, None).await.unwrap();
    cases::update(&db, permit, jana, Expect::Case(1), |case, cal| {
        case.set_key_date(KeyDate::PermitExpiry, Some(date(2033, 6, 30)), cal);
        case.set_key_date(KeyDate::InsuranceEnd, Some(date(2030, 12, 31)), cal);
        Ok::<_, String>(((), vec![]))
    })
    .await
    .unwrap();
    // No permit yet: the visa's expiry ends the stay.
    cases::update(&db, visa, jana, Expect::Case(1), |case, cal| {
        case.set_key_date(KeyDate::VisaExpiry, Some(date(2032, 3, 31)), cal);
        Ok::<_, String>(((), vec![]))
    })
    .await
    .unwrap();
    let mut expected = vec![
        (
            RiskKind::Insurance,
            Some(date(2030, 12, 31)),
            Some(date(2033, 6, 30)),
        ),
        (
            RiskKind::Passport,
            Some(date(2032, 1, 1)),
            Some(date(2032, 3, 31)),
        ),
        (
            RiskKind::Passport,
            Some(date(2032, 1, 1)),
            Some(date(2033, 6, 30)),
        ),
    ];
    expected.sort();
    let mut found = document_warnings(&db, jana).await;
    found.sort();
    assert_eq!(found, expected);
    // A database from before the stored risk date gets it filled in by the migration.
    let known = Db::known_migrations();
    let stored_risk = known
        .iter()
        .position(|m| m == "m20261125_170000_store_papers_risk_on")
        .unwrap();
    let steps = u32::try_from(known.len() - stored_risk).unwrap();
    db.migrate_down(steps).await.unwrap();
    assert!(
        !db.applied_migrations()
            .await
            .unwrap()
            .contains(&known[stored_risk])
    );
    db.migrate().await.unwrap();
    expected.sort();
    let mut found = document_warnings(&db, jana).await;
    found.sort();
    assert_eq!(found, expected);
}
