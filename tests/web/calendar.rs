//! Calendars (issue 19): the iCalendar feeds of consultants and expats behind a secret
//! address, the feed section of the account pages, and the staff month view.

use std::str::FromStr as _;

use icalendar::{Component as _, DatePerhapsTime};
use softland_domain::StatusKind;
use softland_domain::person::{Email, PersonName};
use softland_web::auth::Role;
use softland_web::db::{cases, notes, templates, users};
use softland_web::ids::{CaseId, UserId};

mod api;
mod month;

use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, csrf_in, date, edited, employee_card_case, make_user,
    spawn_app_with,
};

/// Today is Mon 4 Jan 2027: Jana and Eva are consultants with a case each; Jana is signed
/// in on the app's client.
async fn setup() -> (TestApp, CaseId, CaseId) {
    let app = spawn_app_with(|c| c.today_override = Some(date(2027, 1, 4))).await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let eva = make_user(&app.db, "eva@centre.test", Role::Consultant).await;
    let mine = new_case(&app, jana, "Priya Sharma").await;
    let theirs = new_case(&app, eva, "Tomas Other").await;
    assert_redirects_to(&app.sign_in("jana@centre.test", PASSWORD).await, "/");
    (app, mine, theirs)
}

async fn new_case(app: &TestApp, consultant: UserId, name: &str) -> CaseId {
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = edited(employee_card_case(&catalog, date(2026, 12, 23)), |c| {
        c.people[0].name = PersonName::parse(name).unwrap();
        c.people[0].email = Some(Email::parse("family@mail.test").unwrap());
    });
    cases::create(&app.db, &case, consultant, consultant, None)
        .await
        .unwrap()
}

/// A fresh browser (own cookies, no redirects) on the app.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Makes a feed address through the account page at `account` (`/account` or
/// `/my/account`) and returns its path (`/calendar/<secret>.ics`).
async fn make_feed(app: &TestApp, client: &reqwest::Client, account: &str) -> String {
    let page = client.get(app.url(account)).send().await.unwrap();
    let page = page.text().await.unwrap();
    // The feed section is on the page once, and never inside its title.
    let title = &page[page.find("<title>").unwrap()..page.find("</title>").unwrap()];
    assert!(
        !title.contains("calendar"),
        "the title holds markup: {title}"
    );
    assert_eq!(page.matches(r#"id="calendar-feed-heading""#).count(), 1);
    let csrf = csrf_in(&page);
    let res = client
        .post(app.url(&format!("{account}/calendar-feed")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let html = res.text().await.unwrap();
    let marker = r#"<code id="calendar-feed-url">"#;
    let start = html.find(marker).expect("the new address, shown once") + marker.len();
    let url = html[start..].split('<').next().unwrap();
    let path = &url[url.find("/calendar/").unwrap()..];
    let again = client.get(app.url(account)).send().await.unwrap();
    assert!(
        !again.text().await.unwrap().contains(path),
        "shown once only"
    );
    path.to_owned()
}

async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    browser().get(app.url(path)).send().await.unwrap()
}

/// The feed at `path`, checked as RFC 5545 text and parsed by the `icalendar` crate.
async fn feed(app: &TestApp, path: &str) -> (String, icalendar::Calendar) {
    let res = fetch(app, path).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let body = res.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
    }
    let parsed = icalendar::Calendar::from_str(&body).expect("the feed parses");
    (body, parsed)
}

fn day(value: Option<DatePerhapsTime>) -> chrono::NaiveDate {
    match value {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("an all-day date expected, got {other:?}"),
    }
}

/// `uid → (start, end)` of every event.
fn events(parsed: &icalendar::Calendar) -> Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> {
    parsed
        .events()
        .map(|e| {
            let uid = e.get_uid().expect("a UID").to_owned();
            (uid, day(e.get_start()), day(e.get_end()))
        })
        .collect()
}

/// `(uid suffix, start, end)` the feed should hold for case `id`'s open items with a due date.
async fn expected(
    app: &TestApp,
    id: CaseId,
) -> Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> {
    let stored = cases::load(&app.db, id).await.unwrap();
    let mut out = Vec::new();
    for (index, item) in stored.case.items().iter().enumerate() {
        let open = matches!(
            item.status().kind(),
            StatusKind::ToDo | StatusKind::InProgress
        );
        let Some(due) = item.due() else { continue };
        if open {
            let start = item.opens().filter(|o| *o <= due).unwrap_or(due);
            let uid = format!("item-{}@", stored.item_ids[index].0);
            out.push((uid, start, due + chrono::Days::new(1)));
        }
    }
    out
}

#[tokio::test]
async fn consultant_feed_has_their_open_items_as_all_day_events_with_stable_uids() {
    let (app, mine, theirs) = setup().await;
    let path = make_feed(&app, &app.client, "/account").await;
    let (first, parsed) = feed(&app, &path).await;
    let (second, _) = feed(&app, &path).await;
    assert_eq!(first, second, "the same items give the same feed");
    let got = events(&parsed);
    let want = expected(&app, mine).await;
    assert!(!want.is_empty(), "the case has open items with due dates");
    assert_eq!(got.len(), want.len());
    for ((uid, start, end), (prefix, from, until)) in got.iter().zip(&want) {
        assert!(uid.starts_with(prefix.as_str()), "{uid} vs {prefix}");
        assert_eq!((start, end), (from, until), "{uid}");
    }
    let summary = parsed.events().next().unwrap().get_summary().unwrap();
    assert!(summary.ends_with(" — Priya Sharma"), "{summary}");
    let url = parsed.events().next().unwrap().get_url().unwrap();
    assert!(url.contains(&format!("/cases/{mine}?at=item-")), "{url}");
    for (prefix, _, _) in expected(&app, theirs).await {
        assert!(
            !first.contains(&format!("UID:{prefix}")),
            "another consultant's item"
        );
    }
    assert!(!first.contains("Tomas Other"));
}

#[tokio::test]
async fn window_items_span_from_opening_to_due_date() {
    let (app, _, _) = setup().await;
    let jana = users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    // The card ends on 31 March 2027: its extension can be filed from 120 days before.
    let catalog = templates::catalog(&app.db).await.unwrap();
    let mut case = employee_card_case(&catalog, date(2026, 12, 23));
    let cal = softland_domain::Calendar::czech();
    case.set_key_date(
        softland_domain::KeyDate::PermitExpiry,
        Some(date(2027, 3, 31)),
        &cal,
    );
    let id = cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    let path = make_feed(&app, &app.client, "/account").await;
    let (_, parsed) = feed(&app, &path).await;
    let windows: Vec<_> = expected(&app, id)
        .await
        .into_iter()
        .filter(|(_, start, end)| *end - *start > chrono::Duration::days(1))
        .collect();
    assert!(!windows.is_empty(), "the extension is a window item");
    for (prefix, start, end) in windows {
        let event = parsed
            .events()
            .find(|e| e.get_uid().unwrap().starts_with(prefix.as_str()))
            .unwrap();
        assert_eq!((day(event.get_start()), day(event.get_end())), (start, end));
    }
}

#[tokio::test]
async fn expat_feed_has_only_their_household_items_and_no_internal_text() {
    let (app, mine, theirs) = setup().await;
    let jana = users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    let marker = "INTERNAL-MARKER-5c1e";
    notes::add(
        &app.db,
        mine,
        jana,
        notes::Visibility::Internal,
        &softland_domain::note::NoteText::parse(&format!("{marker}: salary below threshold?"))
            .unwrap(),
    )
    .await
    .unwrap();
    let stored = cases::load(&app.db, mine).await.unwrap();
    let priya = make_user(&app.db, "priya@mail.test", Role::Expat).await;
    users::link_person(&app.db, stored.person_ids[0], priya)
        .await
        .unwrap();
    let expat = browser();
    let csrf = csrf_in(
        &expat
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("email", "priya@mail.test"),
        ("password", PASSWORD),
    ];
    let res = expat
        .post(app.url("/login"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_redirects_to(&res, "/my");
    let path = make_feed(&app, &expat, "/my/account").await;
    let (body, parsed) = feed(&app, &path).await;
    assert!(
        !body.contains(marker),
        "an internal note in the expat's feed"
    );
    assert!(
        !body.contains("Priya Sharma"),
        "the expat's own summaries are the plain titles"
    );
    let want = expected(&app, mine).await;
    assert_eq!(events(&parsed).len(), want.len());
    for (prefix, _, _) in expected(&app, theirs).await {
        assert!(
            !body.contains(&format!("UID:{prefix}")),
            "another household's item"
        );
    }
    let event = parsed.events().next().unwrap();
    assert!(event.get_url().unwrap().contains("/my#item-"));
    assert!(event.get_description().is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn revoked_and_replaced_feed_addresses_are_not_found() {
    let (app, _, _) = setup().await;
    let old = make_feed(&app, &app.client, "/account").await;
    let new = make_feed(&app, &app.client, "/account").await;
    assert_ne!(old, new);
    assert_eq!(
        fetch(&app, &old).await.status(),
        404,
        "regenerating revokes"
    );
    assert_eq!(fetch(&app, &new).await.status(), 200);
    let csrf = app.csrf("/account").await;
    let res = app
        .post_form("/account/calendar-feed/revoke", &[("csrf", &csrf)])
        .await;
    assert_redirects_to(&res, "/account");
    assert_eq!(fetch(&app, &new).await.status(), 404);
    let page = app.get("/account").await.text().await.unwrap();
    assert!(page.contains("You have no feed address."));
}

#[tokio::test]
async fn a_password_change_revokes_the_feed_address() {
    let (app, _, _) = setup().await;
    let path = make_feed(&app, &app.client, "/account").await;
    let csrf = app.csrf("/account").await;
    let new = "another long passphrase for jana";
    let res = app
        .post_form(
            "/account/password",
            &[
                ("csrf", csrf.as_str()),
                ("current", PASSWORD),
                ("password", new),
                ("confirm", new),
            ],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(fetch(&app, &path).await.status(), 404);
}

#[tokio::test]
async fn unknown_addresses_and_deactivated_accounts_get_not_found() {
    let (app, _, _) = setup().await;
    let path = make_feed(&app, &app.client, "/account").await;
    let unknown = format!("/calendar/{}.ics", "0".repeat(64));
    assert_eq!(fetch(&app, &unknown).await.status(), 404);
    assert_eq!(fetch(&app, "/calendar/nonsense.ics").await.status(), 404);
    assert_eq!(fetch(&app, &path.replace(".ics", "")).await.status(), 404);
    let jana = users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap()
        .id;
    users::set_active(&app.db, jana, false).await.unwrap();
    assert_eq!(fetch(&app, &path).await.status(), 404);
}

#[tokio::test]
async fn feed_forms_need_the_csrf_token() {
    let (app, _, _) = setup().await;
    let res = app.post_form("/account/calendar-feed", &[]).await;
    assert_eq!(res.status(), 403);
}
