//! The portal's "Events for you": events in a language the household speaks (none recorded:
//! English) on its interests; the expat's registrations with cancel; the registration form
//! filled in from their account.

use softland_domain::partner::Languages;
use softland_web::auth::Role;
use softland_web::db::{cases, templates, users};

use super::{published, rows, setup, visitor};
use crate::support::{PASSWORD, TestApp, csrf_in, date, employee_card_case, make_user};

pub(super) const EXPAT: &str = "priya@mail.test";

/// Priya's account linked to a case speaking Czech and English, signed in on a client.
pub(super) async fn expat(app: &TestApp) -> reqwest::Client {
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let catalog = templates::catalog(&app.db).await.unwrap();
    let case = employee_card_case(&catalog, date(2026, 12, 23));
    let id = cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    cases::set_languages(
        &app.db,
        id,
        None,
        &Languages::parse("Czech, English").unwrap(),
        jana,
    )
    .await
    .unwrap();
    let stored = cases::load(&app.db, id).await.unwrap();
    let priya = make_user(&app.db, EXPAT, Role::Expat).await;
    users::link_person(&app.db, stored.person_ids[0], priya)
        .await
        .unwrap();
    let client = visitor();
    let csrf = csrf_in(
        &client
            .get(app.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let res = client
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", EXPAT),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    client
}

#[tokio::test]
async fn events_for_you_follow_the_households_languages_and_interests() {
    let app = setup().await;
    published(&app, &[("title", "Taxes in English"), ("topics", "taxes")]).await;
    published(
        &app,
        &[
            ("title", "Daně česky"),
            ("language", "Czech"),
            ("topics", "taxes"),
        ],
    )
    .await;
    published(
        &app,
        &[
            ("title", "Ukrainian evening"),
            ("language", "Ukrainian"),
            ("topics", "community"),
        ],
    )
    .await;
    published(&app, &[("title", "Café meetup"), ("topics", "community")]).await;
    let priya = expat(&app).await;
    let page = priya
        .get(app.url("/my/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Taxes in English")
            && page.contains("Daně česky")
            && page.contains("Café meetup")
    );
    assert!(!page.contains("Ukrainian evening"));
    let csrf = csrf_in(&page);
    let res = priya
        .post(app.url("/my/events/interests"))
        .form(&[("csrf", csrf.as_str()), ("interests", "Taxes")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let page = priya
        .get(app.url("/my/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Taxes in English") && !page.contains("Café meetup"));
    let home = priya
        .get(app.url("/my"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Events for you") && home.contains("Taxes in English"));
}

#[tokio::test]
async fn a_signed_in_expat_registers_with_their_account_and_cancels_in_the_portal() {
    let app = setup().await;
    let id = published(&app, &[]).await;
    let priya = expat(&app).await;
    let page = priya
        .get(app.url(&format!("/events/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(EXPAT), "the account's e-mail is used");
    let res = priya
        .post(app.url(&format!("/events/{id}/register")))
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("name", "Priya Sharma"),
            ("email", "other@x.test"),
            ("consent", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let stored = rows(&app, id).await;
    assert_eq!(stored[0].email, EXPAT);
    assert!(stored[0].user.is_some());
    let mine = priya
        .get(app.url("/my/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("You have a place"));
    let res = priya
        .post(app.url(&format!(
            "/my/events/{id}/registrations/{}/cancel",
            stored[0].id
        )))
        .form(&[("csrf", csrf_in(&mine).as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(rows(&app, id).await[0].status.as_str(), "cancelled");
}
