//! The access rule: an employer's user sees an employee's progress only while an employment
//! links the person to the user's own organisation and the consent is given and not
//! withdrawn; anything else is 404. Nothing private is ever shown; every view is audited.

use reqwest::Method;
use softland_web::auth::Role;
use softland_web::db::{api_tokens, history, partners};

use super::{employer_org, employer_user, setup};
use crate::messages::{page, signed_in};
use crate::security::{PUBLIC, concrete, routes};
use crate::support::csrf_in;

/// What the employer must never see of Priya's case.
const PRIVATE: [&str; 5] = [
    "Z7654321",
    "1991",
    "Indian",
    "Staff-only",
    "priya@mail.test",
];

fn assert_nothing_private(text: &str) {
    for secret in PRIVATE {
        assert!(!text.contains(secret), "{secret} shown: {text}");
    }
}

async fn employer_token(s: &super::Setup) -> String {
    let user = softland_web::db::users::find_by_email(&s.app.db, "helena@steel.test")
        .await
        .unwrap()
        .unwrap();
    let name = api_tokens::TokenName::parse("HR").unwrap();
    api_tokens::create(&s.app.db, user.id, &name, None)
        .await
        .unwrap()
        .secret
}

async fn api_get(s: &super::Setup, path: &str, token: &str) -> reqwest::Response {
    s.app
        .client
        .get(s.app.url(&format!("/api/v1{path}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_employer_sees_a_consented_employees_progress_and_nothing_private() {
    let s = setup().await;
    s.consent().await;
    let (status, home) = s.page("/employer").await;
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("Priya Sharma"), "{home}");
    assert!(home.contains("steps done"), "{home}");
    assert_nothing_private(&home);
    let path = format!("/employer/employees/{}", s.employment.0);
    let (status, html) = s.page(&path).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Priya Sharma") && html.contains("Their steps"),
        "{html}"
    );
    assert_nothing_private(&html);
    let token = employer_token(&s).await;
    let res = api_get(
        &s,
        &format!("/employer/employees/{}", s.employment.0),
        &token,
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("etag").is_some());
    let json = res.text().await.unwrap();
    assert!(
        json.contains("Priya Sharma") && json.contains("\"steps\""),
        "{json}"
    );
    assert_nothing_private(&json);
    let list = api_get(&s, "/employer/employees", &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains("Priya Sharma"), "{list}");
    assert_nothing_private(&list);
    let events = history::older_of_case(&s.app.db, s.case, None, 100)
        .await
        .unwrap();
    let views = events
        .iter()
        .filter(|e| e.action == softland_web::audit::AuditAction::EmployerViewed)
        .count();
    assert_eq!(
        views, 4,
        "the list page, the employee's page, the API list and the API view (lists show the progress too) are all written down"
    );
}

#[tokio::test]
async fn no_consent_another_employers_employee_and_unknown_ids_are_not_found() {
    let s = setup().await;
    let path = format!("/employer/employees/{}", s.employment.0);
    assert_eq!(s.page(&path).await.0, 404, "no consent yet");
    let token = employer_token(&s).await;
    let api = format!("/employer/employees/{}", s.employment.0);
    assert_eq!(api_get(&s, &api, &token).await.status(), 404);
    s.consent().await;
    let other = employer_org(&s.app, "Ostrava Logistics", s.jana).await;
    employer_user(&s.app, other, "karel@logistics.test", s.jana).await;
    let stranger = signed_in(&s.app, "karel@logistics.test").await;
    let (status, html) = page(&s.app, &stranger, &path).await;
    assert_eq!(status, 404);
    assert!(!html.contains("Priya"), "{html}");
    let (_, home) = page(&s.app, &stranger, "/employer").await;
    assert!(!home.contains("Priya"), "{home}");
    assert_eq!(s.page("/employer/employees/999999").await.0, 404);
    let (status, _) = s.page("/employer/employees/not-a-number").await;
    assert!(status == 400 || status == 404, "{status}");
}

#[tokio::test]
async fn withdrawal_in_the_portal_ends_access_at_once() {
    let s = setup().await;
    s.consent().await;
    let path = format!("/employer/employees/{}", s.employment.0);
    assert_eq!(s.page(&path).await.0, 200);
    let token = employer_token(&s).await;
    let api = format!("/employer/employees/{}", s.employment.0);
    assert_eq!(api_get(&s, &api, &token).await.status(), 200);
    let priya = signed_in(&s.app, "priya@mail.test").await;
    let (status, html) = page(&s.app, &priya, "/my/employer").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Vítkov Steelworks") && html.contains("Stop sharing"),
        "{html}"
    );
    let res = priya
        .post(
            s.app
                .url(&format!("/my/employer/{}/withdraw", s.employment.0)),
        )
        .form(&[("csrf", csrf_in(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(s.page(&path).await.0, 404, "the very next request");
    assert_eq!(api_get(&s, &api, &token).await.status(), 404);
    let (_, home) = s.page("/employer").await;
    assert!(!home.contains("Priya"), "{home}");
    let e = partners::employment(&s.app.db, s.employment).await.unwrap();
    assert!(matches!(e.consent, partners::Consent::Withdrawn { .. }));
}

#[tokio::test]
async fn another_household_cannot_change_the_consent() {
    let s = setup().await;
    let jana = s.jana;
    crate::messages::household(&s.app, jana, "olga@mail.test", "Olga Petrenko").await;
    let olga = signed_in(&s.app, "olga@mail.test").await;
    let (_, html) = page(&s.app, &olga, "/my/employer").await;
    assert!(!html.contains("Priya"), "{html}");
    let res = olga
        .post(
            s.app
                .url(&format!("/my/employer/{}/consent", s.employment.0)),
        )
        .form(&[("csrf", csrf_in(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let e = partners::employment(&s.app.db, s.employment).await.unwrap();
    assert_eq!(e.consent, partners::Consent::NotGiven);
}

#[tokio::test]
async fn an_employer_token_reaches_only_the_employer_endpoints() {
    let s = setup().await;
    s.consent().await;
    let token = employer_token(&s).await;
    for (method, path) in softland_web::api::ROUTES {
        let url = s.app.url(&format!("/api/v1{}", concrete(path)));
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = s
            .app
            .client
            .request(method.clone(), &url)
            .bearer_auth(&token)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        if path.starts_with("/employer/") || *path == "/openapi.json" || *path == "/public/search" {
            assert!(status < 500, "{method} {path}: {status}");
        } else {
            assert!(
                status == 403 || status == 404,
                "{method} {path} answered {status}"
            );
        }
    }
    let staff = api_get(&s, "/hire-requests", &token).await;
    assert_eq!(staff.status(), 403);
}

#[tokio::test]
async fn every_route_outside_the_employer_area_refuses_an_employer() {
    let s = setup().await;
    s.consent().await;
    let csrf = csrf_in(&s.page("/employer").await.1);
    for (method, path) in routes() {
        let listed = PUBLIC.iter().any(|(m, p)| *m == method && *p == path);
        if listed || path.starts_with("/employer") || path.starts_with("/api/") {
            continue;
        }
        let url = s.app.url(&concrete(&path));
        let res = match method.as_str() {
            "GET" => s.employer.get(&url).send().await.unwrap(),
            _ => s
                .employer
                .post(&url)
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap(),
        };
        let status = res.status().as_u16();
        let html = res.text().await.unwrap();
        assert!(
            status == 403 || status == 404,
            "{method} {path} answered an employer {status}"
        );
        assert!(!html.contains("Z7654321"), "{method} {path}");
        assert!(
            !html.contains(r#"<nav aria-label="Main">"#),
            "{method} {path}: staff navigation"
        );
    }
    let _ = Role::Employer;
}

#[tokio::test]
async fn an_employer_made_inactive_sees_nobody_at_once() {
    let s = setup().await;
    s.consent().await;
    let path = format!("/employer/employees/{}", s.employment.0);
    assert_eq!(s.page(&path).await.0, 200);
    let e = partners::employment(&s.app.db, s.employment).await.unwrap();
    let org = partners::organisation(&s.app.db, e.organisation)
        .await
        .unwrap();
    let mut details = org.details.clone();
    details.active = false;
    partners::update_organisation(&s.app.db, org.id, org.version, &details, s.jana)
        .await
        .unwrap();
    assert_eq!(s.page(&path).await.0, 403, "the partnership ended");
    assert_eq!(s.page("/employer").await.0, 403);
}
