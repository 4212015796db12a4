//! What the public registration must not give away or allow (security review of issue 22):
//! registrations are an account's only when made signed in, mails carry no typed text and are
//! limited per recipient, the waiting list moves only before the start of a published event,
//! the answer is the same for a known e-mail, the online link of a limited event goes to people
//! with a place only, and personal links are kept out of search engines.

use serde_json::json;

use super::portal::{EXPAT, expat};
use super::{
    create, day, event_fields, mails_to, post_event, publish, published, register, rows, setup,
    setup_with_limit, visitor,
};
use crate::support::{TestApp, csrf_in};

fn cancel_link(body: &str) -> String {
    let start = body.find("/events/registrations/").unwrap();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

async fn text(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Staff add `name` with `email` to event `id` (after the start too).
async fn staff_add(app: &TestApp, id: i64, name: &str, email: &str) {
    let csrf = app.csrf(&format!("/programme/{id}")).await;
    let res = app
        .post_form(
            &format!("/programme/{id}/registrations"),
            &[("csrf", &csrf), ("name", name), ("email", email)],
        )
        .await;
    assert!(res.status().is_redirection(), "{name}");
}

#[tokio::test]
async fn an_account_with_someone_elses_email_neither_sees_nor_cancels_their_registration() {
    let app = setup().await;
    let id = published(&app, &[("title", "Victim's workshop")]).await;
    // Someone registered without signing in; an account now carries the same e-mail.
    register(&app, &visitor(), id, "Priya Sharma", EXPAT).await;
    let theirs = rows(&app, id).await[0].id;
    let other = expat(&app).await;
    let (_, mine) = text(&other, &app, "/my/events").await;
    assert!(!mine.contains(&format!("/registrations/{theirs}/cancel")));
    let res = other
        .post(app.url(&format!("/my/events/{id}/registrations/{theirs}/cancel")))
        .form(&[("csrf", csrf_in(&mine).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(rows(&app, id).await[0].status.as_str(), "registered");
}

#[tokio::test]
async fn mail_to_an_unconfirmed_address_carries_no_typed_name() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    register(
        &app,
        &visitor(),
        id,
        "Win a prize at evil.example",
        "x@example.test",
    )
    .await;
    let mail = &mails_to(&app, "x@example.test").await[0];
    assert!(mail.body.starts_with("Hello,\n"), "{}", mail.body);
    assert!(!mail.body.contains("evil.example") && !mail.subject.contains("evil"));
}

#[tokio::test]
async fn one_recipient_is_sent_at_most_five_registration_mails_a_day_by_page_or_api() {
    let app = setup_with_limit(1000).await;
    let id = published(&app, &[]).await;
    let other = published(&app, &[("title", "Another")]).await;
    let client = visitor();
    for _ in 0..5 {
        let res = register(&app, &client, id, "Someone", "target@example.test").await;
        assert_eq!(res.status(), 200);
    }
    let res = register(&app, &client, other, "Someone", "TARGET@example.test").await;
    assert_eq!(res.status(), 429);
    let res = client
        .post(app.url(&format!("/api/v1/public/events/{other}/registrations")))
        .json(&json!({"name": "Someone", "email": "target@example.test", "consent": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(rows(&app, other).await.is_empty(), "nothing stored");
    assert_eq!(mails_to(&app, "target@example.test").await.len(), 5);
    let res = register(&app, &client, other, "Someone", "else@example.test").await;
    assert_eq!(res.status(), 200, "other recipients are not affected");
}

#[tokio::test]
async fn a_registration_cannot_be_cancelled_once_the_event_has_started() {
    let app = setup().await;
    // Started yesterday, one place: staff added two at the door, the second waits.
    let id = create(&app, &[("starts_on", &day(-1)), ("capacity", "1")]).await;
    publish(&app, id).await;
    staff_add(&app, id, "First", "first@example.test").await;
    staff_add(&app, id, "Second", "second@example.test").await;
    let link = cancel_link(&mails_to(&app, "first@example.test").await[0].body);
    let client = visitor();
    let (status, page) = text(&client, &app, &link).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("can no longer be cancelled") && !page.contains("Cancel my registration")
    );
    // A stale page's form, posted anyway (any public page's token does).
    let csrf = csrf_in(&text(&client, &app, "/login").await.1);
    let res = client
        .post(app.url(&link))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("can no longer be cancelled")
    );
    let first = rows(&app, id).await;
    assert_eq!(first[0].status.as_str(), "registered");
    assert_eq!(first[1].status.as_str(), "waiting", "nobody moved up");
}

#[tokio::test]
async fn the_api_refuses_cancelling_after_the_start_on_the_status_field() {
    let api = crate::api::spawn_api().await;
    let mut event = json!({
        "title": "Held yesterday", "kind": "workshop", "starts_on": day(-1),
        "starts_time": "10:00", "ends_time": "11:00", "place": "Ostrava", "capacity": "1",
    });
    let created: serde_json::Value = api
        .request(reqwest::Method::POST, "/events", Some(&api.token))
        .json(&event)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    event = json!({"status": "published"});
    let res = api
        .request(
            reqwest::Method::PATCH,
            &format!("/events/{id}"),
            Some(&api.token),
        )
        .json(&event)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let added: serde_json::Value = api
        .request(
            reqwest::Method::POST,
            &format!("/events/{id}/registrations"),
            Some(&api.token),
        )
        .json(&json!({"name": "Ana", "email": "ana@example.test"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = api
        .request(
            reqwest::Method::PATCH,
            &format!("/events/{id}/registrations/{}", added["id"]),
            Some(&api.token),
        )
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    let (status, error) = crate::api::error_of(res).await;
    assert_eq!(status, 422);
    assert!(error.to_string().contains("status"), "{error}");
}

/// Event `id` at version `version` saved with `changes`.
async fn edit(app: &TestApp, id: i64, version: &str, changes: &[(&'static str, &str)]) {
    let mut fields = event_fields(changes);
    fields.push(("version", version.into()));
    let res = post_event(app, &format!("/programme/{id}"), &fields).await;
    assert!(res.status().is_redirection(), "{}", res.status());
}

#[tokio::test]
async fn raising_the_capacity_of_a_cancelled_event_moves_nobody_up() {
    let app = setup().await;
    let id = published(&app, &[("capacity", "1")]).await;
    let client = visitor();
    register(&app, &client, id, "First", "first@example.test").await;
    register(&app, &client, id, "Second", "second@example.test").await;
    let csrf = app.csrf(&format!("/programme/{id}")).await;
    let res = app
        .post_form(&format!("/programme/{id}/cancel"), &[("csrf", &csrf)])
        .await;
    assert!(res.status().is_redirection());
    edit(&app, id, "3", &[("capacity", "5")]).await;
    let second = rows(&app, id).await;
    assert_eq!(second[1].status.as_str(), "waiting");
    let mails = mails_to(&app, "second@example.test").await;
    assert!(
        !mails
            .iter()
            .any(|m| m.subject.contains("You have a place now"))
    );
}

#[tokio::test]
async fn the_promotion_mail_carries_the_saved_time_and_place() {
    let app = setup().await;
    let id = published(&app, &[("capacity", "1")]).await;
    let client = visitor();
    register(&app, &client, id, "First", "first@example.test").await;
    register(&app, &client, id, "Second", "second@example.test").await;
    edit(
        &app,
        id,
        "2",
        &[
            ("capacity", "2"),
            ("place", "New Hall 5, Ostrava"),
            ("starts_time", "18:15"),
            ("ends_time", "20:00"),
        ],
    )
    .await;
    let mail = &mails_to(&app, "second@example.test").await[0];
    assert!(
        mail.subject.contains("You have a place now"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("New Hall 5, Ostrava") && mail.body.contains("18:15"));
    assert!(!mail.body.contains("Českobratrská"));
}

#[tokio::test]
async fn a_known_email_gets_the_same_answer_and_a_fresh_cancel_link_by_mail() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let client = visitor();
    let first = register(&app, &client, id, "Priya", "priya@example.test").await;
    let first = first.text().await.unwrap();
    let old = cancel_link(&mails_to(&app, "priya@example.test").await[0].body);
    let again = register(&app, &client, id, "Someone else", "priya@example.test").await;
    assert_eq!(again.status(), 200);
    let again = again.text().await.unwrap();
    let answer =
        |page: &str| page[page.find("<h1>").unwrap()..page.find("</main>").unwrap()].to_owned();
    assert_eq!(answer(&first), answer(&again), "the same answer either way");
    assert!(!again.contains("You have a place"));
    let mails = mails_to(&app, "priya@example.test").await;
    assert_eq!(mails.len(), 2);
    assert!(mails[0].body.contains("You have a place"));
    let new = cancel_link(&mails[0].body);
    assert_ne!(new, old);
    assert_eq!(
        text(&client, &app, &old).await.0,
        404,
        "the old link is replaced"
    );
    assert_eq!(text(&client, &app, &new).await.0, 200);
    assert_eq!(rows(&app, id).await.len(), 1, "still one registration");
    let api = client
        .post(app.url(&format!("/api/v1/public/events/{id}/registrations")))
        .json(&json!({"name": "X", "email": "priya@example.test", "consent": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 201, "the API answers the same too");
}

#[tokio::test]
async fn the_online_link_of_a_limited_event_goes_to_people_with_a_place_only() {
    let app = setup().await;
    let url = "https://meet.example/room-42";
    let id = published(&app, &[("capacity", "1"), ("online_url", url)]).await;
    let client = visitor();
    let (_, page) = text(&client, &app, &format!("/events/{id}")).await;
    assert!(!page.contains(url) && page.contains("The link is sent to registered participants"));
    let (_, ics) = text(&client, &app, &format!("/events/{id}/event.ics")).await;
    assert!(!ics.contains(url));
    let (_, api) = text(&client, &app, "/api/v1/public/events").await;
    assert!(!api.contains(url));
    register(&app, &client, id, "First", "first@example.test").await;
    register(&app, &client, id, "Second", "second@example.test").await;
    let placed = &mails_to(&app, "first@example.test").await[0];
    let waiting = &mails_to(&app, "second@example.test").await[0];
    assert!(placed.body.contains(url) && !waiting.body.contains(url));
    assert!(
        text(&client, &app, &cancel_link(&placed.body))
            .await
            .1
            .contains(url)
    );
    assert!(
        !text(&client, &app, &cancel_link(&waiting.body))
            .await
            .1
            .contains(url)
    );
    let open = published(&app, &[("capacity", ""), ("online_url", url)]).await;
    assert!(
        text(&client, &app, &format!("/events/{open}"))
            .await
            .1
            .contains(url)
    );
}

#[tokio::test]
async fn personal_links_are_kept_out_of_search_engines() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let client = visitor();
    register(&app, &client, id, "Priya", "priya@example.test").await;
    let link = cancel_link(&mails_to(&app, "priya@example.test").await[0].body);
    let noindex = "<meta name=\"robots\" content=\"noindex\">";
    assert!(text(&client, &app, &link).await.1.contains(noindex));
    assert!(
        !text(&client, &app, &format!("/events/{id}"))
            .await
            .1
            .contains(noindex)
    );
    let robots = text(&client, &app, "/robots.txt").await.1;
    assert!(robots.contains("Disallow: /events/registrations/"));
}

#[tokio::test]
async fn the_portal_offers_no_cancel_button_for_a_cancelled_event() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let priya = expat(&app).await;
    let (_, page) = text(&priya, &app, &format!("/events/{id}")).await;
    let res = priya
        .post(app.url(&format!("/events/{id}/register")))
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("name", "Priya Sharma"),
            ("consent", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cancel = format!(
        "/my/events/{id}/registrations/{}/cancel",
        rows(&app, id).await[0].id
    );
    assert!(text(&priya, &app, "/my/events").await.1.contains(&cancel));
    let csrf = app.csrf(&format!("/programme/{id}")).await;
    let res = app
        .post_form(&format!("/programme/{id}/cancel"), &[("csrf", &csrf)])
        .await;
    assert!(res.status().is_redirection());
    let mine = text(&priya, &app, "/my/events").await.1;
    assert!(mine.contains("the event is cancelled") && !mine.contains(&cancel));
}
