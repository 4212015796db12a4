//! The search in the navigation (`/search`): the whole team's people by name, e-mail and
//! passport number, items by title; staff only; hostile text is harmless.

use reqwest::StatusCode;
use softland_domain::person::Relation;
use softland_domain::person::{Email, Nationality, Passport, PassportNumber, Person, PersonName};
use softland_domain::{Calendar, Case, KeyDate, KeyDates, NewCase, RouteKey};
use softland_web::auth::Role;
use softland_web::db::{cases, templates};

use crate::support::{PASSWORD, TestApp, date, make_user, spawn_app};

fn person(name: &str, relation: Relation, email: Option<&str>, passport: &str) -> Person {
    Person {
        name: PersonName::parse(name).unwrap(),
        relation,
        date_of_birth: date(1990, 5, 17),
        nationality: Nationality::parse("Indian").unwrap(),
        email: email.map(|e| Email::parse(e).unwrap()),
        passport: Some(Passport {
            number: PassportNumber::parse(passport).unwrap(),
            expiry: date(2032, 1, 1),
        }),
    }
}

/// An app where Jana (signed in) searches; her colleague Petr has the Sharmas' case.
async fn setup() -> TestApp {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let new = NewCase {
        principal: person(
            "Priya Sharma",
            Relation::Principal,
            Some("priya@example.test"),
            "Z7654321",
        ),
        dependants: vec![person("Arjun Sharma", Relation::Child, None, "K1112223")],
        routes: vec![RouteKey::parse("employee-card").unwrap()],
        key_dates: [(KeyDate::Arrival, date(2026, 12, 1))]
            .into_iter()
            .collect::<KeyDates>(),
        opened_on: date(2026, 11, 20),
    };
    let case = Case::open(new, &catalog, &Calendar::czech()).unwrap();
    cases::create(&app.db, &case, petr, petr, None)
        .await
        .unwrap();
    assert!(
        app.sign_in("jana@centre.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    app
}

async fn search(app: &TestApp, q: &str) -> (StatusCode, String) {
    let query = serde_html_form::to_string([("q", q)]).unwrap();
    let res = app.get(&format!("/search?{query}")).await;
    (res.status(), res.text().await.unwrap())
}

/// The People section of a results page.
fn people(html: &str) -> &str {
    let start = html
        .find(r#"id="people-heading""#)
        .expect("a People section");
    let end = html
        .find(r#"id="items-heading""#)
        .expect("an Items section");
    &html[start..end]
}

#[tokio::test]
async fn a_colleagues_client_is_found_by_name_email_and_passport_number() {
    let app = setup().await;
    for q in ["priya", "SHARMA", "priya@example", "z7654321"] {
        let (status, html) = search(&app, q).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        let found = people(&html);
        assert!(found.contains("Priya Sharma"), "{q}: {found}");
        assert!(
            found.contains(r#"href="/cases/"#),
            "a link to the case: {found}"
        );
        assert!(found.contains("petr"), "the consultant: {found}");
        assert!(found.contains("Employee card"), "the route's name: {found}");
        assert!(!found.contains("employee-card"), "never the key: {found}");
    }
}

#[tokio::test]
async fn a_household_member_is_found_in_the_principals_case() {
    let app = setup().await;
    let (_, html) = search(&app, "K1112223").await;
    let found = people(&html);
    assert!(found.contains("Arjun Sharma"), "{found}");
    assert!(
        found.contains("Child in the case of Priya Sharma"),
        "{found}"
    );
    assert!(
        !found.contains(">Priya Sharma</a>"),
        "only who matched: {found}"
    );
}

#[tokio::test]
async fn checklist_items_are_found_by_title_with_their_case_and_person() {
    let app = setup().await;
    let (status, html) = search(&app, "health insurance card").await;
    assert_eq!(status, StatusCode::OK);
    let items = &html[html.find(r#"id="items-heading""#).unwrap()..];
    assert!(
        items.contains("Get your public health insurance card"),
        "{items}"
    );
    assert!(items.contains("Priya Sharma"), "the case: {items}");
    assert!(items.contains(r#"href="/cases/"#), "{items}");
}

#[tokio::test]
async fn the_nav_offers_the_search_on_every_staff_page_with_its_script() {
    let app = setup().await;
    let html = app.get("/cases").await.text().await.unwrap();
    assert!(
        html.contains(r#"<form class="nav-search" method="get" action="/search" role="search""#),
        "{html}"
    );
    assert!(html.contains(r#"<label for="nav-search""#), "{html}");
    assert!(html.contains(r#"<script src="/static/search.js" defer></script>"#));
    let js = app.get("/static/search.js").await;
    assert_eq!(js.status(), StatusCode::OK);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.text().await.unwrap().contains("nav-search"));
}

#[tokio::test]
async fn no_text_is_a_hint_and_one_character_is_refused_beside_the_box() {
    let app = setup().await;
    let (status, html) = search(&app, "  ").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Type a name, e-mail, passport number"),
        "{html}"
    );
    let (status, html) = search(&app, "p").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="search-q-error""#), "{html}");
    assert_eq!(app.get("/search").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn wildcards_and_quotes_are_taken_literally() {
    let app = setup().await;
    for q in [
        "%%",
        "__",
        "a_",
        "%a%",
        "' OR 1=1 --",
        "\"Sharma\"",
        "\\%",
        "Sh%a",
    ] {
        let (status, html) = search(&app, q).await;
        assert_eq!(status, StatusCode::OK, "{q}");
        assert!(
            !people(&html).contains("Priya Sharma"),
            "{q} matched as a wildcard"
        );
    }
}

#[tokio::test]
async fn long_or_control_text_is_refused_cleanly() {
    let app = setup().await;
    let (status, html) = search(&app, &"a".repeat(101)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("at most 100 characters"), "{html}");
    let (status, _) = search(&app, &"ř".repeat(5000)).await;
    assert!(status.is_client_error(), "{status}");
    let (status, _) = search(&app, "Priya\0Sharma").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_search_is_for_staff_only() {
    let app = spawn_app().await;
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    let res = app.get("/search?q=Sharma").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/login?next=/search"), "{to}");
    app.sign_in("priya@mail.test", PASSWORD).await;
    assert_eq!(
        app.get("/search?q=Sharma").await.status(),
        StatusCode::FORBIDDEN
    );
}
