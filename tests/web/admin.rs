//! The admin pages: staff accounts, route templates, office closure days. Helpers shared by
//! the files of `admin/`.

mod access;
mod closures;
mod templates;
mod users;

use softland_web::auth::Role;
use softland_web::ids::UserId;

use crate::support::{PASSWORD, TestApp, make_user, spawn_app};

/// The admin every test signs in as.
pub const ADMIN: &str = "ada@centre.test";

/// A running app with admin [`ADMIN`] signed in.
pub async fn admin_app() -> (TestApp, UserId) {
    let app = spawn_app().await;
    let id = make_user(&app.db, ADMIN, Role::Admin).await;
    assert_eq!(app.sign_in(ADMIN, PASSWORD).await.status(), 303);
    (app, id)
}

impl TestApp {
    /// Posts `fields` with the session's CSRF token (taken from the admin overview).
    pub async fn post_with_csrf(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf("/admin").await;
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }
}

/// A second browser (its own cookies) on the same app.
pub struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self { app, client }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.app.url(path))
            .send()
            .await
            .expect("GET")
    }

    /// Signs in; returns the answer to the POST.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        crate::support::sign_in_with(self.app, &self.client, email, password).await
    }
}

/// The page's text, asserting its status first.
pub async fn text_with_status(res: reqwest::Response, status: u16) -> String {
    let got = res.status().as_u16();
    let text = res.text().await.expect("body");
    assert_eq!(got, status, "{text}");
    text
}
