//! The home page and the centre's settings (issue 22): anonymous visitors read the settings
//! an admin saves; the form refuses mistakes beside fields and a stale version; only admins.

use reqwest::StatusCode;
use softland_web::auth::Role;

use crate::support::{PASSWORD, TestApp, assert_redirects_to, csrf_in, make_user, spawn_app};

async fn admin(app: &TestApp) {
    make_user(&app.db, "admin@centre.test", Role::Admin).await;
    app.sign_in("admin@centre.test", PASSWORD).await;
}

fn settings<'a>(csrf: &'a str, version: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("version", version),
        ("name", "Expat Centre Ostrava"),
        ("tagline", "Your soft landing in Ostrava"),
        ("who_for", "Engineers, researchers and their families."),
        ("services", "Permits explained\nHousing and schools"),
        ("address", "Českobratrská 1888/14, 702 00 Moravská Ostrava"),
        ("hours", "Mon–Thu 10:00–16:00"),
        ("phone", ""),
        ("email", "info@demo.softland.test"),
        ("booking", "Write to us with the form."),
    ]
}

#[tokio::test]
async fn the_home_page_invites_a_visitor_to_book_a_first_meeting() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"href="/contact?topic=work""#), "{html}");
    assert!(html.contains("We answer within two working days"));
    assert!(html.contains(r#"href="/calculator""#));
}

#[tokio::test]
async fn saved_settings_show_on_the_public_pages_and_in_the_portals_footer() {
    let app = spawn_app().await;
    admin(&app).await;
    let form = app.get("/admin/site").await.text().await.unwrap();
    assert!(form.contains(r#"name="version" value="0""#), "{form}");
    let csrf = csrf_in(&form);
    assert_redirects_to(
        &app.post_form("/admin/site", &settings(&csrf, "0")).await,
        "/admin/site?done=saved",
    );
    let visitor = spawn_app_sharing(&app);
    let home = visitor
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Českobratrská 1888/14, 702 00 Moravská Ostrava"));
    assert!(home.contains("Your soft landing in Ostrava"));
    assert!(home.contains("Housing and schools"));
    assert!(home.contains("info@demo.softland.test"));
    let contact = visitor
        .get(app.url("/contact"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(contact.contains("Mon–Thu 10:00–16:00"));
    make_user(&app.db, "ana@example.com", Role::Expat).await;
    let expat = spawn_app_sharing(&app);
    let login = expat
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    expat
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf_in(&login).as_str()),
            ("email", "ana@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let portal = expat
        .get(app.url("/my/partners"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(portal.contains("Českobratrská 1888/14"), "{portal}");
}

/// Another browser (its own cookies) on the same app.
fn spawn_app_sharing(_app: &TestApp) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn settings_mistakes_are_shown_beside_their_fields() {
    let app = spawn_app().await;
    admin(&app).await;
    let csrf = app.csrf("/admin/site").await;
    let mut fields = settings(&csrf, "0");
    for (k, v) in &mut fields {
        match *k {
            "name" | "hours" => *v = "  ",
            "email" => *v = "info-at-centre",
            "phone" => *v = "call us",
            _ => {}
        }
    }
    let long = "x".repeat(301);
    fields.push(("address", long.as_str()));
    fields.retain(|(k, v)| *k != "address" || v.len() > 300);
    let res = app.post_form("/admin/site", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    for id in ["name", "hours", "email", "phone", "address"] {
        assert!(
            html.contains(&format!(r#"id="site-{id}-error""#)),
            "{id}: {html}"
        );
    }
    assert!(html.contains(r#"value="info-at-centre""#));
}

#[tokio::test]
async fn settings_saved_meanwhile_are_not_overwritten() {
    let app = spawn_app().await;
    admin(&app).await;
    let csrf = app.csrf("/admin/site").await;
    assert!(
        app.post_form("/admin/site", &settings(&csrf, "0"))
            .await
            .status()
            .is_redirection()
    );
    let stale = app.post_form("/admin/site", &settings(&csrf, "0")).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(
        stale
            .text()
            .await
            .unwrap()
            .contains("Someone else saved the settings meanwhile")
    );
    assert!(
        app.post_form("/admin/site", &settings(&csrf, "1"))
            .await
            .status()
            .is_redirection()
    );
}

#[tokio::test]
async fn only_admins_change_the_centres_settings() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    assert_eq!(app.get("/admin/site").await.status(), StatusCode::FORBIDDEN);
    let csrf = app.csrf("/").await;
    let res = app.post_form("/admin/site", &settings(&csrf, "0")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
