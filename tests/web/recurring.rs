//! Recurring duties: the self-employed person's yearly tax return comes back — at once when
//! this year's is done, and through the daily sweep when its day passes untouched.

use serde_json::{Value, json};
use softland_domain::{Calendar, Case, KeyDate, NewCase, RouteKey};
use softland_web::db::{cases, recurring, templates};
use softland_web::ids::CaseId;

use crate::api::{Api, spawn_api};
use crate::support::date;

/// A business case started on Thu 26 Mar 2026.
async fn business(api: &Api) -> CaseId {
    let catalog = templates::catalog(&api.app.db).await.unwrap();
    let principal = crate::support::employee_card_case(&catalog, date(2026, 3, 4))
        .principal()
        .clone();
    let new = NewCase {
        principal,
        dependants: vec![],
        routes: vec![RouteKey::parse("business").unwrap()],
        key_dates: [
            (KeyDate::Arrival, date(2026, 3, 4)),
            (KeyDate::BusinessStart, date(2026, 3, 26)),
        ]
        .into_iter()
        .collect(),
        opened_on: date(2026, 2, 1),
    };
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    cases::create(&api.app.db, &case, api.jana, api.jana, None)
        .await
        .unwrap()
}

fn returns(case: &Value) -> Vec<(String, String, String)> {
    case["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["key"].as_str().unwrap().starts_with("osvc-tax-return"))
        .map(|i| {
            (
                i["key"].as_str().unwrap().to_owned(),
                i["due_on"].as_str().unwrap_or_default().to_owned(),
                i["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_next_tax_return_is_added_when_this_years_is_filed() {
    let api = spawn_api().await;
    let id = business(&api).await;
    let case = api.get_json(format!("/cases/{id}")).await;
    // The return for 2026 is due Thu 1 Apr 2027.
    assert_eq!(
        returns(&case),
        vec![(
            "osvc-tax-return".into(),
            "2027-04-01".into(),
            "to_do".into()
        )]
    );
    // Work through the checklist until this year's return is done (each step only once the
    // items it waits for are).
    for _ in 0..20 {
        let case = api.get_json(format!("/cases/{id}")).await;
        let ready: Vec<i64> = case["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["status"] == "to_do" && i["waiting_for"] == json!([]))
            .filter(|i| i["key"] != "osvc-tax-return-r2")
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        if returns(&case)[0].2 == "done" {
            break;
        }
        for item in ready {
            let res = api
                .send(
                    reqwest::Method::POST,
                    format!("/cases/{id}/items/{item}/status"),
                    json!({"action": "complete"}),
                )
                .await;
            assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        }
    }
    let case = api.get_json(format!("/cases/{id}")).await;
    // The return for 2027: 1 Apr 2028 is a Saturday → Mon 3 Apr 2028.
    assert_eq!(
        returns(&case),
        vec![
            ("osvc-tax-return".into(), "2027-04-01".into(), "done".into()),
            (
                "osvc-tax-return-r2".into(),
                "2028-04-03".into(),
                "to_do".into()
            ),
        ]
    );
}

#[tokio::test]
async fn the_daily_sweep_adds_the_next_one_once_a_return_is_overdue() {
    let api = spawn_api().await;
    let id = business(&api).await;
    assert_eq!(
        recurring::renew_passed(&api.app.db, date(2027, 3, 1))
            .await
            .unwrap(),
        0,
        "not due yet"
    );
    assert!(
        recurring::renew_passed(&api.app.db, date(2027, 4, 2))
            .await
            .unwrap()
            >= 1
    );
    let case = api.get_json(format!("/cases/{id}")).await;
    let keys: Vec<_> = returns(&case).into_iter().map(|r| r.0).collect();
    assert_eq!(keys, ["osvc-tax-return", "osvc-tax-return-r2"]);
    assert_eq!(
        recurring::renew_passed(&api.app.db, date(2027, 4, 2))
            .await
            .unwrap(),
        0,
        "once"
    );
}

#[tokio::test]
async fn a_sweep_of_many_cases_shares_commits_and_renews_each_once() {
    let api = spawn_api().await;
    let mut ids = Vec::new();
    for _ in 0..24 {
        ids.push(business(&api).await);
    }
    let before = api.app.db.write_batches();
    let added = recurring::renew_passed(&api.app.db, date(2027, 4, 2))
        .await
        .unwrap();
    // Each case's overdue return gets its next one (and any other recurring duty passed).
    assert!(added >= 24, "{added}");
    for id in &ids {
        let case = api.get_json(format!("/cases/{id}")).await;
        let keys: Vec<_> = returns(&case).into_iter().map(|r| r.0).collect();
        assert_eq!(keys, ["osvc-tax-return", "osvc-tax-return-r2"], "case {id}");
    }
    // SQLite: several cases' renewals are written in one commit (group commit), not one
    // commit each.
    if let (Some((b0, c0)), Some((b1, c1))) = (before, api.app.db.write_batches()) {
        assert!(c1 - c0 >= 24, "{} changes", c1 - c0);
        assert!(b1 - b0 < 24, "{} commits for 24 cases", b1 - b0);
    }
    assert_eq!(
        recurring::renew_passed(&api.app.db, date(2027, 4, 2))
            .await
            .unwrap(),
        0,
        "once"
    );
}
