//! The API of the public site's staff side (issue 22): the centre's settings and the
//! contact form's enquiries.

use reqwest::{Method, StatusCode};
use serde_json::json;
use softland_domain::site::enquiry::Topic;
use softland_web::auth::Role;
use softland_web::db::outbox::MailText;
use softland_web::db::site::enquiries::{self, NewEnquiry};

use crate::api::{Api, etag, expect_error, expect_invalid, spawn_api};

async fn an_enquiry(api: &Api) -> i64 {
    let new = NewEnquiry {
        name: "Rahul Mehta",
        email: "rahul@example.com",
        phone: None,
        topic: Topic::Work,
        message: "Could we meet in my first week?",
        arrival_on: None,
    };
    let mail = MailText {
        subject: "Thanks".to_owned(),
        body: "Thanks".to_owned(),
    };
    enquiries::create(&api.app.db, new, &mail).await.unwrap().0
}

fn body() -> serde_json::Value {
    json!({
        "name": "Expat Centre Ostrava",
        "address": "Českobratrská 1888/14, 702 00 Moravská Ostrava",
        "hours": "Mon–Thu 10:00–16:00",
        "email": "info@demo.softland.test"
    })
}

#[tokio::test]
async fn staff_read_the_settings_and_admins_change_them_with_if_match() {
    let api = spawn_api().await;
    let read = api.get("/site-settings").await;
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(etag(&read), "\"site-settings-v0\"");
    let jana = api.send(Method::PUT, "/site-settings", body()).await;
    expect_error(jana, StatusCode::FORBIDDEN, "forbidden").await;
    let (_, admin) = api.user_with_token("admin@centre.test", Role::Admin).await;
    let saved = api
        .request(Method::PUT, "/site-settings", Some(&admin))
        .header("if-match", "\"site-settings-v0\"")
        .json(&body())
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(etag(&saved), "\"site-settings-v1\"");
    let stale = api
        .request(Method::PUT, "/site-settings", Some(&admin))
        .header("if-match", "\"site-settings-v0\"")
        .json(&body())
        .send()
        .await
        .unwrap();
    expect_error(
        stale,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    )
    .await;
    let mut wrong = body();
    wrong["email"] = json!("nope");
    let res = api
        .send_as(Method::PUT, "/site-settings", wrong, &admin)
        .await;
    expect_invalid(res, "email").await;
    let shown = api.get_json("/site-settings").await;
    assert_eq!(shown["hours"], "Mon–Thu 10:00–16:00");
}

#[tokio::test]
async fn staff_list_read_and_step_enquiries() {
    let api = spawn_api().await;
    let id = an_enquiry(&api).await;
    let list = api.get_json("/enquiries?status=new").await;
    assert_eq!(list["enquiries"][0]["name"], "Rahul Mehta");
    assert_eq!(list["enquiries"][0]["topic"], "work");
    expect_invalid(api.get("/enquiries?status=lost").await, "status").await;
    let one = api.get(format!("/enquiries/{id}")).await;
    let tag = etag(&one);
    assert_eq!(tag, format!("\"enquiry-{id}-v1\""));
    let step = api
        .request(Method::PATCH, &format!("/enquiries/{id}"), Some(&api.token))
        .header("if-match", &tag)
        .json(&json!({"status": "answered", "note": "Answered by mail"}))
        .send()
        .await
        .unwrap();
    assert_eq!(step.status(), StatusCode::OK);
    let after: serde_json::Value = step.json().await.unwrap();
    assert_eq!(after["status"], "answered");
    assert!(
        after["note"]
            .as_str()
            .unwrap()
            .ends_with("Answered by mail")
    );
    let stale = api
        .request(Method::PATCH, &format!("/enquiries/{id}"), Some(&api.token))
        .header("if-match", &tag)
        .json(&json!({"status": "closed"}))
        .send()
        .await
        .unwrap();
    expect_error(
        stale,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    )
    .await;
    let back = api
        .send(
            Method::PATCH,
            format!("/enquiries/{id}"),
            json!({"status": "new"}),
        )
        .await;
    expect_invalid(back, "status").await;
    assert_eq!(
        api.get("/enquiries/999").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn enquiries_are_paged_newest_first() {
    let api = spawn_api().await;
    for _ in 0..3 {
        an_enquiry(&api).await;
    }
    let first = api.get_json("/enquiries?limit=2").await;
    assert_eq!(first["enquiries"][0]["id"], 3);
    assert_eq!(first["next_before"], 2);
    let second = api.get_json("/enquiries?limit=2&before=2").await;
    assert_eq!(second["enquiries"][0]["id"], 1);
    assert!(second["next_before"].is_null());
}

#[tokio::test]
async fn expat_and_employer_tokens_cannot_read_enquiries() {
    let api = spawn_api().await;
    an_enquiry(&api).await;
    for (email, role) in [
        ("ana@example.com", Role::Expat),
        ("hr@example.com", Role::Employer),
    ] {
        let (_, token) = api.user_with_token(email, role).await;
        let res = api.get_as("/enquiries", &token).await;
        assert!(
            matches!(
                res.status(),
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED
            ),
            "{role:?}: {}",
            res.status()
        );
        let settings = api.get_as("/site-settings", &token).await;
        assert!(!settings.status().is_success());
    }
}
