//! The JSON API under `/api/v1`: personal tokens, every endpoint's happy path and error
//! answers, isolation between roles and households, `If-Match`, and the OpenAPI document.

mod case_changes;
mod cases;
mod errors;
mod isolation;
mod items;
mod notes;
mod openapi;
mod overview;
mod search;
mod tokens;

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use softland_web::auth::Role;
use softland_web::db::api_tokens;
use softland_web::ids::{CaseId, UserId};

use crate::support::{TestApp, date, make_user, spawn_app_with};

/// Today in these tests: Wed 25 Nov 2026.
pub fn today() -> chrono::NaiveDate {
    date(2026, 11, 25)
}

/// A running app with a consultant (Jana) and her token.
pub struct Api {
    pub app: TestApp,
    /// The database URL, for tests that reach behind the API.
    pub url: String,
    pub jana: UserId,
    pub token: String,
}

/// An app with Jana and her token; `adjust` changes the configuration.
pub async fn spawn_api_with(adjust: impl FnOnce(&mut softland_web::config::Config)) -> Api {
    let mut url = String::new();
    let app = spawn_app_with(|c| {
        c.today_override = Some(today());
        adjust(c);
        url.clone_from(&c.database_url);
    })
    .await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let token = api_tokens::create(
        &app.db,
        jana,
        &softland_web::db::api_tokens::TokenName::parse("tests").unwrap(),
        None,
    )
    .await
    .unwrap()
    .secret;
    Api {
        app,
        url,
        jana,
        token,
    }
}

pub async fn spawn_api() -> Api {
    spawn_api_with(|_| {}).await
}

impl Api {
    /// A new account with `role` and a token of its own.
    pub async fn user_with_token(&self, email: &str, role: Role) -> (UserId, String) {
        let id = make_user(&self.app.db, email, role).await;
        let token = api_tokens::create(
            &self.app.db,
            id,
            &softland_web::db::api_tokens::TokenName::parse("tests").unwrap(),
            None,
        )
        .await
        .unwrap()
        .secret;
        (id, token)
    }

    /// A request to `path` below `/api/v1`, with `token` as bearer when given.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let builder = self
            .app
            .client
            .request(method, self.app.url(&format!("/api/v1{path}")));
        match token {
            Some(t) => builder.bearer_auth(t),
            None => builder,
        }
    }

    /// `GET path` with Jana's token.
    pub async fn get(&self, path: impl Into<String>) -> Response {
        self.get_as(path, &self.token.clone()).await
    }

    /// `GET path` with `token`.
    pub async fn get_as(&self, path: impl Into<String>, token: &str) -> Response {
        self.request(Method::GET, &path.into(), Some(token))
            .send()
            .await
            .unwrap()
    }

    /// `method path` with `body` as JSON and Jana's token.
    pub async fn send(&self, method: Method, path: impl Into<String>, body: Value) -> Response {
        self.send_as(method, path, body, &self.token.clone()).await
    }

    /// `method path` with `body` as JSON and `token`.
    pub async fn send_as(
        &self,
        method: Method,
        path: impl Into<String>,
        body: Value,
        token: &str,
    ) -> Response {
        self.request(method, &path.into(), Some(token))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The JSON of `GET path` with Jana's token.
    pub async fn get_json(&self, path: impl Into<String>) -> Value {
        self.get(path).await.json().await.unwrap()
    }

    /// The JSON answer to `method path` with `body` and Jana's token.
    pub async fn send_json(&self, method: Method, path: impl Into<String>, body: Value) -> Value {
        self.send(method, path, body).await.json().await.unwrap()
    }

    /// Opens Priya Sharma's case (employee card, arriving Wed 23 Dec 2026, her husband
    /// along) through the API; returns the case.
    pub async fn open_case(&self) -> Value {
        let res = self.send(Method::POST, "/cases", new_case_body()).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.unwrap()
    }

    /// Links a new expat account (with a token) to the principal of case `id`.
    pub async fn expat_of(&self, id: i64, email: &str) -> (UserId, String) {
        let (user, token) = self.user_with_token(email, Role::Expat).await;
        let stored = softland_web::db::cases::load(&self.app.db, CaseId(id))
            .await
            .unwrap();
        softland_web::db::users::link_person(&self.app.db, stored.person_ids[0], user)
            .await
            .unwrap();
        (user, token)
    }
}

/// The body of a valid new case.
pub fn new_case_body() -> Value {
    json!({
        "principal": {
            "name": "Priya Sharma", "email": "priya@example.com", "date_of_birth": "1991-04-12",
            "nationality": "Indian", "passport_number": "Z7654321", "passport_expiry": "2032-01-01"
        },
        "dependants": [
            {"name": "Arjun Sharma", "relation": "spouse", "date_of_birth": "1989-09-30", "nationality": "Indian"}
        ],
        "routes": ["employee-card"],
        "key_dates": {"arrival": "2026-12-23", "permit_expiry": "2028-01-02"}
    })
}

/// The status and the `error` object of an error answer, checking its shape.
pub async fn error_of(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        content_type.as_deref(),
        Some("application/json"),
        "status {status}"
    );
    let body: Value = res.json().await.unwrap();
    let error = body["error"].clone();
    assert!(
        error["code"].is_string() && error["message"].is_string(),
        "{body}"
    );
    assert!(error.get("field").is_some(), "{body}");
    (status, error)
}

/// Asserts an error answer with `status` and `code`; returns its `error` object.
pub async fn expect_error(res: Response, status: StatusCode, code: &str) -> Value {
    let (got, error) = error_of(res).await;
    assert_eq!(got, status, "{error}");
    assert_eq!(error["code"], code, "{error}");
    error
}

/// Asserts a 422 naming `field`.
pub async fn expect_invalid(res: Response, field: &str) {
    let error = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid").await;
    assert_eq!(error["field"], field, "{error}");
}

/// The item with template key `key` held by `holder` in `case`.
pub fn item<'a>(case: &'a Value, key: &str, holder: &str) -> &'a Value {
    case["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key && i["holder"] == holder)
        .unwrap_or_else(|| panic!("no {key} of {holder}"))
}

/// The `body` of every note in a list of notes.
pub fn bodies(list: &Value) -> Vec<String> {
    let notes = list["notes"].as_array().unwrap();
    notes
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect()
}

/// The `ETag` of an answer.
pub fn etag(res: &Response) -> String {
    res.headers()["etag"].to_str().unwrap().to_owned()
}
