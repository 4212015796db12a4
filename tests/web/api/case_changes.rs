//! Key dates, hold / close / reopen, reassign, and `If-Match` on case changes.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;

use super::{error_of, etag, item, spawn_api};

#[tokio::test]
async fn changing_a_key_date_recomputes_due_dates_and_the_etag() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let id = &case["id"];
    let body = json!({"key_dates": {"arrival": "2026-12-28", "insurance_end": "2027-12-31"}});
    let res = api
        .send(Method::PATCH, &format!("/cases/{id}/key-dates"), body)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res), format!("\"case-{id}-v2\""));
    let case: Value = res.json().await.unwrap();
    assert_eq!(case["key_dates"]["arrival"], "2026-12-28");
    assert_eq!(
        case["key_dates"]["permit_expiry"], "2028-01-02",
        "a date left out is kept"
    );
    assert_eq!(item(&case, "reg-dvr", "0")["due_on"], "2026-12-31");
    let cleared = api
        .send(
            Method::PATCH,
            &format!("/cases/{id}/key-dates"),
            json!({"key_dates": {"arrival": null}}),
        )
        .await;
    let case: Value = cleared.json().await.unwrap();
    assert!(case["key_dates"].get("arrival").is_none());
    assert_eq!(
        item(&case, "reg-dvr", "0")["explanation"],
        "waiting for the arrival date"
    );
}

#[tokio::test]
async fn an_unknown_key_date_or_an_unreadable_date_is_422() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    for (dates, field) in [
        (json!({"landing": "2026-12-01"}), "key_dates.landing"),
        (json!({"arrival": "23.12.2026"}), "key_dates.arrival"),
        (json!({"arrival": "1850-01-01"}), "key_dates.arrival"),
    ] {
        let res = api
            .send(
                Method::PATCH,
                &format!("/cases/{id}/key-dates"),
                json!({"key_dates": dates}),
            )
            .await;
        let (status, error) = error_of(res).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["field"], field);
    }
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let path = format!("/cases/{id}/key-dates");
    let first = api
        .request(Method::PATCH, &path, Some(&api.token))
        .header("If-Match", format!("\"case-{id}-v1\""));
    let res = first
        .json(&json!({"key_dates": {"arrival": "2026-12-28"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let stale = api
        .request(Method::POST, &format!("/cases/{id}/hold"), Some(&api.token))
        .header("If-Match", format!("\"case-{id}-v1\""));
    let (status, error) = error_of(
        stale
            .json(&json!({"reason": "waiting for the employer"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(error["code"], "precondition_failed");
    let case: Value = api.get(&format!("/cases/{id}")).await.json().await.unwrap();
    assert_eq!(case["status"], "open");
}

#[tokio::test]
async fn an_if_match_of_another_case_is_412_and_a_malformed_one_400() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let send = |tag: &'static str| {
        let req = api
            .request(
                Method::POST,
                &format!("/cases/{id}/reopen"),
                Some(&api.token),
            )
            .header("If-Match", tag);
        req.json(&json!({})).send()
    };
    assert_eq!(
        send("\"case-999-v1\"").await.unwrap().status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        send("case-1-v1").await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_stale_version_in_the_body_is_409_and_none_means_the_current_version() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let hold = api
        .send(
            Method::POST,
            &format!("/cases/{id}/hold"),
            json!({"reason": "visa refused", "version": 1}),
        )
        .await;
    assert_eq!(hold.status(), StatusCode::OK);
    let stale = api
        .send(
            Method::POST,
            &format!("/cases/{id}/reopen"),
            json!({"version": 1}),
        )
        .await;
    let (status, error) = error_of(stale).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["code"], "changed_meanwhile");
    let current = api
        .send(Method::POST, &format!("/cases/{id}/reopen"), json!({}))
        .await;
    assert_eq!(current.status(), StatusCode::OK);
}

#[tokio::test]
async fn hold_close_and_reopen_follow_the_lifecycle() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let put_on_hold = |body: Value| api.send(Method::POST, format!("/cases/{id}/hold"), body);
    let held: Value = put_on_hold(json!({"reason": "waiting for the employer"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (held["status"].as_str(), held["hold_reason"].as_str()),
        (Some("on_hold"), Some("waiting for the employer"))
    );
    let (status, error) = error_of(put_on_hold(json!({"reason": "again"})).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("refused"))
    );
    let (status, error) = error_of(
        api.send(
            Method::POST,
            &format!("/cases/{id}/close"),
            json!({"outcome": "granted"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "open items need a confirmation"
    );
    assert!(
        error["message"].as_str().unwrap().contains("still open"),
        "{error}"
    );
    let closed: Value = api
        .send(
            Method::POST,
            &format!("/cases/{id}/close"),
            json!({"outcome": "granted", "close_open_items": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (closed["outcome"].as_str(), closed["closed_on"].as_str()),
        (Some("granted"), Some("2026-11-25"))
    );
    let reopened: Value = api
        .send(Method::POST, &format!("/cases/{id}/reopen"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened["status"], "open");
}

#[tokio::test]
async fn a_hold_without_reason_or_a_close_without_outcome_is_422() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let (status, error) = error_of(
        api.send(
            Method::POST,
            &format!("/cases/{id}/hold"),
            json!({"reason": "  "}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let (status, error) = error_of(
        api.send(
            Method::POST,
            &format!("/cases/{id}/close"),
            json!({"outcome": "lost"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("outcome"))
    );
}

#[tokio::test]
async fn reassign_hands_the_case_to_an_active_consultant_only() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let (petr, _) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    let (expat, _) = api
        .user_with_token("someone@example.com", Role::Expat)
        .await;
    let res = api
        .send(
            Method::POST,
            &format!("/cases/{id}/reassign"),
            json!({"consultant": petr.0}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(etag(&res), format!("\"case-{id}-v2\""));
    let case: Value = res.json().await.unwrap();
    assert_eq!(case["consultant"]["id"], petr.0);
    let (status, error) = error_of(
        api.send(
            Method::POST,
            &format!("/cases/{id}/reassign"),
            json!({"consultant": expat.0}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("consultant"))
    );
}

#[tokio::test]
async fn case_changes_of_an_unknown_case_are_404() {
    let api = spawn_api().await;
    let res = api.send(Method::POST, "/cases/999/reopen", json!({})).await;
    assert_eq!(error_of(res).await.0, StatusCode::NOT_FOUND);
    let res = api
        .send(
            Method::POST,
            "/cases/999/reassign",
            json!({"consultant": api.jana.0}),
        )
        .await;
    assert_eq!(error_of(res).await.0, StatusCode::NOT_FOUND);
}
