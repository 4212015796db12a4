//! The public sign-up form: validation beside the fields, the hidden field for robots, the
//! limit per address, the coordinators told, and no sign-in before approval.

use softland_web::auth::Role;
use softland_web::db::buddies::{self, AmbassadorStatus};
use softland_web::db::{outbox, users};

use crate::support::{TestApp, make_user, spawn_app};

/// A complete, valid application from `email`, changed by `changes`.
fn application(
    email: &str,
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("name", "Karim Haddad".into()),
        ("email", email.into()),
        ("website", String::new()),
        ("nationality", "Lebanese".into()),
        ("language", "Arabic".into()),
        ("level", "native".into()),
        ("language", "French".into()),
        ("level", "fluent".into()),
        ("years_here", "3".into()),
        ("district", "Poruba".into()),
        ("helps_with", "housing".into()),
        ("capacity", "1".into()),
        ("available_until", String::new()),
        ("introduction", "I run a small café in Poruba.".into()),
        ("phone", String::new()),
        ("consent", "yes".into()),
    ];
    for (name, value) in changes {
        for field in fields.iter_mut().filter(|(n, _)| n == name) {
            (*value).clone_into(&mut field.1);
        }
    }
    fields
}

/// A visitor (no session) sends `fields`; returns the answer.
async fn apply(app: &TestApp, fields: &[(&'static str, String)]) -> reqwest::Response {
    let csrf = app.csrf("/buddies/apply").await;
    let mut all = vec![("csrf", csrf)];
    all.extend(fields.iter().cloned());
    app.client
        .post(app.url("/buddies/apply"))
        .form(&all)
        .send()
        .await
        .unwrap()
}

async fn coordinator(app: &TestApp) {
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    softland_web::db::reminders::set_buddy_coordinator(&app.db, jana, true)
        .await
        .unwrap();
}

async fn mails(app: &TestApp) -> Vec<outbox::Mail> {
    outbox::list(&app.db, &outbox::Filter::default(), 50)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sign_in_page_links_to_the_sign_up_form() {
    let app = spawn_app().await;
    let login = app.get("/login").await.text().await.unwrap();
    assert!(login.contains(r#"<a href="/buddies/apply">Become a buddy</a>"#));
    let res = app.get("/buddies/apply").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Become a buddy · softland</title>"));
    assert!(html.contains("<div hidden>"), "the robots' field is hidden");
    assert!(!res_has_session(&app).await, "nothing stored for a visitor");
}

async fn res_has_session(app: &TestApp) -> bool {
    softland_web::db::sessions::count(&app.db).await.unwrap() > 0
}

#[tokio::test]
async fn an_application_is_stored_the_coordinator_told_and_the_applicant_cannot_sign_in_yet() {
    let app = spawn_app().await;
    coordinator(&app).await;
    let res = apply(&app, &application("karim@mail.test", &[])).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The buddy programme&#39;s coordinator will be in touch")
            || html.contains("The buddy programme's coordinator will be in touch"),
        "{html}"
    );
    let all = buddies::ambassadors(&app.db).await.unwrap();
    assert_eq!(all.len(), 1);
    let karim = &all[0];
    assert_eq!(karim.status, AmbassadorStatus::Applied);
    assert_eq!(karim.name, "Karim Haddad");
    assert_eq!(karim.profile.languages.len(), 2);
    assert!(!karim.account_active, "no sign-in before approval");
    let queued = mails(&app).await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].to, "jana@centre.test");
    assert_eq!(queued[0].subject, "A new ambassador applied");

    let res = app.sign_in("karim@mail.test", "anything at all here").await;
    assert_eq!(res.status(), 401);
    let csrf = app.csrf("/password/forgot").await;
    app.post_form(
        "/password/forgot",
        &[("csrf", csrf.as_str()), ("email", "karim@mail.test")],
    )
    .await;
    assert_eq!(
        mails(&app).await.len(),
        1,
        "no password link before approval"
    );
}

#[tokio::test]
async fn a_wrong_application_shows_each_message_beside_its_field_and_stores_nothing() {
    let app = spawn_app().await;
    let wrong = application(
        "not an address",
        &[
            ("consent", ""),
            ("language", ""),
            ("helps_with", "gardening"),
            ("name", ""),
        ],
    );
    let res = apply(&app, &wrong).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<title>Error: Become a buddy · softland</title>"));
    for id in [
        "profile-name-error",
        "profile-email-error",
        "languages-error",
        "helps-with-error",
        "profile-consent-error",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "{id}: {html}");
    }
    assert!(html.contains(r#"aria-describedby="profile-consent-error""#));
    assert!(
        html.contains(r#"value="not an address""#),
        "typed values kept"
    );
    assert!(html.contains("I run a small café in Poruba."));
    assert!(buddies::ambassadors(&app.db).await.unwrap().is_empty());
    assert!(mails(&app).await.is_empty());
}

#[tokio::test]
async fn a_taken_email_is_not_revealed_the_owner_is_told_and_it_counts_against_the_limit() {
    let app = spawn_app().await;
    make_user(&app.db, "taken@mail.test", Role::Expat).await;
    let res = apply(&app, &application("taken@mail.test", &[])).await;
    // The visitor reads what any applicant reads: the form tells no one which addresses have
    // accounts.
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Thank you"), "{html}");
    assert!(!html.contains("exists already"));
    let user = users::find_by_email(&app.db, "taken@mail.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role, Role::Expat, "the account is untouched");
    assert!(buddies::ambassadors(&app.db).await.unwrap().is_empty());
    let told: Vec<_> = mails(&app)
        .await
        .into_iter()
        .filter(|m| m.to == "taken@mail.test")
        .collect();
    assert_eq!(told.len(), 1);
    assert!(
        told[0].body.contains("Nothing was stored"),
        "{}",
        told[0].body
    );
    // Probing addresses costs an application of the hour's five.
    for n in 0..4 {
        let res = apply(&app, &application(&format!("probe{n}@mail.test"), &[])).await;
        assert_eq!(res.status(), 200);
    }
    let res = apply(&app, &application("taken@mail.test", &[])).await;
    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_stored() {
    let app = spawn_app().await;
    coordinator(&app).await;
    let robot = application("robot@spam.test", &[("website", "http://spam.test")]);
    let res = apply(&app, &robot).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Thank you"));
    assert!(buddies::ambassadors(&app.db).await.unwrap().is_empty());
    assert!(mails(&app).await.is_empty());
}

#[tokio::test]
async fn applications_from_one_address_are_limited_but_a_form_with_mistakes_does_not_count() {
    let app = spawn_app().await;
    for _ in 0..3 {
        let res = apply(&app, &application("x", &[])).await;
        assert_eq!(res.status(), 422);
    }
    for n in 0..5 {
        let email = format!("applicant{n}@mail.test");
        let res = apply(&app, &application(&email, &[])).await;
        assert_eq!(res.status(), 200, "application {n}");
    }
    let res = apply(&app, &application("one.more@mail.test", &[])).await;
    assert_eq!(res.status(), 429);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Too many applications were sent from here"),
        "{html}"
    );
    assert!(
        html.contains(r#"value="one.more@mail.test""#),
        "what was typed is kept"
    );
    assert_eq!(buddies::ambassadors(&app.db).await.unwrap().len(), 5);
}
