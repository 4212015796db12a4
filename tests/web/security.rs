//! Attacks on the running server: every route needs a session (or is on the public list),
//! every state-changing form needs its CSRF token, limits and headers hold.

use softland_web::auth::Role;

use crate::support::{PASSWORD, assert_redirects_to, make_user, spawn_app, spawn_app_with};

/// Routes anyone may call: sign-in, single-use links, health and metrics, the stylesheet and
/// script, calendar feeds (the secret in the address is the permission), the buddy
/// programme's sign-up form.
pub(crate) const PUBLIC: [(&str, &str); 39] = [
    ("GET", "/"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    // The second step of a sign-in (issue 23): no one is signed in yet; without a waiting
    // sign-in it sends the visitor to /login.
    ("GET", "/login/two-factor"),
    ("POST", "/login/two-factor"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("GET", "/static/app.css"),
    ("GET", "/static/app.js"),
    ("GET", "/static/search.js"),
    ("GET", "/invite/{token}"),
    ("POST", "/invite/{token}"),
    ("GET", "/password/forgot"),
    ("POST", "/password/forgot"),
    ("GET", "/password/reset/{token}"),
    ("POST", "/password/reset/{token}"),
    ("GET", "/calendar/{file}"),
    ("GET", "/buddies/apply"),
    ("POST", "/buddies/apply"),
    ("GET", "/contact"),
    ("POST", "/contact"),
    ("GET", "/calculator"),
    ("GET", "/events"),
    ("GET", "/events/past"),
    ("GET", "/events/{id}"),
    ("POST", "/events/{id}/register"),
    ("GET", "/events/{id}/event.ics"),
    ("GET", "/events/registrations/{token}"),
    ("POST", "/events/registrations/{token}"),
    ("GET", "/guides"),
    ("GET", "/guides/{route}"),
    ("GET", "/articles/{slug}"),
    ("GET", "/directory"),
    ("GET", "/directory/{id}"),
    ("GET", "/sitemap.xml"),
    ("GET", "/robots.txt"),
    ("GET", "/feed.atom"),
];

/// Every (method, path) the router declares, read from app.rs so that a new route is
/// walked by these tests without anyone remembering to add it.
pub(crate) fn routes() -> Vec<(String, String)> {
    let source = include_str!("../../crates/web/src/app.rs");
    let flat: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for chunk in flat.split(".route(").skip(1) {
        let Some(rest) = chunk.trim_start().strip_prefix('"') else {
            continue;
        };
        let path = rest.split('"').next().unwrap().to_owned();
        // The handlers of this route: up to the next builder call or the end of the function.
        let end = [" .layer(", " .nest(", " .merge(", " .fallback(", " }"]
            .iter()
            .filter_map(|stop| rest.find(stop))
            .min()
            .unwrap_or(rest.len());
        let handlers = &rest[..end];
        for method in ["get", "post", "put", "delete", "patch"] {
            if handlers.contains(&format!("{method}(")) {
                out.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    assert!(out.len() > 40, "the route table was not read: {out:?}");
    out
}

pub(crate) fn concrete(path: &str) -> String {
    path.split('/')
        .map(|part| if part.starts_with('{') { "1" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_off_the_public_list_needs_a_session() {
    let app = spawn_app().await;
    for (method, path) in routes() {
        if PUBLIC.contains(&(method.as_str(), path.as_str())) {
            continue;
        }
        let url = app.url(&concrete(&path));
        let res = match method.as_str() {
            "GET" => app.client.get(&url).send().await.unwrap(),
            _ => app
                .client
                .post(&url)
                .form(&[("csrf", "x")])
                .send()
                .await
                .unwrap(),
        };
        let status = res.status().as_u16();
        let to_login = res
            .headers()
            .get("location")
            .is_some_and(|l| l.to_str().unwrap().starts_with("/login"));
        assert!(
            to_login || status == 403,
            "{method} {path} answered {status} without a session"
        );
    }
}

#[tokio::test]
async fn every_staff_route_refuses_an_expat() {
    let app = spawn_app().await;
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    assert_redirects_to(&app.sign_in("priya@mail.test", PASSWORD).await, "/my");
    let csrf = app.csrf("/my").await;
    for (method, path) in routes() {
        if PUBLIC.contains(&(method.as_str(), path.as_str())) || path.starts_with("/my") {
            continue;
        }
        let url = app.url(&concrete(&path));
        let res = match method.as_str() {
            "GET" => app.client.get(&url).send().await.unwrap(),
            _ => app
                .client
                .post(&url)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap(),
        };
        assert_eq!(res.status(), 403, "{method} {path}");
    }
}

#[tokio::test]
async fn every_form_refuses_a_missing_or_forged_csrf_token() {
    let app = spawn_app().await;
    make_user(&app.db, "petra@centre.test", Role::Admin).await;
    app.sign_in("petra@centre.test", PASSWORD).await;
    for (method, path) in routes().into_iter().filter(|(m, _)| m == "POST") {
        let url = app.url(&concrete(&path));
        let none = app
            .client
            .post(&url)
            .form(&[("body", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(none.status(), 403, "{method} {path} without a token");
        let forged = app
            .client
            .post(&url)
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403, "{method} {path} with a forged token");
    }
    assert_eq!(
        app.get("/").await.status(),
        200,
        "still signed in: nothing was changed"
    );
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_nothing_is_written() {
    let app = spawn_app().await;
    let csrf = app.csrf("/login").await;
    let huge = "x".repeat(400 * 1024);
    let res = app
        .post_form(
            "/login",
            &[
                ("csrf", csrf.as_str()),
                ("email", huge.as_str()),
                ("password", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), 413);
}

#[tokio::test]
async fn malformed_ids_and_forms_get_4xx_never_5xx() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let csrf = app.csrf("/").await;
    for path in [
        "/cases/abc",
        "/cases/-1",
        "/cases/99999999999999999999",
        "/cases/1%00",
    ] {
        let status = app.get(path).await.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    let bad = app
        .client
        .post(app.url("/cases/1/items/1/status"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&action=%FF%FE&version=x"))
        .send()
        .await
        .unwrap();
    assert!(
        (400..500).contains(&bad.status().as_u16()),
        "{}",
        bad.status()
    );
}

#[tokio::test]
async fn security_headers_are_on_every_response_and_pages_are_not_cached() {
    let app = spawn_app().await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    for path in [
        "/",
        "/login",
        "/no/such/page",
        "/cases/abc",
        "/static/app.css",
        "/static/app.js",
        "/healthz",
    ] {
        let res = app.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let cache = h
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        if path.starts_with("/static/") {
            assert!(cache.contains("max-age"), "{path}: {cache}");
        } else {
            assert_eq!(cache, "no-store", "{path}");
        }
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let https = spawn_app_with(|c| c.public_url = Some("https://expat.example.cz".into())).await;
    assert!(
        https.get("/login").await.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

#[tokio::test]
async fn an_idle_session_expires_on_the_server() {
    let app = spawn_app_with(|c| c.session_idle = std::time::Duration::from_secs(1)).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let res = app.sign_in("jana@centre.test", PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|v| {
            v.to_str()
                .ok()?
                .strip_prefix("softland_session=")
                .map(|c| c.split(';').next().unwrap().to_owned())
        })
        .unwrap();
    // A timeout is what is under test: waiting past it is the point.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = replay
        .get(app.url("/cases"))
        .header("cookie", format!("softland_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_redirects_to(&res, "/login?next=/cases");
}

/// Activity pushes the idle timeout forward (at most once a minute, or every half timeout
/// when that is shorter), so a busy session outlives its idle timeout, and stopping ends it.
#[tokio::test]
async fn activity_keeps_a_session_alive_past_its_idle_timeout() {
    let app = spawn_app_with(|c| c.session_idle = std::time::Duration::from_secs(2)).await;
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    // Timeouts are what is under test: the waits are the point.
    for _ in 0..6 {
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        assert_eq!(app.get("/").await.status(), 200, "signed out while active");
    }
    // 4.2 s after sign-in, twice the idle timeout, the session is alive; 3 s idle ends it.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_redirects_to(&app.get("/cases").await, "/login?next=/cases");
}

#[tokio::test]
async fn extra_form_fields_cannot_assign_owner_or_role() {
    let app = spawn_app().await;
    let jana = make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    let petr = make_user(&app.db, "petr@centre.test", Role::Consultant).await;
    let catalog = softland_web::db::templates::catalog(&app.db).await.unwrap();
    let case = crate::support::employee_card_case(&catalog, crate::support::date(2026, 12, 23));
    let id = softland_web::db::cases::create(&app.db, &case, jana, jana, None)
        .await
        .unwrap();
    app.sign_in("jana@centre.test", PASSWORD).await;
    let csrf = app.csrf(&format!("/cases/{id}")).await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("body", "hello"),
        ("visibility", "internal"),
        ("case_id", "999"),
        ("author_id", &petr.to_string()),
        ("role", "admin"),
        ("consultant_id", &petr.to_string()),
    ];
    assert!(
        app.post_form(&format!("/cases/{id}/notes"), &fields)
            .await
            .status()
            .is_redirection()
    );
    let notes = softland_web::db::notes::list(&app.db, id, true, 10)
        .await
        .unwrap();
    assert_eq!(notes[0].author, Some(jana));
    assert_eq!(
        softland_web::db::cases::load(&app.db, id)
            .await
            .unwrap()
            .consultant,
        jana
    );
    let me = softland_web::db::users::get(&app.db, jana).await.unwrap();
    assert_eq!(me.role, Role::Consultant);
}

#[tokio::test]
async fn startup_refuses_a_database_with_an_unknown_migration() {
    use sea_orm::ConnectionTrait as _;
    let database = crate::support::TestDb::new().await;
    let db = softland_web::db::Db::connect(&database.url, 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db.close().await;
    let raw = sea_orm::Database::connect(&database.url).await.unwrap();
    raw.execute_unprepared("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20990101_000001_from_the_future', 0)")
        .await
        .unwrap();
    raw.close().await.unwrap();
    let config = softland_web::config::Config::for_database(&database.url);
    let err = softland_web::app::prepare(&config)
        .await
        .err()
        .expect("startup refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("m20990101_000001_from_the_future"),
        "{message}"
    );
    assert!(message.contains("does not know"), "{message}");
}

#[tokio::test]
async fn error_pages_keep_the_navigation_of_whoever_is_signed_in() {
    let app = spawn_app().await;
    let visitor = app.get("/no/such/page").await;
    assert_eq!(visitor.status(), 404);
    let html = visitor.text().await.unwrap();
    assert!(
        html.contains("<title>Error: Page not found · softland</title>"),
        "{html}"
    );
    assert!(!html.contains("Sign out"));
    make_user(&app.db, "jana@centre.test", Role::Consultant).await;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let staff = app.get("/cases/999999").await;
    assert_eq!(staff.status(), 404);
    let html = staff.text().await.unwrap();
    assert!(html.contains(r#"<nav aria-label="Main">"#), "{html}");
    assert!(html.contains("Sign out"));
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn an_expat_refused_a_staff_page_is_pointed_back_to_their_checklist() {
    let app = spawn_app().await;
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    assert_redirects_to(&app.sign_in("priya@mail.test", PASSWORD).await, "/my");
    let res = app.get("/cases").await;
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"<a href="/my">Back to your checklist</a>"#),
        "{html}"
    );
    assert!(
        !html.contains(r#"<nav aria-label="Main">"#),
        "no staff navigation"
    );
}
