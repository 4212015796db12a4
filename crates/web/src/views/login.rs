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
