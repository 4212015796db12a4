//! The public deadline calculator (issue 22): the case engine's dates from the current route
//! templates on the centre's calendar, for anyone, nothing stored; mistakes beside fields.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use softland_domain::site::calculator;
use softland_domain::{Calendar, Catalog, KeyDate, KeyDates, RouteKey};

use crate::api::{expect_invalid, item, spawn_api};
use crate::support::{date, make_user, spawn_app};

const REGISTER: &str = "Report to the Ministry of the Interior office after arrival";

#[tokio::test]
async fn the_calculator_asks_for_a_route_then_for_the_dates_it_counts_from() {
    let app = spawn_app().await;
    let first = app.get("/calculator").await;
    assert_eq!(first.status(), StatusCode::OK);
    let html = first.text().await.unwrap();
    assert!(
        html.contains(r#"<option value="employee-card">Employee card</option>"#),
        "{html}"
    );
    assert!(!html.contains(r#"name="arrival""#));
    assert!(html.contains("guidance, not legal advice"));
    let second = app
        .get("/calculator?route=employee-card")
        .await
        .text()
        .await
        .unwrap();
    assert!(second.contains(r#"name="arrival""#), "{second}");
    assert!(second.contains(r#"<option value="employee-card" selected>"#));
}

#[tokio::test]
async fn arrival_before_christmas_gives_the_engines_registration_date_after_the_holidays() {
    let app = spawn_app().await;
    let res = app
        .get("/calculator?route=employee-card&arrival=2026-12-23")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    // 24–26 Dec are public holidays and 27 Dec a Sunday: the third working day is 30 Dec.
    let at = html.find(REGISTER).expect("the registration step");
    let card = &html[at..at + html[at..].find("</li>").unwrap()];
    assert!(
        card.contains(r#"<time datetime="2026-12-30">Wed 30 Dec 2026</time>"#),
        "{card}"
    );
    assert!(html.contains(r#"href="/guides/employee-card""#));
    assert!(html.contains(r#"href="/contact""#));
}

#[tokio::test]
async fn the_calculator_gives_the_same_dates_as_a_case_opened_by_a_consultant() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let registration = item(&case, "reg-dvr", "0");
    let res = api
        .request(
            Method::GET,
            "/public/calculator?route=employee-card&arrival=2026-12-23",
            None,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let timeline: Value = res.json().await.unwrap();
    let step = timeline["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == REGISTER)
        .unwrap();
    assert_eq!(step["due"], registration["due_on"]);
    assert_eq!(step["due"], "2026-12-30");
    assert_eq!(step["explanation"], registration["explanation"]);
    assert_eq!(timeline["dates_needed"][0], "arrival");
    assert_eq!(timeline["template_version"], 3);
}

#[tokio::test]
async fn the_api_timeline_is_the_domain_engines_in_due_date_order() {
    let api = spawn_api().await;
    let timeline: Value = api
        .request(
            Method::GET,
            "/public/calculator?route=employee-card&arrival=2026-12-23&permit_expiry=2028-12-22",
            None,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut dates = KeyDates::new();
    dates.set(KeyDate::Arrival, Some(date(2026, 12, 23)));
    dates.set(KeyDate::PermitExpiry, Some(date(2028, 12, 22)));
    let expected = calculator::timeline(
        &RouteKey::parse("employee-card").unwrap(),
        &dates,
        crate::api::today(),
        &Catalog::shipped().unwrap(),
        &Calendar::czech(),
    )
    .unwrap();
    let got = timeline["steps"].as_array().unwrap();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g["title"], e.title.as_str());
        assert_eq!(
            g["due"],
            serde_json::to_value(e.due).unwrap(),
            "{}",
            e.title
        );
        assert_eq!(
            g["opens"],
            serde_json::to_value(e.opens).unwrap(),
            "{}",
            e.title
        );
    }
}

#[tokio::test]
async fn bad_dates_and_unknown_routes_are_shown_beside_their_fields() {
    let app = spawn_app().await;
    let res = app
        .get("/calculator?route=employee-card&arrival=2026-02-30")
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="calc-arrival-error""#), "{html}");
    assert!(html.contains("Enter a real date"));
    assert!(
        html.contains(r#"value="2026-02-30""#),
        "what was typed is kept"
    );
    let empty = app.get("/calculator?route=employee-card&arrival=").await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = app
        .get("/calculator?route=moon-base&arrival=2026-12-23")
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains(r#"id="calc-route-error""#)
    );
    let weird = app.get("/calculator?route=..%2F..&arrival=x").await;
    assert_eq!(weird.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_api_names_the_wrong_field_and_needs_no_token() {
    let api = spawn_api().await;
    let ask = |q: &'static str| {
        api.request(Method::GET, &format!("/public/calculator?{q}"), None)
            .send()
    };
    expect_invalid(ask("route=employee-card").await.unwrap(), "arrival").await;
    expect_invalid(ask("route=nope&arrival=2026-12-23").await.unwrap(), "route").await;
    expect_invalid(
        ask("route=employee-card&arrival=2026-12-23&permit_expiry=soon")
            .await
            .unwrap(),
        "permit_expiry",
    )
    .await;
}

#[tokio::test]
async fn a_new_template_version_changes_the_calculators_steps() {
    let app = spawn_app().await;
    let admin = make_user(
        &app.db,
        "admin@centre.test",
        softland_web::auth::Role::Admin,
    )
    .await;
    let text = softland_domain::template::SHIPPED_ROUTES
        .iter()
        .find(|(file, _)| *file == "employee-card.toml")
        .unwrap()
        .1
        .replace("version = 3", "version = 4")
        .replace(
            "Apply for the employee card at the embassy",
            "Apply for the employee card at the embassy (step one)",
        );
    let url = "/calculator?route=employee-card&arrival=2026-12-23";
    let before = app.get(url).await.text().await.unwrap();
    assert!(!before.contains("(step one)"));
    softland_web::db::templates::upload(&app.db, "employee-card.toml", &text, admin)
        .await
        .unwrap();
    let after = app.get(url).await.text().await.unwrap();
    assert!(after.contains("Apply for the employee card at the embassy (step one)"));
    assert!(after.contains("version 4"));
}
