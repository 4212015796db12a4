//! Attendance marked on the event's day for everyone in one form, the counts, the CSV (formula
//! cells neutralised) and the `.ics` file.

use super::{create, publish, rows, setup};

#[tokio::test]
async fn attendance_is_marked_in_one_form_and_counted_and_exported() {
    let app = setup().await;
    // Held yesterday: staff add the people who came to the door.
    let id = create(&app, &[("starts_on", &super::day(-1))]).await;
    publish(&app, id).await;
    for (name, email) in [
        ("Ana", "ana@example.test"),
        ("=HYPERLINK(\"x\")", "bob@example.test"),
        ("Cy", "cy@example.test"),
    ] {
        let csrf = app.csrf(&format!("/programme/{id}")).await;
        let res = app
            .post_form(
                &format!("/programme/{id}/registrations"),
                &[("csrf", &csrf), ("name", name), ("email", email)],
            )
            .await;
        assert!(res.status().is_redirection(), "{name}");
    }
    let people = rows(&app, id).await;
    let csrf = app.csrf(&format!("/programme/{id}")).await;
    let a = |n: usize| format!("a{}", people[n].id);
    let res = app
        .post_form(
            &format!("/programme/{id}/attendance"),
            &[
                ("csrf", &csrf),
                (&a(0), "attended"),
                (&a(1), "no_show"),
                (&a(2), "attended"),
            ],
        )
        .await;
    assert!(res.status().is_redirection());
    let page = app
        .get(&format!("/programme/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("3 registered · 2 attended · 1 no-shows · 0 waiting"),
        "{page}"
    );
    let csv = app
        .get(&format!("/programme/{id}/registrations.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("'=HYPERLINK"), "formula neutralised: {csv}");
    assert!(csv.contains("No-show"));
}

#[tokio::test]
async fn attendance_waits_for_the_event_day() {
    let app = setup().await;
    let id = create(&app, &[]).await;
    publish(&app, id).await;
    let csrf = app.csrf(&format!("/programme/{id}")).await;
    app.post_form(
        &format!("/programme/{id}/registrations"),
        &[
            ("csrf", &csrf),
            ("name", "Ana"),
            ("email", "ana@example.test"),
        ],
    )
    .await;
    let person = rows(&app, id).await[0].id;
    let res = app
        .post_form(
            &format!("/programme/{id}/attendance"),
            &[("csrf", &csrf), (&format!("a{person}"), "attended")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("from the day of the event")
    );
}

#[tokio::test]
async fn the_ics_file_is_valid_rfc_5545() {
    let app = setup().await;
    let id = create(&app, &[("title", "Taxes; forms, and more")]).await;
    publish(&app, id).await;
    let res = super::visitor()
        .get(app.url(&format!("/events/{id}/event.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("\r\n") && body.contains("SUMMARY:Taxes\\; forms\\, and more"));
    let parsed: icalendar::Calendar = body.parse().unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert!(body.contains("DTSTART:") && body.ends_with("END:VCALENDAR\r\n"));
}
