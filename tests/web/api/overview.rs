//! `GET /me`, `GET /routes`, `GET /dashboard`, `GET /dashboard/warnings`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;

use super::{item, spawn_api};

#[tokio::test]
async fn me_names_the_account_role_and_token() {
    let api = spawn_api().await;
    let me: Value = api.get("/me").await.json().await.unwrap();
    assert_eq!(me["email"], "jana@centre.test");
    assert_eq!(me["role"], "consultant");
    assert_eq!(
        (me["token"]["name"].as_str(), &me["token"]["expires_at"]),
        (Some("tests"), &Value::Null)
    );
    assert_eq!(me["case_ids"], json!([]));
}

#[tokio::test]
async fn routes_list_the_current_templates_with_items_and_rules() {
    let api = spawn_api().await;
    let list: Value = api.get("/routes").await.json().await.unwrap();
    let routes = list["routes"].as_array().unwrap();
    assert_eq!(
        routes.len(),
        softland_domain::template::SHIPPED_ROUTES.len()
    );
    let card = routes
        .iter()
        .find(|r| r["route"] == "employee-card")
        .unwrap();
    let reg = card["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "reg-dvr")
        .unwrap();
    assert_eq!(reg["deadline"]["shape"], "offset");
    assert_eq!(reg["deadline"]["anchor"], "arrival");
    assert_eq!(
        reg["deadline"]["offset"],
        json!({"amount": 3, "unit": "working_days", "direction": "after"})
    );
    let ext = card["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "ext-ltr")
        .unwrap();
    assert_eq!(ext["deadline"]["shape"], "window");
}

#[tokio::test]
async fn the_dashboard_counts_a_consultants_overdue_due_soon_and_waiting_items() {
    let api = spawn_api().await;
    let mut body = super::new_case_body();
    body["key_dates"]["arrival"] = json!("2026-11-20");
    let res = api.send(Method::POST, "/cases", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let case: Value = res.json().await.unwrap();
    let insurance = item(&case, "health-insurance", "0");
    assert_eq!(insurance["due_on"], "2026-11-20");
    let mine: Value = api.get("/dashboard").await.json().await.unwrap();
    assert_eq!(mine["consultant"], api.jana.0);
    assert!(mine["overdue"].as_i64().unwrap() >= 2, "{mine}");
    assert_eq!(
        mine["overdue_items"].as_array().unwrap().len(),
        usize::try_from(mine["overdue"].as_i64().unwrap()).unwrap()
    );
    assert_eq!(mine["open_cases"], 1);
    assert_eq!(
        (mine["horizon_days"].as_u64(), mine["waiting_days"].as_u64()),
        (Some(14), Some(30))
    );
    let (petr, _) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    let his: Value = api
        .get(format!("/dashboard?consultant={}", petr.0))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (his["overdue"].as_i64(), his["open_cases"].as_i64()),
        (Some(0), Some(0))
    );
    let team: Value = api.get("/dashboard?team=true").await.json().await.unwrap();
    assert_eq!(
        (&team["consultant"], &team["overdue"]),
        (&Value::Null, &mine["overdue"])
    );
}

#[tokio::test]
async fn the_warnings_come_a_page_at_a_time_for_the_caller_a_consultant_or_the_team() {
    use softland_web::db::{cases, dashboard, users};
    let api = spawn_api().await;
    let day = super::today();
    softland_web::seed::bench::seed(&api.app.db, 600, 7, day)
        .await
        .unwrap();
    let course_soon = day
        .checked_add_days(chrono::Days::new(
            softland_domain::case::INTEGRATION_COURSE_DAYS,
        ))
        .unwrap();
    // Jana has no cases: none of the centre's warnings is hers.
    let mine: Value = api.get("/dashboard/warnings").await.json().await.unwrap();
    assert_eq!(
        (&mine["consultant"], &mine["total"], &mine["warnings"]),
        (&json!(api.jana.0), &json!(0), &json!([]))
    );
    assert_eq!((&mine["page"], &mine["pages"]), (&json!(1), &json!(1)));

    // The team's, 7 a page: every warning once, in the list's order.
    let all = dashboard::risks(
        &api.app.db,
        None,
        day,
        course_soon,
        dashboard::Window::soonest(dashboard::RISK_ROWS * 10),
    )
    .await
    .unwrap();
    let first: Value = api
        .get("/dashboard/warnings?team=true&per_page=7")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["total"], json!(all.len()));
    let pages = first["pages"].as_u64().unwrap();
    assert_eq!(pages, u64::try_from(all.len().div_ceil(7)).unwrap());
    let mut walked = Vec::new();
    for page in 1..=pages + 1 {
        let list: Value = api
            .get(format!(
                "/dashboard/warnings?team=true&per_page=7&page={page}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let warnings = list["warnings"].as_array().unwrap();
        if page > pages {
            assert!(warnings.is_empty(), "past the last page: {list}");
        }
        walked.extend(warnings.iter().cloned());
    }
    let expected: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "case_id": r.case_id,
                "person": r.person,
                "kind": dashboard::kind_name(r.kind),
                "on_date": r.on_date,
                "other_date": r.other_date,
            })
        })
        .collect();
    assert_eq!(walked, expected);

    // One consultant's: their own cases only.
    let theirs = users::find_by_email(&api.app.db, "consultant1@bench.softland.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let own_cases: Vec<i64> = cases::ids_of(&api.app.db, theirs)
        .await
        .unwrap()
        .into_iter()
        .map(|id| id.0)
        .collect();
    let list: Value = api
        .get(format!(
            "/dashboard/warnings?consultant={}&per_page=200",
            theirs.0
        ))
        .await
        .json()
        .await
        .unwrap();
    let warnings = list["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty() && warnings.len() < all.len(), "{list}");
    assert_eq!(list["total"], json!(warnings.len()));
    assert!(
        warnings
            .iter()
            .all(|w| own_cases.contains(&w["case_id"].as_i64().unwrap())),
        "{list}"
    );

    for bad in ["per_page=0", "per_page=201", "page=0", "page=1000001"] {
        let field = bad.split('=').next().unwrap();
        super::expect_invalid(api.get(format!("/dashboard/warnings?{bad}")).await, field).await;
    }
}

#[tokio::test]
async fn each_list_of_the_dashboard_is_listed_whole_a_page_at_a_time() {
    use softland_web::db::dashboard;
    let api = spawn_api().await;
    let day = super::today();
    softland_web::seed::bench::seed(&api.app.db, 600, 7, day)
        .await
        .unwrap();
    let counts = dashboard::counts(&api.app.db, None, day, day + chrono::Days::new(14))
        .await
        .unwrap();
    let expected = dashboard::due_page(
        &api.app.db,
        None,
        dashboard::DueDays {
            from: None,
            until: day.pred_opt().unwrap(),
        },
        dashboard::Window::soonest(10_000),
    )
    .await
    .unwrap();
    assert_eq!(i64::try_from(expected.len()).unwrap(), counts.overdue);
    let first: Value = api
        .get("/dashboard/items?list=overdue&team=true&per_page=30")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["total"], json!(counts.overdue));
    assert_eq!(
        (&first["list"], &first["consultant"]),
        (&json!("overdue"), &Value::Null)
    );
    let pages = first["pages"].as_u64().unwrap();
    let mut walked = Vec::new();
    for page in 1..=pages + 1 {
        let list: Value = api
            .get(format!(
                "/dashboard/items?list=overdue&team=true&per_page=30&page={page}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let items = list["items"].as_array().unwrap();
        if page > pages {
            assert!(items.is_empty(), "past the last page: {list}");
        }
        walked.extend(items.iter().map(|i| i["item_id"].as_i64().unwrap()));
    }
    assert_eq!(
        walked,
        expected.iter().map(|r| r.item_id).collect::<Vec<_>>()
    );
    // The due-soon list holds only what is due from today to the horizon.
    let soon: Value = api
        .get("/dashboard/items?list=due-soon&team=true&per_page=200")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(soon["total"], json!(counts.due_soon));
    let horizon = day + chrono::Days::new(14);
    for item in soon["items"].as_array().unwrap() {
        let due: chrono::NaiveDate = item["due_on"].as_str().unwrap().parse().unwrap();
        assert!(day <= due && due <= horizon, "{item}");
    }
    // Jana has no cases.
    let mine: Value = api
        .get("/dashboard/items?list=waiting")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((&mine["total"], &mine["items"]), (&json!(0), &json!([])));

    for (bad, field) in [
        ("list=everything", "list"),
        ("list=overdue&per_page=0", "per_page"),
        ("list=overdue&per_page=201", "per_page"),
        ("list=overdue&page=0", "page"),
    ] {
        super::expect_invalid(api.get(format!("/dashboard/items?{bad}")).await, field).await;
    }
}
