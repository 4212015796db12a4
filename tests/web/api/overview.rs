//! `GET /me`, `GET /routes`, `GET /dashboard`.

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
