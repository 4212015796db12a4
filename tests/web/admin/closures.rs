//! Office closure days: add, list upcoming first, remove; advice only, never a deadline.

use softland_web::auth::Role;
use softland_web::db::{cases, templates};

use super::{ADMIN, text_with_status};
use crate::support::{PASSWORD, TestApp, assert_redirects_to, date, make_user, spawn_app_with};

/// An admin signed in on an app whose today is Wed 25 Nov 2026.
async fn app_on_25_nov() -> TestApp {
    let app = spawn_app_with(|c| c.today_override = Some(date(2026, 11, 25))).await;
    make_user(&app.db, ADMIN, Role::Admin).await;
    app.sign_in(ADMIN, PASSWORD).await;
    app
}

#[tokio::test]
async fn a_closure_day_is_kept_for_advice_and_never_enters_working_day_arithmetic() {
    let app = app_on_25_nov().await;
    let res = app
        .post_with_csrf(
            "/admin/closures",
            &[("date", "2026-12-28"), ("reason", "Staff training")],
        )
        .await;
    assert_redirects_to(&res, "/admin/closures?done=added");
    let after = cases::calendar_of(&app.db).await.unwrap();
    assert!(after.is_office_closed(date(2026, 12, 28)));
    assert!(after.is_working_day(date(2026, 12, 28)), "Act 500/2004 §40");
    assert_eq!(
        after.add_working_days(date(2026, 12, 23), 3),
        date(2026, 12, 30)
    );
    let html = text_with_status(app.get("/admin/closures").await, 200).await;
    assert!(html.contains("never moves a legal deadline"), "{html}");
}

#[tokio::test]
async fn closure_days_are_listed_upcoming_first_and_can_be_removed() {
    let app = app_on_25_nov().await;
    for (day, reason) in [
        ("2026-12-31", "New Year party"),
        ("2026-11-02", "Moving offices"),
        ("2026-12-07", "Staff training"),
    ] {
        app.post_with_csrf("/admin/closures", &[("date", day), ("reason", reason)])
            .await;
    }
    let html = text_with_status(app.get("/admin/closures").await, 200).await;
    let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("{text}: {html}"));
    assert!(at("Mon 7 Dec 2026") < at("Thu 31 Dec 2026"));
    assert!(at("Thu 31 Dec 2026") < at("Past") && at("Past") < at("Mon 2 Nov 2026"));

    let res = app
        .post_with_csrf("/admin/closures/2026-12-31/delete", &[])
        .await;
    assert_redirects_to(&res, "/admin/closures?done=removed");
    let days: Vec<_> = templates::closures(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(days, vec![date(2026, 11, 2), date(2026, 12, 7)]);
    assert!(
        cases::calendar_of(&app.db)
            .await
            .unwrap()
            .is_working_day(date(2026, 12, 31))
    );
    assert_eq!(
        app.post_with_csrf("/admin/closures/31.12.2026/delete", &[])
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn a_bad_date_or_an_empty_reason_is_refused_beside_its_field() {
    let app = app_on_25_nov().await;
    for (day, reason, field, message) in [
        (
            "31.12.2026",
            "Party",
            "date",
            "enter a real date as YYYY-MM-DD, e.g. 2026-12-23",
        ),
        (
            "2026-02-30",
            "Party",
            "date",
            "enter a real date as YYYY-MM-DD",
        ),
        ("", "Party", "date", "please fill this in"),
        (
            "2200-01-01",
            "Party",
            "date",
            "enter a date between the years 1900 and 2199",
        ),
        ("2026-12-31", " ", "reason", "please enter the reason"),
    ] {
        let res = app
            .post_with_csrf("/admin/closures", &[("date", day), ("reason", reason)])
            .await;
        let html = text_with_status(res, 422).await;
        assert!(html.contains(message), "{day}: {html}");
        assert!(
            html.contains(&format!(r#"id="closure-{field}-error""#)),
            "{day}: beside the field"
        );
        assert!(html.contains(&format!(r#"value="{day}""#)), "{day}: kept");
    }
    assert!(templates::closures(&app.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn closure_forms_without_or_with_a_wrong_csrf_token_are_refused_and_change_nothing() {
    let app = app_on_25_nov().await;
    templates::add_closure(&app.db, date(2026, 12, 28), "Staff training")
        .await
        .unwrap();
    let add = [("date", "2026-12-31"), ("reason", "Party")];
    let forged = [
        ("csrf", "forged"),
        ("date", "2026-12-31"),
        ("reason", "Party"),
    ];
    assert_eq!(app.post_form("/admin/closures", &add).await.status(), 403);
    assert_eq!(
        app.post_form("/admin/closures", &forged).await.status(),
        403
    );
    assert_eq!(
        app.post_form("/admin/closures/2026-12-28/delete", &[])
            .await
            .status(),
        403
    );
    assert_eq!(
        app.post_form("/admin/closures/2026-12-28/delete", &[("csrf", "forged")])
            .await
            .status(),
        403
    );
    let days: Vec<_> = templates::closures(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(days, vec![date(2026, 12, 28)]);
}
