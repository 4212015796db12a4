//! The caller's calendar feed address through the JSON API (`/api/v1/calendar-feed`).

use softland_web::db::users;

use super::{browser, fetch, setup};

#[tokio::test]
async fn the_api_makes_shows_and_revokes_the_callers_feed_address() {
    use softland_web::db::api_tokens::{self, TokenName};
    let (app, _, _) = setup().await;
    let jana = users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let token = api_tokens::create(&app.db, jana, &TokenName::parse("cal").unwrap(), None)
        .await
        .unwrap()
        .secret;
    let call = |method: reqwest::Method| {
        browser()
            .request(method, app.url("/api/v1/calendar-feed"))
            .bearer_auth(&token)
    };
    let shown: serde_json::Value = call(reqwest::Method::GET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["active"], false);
    let made = call(reqwest::Method::POST).send().await.unwrap();
    assert_eq!(made.status(), 201);
    let made: serde_json::Value = made.json().await.unwrap();
    let url = made["url"].as_str().unwrap();
    let path = &url[url.find("/calendar/").unwrap()..];
    assert_eq!(fetch(&app, path).await.status(), 200);
    let shown: serde_json::Value = call(reqwest::Method::GET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(shown["active"], true);
    let revoked = call(reqwest::Method::DELETE).send().await.unwrap();
    assert_eq!(revoked.status(), 204);
    assert_eq!(fetch(&app, path).await.status(), 404);
}
