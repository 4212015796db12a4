//! The contact form (issue 22): an enquiry for staff with a confirmation mail; mistakes
//! beside fields; robots kept out by a honeypot, CSRF and a per-address limit (nothing
//! stored); staff work the enquiry; nobody else sees it.

use reqwest::StatusCode;
use softland_web::auth::Role;
use softland_web::db::site::enquiries;

use crate::buddies_staff::mails_to;
use crate::support::{
    PASSWORD, TestApp, assert_redirects_to, csrf_in, make_user, spawn_app, spawn_app_with,
};

/// How many enquiries are stored.
async fn stored(app: &TestApp) -> usize {
    enquiries::list(&app.db, None, None, 1000)
        .await
        .unwrap()
        .len()
}

/// A filled-in form with `csrf`.
fn filled(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_owned()),
        ("name", "Aiko Tanaka".to_owned()),
        ("email", "aiko@example.com".to_owned()),
        ("phone", "+81 90 1234 5678".to_owned()),
        ("topic", "research".to_owned()),
        ("arrival", "2027-03-01".to_owned()),
        (
            "message",
            "I start a postdoc at VŠB in March. Which permit do I need?".to_owned(),
        ),
        ("consent", "yes".to_owned()),
        ("website", String::new()),
    ]
}

async fn send(app: &TestApp, fields: &[(&'static str, String)]) -> reqwest::Response {
    app.client
        .post(app.url("/contact"))
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_sent_form_is_stored_thanked_for_and_confirmed_by_mail() {
    let app = spawn_app().await;
    let page = app.get("/contact").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"class="honeypot""#) && html.contains("Leave this empty"));
    assert!(html.contains(r#"tabindex="-1" autocomplete="off""#));
    let res = send(&app, &filled(&csrf_in(&html))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let thanks = res.text().await.unwrap();
    assert!(thanks.contains("within two working days"), "{thanks}");
    let all = enquiries::list(&app.db, None, None, 10).await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "Aiko Tanaka");
    assert_eq!(all[0].arrival_on, Some(crate::support::date(2027, 3, 1)));
    let mails = mails_to(&app, "aiko@example.com").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.starts_with("We received your message"));
    assert!(
        !mails[0].body.contains("postdoc"),
        "the mail never repeats what was typed"
    );
    assert!(
        mails[0].body.starts_with("Hello,\n") && !mails[0].body.contains("Aiko"),
        "not even the name: {}",
        mails[0].body
    );
}

#[tokio::test]
async fn a_name_or_phone_with_line_breaks_is_refused_beside_the_field() {
    let app = spawn_app().await;
    let csrf = app.csrf("/contact").await;
    let mut fields = filled(&csrf);
    for (k, v) in &mut fields {
        match *k {
            "name" => *v = "Aiko\r\nVisit http://evil.example to claim your permit".to_owned(),
            "phone" => *v = "+420 123\n456 789".to_owned(),
            _ => {}
        }
    }
    let res = send(&app, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    for id in ["name", "phone"] {
        assert!(
            html.contains(&format!(r#"id="contact-{id}-error""#)),
            "{id}: {html}"
        );
    }
    assert!(html.contains("without line breaks"), "{html}");
    assert_eq!(stored(&app).await, 0);
    assert!(mails_to(&app, "aiko@example.com").await.is_empty());
}

#[tokio::test]
async fn one_recipient_gets_at_most_three_confirmations_a_day_from_any_address() {
    let app = spawn_app_with(|c| c.public_posts_per_address = 100).await;
    let csrf = app.csrf("/contact").await;
    let mut statuses = Vec::new();
    for n in 0..5 {
        let mut fields = filled(&csrf);
        for (k, v) in &mut fields {
            if *k == "email" && n % 2 == 1 {
                // The same mailbox, typed differently.
                *v = "AIKO@Example.com".to_owned();
            }
        }
        statuses.push(send(&app, &fields).await.status());
    }
    assert_eq!(&statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(&statuses[3..], [StatusCode::TOO_MANY_REQUESTS; 2]);
    assert_eq!(stored(&app).await, 3, "a refused form stores nothing");
    assert_eq!(mails_to(&app, "aiko@example.com").await.len(), 3);
    let mut other = filled(&csrf);
    for (k, v) in &mut other {
        if *k == "email" {
            *v = "ben@example.com".to_owned();
        }
    }
    assert_eq!(send(&app, &other).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn mistakes_are_shown_beside_their_fields_and_what_was_typed_is_kept() {
    let app = spawn_app().await;
    let csrf = app.csrf("/contact").await;
    let mut fields = filled(&csrf);
    fields.retain(|(k, _)| *k != "consent");
    for (k, v) in &mut fields {
        match *k {
            "email" => *v = "not-an-address".to_owned(),
            "topic" => *v = "holiday".to_owned(),
            "arrival" => *v = "2027-02-30".to_owned(),
            "message" => *v = "x".repeat(4001),
            _ => {}
        }
    }
    let res = send(&app, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    for id in ["email", "topic", "arrival", "message", "consent"] {
        assert!(
            html.contains(&format!(r#"id="contact-{id}-error""#)),
            "{id}: {html}"
        );
    }
    assert!(html.contains(r#"value="Aiko Tanaka""#));
    assert!(html.contains(r#"value="not-an-address""#));
    assert_eq!(stored(&app).await, 0);
}

#[tokio::test]
async fn a_filled_honeypot_is_thanked_and_nothing_is_stored() {
    let app = spawn_app().await;
    let csrf = app.csrf("/contact").await;
    let mut fields = filled(&csrf);
    fields.retain(|(k, _)| *k != "website");
    fields.push(("website", "http://spam.example".to_owned()));
    let res = send(&app, &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("within two working days")
    );
    assert_eq!(stored(&app).await, 0);
    assert!(mails_to(&app, "aiko@example.com").await.is_empty());
}

#[tokio::test]
async fn a_burst_from_one_address_gets_429_and_nothing_more_is_stored() {
    let app = spawn_app_with(|c| c.public_posts_per_address = 3).await;
    let csrf = app.csrf("/contact").await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(send(&app, &filled(&csrf)).await.status());
    }
    assert_eq!(&statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(&statuses[3..], [StatusCode::TOO_MANY_REQUESTS; 3]);
    assert_eq!(stored(&app).await, 3);
    let refused = send(&app, &filled(&csrf)).await;
    assert!(refused.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn the_form_needs_its_csrf_token() {
    let app = spawn_app().await;
    let _ = app.get("/contact").await;
    let res = send(&app, &filled("forged")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let mut fields = filled("");
    fields.remove(0);
    assert_eq!(send(&app, &fields).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(stored(&app).await, 0);
}

/// Sends one enquiry and signs in `email` with `role`.
async fn enquiry_and(role: Role, email: &str) -> TestApp {
    let app = spawn_app().await;
    let csrf = app.csrf("/contact").await;
    assert_eq!(send(&app, &filled(&csrf)).await.status(), StatusCode::OK);
    make_user(&app.db, email, role).await;
    app.sign_in(email, PASSWORD).await;
    app
}

#[tokio::test]
async fn staff_see_new_enquiries_on_the_dashboard_and_work_them() {
    let app = enquiry_and(Role::Consultant, "jana@centre.test").await;
    let dashboard = app.get("/").await.text().await.unwrap();
    assert!(
        dashboard.contains(r#"href="/enquiries?status=new">1 new enquiry"#),
        "{dashboard}"
    );
    let list = app.get("/enquiries?status=new").await.text().await.unwrap();
    assert!(list.contains("Aiko Tanaka") && list.contains("Research"));
    let page = app.get("/enquiries/1").await.text().await.unwrap();
    assert!(page.contains("aiko@example.com"));
    assert!(page.contains(r#"href="/cases/new?enquiry=1""#));
    let csrf = csrf_in(&page);
    let fields = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("status", "in_progress"),
        ("note", "Wrote back about the research permit"),
    ];
    assert_redirects_to(
        &app.post_form("/enquiries/1/steps", &fields).await,
        "/enquiries/1",
    );
    let after = app.get("/enquiries/1").await.text().await.unwrap();
    assert!(
        after.contains("In progress") && after.contains("Wrote back about the research permit")
    );
    let mut stale = fields;
    stale[2] = ("status", "answered");
    let stale = app.post_form("/enquiries/1/steps", &stale).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let back = [
        ("csrf", csrf.as_str()),
        ("version", "2"),
        ("status", "new"),
        ("note", ""),
    ];
    assert_eq!(
        app.post_form("/enquiries/1/steps", &back).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(enquiries::count_new(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn a_case_opened_from_an_enquiry_is_prefilled_and_linked() {
    let app = enquiry_and(Role::Consultant, "jana@centre.test").await;
    let form = app.get("/cases/new?enquiry=1").await.text().await.unwrap();
    assert!(form.contains(r#"value="Aiko Tanaka""#), "{form}");
    assert!(form.contains(r#"value="aiko@example.com""#));
    assert!(form.contains(r#"name="enquiry" value="1""#));
    let csrf = csrf_in(&form);
    let token = form
        .split(r#"name="creation_token" value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let jana = softland_web::db::users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap();
    let consultant = jana.id.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("creation_token", token.as_str()),
        ("enquiry", "1"),
        ("action", "create"),
        ("principal.name", "Aiko Tanaka"),
        ("principal.email", "aiko@example.com"),
        ("principal.date_of_birth", "1992-04-02"),
        ("principal.nationality", "Japanese"),
        ("routes", "employee-card"),
        ("key_dates.arrival", "2027-03-01"),
        ("consultant", consultant.as_str()),
    ];
    let res = app.post_form("/cases", &fields).await;
    assert!(
        res.status().is_redirection(),
        "{}",
        res.text().await.unwrap()
    );
    let enquiry = enquiries::get(&app.db, softland_web::ids::EnquiryId(1))
        .await
        .unwrap();
    assert!(enquiry.case.is_some());
    assert_eq!(enquiry.status.as_str(), "in_progress");
}

#[tokio::test]
async fn a_case_opened_for_an_unknown_enquiry_is_still_shown_with_a_warning() {
    let app = enquiry_and(Role::Consultant, "jana@centre.test").await;
    let form = app.get("/cases/new?enquiry=1").await.text().await.unwrap();
    let csrf = csrf_in(&form);
    let token = form
        .split(r#"name="creation_token" value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let jana = softland_web::db::users::find_by_email(&app.db, "jana@centre.test")
        .await
        .unwrap()
        .unwrap();
    let consultant = jana.id.to_string();
    let fields = [
        ("csrf", csrf.as_str()),
        ("creation_token", token.as_str()),
        ("enquiry", "999"),
        ("action", "create"),
        ("principal.name", "Aiko Tanaka"),
        ("principal.email", "aiko@example.com"),
        ("principal.date_of_birth", "1992-04-02"),
        ("principal.nationality", "Japanese"),
        ("routes", "employee-card"),
        ("key_dates.arrival", "2027-03-01"),
        ("consultant", consultant.as_str()),
    ];
    let res = app.post_form("/cases", &fields).await;
    assert!(
        res.status().is_redirection(),
        "the case exists: no error page that invites a retry ({})",
        res.status()
    );
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/cases/"), "{to}");
    let page = app.get(&to).await.text().await.unwrap();
    assert!(page.contains("enquiry 999 could not be linked"), "{page}");
    let again = app.post_form("/cases", &fields).await;
    assert_eq!(
        again.headers()["location"].to_str().unwrap(),
        to,
        "a retry leads to the same case"
    );
    let enquiry = enquiries::get(&app.db, softland_web::ids::EnquiryId(1))
        .await
        .unwrap();
    assert!(enquiry.case.is_none());
}

#[tokio::test]
async fn expats_and_ambassadors_cannot_see_enquiries() {
    for (role, email) in [
        (Role::Expat, "ana@example.com"),
        (Role::Buddy, "ben@example.com"),
    ] {
        let app = enquiry_and(role, email).await;
        for path in ["/enquiries", "/enquiries/1"] {
            let res = app.get(path).await;
            assert!(
                !res.status().is_success(),
                "{role:?} {path}: {}",
                res.status()
            );
            assert!(!res.text().await.unwrap().contains("Aiko Tanaka"));
        }
    }
}
