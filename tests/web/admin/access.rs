//! Every admin route is for admins only; the overview links the three areas with counts.

use softland_web::auth::Role;

use super::{admin_app, text_with_status};
use crate::support::{PASSWORD, TestApp, make_user, spawn_app};

const PAGES: [&str; 5] = [
    "/admin",
    "/admin/users",
    "/admin/templates",
    "/admin/templates/employee-card",
    "/admin/closures",
];

/// Every form, with fields an admin could send. `{id}` is an existing account.
fn forms(id: i64) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "/admin/users".into(),
            vec![
                ("email", "new@centre.test"),
                ("name", "New"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
        ),
        (format!("/admin/users/{id}/role"), vec![("role", "admin")]),
        (
            format!("/admin/users/{id}/active"),
            vec![("active", "false")],
        ),
        (
            format!("/admin/users/{id}/password"),
            vec![("password", "a brand new passphrase")],
        ),
        ("/admin/templates".into(), vec![("body", "route = \"x\"")]),
        (
            "/admin/closures".into(),
            vec![("date", "2026-12-31"), ("reason", "Party")],
        ),
        ("/admin/closures/2026-12-31/delete".into(), vec![]),
    ]
}

async fn refused_to(role: Role) {
    let app = spawn_app().await;
    let id = make_user(&app.db, "someone@centre.test", role).await;
    app.sign_in("someone@centre.test", PASSWORD).await;
    for page in PAGES {
        assert_eq!(app.get(page).await.status(), 403, "GET {page}");
    }
    // A consultant's own valid token (from the dashboard) does not help; expats have no
    // staff page to take one from, and are refused before the token is looked at.
    let csrf = match role {
        Role::Consultant => app.csrf("/").await,
        _ => "not-a-token".to_owned(),
    };
    for (path, fields) in forms(id.0) {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend(fields);
        assert_eq!(
            app.post_form(&path, &all).await.status(),
            403,
            "POST {path}"
        );
    }
    assert_nothing_changed(&app).await;
}

async fn assert_nothing_changed(app: &TestApp) {
    use softland_web::db::{templates, users};
    assert!(
        users::find_by_email(&app.db, "new@centre.test")
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        templates::closures(&app.db)
            .await
            .expect("closures")
            .is_empty()
    );
    for user in users::list(&app.db).await.expect("users") {
        assert!(user.active, "{user:?}");
        assert_ne!(user.role, Role::Admin, "{user:?}");
    }
}

#[tokio::test]
async fn every_admin_route_is_refused_to_consultants() {
    refused_to(Role::Consultant).await;
}

#[tokio::test]
async fn every_admin_route_is_refused_to_expats() {
    refused_to(Role::Expat).await;
}

#[tokio::test]
async fn every_admin_route_sends_anonymous_visitors_to_sign_in() {
    let app = spawn_app().await;
    for page in PAGES {
        let res = app.get(page).await;
        assert_eq!(res.status(), 303, "GET {page}");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login"),
            "GET {page}"
        );
    }
    for (path, fields) in forms(1) {
        let res = app.post_form(&path, &fields).await;
        assert_eq!(res.status(), 303, "POST {path}");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login"),
            "POST {path}"
        );
    }
}

#[tokio::test]
async fn the_admin_overview_links_the_three_areas_with_counts() {
    let (app, _) = admin_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let html = text_with_status(app.get("/admin").await, 200).await;
    for link in [
        r#"href="/admin/users""#,
        r#"href="/admin/templates""#,
        r#"href="/admin/closures""#,
    ] {
        assert!(html.contains(link), "{link}: {html}");
    }
    assert!(
        html.contains("1 admin(s), 1 consultant(s) and 0 expat account(s) active"),
        "{html}"
    );
    let shipped = softland_domain::template::SHIPPED_ROUTES.len();
    assert!(html.contains(&format!("{shipped} route(s)")), "{html}");
    assert!(
        html.contains(r#"<a href="/admin" aria-current="page">Admin</a>"#),
        "{html}"
    );
}
