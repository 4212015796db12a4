//! The events API: staff add, change (`If-Match`), publish and cancel events, register people
//! and cancel their registrations; anyone lists the published events and registers without a
//! token (422 naming the field, limited per address); expat tokens are refused.

use reqwest::Method;
use serde_json::{Value, json};
use softland_web::auth::Role;

use super::day;
use crate::api::{error_of, spawn_api};

fn event() -> Value {
    json!({
        "title": "Residence permits explained",
        "kind": "info_session",
        "starts_on": day(12),
        "starts_time": "10:00",
        "ends_time": "11:30",
        "place": "Českobratrská 1, Ostrava",
        "capacity": "1",
        "topics": "residence"
    })
}

#[tokio::test]
async fn staff_run_events_and_anyone_registers_through_the_api() {
    let api = spawn_api().await;
    let created = api
        .request(Method::POST, "/events", Some(&api.token))
        .json(&event())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let etag = created.headers()["etag"].to_str().unwrap().to_owned();
    let body: Value = created.json().await.unwrap();
    let id = body["id"].as_i64().unwrap();
    assert_eq!(body["status"], "draft");
    let public: Value = api
        .request(Method::GET, "/public/events", None)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        public["events"].as_array().unwrap().is_empty(),
        "drafts are not public"
    );
    let published = api
        .request(Method::PATCH, &format!("/events/{id}"), Some(&api.token))
        .header("if-match", &etag)
        .json(&json!({"status": "published", "title": "Residence permits, explained"}))
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 200);
    let stale = api
        .request(Method::PATCH, &format!("/events/{id}"), Some(&api.token))
        .header("if-match", &etag)
        .json(&json!({"title": "Stale"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 412);
    let public: Value = api
        .request(Method::GET, "/public/events", None)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["events"][0]["title"], "Residence permits, explained");
    anyone_registers(&api, id).await;
}

/// Anyone registers for published event `id` (one place): the second waits and moves up when
/// staff cancel the first.
async fn anyone_registers(api: &crate::api::Api, id: i64) {
    let path = format!("/public/events/{id}/registrations");
    let bad = api
        .request(Method::POST, &path, None)
        .json(&json!({"name": "Ana", "email": "nope", "consent": true}))
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(bad).await;
    assert_eq!(status, 422);
    assert!(error.to_string().contains("email"), "{error}");
    let first = api
        .request(Method::POST, &path, None)
        .json(&json!({"name": "Ana", "email": "ana@example.test", "consent": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 201);
    let second: Value = api
        .request(Method::POST, &path, None)
        .json(&json!({"name": "Bo", "email": "bo@example.test", "consent": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        second["message"],
        "We have sent a mail to bo@example.test — check your inbox."
    );
    let list: Value = api
        .get(format!("/events/{id}/registrations"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["registrations"][1]["status"], "waiting");
    let list: Value = api
        .get(format!("/events/{id}/registrations"))
        .await
        .json()
        .await
        .unwrap();
    let ana = list["registrations"][0]["id"].as_i64().unwrap();
    let cancelled = api
        .request(
            Method::PATCH,
            &format!("/events/{id}/registrations/{ana}"),
            Some(&api.token),
        )
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 200);
    let list: Value = api
        .get(format!("/events/{id}/registrations"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        list["registrations"][1]["status"], "registered",
        "Bo moved up"
    );
}

#[tokio::test]
async fn expat_tokens_are_refused_and_mistakes_name_their_field() {
    let api = spawn_api().await;
    let (_, expat) = api.user_with_token("eve@example.com", Role::Expat).await;
    let res = api
        .request(Method::GET, "/events", Some(&expat))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let mut wrong = event();
    wrong["ends_time"] = json!("09:00");
    let res = api
        .request(Method::POST, "/events", Some(&api.token))
        .json(&wrong)
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(res).await;
    assert_eq!(status, 422);
    assert!(error.to_string().contains("ends_time"), "{error}");
    let res = api
        .request(Method::GET, "/events", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
