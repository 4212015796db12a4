//! Notes: staff's internal notes; shared ones are refused (the household's conversation is
//! `/cases/{id}/messages`), and expats' tokens read and write none.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{bodies, error_of, spawn_api};

#[tokio::test]
async fn staff_add_an_internal_note_by_default_with_its_location() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let body = json!({"body": "Called the employer."});
    let res = api
        .send(Method::POST, format!("/cases/{id}/notes"), body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let note: Value = res.json().await.unwrap();
    assert_eq!(note["visibility"], "internal");
    assert_eq!(note["author_name"], "jana");
    assert_eq!(location, format!("/api/v1/cases/{id}/notes/{}", note["id"]));
    let again = api.get_json(location.trim_start_matches("/api/v1")).await;
    assert_eq!(again, note);
}

#[tokio::test]
async fn notes_are_listed_newest_first_up_to_the_limit() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let path = format!("/cases/{id}/notes");
    api.send(Method::POST, &path, json!({"body": "Called the employer."}))
        .await;
    api.send(Method::POST, &path, json!({"body": "Wrote to HR."}))
        .await;
    let list = api.get_json(&path).await;
    assert_eq!(bodies(&list), ["Wrote to HR.", "Called the employer."]);
    let one = api.get_json(format!("{path}?limit=1")).await;
    assert_eq!(bodies(&one), ["Wrote to HR."]);
}

#[tokio::test]
async fn an_empty_note_or_an_unknown_visibility_is_422() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let path = format!("/cases/{id}/notes");
    let refused = [
        (json!({"body": "   "}), "body"),
        (json!({"body": "x", "visibility": "public"}), "visibility"),
        (json!({"body": "x", "visibility": "shared"}), "visibility"),
    ];
    for (body, field) in refused {
        let (code, error) = error_of(api.send(Method::POST, &path, body).await).await;
        assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["field"], field);
    }
    let (code, _) = error_of(api.get(format!("{path}?limit=0")).await).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_shared_note_is_refused_with_a_pointer_to_the_messages() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let shared = json!({"body": "For you.", "visibility": "shared"});
    let (code, error) = error_of(
        api.send(Method::POST, format!("/cases/{id}/notes"), shared)
            .await,
    )
    .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "visibility");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("/api/v1/cases/{id}/messages"),
        "{error}"
    );
}

#[tokio::test]
async fn an_expat_reads_no_notes_and_writes_messages_instead() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let path = format!("/cases/{id}/notes");
    let internal = api
        .send_json(Method::POST, &path, json!({"body": "Internal."}))
        .await;
    let sent = api
        .send_as(Method::POST, &path, json!({"body": "Thank you!"}), &expat)
        .await;
    assert_eq!(error_of(sent).await.0, StatusCode::FORBIDDEN);
    let list: Value = api.get_as(&path, &expat).await.json().await.unwrap();
    assert!(bodies(&list).is_empty());
    let hidden = api
        .get_as(format!("{path}/{}", internal["id"]), &expat)
        .await;
    assert_eq!(error_of(hidden).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_expat_may_not_write_an_internal_note() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].as_i64().unwrap();
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let body = json!({"body": "x", "visibility": "internal"});
    let refused = api
        .send_as(Method::POST, format!("/cases/{id}/notes"), body, &expat)
        .await;
    assert_eq!(error_of(refused).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        bodies(&api.get_json(format!("/cases/{id}/notes")).await).len(),
        0
    );
}
