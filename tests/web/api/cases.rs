//! `GET/POST /cases` and `GET /cases/{id}`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{error_of, etag, item, new_case_body, spawn_api};
use crate::support::{PASSWORD, csrf_in};

#[tokio::test]
async fn create_answers_201_with_location_etag_and_the_generated_checklist() {
    let api = spawn_api().await;
    let res = api.send(Method::POST, "/cases", new_case_body()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = {
        let body: Value = res.json().await.unwrap();
        body["id"].as_i64().unwrap()
    };
    let res = api.get(&format!("/cases/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res), format!("\"case-{id}-v1\""));
    let case: Value = res.json().await.unwrap();
    assert_eq!(case["people"][1]["relation"], "spouse");
    assert_eq!(case["key_dates"]["arrival"], "2026-12-23");
    let reg = item(&case, "reg-dvr", "0");
    assert_eq!(reg["status"], "to_do");
    assert_eq!(reg["due_on"], "2026-12-30");
    assert_eq!(
        reg["explanation"],
        "arrived Wed 23 Dec 2026 + 3 working days, skipping 24–27 Dec → Wed 30 Dec 2026"
    );
    let ext = item(&case, "ext-ltr", "0");
    assert_eq!(
        (ext["opens_on"].as_str(), ext["closes_on"].as_str()),
        (Some("2027-09-04"), Some("2027-12-31"))
    );
    assert_eq!(ext["due_on"], "2027-12-31");
}

#[tokio::test]
async fn create_sets_location_to_the_new_case() {
    let api = spawn_api().await;
    let res = api.send(Method::POST, "/cases", new_case_body()).await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/cases/{}", body["id"]));
    assert_eq!(
        api.get(location.trim_start_matches("/api/v1"))
            .await
            .status(),
        StatusCode::OK
    );
}

/// The keys, holders, due dates and explanations of a case's items, in order.
fn checklist(case: &Value) -> Vec<(Value, Value, Value, Value)> {
    let items = case["items"].as_array().unwrap();
    items
        .iter()
        .map(|i| {
            (
                i["key"].clone(),
                i["holder"].clone(),
                i["due_on"].clone(),
                i["explanation"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_case_opened_by_the_api_gets_exactly_the_checklist_of_the_web_form() {
    let api = spawn_api().await;
    let from_api = api.open_case().await;
    api.app.sign_in("jana@centre.test", PASSWORD).await;
    let html = api.app.get("/cases/new").await.text().await.unwrap();
    let (csrf, consultant) = (csrf_in(&html), api.jana.to_string());
    let fields = [
        ("csrf", csrf.as_str()),
        ("action", "create"),
        ("consultant", consultant.as_str()),
        ("principal.name", "Priya Sharma"),
        ("principal.email", "priya@example.com"),
        ("principal.date_of_birth", "1991-04-12"),
        ("principal.nationality", "Indian"),
        ("principal.passport_number", "Z7654321"),
        ("principal.passport_expiry", "2032-01-01"),
        ("dependants.name", "Arjun Sharma"),
        ("dependants.relation", "spouse"),
        ("dependants.date_of_birth", "1989-09-30"),
        ("dependants.nationality", "Indian"),
        ("routes", "employee-card"),
        ("key_dates.arrival", "2026-12-23"),
        ("key_dates.permit_expiry", "2028-01-02"),
    ];
    let res = api.app.post_form("/cases", &fields).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let web_id = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/cases/")
        .to_owned();
    let from_web: Value = api
        .get(&format!("/cases/{web_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(from_web["id"], from_api["id"]);
    assert_eq!(checklist(&from_web), checklist(&from_api));
}

#[tokio::test]
async fn the_same_creation_token_returns_the_case_it_created() {
    let api = spawn_api().await;
    let mut body = new_case_body();
    body["creation_token"] = json!("0f9d2c4b8a7e6d5c4b3a29181716a5b4");
    let first: Value = api
        .send(Method::POST, "/cases", body.clone())
        .await
        .json()
        .await
        .unwrap();
    let again: Value = api
        .send(Method::POST, "/cases", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["id"], again["id"]);
    let list: Value = api.get("/cases").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn create_refuses_invalid_fields_with_422_naming_each() {
    let api = spawn_api().await;
    let mut body = new_case_body();
    body["dependants"][0]["relation"] = json!("cousin");
    body["routes"] = json!(["employee-card", "moon-base"]);
    body["key_dates"]["arrival"] = json!("2026-02-30");
    let (status, error) = error_of(api.send(Method::POST, "/cases", body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["code"], "invalid");
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["dependants[0].relation", "key_dates.arrival", "routes"]
    );
    let list: Value = api.get("/cases").await.json().await.unwrap();
    assert_eq!(list["total"], 0, "nothing was stored");
}

#[tokio::test]
async fn create_refuses_a_missing_field_a_key_date_of_later_and_a_bad_token() {
    let api = spawn_api().await;
    let cases = [
        (json!({"routes": ["study"]}), "principal"),
        (
            {
                let mut b = new_case_body();
                b["key_dates"]["biometrics"] = json!("2026-12-01");
                b
            },
            "key_dates.biometrics",
        ),
        (
            {
                let mut b = new_case_body();
                b["creation_token"] = json!("not-hex");
                b
            },
            "creation_token",
        ),
        (
            {
                let mut b = new_case_body();
                b["principal"]["date_of_birth"] = json!(19_910_412);
                b
            },
            "principal.date_of_birth",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = error_of(api.send(Method::POST, "/cases", body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(error["field"], field);
    }
}

#[tokio::test]
async fn list_pages_with_a_total_and_the_web_lists_filters() {
    let api = spawn_api().await;
    for name in ["Priya Sharma", "Asha Rao", "Wei Chen"] {
        let mut body = new_case_body();
        body["principal"]["name"] = json!(name);
        assert_eq!(
            api.send(Method::POST, "/cases", body).await.status(),
            StatusCode::CREATED
        );
    }
    let first: Value = api
        .get("/cases?per_page=2&sort=name")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (first["total"].as_u64(), first["pages"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(first["cases"][0]["principal_name"], "Asha Rao");
    let second: Value = api
        .get("/cases?per_page=2&sort=name&page=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["cases"].as_array().unwrap().len(), 1);
    let found: Value = api.get("/cases?q=chen").await.json().await.unwrap();
    assert_eq!(found["total"], 1);
    let closed: Value = api
        .get("/cases?status=closed&consultant=all")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["total"], 0);
}

#[tokio::test]
async fn list_refuses_an_unreadable_page_size_with_400() {
    let api = spawn_api().await;
    for query in ["per_page=0", "per_page=201", "per_page=ten"] {
        let (status, error) = error_of(api.get(&format!("/cases?{query}")).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(error["code"], "bad_request");
    }
}

#[tokio::test]
async fn an_unknown_case_is_404() {
    let api = spawn_api().await;
    let (status, error) = error_of(api.get("/cases/999").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error["code"], "not_found");
}
