//! The capacity under concurrent sign-ups, and the waiting list moving up on a cancellation.

use super::{mails_to, published, register, rows, setup, setup_with_limit, visitor};

#[tokio::test]
async fn parallel_sign_ups_never_exceed_the_capacity() {
    let app = std::sync::Arc::new(setup_with_limit(1000).await);
    let id = published(&app, &[("capacity", "5")]).await;
    let mut tasks = Vec::new();
    for n in 0..30 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let client = visitor();
            register(&app, &client, id, "Someone", &format!("p{n}@example.test"))
                .await
                .status()
                .as_u16()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let all = rows(&app, id).await;
    let registered = all
        .iter()
        .filter(|r| r.status.as_str() == "registered")
        .count();
    let waiting: Vec<u64> = all.iter().filter_map(|r| r.position).collect();
    assert_eq!(registered, 5);
    assert_eq!(waiting, (1..=25).collect::<Vec<u64>>());
}

#[tokio::test]
async fn a_cancellation_moves_the_first_waiting_person_up_and_tells_them() {
    let app = setup().await;
    let id = published(&app, &[("capacity", "1")]).await;
    let client = visitor();
    register(&app, &client, id, "First", "first@example.test").await;
    register(&app, &client, id, "Second", "second@example.test").await;
    register(&app, &client, id, "Third", "third@example.test").await;
    let waiting = &mails_to(&app, "second@example.test").await[0];
    assert!(waiting.subject.contains("waiting list"));
    assert!(waiting.body.contains("number 1 on the waiting list"));
    let first = rows(&app, id)
        .await
        .into_iter()
        .find(|r| r.email == "first@example.test")
        .unwrap();
    let csrf = app.csrf(&format!("/programme/{id}")).await;
    let res = app
        .post_form(
            &format!("/programme/{id}/registrations/{}/cancel", first.id),
            &[("csrf", &csrf)],
        )
        .await;
    assert!(res.status().is_redirection());
    let after = rows(&app, id).await;
    let second = after
        .iter()
        .find(|r| r.email == "second@example.test")
        .unwrap();
    assert_eq!(second.status.as_str(), "registered");
    assert!(second.promoted_at.is_some());
    let third = after
        .iter()
        .find(|r| r.email == "third@example.test")
        .unwrap();
    assert_eq!(third.position, Some(1));
    let mails = mails_to(&app, "second@example.test").await;
    assert!(
        mails[0].subject.contains("You have a place now"),
        "{}",
        mails[0].subject
    );
}

#[tokio::test]
async fn cancelling_the_event_tells_everyone_registered_or_waiting() {
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
    for who in ["first@example.test", "second@example.test"] {
        assert!(
            mails_to(&app, who).await[0]
                .subject
                .starts_with("Cancelled:")
        );
    }
    let page = client
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("This event is cancelled") && !page.contains("/register\""));
}
