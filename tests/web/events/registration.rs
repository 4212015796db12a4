//! Registering: the confirmation mail with its cancel link (which works once), the same e-mail
//! twice is one registration, a burst is refused with 429 and stores nothing, the hidden
//! field, and the deadline.

use super::{mails_to, published, register, rows, setup, setup_with_limit, visitor};
use crate::support::csrf_in;

fn cancel_link(body: &str) -> String {
    let start = body.find("/events/registrations/").unwrap();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_registration_is_confirmed_by_mail_and_its_link_cancels_it_once() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let client = visitor();
    let res = register(&app, &client, id, "Priya Sharma", " Priya@Example.TEST ").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("We have sent a mail to") && html.contains("priya@example.test"));
    assert!(html.contains(&format!("/events/{id}/event.ics")));
    let mails = mails_to(&app, "priya@example.test").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("You are registered"));
    assert!(mails[0].body.contains("You have a place") && mails[0].body.contains("event.ics"));
    let link = cancel_link(&mails[0].body);
    let page = client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csrf = csrf_in(&page.text().await.unwrap());
    let res = client
        .post(app.url(&link))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Your registration is cancelled")
    );
    let again = client
        .post(app.url(&link))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert!(
        !again
            .text()
            .await
            .unwrap()
            .contains("Your registration is cancelled"),
        "only once"
    );
    let unknown = client
        .get(app.url(&format!("/events/registrations/{}", "a".repeat(64))))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(rows(&app, id).await[0].status.as_str(), "cancelled");
}

#[tokio::test]
async fn the_same_email_twice_is_one_registration() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let client = visitor();
    register(&app, &client, id, "Priya Sharma", "priya@example.test").await;
    let res = register(&app, &client, id, "Priya S.", "PRIYA@example.test").await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("We have sent a mail to"));
    assert_eq!(rows(&app, id).await.len(), 1);
}

#[tokio::test]
async fn a_burst_is_refused_with_429_and_nothing_is_stored() {
    let app = setup_with_limit(3).await;
    let id = published(&app, &[]).await;
    let client = visitor();
    for n in 0..3 {
        let res = register(&app, &client, id, "Someone", &format!("p{n}@example.test")).await;
        assert_eq!(res.status(), 200);
    }
    let res = register(&app, &client, id, "Someone", "p9@example.test").await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(rows(&app, id).await.len(), 3);
}

#[tokio::test]
async fn a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_stored() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let client = visitor();
    let page = client
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let res = client
        .post(app.url(&format!("/events/{id}/register")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Bot"),
            ("email", "bot@example.test"),
            ("consent", "yes"),
            ("website", "http://spam.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Thank you"));
    assert!(rows(&app, id).await.is_empty());
}

#[tokio::test]
async fn mistakes_and_a_passed_deadline_are_shown_beside_the_form() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let client = visitor();
    let res = register(&app, &client, id, "", "not-an-email").await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("reg-name-error") && html.contains("reg-email-error"));
    assert!(html.contains("value=\"not-an-email\""));
    // Registration closed yesterday: the event itself is tomorrow.
    let closed = published(
        &app,
        &[
            ("starts_on", &super::day(1)),
            ("closes_on", &super::day(-1)),
        ],
    )
    .await;
    let page = client
        .get(app.url(&format!("/events/{closed}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Registration for this event has closed"));
    let open = client
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let res = client
        .post(app.url(&format!("/events/{closed}/register")))
        .form(&[
            ("csrf", csrf_in(&open).as_str()),
            ("name", "Late"),
            ("email", "late@example.test"),
            ("consent", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("has closed"));
    assert!(rows(&app, closed).await.is_empty());
}
