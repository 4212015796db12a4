//! Who may do what: another household's request is 404, the coordinator's endpoints are 403
//! for anyone but coordinators and admins, and an ambassador has no API access at all.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;
use softland_web::db::{api_tokens, buddies};
use softland_web::ids::{AmbassadorId, UserId};

use super::{accept, ambassador_body, coordinator_api, household, invite, request_body};
use crate::api::{error_of, spawn_api};

#[tokio::test]
async fn an_expat_cannot_touch_another_households_requests() {
    let api = coordinator_api().await;
    let (case, _) = household(&api).await;
    let other = api.open_case().await["id"].as_i64().unwrap();
    let (_, stranger) = api.expat_of(other, "someone@example.com").await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .clone();
    let attempts = [
        (Method::GET, format!("/buddy-requests/{id}"), json!({})),
        (
            Method::GET,
            format!("/cases/{case}/buddy-requests"),
            json!({}),
        ),
        (
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(1),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/end"),
            json!({"reason": "withdrawn"}),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/feedback"),
            json!({"rating": 1}),
        ),
    ];
    for (method, path, body) in attempts {
        let res = api.send_as(method.clone(), &path, body, &stranger).await;
        assert_eq!(
            error_of(res).await.0,
            StatusCode::NOT_FOUND,
            "{method} {path}"
        );
    }
    let still: Value = api.get_json(format!("/buddy-requests/{id}")).await;
    assert_eq!(still["state"], "requested");
    let own: Value = api
        .get_as(format!("/cases/{other}/buddy-requests"), &stranger)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["requests"], json!([]));
}

#[tokio::test]
async fn only_coordinators_and_admins_work_the_programme() {
    let api = spawn_api().await;
    let (case, priya) = household(&api).await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .clone();
    let (_, admin) = api.user_with_token("admin@centre.test", Role::Admin).await;
    let anita = api
        .send_as(
            Method::POST,
            "/ambassadors",
            ambassador_body("Anita Rao", "anita@buddy.test", 2),
            &admin,
        )
        .await;
    assert_eq!(anita.status(), StatusCode::CREATED, "admins coordinate");
    let anita = anita.json::<Value>().await.unwrap()["id"].clone();
    let coordinator_only = [
        (Method::GET, "/ambassadors".to_owned(), json!({})),
        (
            Method::POST,
            "/ambassadors".to_owned(),
            ambassador_body("Tom", "tom@buddy.test", 1),
        ),
        (Method::GET, format!("/ambassadors/{anita}"), json!({})),
        (
            Method::GET,
            format!("/ambassadors/{anita}/photo"),
            json!({}),
        ),
        (
            Method::DELETE,
            format!("/ambassadors/{anita}/photo"),
            json!({}),
        ),
        (
            Method::PUT,
            format!("/ambassadors/{anita}/status"),
            json!({"status": "paused"}),
        ),
        (Method::GET, "/buddy-requests".to_owned(), json!({})),
        (
            Method::GET,
            format!("/buddy-requests/{id}/suggestions"),
            json!({}),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/proposal"),
            json!({"ambassador": anita}),
        ),
        (
            Method::POST,
            format!("/buddy-requests/{id}/end"),
            json!({"reason": "not_a_fit"}),
        ),
        (Method::GET, "/buddy-programme".to_owned(), json!({})),
    ];
    for token in [&api.token, &priya] {
        for (method, path, body) in &coordinator_only {
            if token == &priya && path.ends_with("/end") {
                continue; // the household may end its own
            }
            let res = api.send_as(method.clone(), path, body.clone(), token).await;
            assert_eq!(
                error_of(res).await.0,
                StatusCode::FORBIDDEN,
                "{method} {path}"
            );
        }
    }
    let (_, error) = error_of(api.get("/buddy-programme").await).await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("buddy coordinator")
    );
    assert_eq!(
        api.get(format!("/buddy-requests/{id}")).await.status(),
        StatusCode::OK,
        "any staff token reads a request"
    );
    let state: Value = api
        .get_as(format!("/ambassadors/{anita}"), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["status"], "active", "nothing changed");
}

#[tokio::test]
async fn an_ambassador_gets_no_token_and_one_made_anyway_opens_nothing() {
    let api = coordinator_api().await;
    let (case, _) = household(&api).await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let id = api
        .send_json(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await["id"]
        .clone();
    api.send(
        Method::POST,
        format!("/buddy-requests/{id}/proposal"),
        json!({"ambassador": anita}),
    )
    .await;
    accept(&api, anita, id.as_i64().unwrap()).await;
    let refused = softland_web::cli::token(
        &api.app.db,
        &softland_web::cli::TokenAction::Create {
            email: "anita@buddy.test".to_owned(),
            name: "mine".to_owned(),
            days: None,
        },
    )
    .await;
    assert!(
        refused.is_err(),
        "the command line makes no token for an ambassador"
    );
    let user: UserId = buddies::ambassador(&api.app.db, AmbassadorId(anita))
        .await
        .unwrap()
        .user;
    let token = api_tokens::create(
        &api.app.db,
        user,
        &api_tokens::TokenName::parse("smuggled").unwrap(),
        None,
    )
    .await
    .unwrap()
    .secret;
    for path in [
        "/me".to_owned(),
        "/cases".to_owned(),
        format!("/cases/{case}"),
        format!("/cases/{case}/buddy-requests"),
        format!("/buddy-requests/{id}"),
        "/buddy-help-calls".to_owned(),
    ] {
        let (code, error) = error_of(api.get_as(&path, &token).await).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{path}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("ambassadors have no API access")
        );
    }
}
