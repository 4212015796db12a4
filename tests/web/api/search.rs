//! `GET /search`: the navigation's search as JSON, with the page's limits and refusals.

use reqwest::StatusCode;
use serde_json::Value;
use softland_web::auth::Role;

use super::{expect_error, expect_invalid, spawn_api};

#[tokio::test]
async fn a_search_finds_people_by_passport_number_and_items_by_title() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let found: Value = api.get_json("/search?q=z7654321").await;
    assert_eq!(found["q"], "z7654321");
    let people = found["people"].as_array().unwrap();
    assert_eq!(people.len(), 1, "{found}");
    assert_eq!(people[0]["name"], "Priya Sharma");
    assert_eq!(people[0]["case_id"], case["id"]);
    assert_eq!(people[0]["case_status"], "open");
    assert_eq!(people[0]["routes"][0]["name"], "Employee card");
    let found: Value = api.get_json("/search?q=health%20insurance%20card").await;
    let items = found["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{found}");
    assert_eq!(items[0]["principal"], "Priya Sharma");
    assert_eq!(found["more_items"], false);
}

#[tokio::test]
async fn text_that_is_not_searched_for_is_a_422_of_q() {
    let api = spawn_api().await;
    let long = "a".repeat(101);
    for q in ["", "q=", "q=%20", "q=a", "q=a%0Ab", &format!("q={long}")] {
        expect_invalid(api.get(format!("/search?{q}")).await, "q").await;
    }
    // A NUL is refused by the API's query reader before the search sees it.
    let res = api.get("/search?q=a%00b").await;
    expect_error(res, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn an_expat_token_may_not_search() {
    let api = spawn_api().await;
    let (_, token) = api.user_with_token("priya@example.com", Role::Expat).await;
    let res = api.get_as("/search?q=Sharma", &token).await;
    expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
}
