//! Accounts: a password change (every role, with the current password) ends what must end;
//! new API tokens need the password; an expat's token sees no internal reasons; paging and
//! template sources cannot be abused.

use reqwest::{Method, StatusCode};
use serde_json::json;
use softland_web::auth::Role;
use softland_web::db::{api_tokens, outbox};

use crate::api::{item, spawn_api};
use crate::support::{PASSWORD, make_user, spawn_app};

const NEW_PASSWORD: &str = "seven green lanterns";

/// Signs Jana in with `password` in `client` (which follows redirects).
async fn sign_in_with(
    app: &crate::support::TestApp,
    client: &reqwest::Client,
    password: &str,
) -> reqwest::Response {
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = [
        ("csrf", crate::support::csrf_in(&page)),
        ("email", "jana@centre.test".to_owned()),
        ("password", password.to_owned()),
    ];
    client
        .post(app.url("/login"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The change-password form's fields.
fn change(csrf: &str, current: &str, new: &str) -> [(&'static str, String); 4] {
    [
        ("csrf", csrf.to_owned()),
        ("current", current.to_owned()),
        ("password", new.to_owned()),
        ("confirm", new.to_owned()),
    ]
}

#[tokio::test]
async fn a_consultant_changes_their_password_and_everything_else_ends() {
    let api = spawn_api().await;
    let app = &api.app;
    let other_session = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    sign_in_with(app, &other_session, PASSWORD).await;
    assert!(
        app.sign_in("jana@centre.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let csrf = app.csrf("/account").await;
    let post = |fields: [(&'static str, String); 4]| {
        app.client
            .post(app.url("/account/password"))
            .form(&fields)
            .send()
    };

    let res = post(change(&csrf, "not my password", NEW_PASSWORD))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="current-password-error""#), "{html}");
    assert_eq!(
        api.get("/me").await.status(),
        StatusCode::OK,
        "nothing changed"
    );

    let res = post(change(&csrf, PASSWORD, NEW_PASSWORD)).await.unwrap();
    assert_eq!(res.headers()["location"], "/account");
    assert_eq!(
        app.get("/account").await.status(),
        200,
        "this session stays"
    );
    let elsewhere = other_session.get(app.url("/cases")).send().await.unwrap();
    assert!(
        elsewhere.url().path().starts_with("/login"),
        "the other session ended"
    );
    assert_eq!(
        api.get("/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "tokens revoked"
    );
    let mails = outbox::list(&app.db, &outbox::Filter::default(), 5)
        .await
        .unwrap();
    let told = |m: &outbox::Mail| m.to == "jana@centre.test" && m.subject.contains("changed");
    assert!(mails.iter().any(told), "the owner is told by mail");
    let res = sign_in_with(app, &other_session, NEW_PASSWORD).await;
    assert_eq!(res.url().path(), "/", "the new password signs in");
}

#[tokio::test]
async fn an_expat_changes_their_password_in_the_portal() {
    let app = spawn_app().await;
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    assert!(
        app.sign_in("priya@mail.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let page = app.get("/my/account").await.text().await.unwrap();
    assert!(page.contains(r#"action="/my/account/password""#), "{page}");
    let csrf = crate::support::csrf_in(&page);
    let weak = [
        ("csrf", csrf.as_str()),
        ("current", PASSWORD),
        ("password", "password2026"),
        ("confirm", "password2026"),
    ];
    let html = app
        .post_form("/my/account/password", &weak)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(r#"id="new-password-error""#) && html.contains("too common"),
        "{html}"
    );
    assert!(
        html.contains(r#"class="error-summary""#) && html.contains(r##"<a href="#new-password">"##),
        "an error summary links to the field: {html}"
    );
    assert!(html.contains("<title>Error: "), "{html}");
    let mismatch = [
        ("csrf", csrf.as_str()),
        ("current", PASSWORD),
        ("password", NEW_PASSWORD),
        ("confirm", "something else entirely"),
    ];
    let res = app.post_form("/my/account/password", &mismatch).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains(r#"id="confirm-password-error""#)
    );
    let right = [
        ("csrf", csrf.as_str()),
        ("current", PASSWORD),
        ("password", NEW_PASSWORD),
        ("confirm", NEW_PASSWORD),
    ];
    let res = app.post_form("/my/account/password", &right).await;
    assert_eq!(res.headers()["location"], "/my/account");
    assert_eq!(
        app.post_form("/account/password", &right).await.status(),
        403,
        "not the staff form"
    );
}

#[tokio::test]
async fn a_new_token_needs_the_password_and_tells_the_owner() {
    let api = spawn_api().await;
    let app = &api.app;
    app.sign_in("jana@centre.test", PASSWORD).await;
    let before = api_tokens::list(&app.db, api.jana).await.unwrap().len();
    let csrf = app.csrf("/account").await;
    let stolen_session = [
        ("csrf", csrf.as_str()),
        ("name", "Exfiltrate"),
        ("days", ""),
        ("password", ""),
    ];
    let res = app.post_form("/account/tokens", &stolen_session).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains(r#"id="token-password-error""#)
    );
    assert_eq!(
        api_tokens::list(&app.db, api.jana).await.unwrap().len(),
        before
    );
    let right = [
        ("csrf", csrf.as_str()),
        ("name", "HR system"),
        ("days", ""),
        ("password", PASSWORD),
    ];
    assert_eq!(
        app.post_form("/account/tokens", &right).await.status(),
        StatusCode::CREATED
    );
    let mails = outbox::list(&app.db, &outbox::Filter::default(), 5)
        .await
        .unwrap();
    assert!(
        mails[0].subject.contains("new API token"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].body.contains("HR system"));
}

#[tokio::test]
async fn an_expats_token_sees_no_internal_reasons() {
    let api = spawn_api().await;
    let case = api.open_case().await;
    let id = case["id"].as_i64().unwrap();
    let bank = item(&case, "bank-account", "0");
    let path = format!("/cases/{id}/items/{}/status", bank["id"]);
    let na = json!({"action": "not_applicable", "reason": "employer pays in cash (internal)"});
    assert_eq!(
        api.send(Method::POST, &path, na).await.status(),
        StatusCode::OK
    );
    let hold = json!({"reason": "client under investigation (internal)"});
    assert_eq!(
        api.send(Method::POST, format!("/cases/{id}/hold"), hold)
            .await
            .status(),
        StatusCode::OK
    );
    let (_, expat) = api.expat_of(id, "priya@example.com").await;
    let seen = api
        .get_as(format!("/cases/{id}"), &expat)
        .await
        .text()
        .await
        .unwrap();
    assert!(!seen.contains("(internal)"), "{seen}");
    let staff = api.get(format!("/cases/{id}")).await.text().await.unwrap();
    assert!(staff.contains("employer pays in cash") && staff.contains("under investigation"));
}

#[tokio::test]
async fn an_impossible_page_number_is_422_and_a_page_past_the_end_is_empty() {
    let api = spawn_api().await;
    api.open_case().await;
    for page in ["9223372036854775809", "1000001"] {
        let res = api.get(format!("/cases?page={page}")).await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "page={page}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], "page");
    }
    let far = api.get_json("/cases?page=1000000&per_page=200").await;
    assert_eq!(far["cases"], json!([]));
    assert_eq!(far["total"], 1);
}

#[tokio::test]
async fn a_template_whose_source_is_not_a_web_address_is_refused() {
    let (app, _) = crate::admin::admin_app().await;
    let shipped = softland_domain::template::SHIPPED_ROUTES
        .iter()
        .find(|(file, _)| *file == "employee-card.toml")
        .unwrap()
        .1;
    let body = shipped.replacen("version = 1", "version = 2", 1).replacen(
        "source = \"https://",
        "source = \"javascript:alert(1)//",
        1,
    );
    let res = app
        .post_with_csrf("/admin/templates", &[("body", body.as_str())])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("must be a web address"), "{html}");
}

#[tokio::test]
async fn an_expat_changes_their_sign_in_email_with_their_password() {
    let app = spawn_app().await;
    make_user(&app.db, "priya@mail.test", Role::Expat).await;
    make_user(&app.db, "taken@mail.test", Role::Expat).await;
    assert!(
        app.sign_in("priya@mail.test", PASSWORD)
            .await
            .status()
            .is_redirection()
    );
    let page = app.get("/my/account").await.text().await.unwrap();
    assert!(page.contains(r#"action="/my/account/email""#), "{page}");
    let csrf = crate::support::csrf_in(&page);
    // Refusals keep what was typed, beside the field, with an error summary.
    for (email, password, field, words) in [
        ("not an address", PASSWORD, "new-email-error", ""),
        (
            "taken@mail.test",
            PASSWORD,
            "new-email-error",
            "another account uses this e-mail",
        ),
        (
            "priya@mail.test",
            PASSWORD,
            "new-email-error",
            "already your address",
        ),
        (
            "priya.new@mail.test",
            "wrong password here",
            "email-password-error",
            "not your current password",
        ),
    ] {
        let res = app
            .post_form(
                "/my/account/email",
                &[("csrf", &csrf), ("email", email), ("password", password)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"id="{field}""#)),
            "{email}: {html}"
        );
        assert!(html.to_lowercase().contains(words), "{email}: {html}");
        assert!(html.contains("<title>Error: "), "{email}");
        assert!(html.contains(r#"class="error-summary""#));
        assert!(
            html.contains(&format!(r#"value="{email}""#)),
            "kept: {email}"
        );
    }
    let res = app
        .post_form(
            "/my/account/email",
            &[
                ("csrf", &csrf),
                ("email", "Priya.New@Mail.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/my/account");
    let page = app.get("/my/account").await.text().await.unwrap();
    assert!(
        page.contains("<strong>priya.new@mail.test</strong>"),
        "{page}"
    );
    let mails = outbox::list(&app.db, &outbox::Filter::default(), 5)
        .await
        .unwrap();
    assert!(
        mails
            .iter()
            .any(|m| m.to == "priya@mail.test" && m.subject.contains("e-mail was changed")),
        "the old address is told"
    );
    let moved = softland_web::db::users::find_by_email(&app.db, "priya.new@mail.test").await;
    assert!(
        moved.unwrap().is_some(),
        "the account signs in with the new address"
    );
    let old = softland_web::db::users::find_by_email(&app.db, "priya@mail.test").await;
    assert!(old.unwrap().is_none());
}
