//! The public route guides (issue 22): made from the newest template version, readable
//! without an account, changed by an upload.

use softland_web::auth::Role;

use crate::support::{PASSWORD, make_user, spawn_app};

#[tokio::test]
async fn an_anonymous_visitor_reads_the_live_template_steps_and_deadlines_in_words() {
    let app = spawn_app().await;
    let res = app.get("/guides/employee-card").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for expected in [
        "Coming to work in Ostrava with an employee card",
        "Apply for the employee card at the embassy",
        "Before you arrive",
        "When you arrive",
        "ithin 3 working days of arriving",
        "Weekends and public holidays do not count.",
        "rom 120 days before your permit expires until the day it expires",
        "Passport (valid, at most 10 years old, 2 blank pages)",
        "Your employer",
        "Not confirmed:",
        "Typical timeline",
        r#"href="/calculator?route=employee-card""#,
        r#"href="/contact""#,
        r#"<meta property="og:type" content="article">"#,
    ] {
        let i = html.find("120 days").unwrap_or(0);
        assert!(
            html.contains(expected),
            "missing {expected} in {}",
            &html[i..i + 300]
        );
    }
    assert!(!html.contains("[items"), "raw template text leaked");
}

#[tokio::test]
async fn an_unknown_route_is_not_found() {
    let app = spawn_app().await;
    assert_eq!(app.get("/guides/no-such-route").await.status(), 404);
}

#[tokio::test]
async fn the_index_groups_the_guides_for_newcomers() {
    let app = spawn_app().await;
    let html = app.get("/guides").await.text().await.unwrap();
    for expected in [
        "Coming to work",
        "Coming to study or do research",
        "EU, EEA and Swiss citizens and their families",
        r#"href="/guides/study""#,
        r#"href="/guides/eu-citizen""#,
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
}

#[tokio::test]
async fn an_uploaded_template_version_changes_the_guide() {
    let app = spawn_app().await;
    let before = app.get("/guides/employee-card").await.text().await.unwrap();
    assert!(!before.contains("Bring your lucky pen"));
    make_user(&app.db, "admin@example.com", Role::Admin).await;
    app.sign_in("admin@example.com", PASSWORD).await;
    let shipped = include_str!("../../crates/domain/routes/employee-card.toml");
    let version_line = shipped
        .lines()
        .find(|l| l.starts_with("version = "))
        .unwrap();
    let next: u32 = version_line["version = ".len()..].trim().parse().unwrap();
    let text = shipped
        .replace(version_line, &format!("version = {}", next + 1))
        .replace(
            "Apply for the employee card at the embassy",
            "Apply for the employee card at the embassy (bring your lucky pen)",
        )
        .replace("after = 8\nunit = \"days\"", "after = 15\nunit = \"days\"");
    let csrf = app.csrf("/admin/templates").await;
    let res = app
        .post_form(
            "/admin/templates",
            &[("csrf", &csrf), ("route", "employee-card"), ("body", &text)],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let after = app.get("/guides/employee-card").await.text().await.unwrap();
    assert!(after.contains("(bring your lucky pen)"));
    assert!(after.contains("within 15 days of starting work"));
    assert!(after.contains(&format!("version {}", next + 1)));
    let found = app.get("/guides?q=lucky+pen").await.text().await.unwrap();
    assert!(found.contains(r#"href="/guides/employee-card""#), "{found}");
}
