//! Who a token acts for: a consultant sees every case; an expat only their household's (any
//! other is 404 and nothing changes); revoked, expired or unknown tokens, and cookies, get
//! 401; invalid tokens are throttled.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;
use softland_web::db::api_tokens;

use super::{error_of, item, spawn_api, spawn_api_with};
use crate::support::PASSWORD;

#[tokio::test]
async fn a_consultants_token_sees_every_case_like_the_staff_pages() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let (_, petr) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    assert_eq!(
        api.get_as(format!("/cases/{id}"), &petr).await.status(),
        StatusCode::OK
    );
    let team: Value = api
        .get_as("/cases?consultant=all", &petr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(team["total"], 1);
    let mine: Value = api.get_as("/cases", &petr).await.json().await.unwrap();
    assert_eq!(
        mine["total"], 0,
        "without a filter: the caller's own cases, as on the web"
    );
}

#[tokio::test]
async fn an_expats_token_reads_its_own_case_without_consultants_cautions() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let id = case["id"].as_i64().unwrap();
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let me: Value = api.get_as("/me", &expat).await.json().await.unwrap();
    assert_eq!(
        (me["role"].as_str(), &me["case_ids"]),
        (Some("expat"), &json!([id]))
    );
    let own: Value = api
        .get_as(format!("/cases/{id}"), &expat)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        own["items"].as_array().unwrap().len(),
        case["items"].as_array().unwrap().len()
    );
    assert!(item(&case, "ext-ltr", "0")["caveat"].is_string());
    assert!(item(&own, "ext-ltr", "0")["caveat"].is_null());
}

#[tokio::test]
async fn an_expats_token_cannot_read_another_household_and_changes_nothing() {
    let api = spawn_api().await;
    let own = api.open_case().await["id"].as_i64().unwrap();
    let other = api.open_case().await;
    let (oid, oitem) = (
        other["id"].clone(),
        item(&other, "reg-dvr", "0")["id"].clone(),
    );
    let (_, expat) = api.expat_of(own, "priya@example.com").await;
    for path in [
        format!("/cases/{oid}"),
        format!("/cases/{oid}/items"),
        format!("/cases/{oid}/items/{oitem}"),
        format!("/cases/{oid}/notes"),
        format!("/cases/{oid}/messages"),
    ] {
        let (code, error) = error_of(api.get_as(path.clone(), &expat).await).await;
        assert_eq!(
            (code, error["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{path}"
        );
    }
    let sent = api
        .send_as(
            Method::POST,
            format!("/cases/{oid}/notes"),
            json!({"body": "hello"}),
            &expat,
        )
        .await;
    assert_eq!(error_of(sent).await.0, StatusCode::NOT_FOUND);
    for path in [
        format!("/cases/{oid}/messages"),
        format!("/cases/{oid}/messages/read"),
    ] {
        let sent = api
            .send_as(Method::POST, &path, json!({"body": "hello"}), &expat)
            .await;
        assert_eq!(error_of(sent).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let thread: Value = api
        .get(format!("/cases/{oid}/messages"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(thread["messages"], json!([]), "no message was stored");
    let notes: Value = api
        .get(format!("/cases/{oid}/notes"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(notes["notes"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn an_expats_token_may_not_do_staff_work() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let id = case["id"].as_i64().unwrap();
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let bank = item(&case, "bank-account", "0")["id"].clone();
    let attempts = [
        (Method::GET, "/cases".to_owned(), json!(null)),
        (Method::GET, "/dashboard".to_owned(), json!(null)),
        (Method::GET, "/dashboard/warnings".to_owned(), json!(null)),
        (Method::GET, "/routes".to_owned(), json!(null)),
        (Method::POST, "/cases".to_owned(), super::new_case_body()),
        (
            Method::POST,
            format!("/cases/{id}/items/{bank}/status"),
            json!({"action": "complete"}),
        ),
        (
            Method::POST,
            format!("/cases/{id}/hold"),
            json!({"reason": "mine"}),
        ),
    ];
    for (method, path, body) in attempts {
        let res = api.send_as(method, path.clone(), body, &expat).await;
        let (code, error) = error_of(res).await;
        assert_eq!(
            (code, error["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("forbidden")),
            "{path}"
        );
    }
    let now: Value = api
        .get(format!("/cases/{id}/items/{bank}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["status"], "to_do");
}

#[tokio::test]
async fn missing_unknown_revoked_and_expired_tokens_are_401() {
    let api = spawn_api().await;
    let missing = api.request(Method::GET, "/me", None).send().await.unwrap();
    assert_eq!(
        missing.headers()["www-authenticate"],
        "Bearer realm=\"softland\""
    );
    assert_eq!(error_of(missing).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        error_of(api.get_as("/me", "sl_not-a-real-token").await)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let revoked = api_tokens::create(
        &api.app.db,
        api.jana,
        &softland_web::db::api_tokens::TokenName::parse("old").unwrap(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        api.get_as("/me", &revoked.secret).await.status(),
        StatusCode::OK
    );
    api_tokens::revoke(&api.app.db, api.jana, revoked.id)
        .await
        .unwrap();
    assert_eq!(
        error_of(api.get_as("/me", &revoked.secret).await).await.0,
        StatusCode::UNAUTHORIZED
    );
    let expired = api_tokens::create(
        &api.app.db,
        api.jana,
        &softland_web::db::api_tokens::TokenName::parse("short").unwrap(),
        None,
    )
    .await
    .unwrap();
    expire(&api.url, expired.id.0).await;
    assert_eq!(
        error_of(api.get_as("/me", &expired.secret).await).await.0,
        StatusCode::UNAUTHORIZED
    );
}

/// Sets token `id`'s expiry to an hour ago, behind the API's back.
async fn expire(url: &str, id: i64) {
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, sea_query::Expr};
    use softland_web::db::entities::api_tokens as rows;
    let raw = sea_orm::Database::connect(url).await.unwrap();
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).fixed_offset();
    rows::Entity::update_many()
        .col_expr(rows::Column::ExpiresAt, Expr::value(past))
        .filter(rows::Column::Id.eq(id))
        .exec(&raw)
        .await
        .unwrap();
    raw.close().await.unwrap();
}

#[tokio::test]
async fn a_deactivated_accounts_token_is_401() {
    let api = spawn_api().await;
    let (petr, token) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    softland_web::db::users::set_active(&api.app.db, petr, false)
        .await
        .unwrap();
    assert_eq!(
        error_of(api.get_as("/me", &token).await).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_signed_in_session_cookie_does_not_authenticate_the_api() {
    let api = spawn_api().await;
    api.app.sign_in("jana@centre.test", PASSWORD).await;
    assert_eq!(
        api.app.get("/cases").await.status(),
        StatusCode::OK,
        "signed in on the web"
    );
    let res = api.request(Method::GET, "/me", None).send().await.unwrap();
    assert_eq!(error_of(res).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn invalid_tokens_are_throttled_per_address_but_valid_ones_still_work() {
    let api = spawn_api_with(|c| c.throttle_per_address = 3).await;
    for _ in 0..3 {
        assert_eq!(
            api.get_as("/me", "sl_guess").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = api.get_as("/me", "sl_guess").await;
    assert!(
        res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    let (code, error) = error_of(res).await;
    assert_eq!(
        (code, error["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("throttled"))
    );
    assert_eq!(api.get("/me").await.status(), StatusCode::OK);
}
