//! Storing cases.

use sea_orm::ConnectionTrait;

use super::*;
use crate::db::notes::tests::case_of_jana;
use crate::db::test_db::fresh_db;
use crate::db::users;

#[tokio::test]
async fn a_case_is_not_given_to_an_account_that_left_the_staff_meanwhile() {
    let (db, _dir) = fresh_db().await;
    let (_, jana) = case_of_jana(&db).await;
    // The staff list is kept; another instance then deactivates Jana behind it.
    assert!(
        users::list_staff(&db)
            .await
            .unwrap()
            .iter()
            .any(|s| s.id == jana)
    );
    db.write_conn()
        .execute_unprepared(&format!(
            "UPDATE users SET active = false WHERE id = {}",
            jana.0
        ))
        .await
        .unwrap();
    assert!(
        users::list_staff(&db)
            .await
            .unwrap()
            .iter()
            .any(|s| s.id == jana)
    );
    let stored = load(&db, CaseId(1)).await.unwrap();
    let refused = create(&db, &stored.case, jana, jana, None).await;
    assert!(
        matches!(
            refused,
            Err(DbError::Constraint(crate::db::Constraint::NotActiveStaff))
        ),
        "{refused:?}"
    );
    assert_eq!(count(&db).await.unwrap(), 1);
}

/// The item of `stored` that can be started, and its index.
fn startable(stored: &StoredCase) -> usize {
    let today = chrono::Utc::now().date_naive();
    (0..stored.case.items().len())
        .find(|i| {
            let mut case = stored.case.clone();
            case.apply(
                *i,
                &softland_domain::Action::Start,
                today,
                &Calendar::default(),
            )
            .is_ok()
        })
        .expect("an item to start")
}

#[tokio::test]
async fn a_status_change_keeps_the_case_as_written_which_is_what_a_read_finds() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let before = load(&db, case).await.unwrap();
    let index = startable(&before);
    let (item, version) = (before.item_ids[index], before.item_versions[index]);
    let today = chrono::Utc::now().date_naive();
    update_item(
        &db,
        (case, item),
        jana,
        Expect::Item(item, version),
        |case, cal, i| {
            crate::commands::items::apply(case, cal, i, &softland_domain::Action::Start, today)
        },
    )
    .await
    .unwrap();
    let revision = revision_in(db.conn(), case).await.unwrap();
    let kept = db
        .kept_cases
        .get(case, revision)
        .expect("the change kept the case it wrote, at the revision it left");
    let fresh = load_in(db.conn(), case).await.unwrap();
    assert_eq!(format!("{kept:?}"), format!("{fresh:?}"));
    assert_eq!(fresh.item_versions[index], version + 1);
    assert_eq!(
        fresh.case.items()[index].status().kind().as_str(),
        "in_progress"
    );
}

#[tokio::test]
async fn a_case_changed_by_any_other_write_is_read_again() {
    let (db, _dir) = fresh_db().await;
    let (case, jana) = case_of_jana(&db).await;
    let before = load(&db, case).await.unwrap();
    let revision = revision_in(db.conn(), case).await.unwrap();
    assert!(
        db.kept_cases.get(case, revision).is_some(),
        "a read keeps the case"
    );
    // A write that knows nothing of the kept cases (another path, a repair by hand).
    db.write_conn()
        .execute_unprepared(&format!(
            "UPDATE checklist_items SET title = 'Renamed by hand' WHERE id = {}",
            before.item_ids[0].0
        ))
        .await
        .unwrap();
    assert!(revision_in(db.conn(), case).await.unwrap() > revision);
    let after = load(&db, case).await.unwrap();
    assert_eq!(after.case.items()[0].title(), "Renamed by hand");
    // A change that is more than rows of items (a hold moves the items' owner) keeps
    // nothing; the next read reads.
    let reason = softland_domain::Reason::parse("waiting for the employer").unwrap();
    update(&db, case, jana, Expect::Case(after.version), |case, _| {
        case.hold(reason.clone()).map(|()| ((), Vec::new()))
    })
    .await
    .unwrap();
    let revision = revision_in(db.conn(), case).await.unwrap();
    assert!(db.kept_cases.get(case, revision).is_none());
    let held = load(&db, case).await.unwrap();
    assert_eq!(held.case.status().as_str(), "on_hold");
    assert!(db.kept_cases.get(case, revision).is_some());
}

#[tokio::test]
async fn a_change_that_changes_nothing_writes_nothing() {
    let (db, _dir) = fresh_db().await;
    let (case, _) = case_of_jana(&db).await;
    let before = load(&db, case).await.unwrap();
    let revision = revision_in(db.conn(), case).await.unwrap();
    // What the daily sweep does to a case with nothing to renew.
    update_by(&db, case, None, Expect::Any, |_, _| {
        Ok::<_, std::convert::Infallible>(((), Vec::new()))
    })
    .await
    .unwrap();
    assert_eq!(
        revision_in(db.conn(), case).await.unwrap(),
        revision,
        "no row was written, so the revision did not move"
    );
    let after = load(&db, case).await.unwrap();
    assert_eq!(
        (after.version, after.updated_at),
        (before.version, before.updated_at)
    );
    assert_eq!(format!("{:?}", after.case), format!("{:?}", before.case));
}
