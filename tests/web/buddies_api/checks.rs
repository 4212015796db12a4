//! What the API refuses and how: each wrong field (422 naming it), a stale `If-Match`
//! (412), unknown filters; and the lists a page at a time.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{ambassador_body, coordinator_api, invite, request_body};
use crate::api::error_of;

#[tokio::test]
async fn a_wrong_request_is_422_on_each_field_and_nothing_is_stored() {
    let api = coordinator_api().await;
    let mut body = crate::api::new_case_body();
    body["dependants"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Anika Sharma", "relation": "child", "date_of_birth": "2019-05-01", "nationality": "Indian"}));
    let case = api.send_json(Method::POST, "/cases", body).await["id"].clone();
    let path = format!("/cases/{case}/buddy-requests");
    let wrong = json!({
        "languages": ["4 languages"], "topics": ["cooking"], "share_phone": true, "consent": false
    });
    let (code, error) = error_of(api.send(Method::POST, &path, wrong).await).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["consent", "languages", "phone", "topics"]);
    for (person, why) in [(7, "no person 7"), (2, "adults")] {
        let (code, error) =
            error_of(api.send(Method::POST, &path, request_body(person)).await).await;
        assert_eq!(
            (code, error["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("person"))
        );
        assert!(error["message"].as_str().unwrap().contains(why), "{error}");
    }
    let (code, error) = error_of(
        api.send(
            Method::POST,
            &path,
            json!({"languages": "Hindi", "topics": [], "consent": true}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("languages"))
    );
    let mut long = request_body(0);
    let names: Vec<String> = "abcdef"
        .chars()
        .map(|c| format!("{c}{}", "x".repeat(39)))
        .collect();
    long["languages"] = json!(names);
    let (code, error) = error_of(api.send(Method::POST, &path, long).await).await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("languages")),
        "six languages of 40 letters do not fit: {error}"
    );
    let list = api.get_json(&path).await;
    assert_eq!(list["requests"], json!([]));

    assert_eq!(
        api.send(Method::POST, &path, request_body(0))
            .await
            .status(),
        StatusCode::CREATED
    );
    let (code, error) = error_of(api.send(Method::POST, &path, request_body(0)).await).await;
    assert_eq!(
        code,
        StatusCode::CONFLICT,
        "one open request per person: {error}"
    );

    let mut bad = ambassador_body("", "not an e-mail", 11);
    bad["consent"] = json!(false);
    let (code, error) = error_of(api.send(Method::POST, "/ambassadors", bad).await).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["capacity", "consent", "email", "name"]);
}

#[tokio::test]
async fn a_stale_if_match_is_412_for_a_profile_and_a_proposal() {
    let api = coordinator_api().await;
    let anita = invite(&api, "Anita Rao", "anita@buddy.test", 2).await;
    let path = format!("/ambassadors/{anita}");
    let read = api.get(&path).await;
    let etag = read.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"ambassador-{anita}-v1\""));
    let mut change = ambassador_body("-", "-", 3);
    for key in ["name", "email", "consent"] {
        change.as_object_mut().unwrap().remove(key);
    }
    let saved = api
        .request(Method::PUT, &path, Some(&api.token))
        .header("If-Match", &etag)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert_ne!(saved.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(saved.json::<Value>().await.unwrap()["capacity"], 3);
    let stale = api
        .request(Method::PUT, &path, Some(&api.token))
        .header("If-Match", &etag)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(stale).await.0, StatusCode::PRECONDITION_FAILED);

    let case = api.open_case().await["id"].clone();
    let created = api
        .send(
            Method::POST,
            format!("/cases/{case}/buddy-requests"),
            request_body(0),
        )
        .await;
    let request_etag = created.headers()["etag"].to_str().unwrap().to_owned();
    let id = created.json::<Value>().await.unwrap()["id"].clone();
    api.send(
        Method::POST,
        format!("/buddy-requests/{id}/end"),
        json!({"reason": "not_a_fit"}),
    )
    .await;
    let stale = api
        .request(
            Method::POST,
            &format!("/buddy-requests/{id}/proposal"),
            Some(&api.token),
        )
        .header("If-Match", &request_etag)
        .json(&json!({"ambassador": anita}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(stale).await.0, StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn lists_come_a_page_at_a_time_and_filter_by_status_and_state() {
    let api = coordinator_api().await;
    let ids = [
        invite(&api, "Anita Rao", "anita@buddy.test", 1).await,
        invite(&api, "Ben Ode", "ben@buddy.test", 1).await,
        invite(&api, "Cleo Ma", "cleo@buddy.test", 1).await,
    ];
    api.send(
        Method::PUT,
        format!("/ambassadors/{}/status", ids[1]),
        json!({"status": "paused"}),
    )
    .await;
    let first = api.get_json("/ambassadors?limit=2").await;
    assert_eq!(first["ambassadors"].as_array().unwrap().len(), 2);
    let rest = api
        .get_json(format!(
            "/ambassadors?limit=2&after={}",
            first["next_after"]
        ))
        .await;
    assert_eq!(rest["ambassadors"][0]["id"], ids[2]);
    assert_eq!(rest["next_after"], Value::Null);
    let paused = api.get_json("/ambassadors?status=paused").await;
    assert_eq!(paused["ambassadors"][0]["id"], ids[1]);
    assert_eq!(paused["ambassadors"].as_array().unwrap().len(), 1);
    let (code, error) = error_of(api.get("/ambassadors?status=retired").await).await;
    assert_eq!(
        (code, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("status"))
    );
    let (code, _) = error_of(
        api.send(
            Method::PUT,
            format!("/ambassadors/{}/status", ids[0]),
            json!({"status": "applied"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        code,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no one becomes an applicant again"
    );

    let case = api.open_case().await["id"].clone();
    api.send(
        Method::POST,
        format!("/cases/{case}/buddy-requests"),
        request_body(0),
    )
    .await;
    let requested = api.get_json("/buddy-requests?state=requested").await;
    assert_eq!(requested["requests"].as_array().unwrap().len(), 1);
    let ended = api.get_json("/buddy-requests?state=ended").await;
    assert_eq!(ended["requests"], json!([]));
}
