//! Office closures never move a legal deadline (Act 500/2004 §40(1)(c): only weekends and
//! public holidays extend a period); they only advise an earlier visit. The example:
//! arrival Mon 28 Dec 2026, the office closed on Thu 31 Dec.

use sea_orm::ConnectionTrait as _;
use serde_json::Value;
use softland_web::db::{cases, fixes, history, templates};
use softland_web::ids::CaseId;

use crate::api::spawn_api;
use crate::support::{PASSWORD, date, employee_card_case};

/// A case of Jana's arriving on Mon 28 Dec 2026, with the office closed on Thu 31 Dec.
async fn case_with_a_closure(api: &crate::api::Api) -> CaseId {
    templates::add_closure(&api.app.db, date(2026, 12, 31), "Office party")
        .await
        .unwrap();
    let catalog = templates::catalog(&api.app.db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 28));
    cases::create(&api.app.db, &case, api.jana, api.jana, None)
        .await
        .unwrap()
}

fn reg_dvr(items: &Value) -> &Value {
    items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "reg-dvr")
        .expect("the registration item")
}

#[tokio::test]
async fn registration_is_due_on_the_legal_day_and_the_closure_only_advises_the_day_before() {
    let api = spawn_api().await;
    let id = case_with_a_closure(&api).await;
    // 3 working days after Mon 28 Dec: 29, 30, 31 Dec. The closure does not count.
    let items = api.get_json(format!("/cases/{id}/items")).await;
    let item = reg_dvr(&items);
    assert_eq!(item["due_on"], "2026-12-31");
    assert_eq!(item["go_by"], "2026-12-30");
    assert!(
        !item["explanation"].as_str().unwrap().contains("skipping"),
        "{item}"
    );

    api.app.sign_in("jana@centre.test", PASSWORD).await;
    let html = api
        .app
        .get(&format!("/cases/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Thu 31 Dec 2026"), "{html}");
    assert!(
        html.contains("The office is closed on Thu 31 Dec 2026; go by Wed 30 Dec 2026."),
        "{html}"
    );
}

#[tokio::test]
async fn due_dates_an_earlier_version_moved_past_a_closure_are_put_back_once_with_history() {
    let api = spawn_api().await;
    let id = case_with_a_closure(&api).await;
    // What the earlier version stored: the closure skipped, due Mon 4 Jan 2027.
    let raw = sea_orm::Database::connect(&api.url).await.unwrap();
    raw.execute_unprepared(
        "UPDATE checklist_items SET due_on = '2027-01-04', computed_due_on = '2027-01-04' \
         WHERE key = 'reg-dvr'",
    )
    .await
    .unwrap();
    raw.execute_unprepared("DELETE FROM data_fixes")
        .await
        .unwrap();
    raw.close().await.unwrap();

    fixes::run_pending(&api.app.db).await.unwrap();
    let stored = cases::load(&api.app.db, id).await.unwrap();
    let item = stored
        .case
        .items()
        .iter()
        .find(|i| i.key().as_str() == "reg-dvr")
        .unwrap();
    assert_eq!(item.due(), Some(date(2026, 12, 31)));
    let events = history::older_of_case(&api.app.db, id, None, 50)
        .await
        .unwrap();
    let moved: Vec<_> = events
        .iter()
        .filter(|e| e.before.as_deref() == Some("Mon 4 Jan 2027"))
        .collect();
    assert_eq!(moved.len(), 1, "{events:?}");
    assert_eq!(moved[0].after.as_deref(), Some("Thu 31 Dec 2026"));

    // Done once: running again changes and records nothing.
    fixes::run_pending(&api.app.db).await.unwrap();
    assert_eq!(
        history::older_of_case(&api.app.db, id, None, 50)
            .await
            .unwrap()
            .len(),
        events.len()
    );
}
