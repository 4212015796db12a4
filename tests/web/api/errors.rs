//! Malformed requests get the JSON error shape with the right status, never axum's plain text.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{expect_error, expect_invalid, spawn_api, spawn_api_with};

#[tokio::test]
async fn broken_json_is_400() {
    let api = spawn_api().await;
    let req = api.request(Method::POST, "/cases", Some(&api.token));
    let req = req
        .header("content-type", "application/json")
        .body("{\"principal\": ");
    let res = req.send().await.unwrap();
    expect_error(res, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let api = spawn_api().await;
    let req = api.request(Method::POST, "/cases", Some(&api.token));
    let res = req.form(&[("routes", "study")]).send().await.unwrap();
    let code = "unsupported_media_type";
    expect_error(res, StatusCode::UNSUPPORTED_MEDIA_TYPE, code).await;
}

#[tokio::test]
async fn a_value_of_the_wrong_type_or_an_unknown_field_is_422_naming_it() {
    let api = spawn_api().await;
    let id = api.open_case().await["id"].clone();
    let hold = format!("/cases/{id}/hold");
    let wrong_type = json!({"reason": "x", "version": "one"});
    expect_invalid(api.send(Method::POST, &hold, wrong_type).await, "version").await;
    let unknown = json!({"reason": "x", "why": "y"});
    expect_invalid(api.send(Method::POST, &hold, unknown).await, "why").await;
    let nul = json!({"body": "a\u{0}b"});
    let res = api
        .send(Method::POST, format!("/cases/{id}/notes"), nul)
        .await;
    expect_invalid(res, "body").await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_with_or_without_a_length() {
    let api = spawn_api_with(|c| c.max_body_bytes = 1024).await;
    let big = json!({"body": "x".repeat(4096)}).to_string();
    let req = api.request(Method::POST, "/cases/1/notes", Some(&api.token));
    let req = req
        .header("content-type", "application/json")
        .body(big.clone());
    let res = req.send().await.unwrap();
    expect_error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let chunked = chunked_post(&api, "/api/v1/cases/1/notes", &big).await;
    assert!(chunked.starts_with("HTTP/1.1 413"), "{chunked}");
    assert!(
        chunked.contains("\"code\":\"payload_too_large\""),
        "{chunked}"
    );
}

/// Posts `body` without a length (chunked), over a raw connection; the whole answer.
async fn chunked_post(api: &super::Api, path: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(api.app.addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        api.app.addr, api.token
    );
    let chunks = format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(chunks.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn an_unreadable_path_or_query_is_400() {
    let api = spawn_api().await;
    expect_error(
        api.get("/cases/abc").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    let res = api.get("/dashboard?team=maybe").await;
    expect_error(res, StatusCode::BAD_REQUEST, "bad_request").await;
    let res = api.get("/cases?q=a%00b").await;
    expect_error(res, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn an_unknown_path_is_404_and_a_wrong_method_405() {
    let api = spawn_api().await;
    expect_error(
        api.get("/no-such-thing").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = api.send(Method::DELETE, "/cases", json!({})).await;
    let code = "method_not_allowed";
    expect_error(res, StatusCode::METHOD_NOT_ALLOWED, code).await;
}
