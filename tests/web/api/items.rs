//! Checklist items: reading, status changes, due-date overrides, custom items, `If-Match`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Api, etag, expect_error, expect_invalid, item, spawn_api};

/// The path of `item` of `case`, with `rest` appended.
fn item_path(case: &Value, item: &Value, rest: &str) -> String {
    format!("/cases/{}/items/{}{rest}", case["id"], item["id"])
}

#[tokio::test]
async fn an_item_carries_its_etag_key_status_due_date_and_explanation() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let reg = item(&case, "reg-dvr", "0");
    let res = api.get(item_path(&case, reg, "")).await;
    assert_eq!(etag(&res), format!("\"item-{}-v1\"", reg["id"]));
    let body: Value = res.json().await.unwrap();
    assert_eq!(&body, reg);
    let list = api.get_json(format!("/cases/{}/items", case["id"])).await;
    assert_eq!(list["items"], case["items"]);
}

/// Applies `action` to `item` of `case` with Jana's token.
async fn act(api: &Api, case: &Value, item: &Value, action: &str) -> reqwest::Response {
    let path = item_path(case, item, "/status");
    api.send(Method::POST, path, json!({"action": action}))
        .await
}

#[tokio::test]
async fn an_item_cannot_start_before_its_prerequisites_are_done() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let res = act(&api, &case, item(&case, "ec-apply", "0"), "start").await;
    let error = expect_error(res, StatusCode::CONFLICT, "refused").await;
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("cannot start yet: waiting for"),
        "{message}"
    );
}

#[tokio::test]
async fn status_changes_follow_the_same_transitions_as_the_case_page() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let (vacancy, apply) = (
        item(&case, "ec-vacancy", "household"),
        item(&case, "ec-apply", "0"),
    );
    let res = act(&api, &case, vacancy, "complete").await;
    assert_eq!(etag(&res), format!("\"item-{}-v2\"", vacancy["id"]));
    let done: Value = res.json().await.unwrap();
    assert_eq!(done["status"], "done");
    assert_eq!(done["status_on"], "2026-11-25");
    assert_eq!(done["allowed_actions"], json!(["reopen"]));
    let started: Value = act(&api, &case, apply, "start").await.json().await.unwrap();
    assert_eq!(started["status"], "in_progress");
    let again = act(&api, &case, vacancy, "submit").await;
    expect_error(again, StatusCode::CONFLICT, "refused").await;
}

#[tokio::test]
async fn an_unknown_action_or_a_missing_reason_is_422_by_field() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let path = item_path(&case, item(&case, "bank-account", "0"), "/status");
    expect_invalid(
        api.send(Method::POST, &path, json!({"action": "fly"}))
            .await,
        "action",
    )
    .await;
    let no_reason = json!({"action": "not_applicable"});
    expect_invalid(api.send(Method::POST, &path, no_reason).await, "reason").await;
    let with_reason = json!({"action": "not_applicable", "reason": "has one"});
    let body = api.send_json(Method::POST, &path, with_reason).await;
    assert_eq!(body["status"], "not_applicable");
    assert_eq!(body["status_reason"], "has one");
}

#[tokio::test]
async fn a_stale_item_if_match_is_412_and_a_stale_body_version_409() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let bank = item(&case, "bank-account", "0");
    let path = item_path(&case, bank, "/status");
    let tag = format!("\"item-{}-v1\"", bank["id"]);
    let with_tag = |action: &str| {
        let req = api
            .request(Method::POST, &path, Some(&api.token))
            .header("If-Match", &tag);
        req.json(&json!({"action": action})).send()
    };
    assert_eq!(with_tag("start").await.unwrap().status(), StatusCode::OK);
    let stale = with_tag("complete").await.unwrap();
    expect_error(
        stale,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    )
    .await;
    let body = json!({"action": "complete", "version": 1});
    let res = api.send(Method::POST, &path, body).await;
    expect_error(res, StatusCode::CONFLICT, "changed_meanwhile").await;
    let now = api.get_json(item_path(&case, bank, "")).await;
    assert_eq!(now["status"], "in_progress", "nothing was overwritten");
}

#[tokio::test]
async fn a_due_date_is_overridden_with_a_reason_and_cleared_again() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let path = item_path(&case, item(&case, "reg-dvr", "0"), "/due");
    let body = json!({"date": "2027-01-05", "reason": "office closed"});
    let set = api.send_json(Method::PUT, &path, body).await;
    assert_eq!(set["due_on"], "2027-01-05");
    assert_eq!(set["computed_due_on"], "2026-12-30");
    assert_eq!(
        set["due_override"],
        json!({"date": "2027-01-05", "reason": "office closed"})
    );
    assert_eq!(set["explanation"], "set by the consultant: office closed");
    assert!(
        set.get("warnings").is_none(),
        "a working day warns of nothing"
    );
    let cleared = api
        .request(Method::DELETE, &path, Some(&api.token))
        .send()
        .await
        .unwrap();
    let cleared: Value = cleared.json().await.unwrap();
    assert_eq!(cleared["due_on"], "2026-12-30");
    assert_eq!(cleared["due_override"], Value::Null);
}

#[tokio::test]
async fn an_override_without_a_date_or_a_reason_is_422_by_field() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let path = item_path(&case, item(&case, "reg-dvr", "0"), "/due");
    for (body, field) in [
        (json!({"date": "next week", "reason": "x"}), "date"),
        (json!({"date": "2027-01-05", "reason": ""}), "reason"),
        (json!({"date": "2027-01-05"}), "reason"),
    ] {
        expect_invalid(api.send(Method::PUT, &path, body).await, field).await;
    }
}

#[tokio::test]
async fn a_custom_item_is_added_with_location_and_key_custom_1() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let body = json!({"title": "Bring the lease", "category": "other", "holder": "1", "due": "2026-12-15"});
    let res = api
        .send(Method::POST, format!("/cases/{}/items", case["id"]), body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let added: Value = res.json().await.unwrap();
    assert_eq!(location, format!("/api/v1{}", item_path(&case, &added, "")));
    assert_eq!(added["key"], "custom-1");
    assert_eq!(added["holder_name"], "Arjun Sharma");
    assert_eq!(added["due_on"], "2026-12-15");
}

#[tokio::test]
async fn a_custom_item_with_a_bad_field_is_422_by_field() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let path = format!("/cases/{}/items", case["id"]);
    for (body, field) in [
        (
            json!({"title": "", "category": "other", "holder": "0"}),
            "title",
        ),
        (
            json!({"title": "A", "category": "fun", "holder": "0"}),
            "category",
        ),
        (
            json!({"title": "A", "category": "other", "holder": "7"}),
            "holder",
        ),
        (
            json!({"title": "A", "category": "other", "holder": "0", "due": "soon"}),
            "due",
        ),
    ] {
        expect_invalid(api.send(Method::POST, &path, body).await, field).await;
    }
}

#[tokio::test]
async fn an_item_of_another_case_is_404() {
    let api = spawn_api().await;
    let (one, two) = (api.open_case().await, api.open_case().await);
    let other = item(&two, "reg-dvr", "0");
    let res = api.get(item_path(&one, other, "")).await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = act(&api, &one, other, "start").await;
    expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_due_date_on_a_day_off_and_a_filing_before_the_window_are_saved_with_warnings() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let path = item_path(&case, item(&case, "reg-dvr", "0"), "/due");
    // Sat 9 Jan 2027, and Christmas Eve (a public holiday).
    for (date, words) in [
        ("2027-01-09", "a weekend day"),
        ("2026-12-24", "a public holiday"),
    ] {
        let body = json!({"date": date, "reason": "agreed with the office"});
        let set = api.send_json(Method::PUT, &path, body).await;
        assert_eq!(set["due_on"], date, "saved all the same");
        assert_eq!(set["warnings"][0]["code"], "due_on_day_off", "{set}");
        let message = set["warnings"][0]["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
    }
    // The extension window opens 120 days before the permit ends (2 Jan 2028); today is
    // Mon 4 Jan 2027, so marking it filed now is early.
    let ext = item(&case, "ext-ltr", "0");
    let res = act(&api, &case, ext, "submit").await;
    assert_eq!(res.status(), StatusCode::OK);
    let filed: Value = res.json().await.unwrap();
    assert_eq!(filed["status"], "submitted");
    assert_eq!(
        filed["warnings"][0]["code"], "filed_before_window",
        "{filed}"
    );
    assert!(
        filed["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("opens only on")
    );
}
