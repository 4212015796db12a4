//! Search across the guides and published articles (issue 22).

use crate::public_articles::{admin_app, write};
use crate::support::spawn_app;

#[tokio::test]
async fn search_finds_a_guide_by_a_steps_words() {
    let app = spawn_app().await;
    let html = app
        .get("/guides?q=embassy+vacancy")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"href="/guides/employee-card""#), "{html}");
    assert!(html.contains("<mark>"));
}

#[tokio::test]
async fn search_finds_published_articles_by_their_body_and_ignores_drafts() {
    let app = admin_app().await;
    write(
        &app,
        "doctors",
        "Finding a GP",
        "Register with a practitioner near Zábřeh.",
        "publish",
    )
    .await;
    write(
        &app,
        "secret-draft",
        "Draft about practitioners",
        "A practitioner draft.",
        "draft",
    )
    .await;
    let html = app
        .get("/guides?q=practitioner")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"href="/articles/doctors""#), "{html}");
    assert!(!html.contains("secret-draft"));
}

#[tokio::test]
async fn title_hits_rank_first() {
    let app = admin_app().await;
    write(
        &app,
        "body-only",
        "Living here",
        "Trams are run by the city.",
        "publish",
    )
    .await;
    write(
        &app,
        "title-hit",
        "Trams in Ostrava",
        "How to ride.",
        "publish",
    )
    .await;
    let html = app.get("/guides?q=trams").await.text().await.unwrap();
    let title = html.find("/articles/title-hit").unwrap();
    let body = html.find("/articles/body-only").unwrap();
    assert!(title < body);
}

#[tokio::test]
async fn hostile_input_never_fails() {
    let app = spawn_app().await;
    for q in [
        "\"",
        "*",
        "a AND OR NOT",
        "NEAR(",
        "'; DROP TABLE site_search; --",
        "%",
        "\u{E000}x",
        "日本語",
        "title:x",
        "-",
        "^",
        "((((",
        "x*y\"z",
    ] {
        let res = app.get(&format!("/guides?q={}", urlencode(q))).await;
        assert_eq!(res.status(), 200, "{q}");
    }
    let res = app.get("/api/v1/public/search?q=%22*%28").await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_anonymous_api_searches_without_a_token() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/public/search?q=embassy").await;
    assert_eq!(res.status(), 200);
    let json: serde_json::Value = res.json().await.unwrap();
    let results = json["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["path"] == "/guides/employee-card"));
    let empty: serde_json::Value = app
        .get("/api/v1/public/search?q=")
        .await
        .json()
        .await
        .unwrap();
    assert!(empty["results"].as_array().unwrap().is_empty());
}

fn urlencode(q: &str) -> String {
    use std::fmt::Write as _;
    q.bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "%{b:02X}");
        out
    })
}
