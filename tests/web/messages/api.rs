//! `/api/v1/cases/{id}/messages`: the conversation through the API.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::{error_of, spawn_api};

#[tokio::test]
async fn staff_and_the_household_write_read_and_page_through_a_conversation() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let path = format!("/cases/{id}/messages");
    for n in 1..=3 {
        let sent = api
            .send_as(
                Method::POST,
                &path,
                json!({"body": format!("Question {n}")}),
                &expat,
            )
            .await;
        assert_eq!(sent.status(), StatusCode::CREATED);
    }
    let reply = api
        .send(Method::POST, &path, json!({"body": "Answer."}))
        .await;
    assert_eq!(reply.status(), StatusCode::CREATED);
    let reply: Value = reply.json().await.unwrap();
    assert_eq!(
        (reply["side"].as_str(), reply["via"].as_str()),
        (Some("staff"), Some("api"))
    );

    let page: Value = api
        .get_as(format!("{path}?limit=2"), &expat)
        .await
        .json()
        .await
        .unwrap();
    let bodies: Vec<&str> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["Question 3", "Answer."]);
    assert_eq!(page["unread"], 1, "the reply is unread for the household");
    assert_eq!(page["read_state"]["expat_unread"], true);
    let older: Value = api
        .get_as(
            format!("{path}?limit=2&before={}", page["next_before"]),
            &expat,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(older["messages"].as_array().unwrap().len(), 2);
    assert_eq!(older["next_before"], Value::Null);

    let read = api
        .send_as(Method::POST, format!("{path}/read"), json!({}), &expat)
        .await;
    assert_eq!(read.status(), StatusCode::OK);
    let state: Value = read.json().await.unwrap();
    assert_eq!(state["expat_unread"], false);
    assert_eq!(state["last_side"], "staff");
}

#[tokio::test]
async fn a_bad_message_is_422_on_its_field_and_another_households_case_is_404() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let path = format!("/cases/{id}/messages");
    for body in [json!({"body": "  "}), json!({"body": "x".repeat(10_001)})] {
        let (code, error) = error_of(api.send(Method::POST, &path, body).await).await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["field"], "body");
    }
    let other = api.open_case().await["id"].as_i64().unwrap();
    let (_, expat) = api.expat_of(other, "tomas@example.com").await;
    let (code, _) = error_of(api.get_as(&path, &expat).await).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = error_of(
        api.send_as(Method::POST, &path, json!({"body": "hi"}), &expat)
            .await,
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = error_of(api.get(format!("{path}?limit=0")).await).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
}
