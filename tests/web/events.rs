//! Events (issue 22): staff create, change and publish events (every mistake beside its
//! field, stale versions refused); the public lists and reads published events, never drafts;
//! registration with its confirmation mail and cancel link (`registration`), the capacity
//! under concurrent sign-ups and the waiting list (`seats`), attendance, CSV and the `.ics`
//! file (`attendance`), the portal's "Events for you" (`portal`).

mod api;
mod attendance;
mod portal;
mod registration;
mod safety;
mod seats;

use softland_web::auth::Role;
use softland_web::db::events::Registration;
use softland_web::db::events::read;
use softland_web::db::outbox;
use softland_web::ids::EventId;

use crate::support::{TestApp, assert_redirects_to, csrf_in, make_user, spawn_app, spawn_app_with};

/// An app with Ada (admin) signed in on `app.client`.
pub async fn setup() -> TestApp {
    staff_app(spawn_app().await).await
}

/// An app allowing `per_address` public submissions, with Ada signed in.
pub async fn setup_with_limit(per_address: u64) -> TestApp {
    staff_app(spawn_app_with(|c| c.public_posts_per_address = per_address).await).await
}

async fn staff_app(app: TestApp) -> TestApp {
    make_user(&app.db, "ada@centre.test", Role::Admin).await;
    let res = app
        .sign_in("ada@centre.test", crate::support::PASSWORD)
        .await;
    assert!(res.status().is_redirection());
    app
}

/// The date `days` from today (Prague) as `YYYY-MM-DD`.
pub fn day(days: i64) -> String {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Prague)
        .date_naive();
    (today + chrono::Duration::days(days)).to_string()
}

/// A valid event's fields, 10 days from now, changed by `changes`.
pub fn event_fields(changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("title", "Taxes for newcomers".into()),
        ("kind", "workshop".into()),
        ("summary", "How to file your first Czech tax return.".into()),
        ("description", "Bring your **payslips**.".into()),
        ("starts_on", day(10)),
        ("starts_time", "17:00".into()),
        ("ends_on", String::new()),
        ("ends_time", "19:00".into()),
        ("place", "Českobratrská 1, Ostrava".into()),
        ("online_url", String::new()),
        ("language", "English".into()),
        ("capacity", "20".into()),
        ("closes_on", String::new()),
        ("closes_time", String::new()),
        ("topics", "taxes, work".into()),
    ];
    for (name, value) in changes {
        for field in fields.iter_mut().filter(|(n, _)| n == name) {
            (*value).clone_into(&mut field.1);
        }
    }
    fields
}

/// Posts the event form to `path` with `fields` (and the CSRF token).
pub async fn post_event(
    app: &TestApp,
    path: &str,
    fields: &[(&'static str, String)],
) -> reqwest::Response {
    let csrf = app.csrf("/programme/new").await;
    let mut all = vec![("csrf", csrf)];
    all.extend(fields.iter().cloned());
    app.client
        .post(app.url(path))
        .form(&all)
        .send()
        .await
        .unwrap()
}

/// Creates an event with `changes` and returns its id (a draft).
pub async fn create(app: &TestApp, changes: &[(&'static str, &str)]) -> i64 {
    let res = post_event(app, "/programme", &event_fields(changes)).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    location
        .trim_start_matches("/programme/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Publishes event `id`.
pub async fn publish(app: &TestApp, id: i64) {
    let csrf = app.csrf("/programme/new").await;
    let res = app
        .post_form(&format!("/programme/{id}/publish"), &[("csrf", &csrf)])
        .await;
    assert_redirects_to(&res, &format!("/programme/{id}?done=published"));
}

/// A published event with `changes`.
pub async fn published(app: &TestApp, changes: &[(&'static str, &str)]) -> i64 {
    let id = create(app, changes).await;
    publish(app, id).await;
    id
}

/// A client of a visitor who is not signed in (cookies kept, no redirects followed).
pub fn visitor() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `client` registers `name` with `email` for event `id` through the public form.
pub async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    id: i64,
    name: &str,
    email: &str,
) -> reqwest::Response {
    let page = client
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    client
        .post(app.url(&format!("/events/{id}/register")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", name),
            ("email", email),
            ("consent", "yes"),
            ("website", ""),
        ])
        .send()
        .await
        .unwrap()
}

/// Every registration of event `id`.
pub async fn rows(app: &TestApp, id: i64) -> Vec<Registration> {
    read::registrations(&app.db, EventId(id)).await.unwrap()
}

/// Mails queued to `to`, newest first.
pub async fn mails_to(app: &TestApp, to: &str) -> Vec<outbox::Mail> {
    let filter = outbox::Filter {
        to: Some(to.to_owned()),
        ..outbox::Filter::default()
    };
    outbox::list(&app.db, &filter, 20).await.unwrap()
}

#[tokio::test]
async fn staff_create_an_event_as_a_draft_the_public_cannot_see() {
    let app = setup().await;
    let id = create(&app, &[]).await;
    let page = app
        .get(&format!("/programme/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Taxes for newcomers") && page.contains("Draft"));
    assert!(
        page.contains("<strong>payslips</strong>"),
        "the description is rendered"
    );
    let anonymous = visitor();
    let res = anonymous
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let list = anonymous
        .get(app.url("/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("Taxes for newcomers"));
    publish(&app, id).await;
    let list = anonymous
        .get(app.url("/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Taxes for newcomers") && list.contains("20 places left"));
    let page = anonymous
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("class=\"honeypot\"") && html.contains("Leave this empty"));
}

#[tokio::test]
async fn every_mistake_is_shown_beside_its_field_and_what_was_typed_is_kept() {
    let app = setup().await;
    let fields = event_fields(&[
        ("title", ""),
        ("ends_time", "16:00"),
        ("capacity", "0"),
        ("online_url", "javascript:alert(1)"),
        ("summary", "Kept as typed"),
    ]);
    let res = post_event(&app, "/programme", &fields).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for id in [
        "event-title-error",
        "event-ends-time-error",
        "event-capacity-error",
        "event-online-url-error",
    ] {
        assert!(html.contains(id), "{id} missing");
    }
    assert!(html.contains("value=\"Kept as typed\""));
    assert!(
        read::list(
            &app.db,
            read::Listing::Upcoming(chrono::Utc::now()),
            false,
            10
        )
        .await
        .unwrap()
        .is_empty()
    );
}

#[tokio::test]
async fn a_time_the_clocks_skip_is_refused_in_words() {
    let app = setup().await;
    let fields = event_fields(&[
        ("starts_on", "2027-03-28"),
        ("starts_time", "02:30"),
        ("ends_time", "04:00"),
    ]);
    let res = post_event(&app, "/programme", &fields).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("does not exist on that day")
    );
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_the_event_shown_as_it_is() {
    let app = setup().await;
    let id = create(&app, &[]).await;
    let path = format!("/programme/{id}");
    let mut first = event_fields(&[("title", "Taxes, first change")]);
    first.push(("version", "1".into()));
    assert_redirects_to(
        &post_event(&app, &path, &first).await,
        &format!("{path}?done=saved"),
    );
    let mut stale = event_fields(&[("title", "Taxes, stale change")]);
    stale.push(("version", "1".into()));
    let res = post_event(&app, &path, &stale).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("Taxes, first change"));
    let event = read::event(&app.db, EventId(id)).await.unwrap();
    assert_eq!(event.title, "Taxes, first change");
}

#[tokio::test]
async fn only_staff_reach_the_programme_pages() {
    let app = setup().await;
    let id = create(&app, &[]).await;
    for (email, role) in [
        ("exa@example.test", Role::Expat),
        ("amb@example.test", Role::Buddy),
        ("emp@example.test", Role::Employer),
    ] {
        make_user(&app.db, email, role).await;
        let other = visitor();
        let csrf = csrf_in(
            &other
                .get(app.url("/login"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        other
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email),
                ("password", crate::support::PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        for path in [
            "/programme".to_owned(),
            format!("/programme/{id}"),
            "/programme/new".to_owned(),
            format!("/programme/{id}/registrations.csv"),
        ] {
            let status = other
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            assert!(status == 403 || status == 404, "{email} {path}: {status}");
        }
        let draft = other
            .get(app.url(&format!("/events/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(draft.status(), 404, "a draft is not found for {email}");
    }
}
