//! `templates/password/*.html`: setting a password from a link, asking for a reset link.

use askama::Template;

/// Set a password (after an invitation or a reset).
#[derive(Template)]
#[template(path = "password/set.html")]
pub struct SetPasswordPage {
    /// "Welcome — choose your password" / "Choose a new password".
    pub heading: &'static str,
    /// The account's e-mail.
    pub email: String,
    /// Where the form posts.
    pub action: String,
    /// CSRF token.
    pub csrf: String,
    /// What was wrong with the last try.
    pub error: Option<String>,
}

/// Ask for a reset link.
#[derive(Template)]
#[template(path = "password/forgot.html")]
pub struct ForgotPage {
    /// CSRF token.
    pub csrf: String,
    /// Whether the request was taken.
    pub sent: bool,
}
