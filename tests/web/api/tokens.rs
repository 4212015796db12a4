//! Personal API tokens: `softland token create`, the account page, and the store's rules.

use std::process::{Command, Stdio};

use reqwest::StatusCode;
use softland_web::auth::Role;
use softland_web::db::{Db, api_tokens};

use super::spawn_api;
use crate::support::{PASSWORD, TestDb, make_user};

fn token_create(database: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_softland"))
        .args(["--database", database, "token", "create"])
        .args(args)
        .stdin(Stdio::null())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run softland")
}

#[tokio::test]
async fn the_cli_prints_a_token_that_acts_for_the_account() {
    let database = TestDb::new().await;
    let db = Db::connect(&database.url, 1).await.unwrap();
    db.migrate().await.unwrap();
    let jana = make_user(&db, "jana@centre.test", Role::Consultant).await;
    let out = token_create(
        &database.url,
        &[
            "--email",
            "Jana@Centre.test",
            "--name",
            "HR system",
            "--days",
            "30",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(secret.starts_with("sl_") && secret.len() == 67, "{secret}");
    let owner = api_tokens::verify(&db, &secret)
        .await
        .unwrap()
        .expect("a valid token");
    assert_eq!(owner.user.id, jana);
    let listed = api_tokens::list(&db, jana).await.unwrap();
    assert_eq!(listed[0].name, "HR system");
    let days = (listed[0].expires_at.unwrap() - listed[0].created_at).num_days();
    assert!((29..=30).contains(&days), "{days}");
}

#[tokio::test]
async fn the_cli_refuses_an_unknown_account_and_impossible_days() {
    let database = TestDb::new().await;
    let db = Db::connect(&database.url, 1).await.unwrap();
    db.migrate().await.unwrap();
    make_user(&db, "jana@centre.test", Role::Consultant).await;
    let unknown = token_create(&database.url, &["--email", "nobody@centre.test"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account with that e-mail"));
    let days = token_create(
        &database.url,
        &["--email", "jana@centre.test", "--days", "0"],
    );
    assert!(!days.status.success());
    assert!(String::from_utf8_lossy(&days.stderr).contains("1–3650 days"));
    assert!(days.stdout.is_empty());
}

/// The secret shown on the account page after creating a token.
fn secret_in(html: &str) -> String {
    let marker = r#"<code id="new-token">"#;
    let start = html.find(marker).expect("the new token") + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

/// Signs Jana in and makes a token called `name` on the account page; its secret and the
/// page's CSRF token.
async fn token_from_page(api: &super::Api, name: &str) -> (String, String) {
    api.app.sign_in("jana@centre.test", PASSWORD).await;
    let csrf = api.app.csrf("/account").await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", name),
        ("days", "7"),
        ("password", PASSWORD),
    ];
    let res = api.app.post_form("/account/tokens", &fields).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    (secret_in(&res.text().await.unwrap()), csrf)
}

#[tokio::test]
async fn the_account_page_creates_a_token_and_shows_it_once() {
    let api = spawn_api().await;
    let (secret, _) = token_from_page(&api, "Website").await;
    assert_eq!(api.get_as("/me", &secret).await.status(), StatusCode::OK);
    let page = api.app.get("/account").await.text().await.unwrap();
    assert!(page.contains("Website"));
    assert!(!page.contains(&secret), "shown only once");
}

#[tokio::test]
async fn the_account_page_revokes_a_token() {
    let api = spawn_api().await;
    let (secret, csrf) = token_from_page(&api, "Website").await;
    let mine = api_tokens::list(&api.app.db, api.jana).await.unwrap();
    let website = mine.iter().find(|t| t.name == "Website").unwrap();
    let path = format!("/account/tokens/{}/revoke", website.id);
    let res = api.app.post_form(&path, &[("csrf", &csrf)]).await;
    assert!(res.status().is_redirection());
    let me = api.get_as("/me", &secret).await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let page = api.app.get("/account").await.text().await.unwrap();
    assert!(page.contains("revoked"), "{page}");
}

#[tokio::test]
async fn the_account_page_refuses_a_bad_name_and_another_users_token() {
    let api = spawn_api().await;
    let (petr, _) = api
        .user_with_token("petr@centre.test", Role::Consultant)
        .await;
    let petrs = api_tokens::list(&api.app.db, petr).await.unwrap()[0].id;
    api.app.sign_in("jana@centre.test", PASSWORD).await;
    let csrf = api.app.csrf("/account").await;
    let res = api
        .app
        .post_form(
            "/account/tokens",
            &[
                ("csrf", &csrf),
                ("name", " "),
                ("days", ""),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = api
        .app
        .post_form(
            "/account/tokens",
            &[
                ("csrf", &csrf),
                ("name", "x"),
                ("days", "9999"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = api
        .app
        .post_form(
            &format!("/account/tokens/{petrs}/revoke"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(
        api_tokens::list(&api.app.db, petr).await.unwrap()[0]
            .revoked_at
            .is_none()
    );
}

#[tokio::test]
async fn the_account_page_is_for_signed_in_staff() {
    let api = spawn_api().await;
    assert!(
        api.app.get("/account").await.status().is_redirection(),
        "anonymous: sign in first"
    );
    make_user(&api.app.db, "priya@example.com", Role::Expat).await;
    api.app.sign_in("priya@example.com", PASSWORD).await;
    assert_eq!(
        api.app.get("/account").await.status(),
        StatusCode::FORBIDDEN
    );
}
