//! `templates/login/new.html`.

use askama::Template;

/// The sign-in page.
#[derive(Template)]
#[template(path = "login/new.html")]
pub struct LoginPage {
    /// The session's CSRF token.
    pub csrf: String,
    /// Where to go after signing in.
    pub next: Option<String>,
    /// The e-mail typed, kept after a failure.
    pub email: String,
    /// Why the last attempt failed.
    pub error: Option<String>,
}

impl LoginPage {
    /// The page.
    pub fn new(csrf: String, next: Option<String>, email: String, error: Option<String>) -> Self {
        Self {
            csrf,
            next,
            email,
            error,
        }
    }
}

/// The second step of a sign-in with two-factor (issue 23).
#[derive(Template)]
#[template(path = "login/two_factor.html")]
pub struct SecondStepPage {
    /// The visitor's CSRF token (no one is signed in yet).
    pub csrf: String,
    /// Why the last code was refused.
    pub error: Option<String>,
}
