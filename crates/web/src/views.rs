//! askama page structs; each mirrors a file in `templates/`.

pub mod account;
pub mod admin;
pub mod buddies;
pub mod buddy;
pub mod calendar;
pub mod case_page;
pub mod cases;
pub mod dashboard;
pub mod due;
pub mod employer;
pub mod employers;
pub mod enquiries;
pub mod erasure;
pub mod events;
pub mod feed;
pub mod files;
pub mod login;
pub mod mail;
pub mod markdown;
pub mod messages;
pub mod nav;
pub mod pager;
pub mod partners;
pub mod password;
pub mod photo;
pub mod portal;
pub mod privacy;
pub mod profile_fields;
pub mod public;
pub mod referrals;
pub mod search;
pub mod wallet;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;

pub use dashboard::DashboardPage;
pub use login::LoginPage;

/// `text` as a sentence: capitalised, with a full stop.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Renders a page, turning a template failure into an internal error.
pub fn render(page: &impl Template) -> Result<Html<String>, AppError> {
    page.render()
        .map(Html)
        .map_err(|e| AppError::Internal(e.into()))
}

/// `templates/error.html`: every error answer.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// "Page not found".
    pub heading: String,
    /// What happened and what to do.
    pub message: String,
    /// The staff navigation, when a staff member is signed in.
    pub nav: Option<nav::Nav>,
    /// Whether an expat is signed in (the page links to their checklist).
    pub expat: bool,
    /// Whether an ambassador of the buddy programme is signed in (the page links to their
    /// own area).
    pub buddy: bool,
    /// Whether a partner employer's user is signed in (the page links to their own area).
    pub employer: bool,
}

/// What an error page said, kept on its response so that the page can be shown again with
/// the navigation of whoever is signed in (`app::error_navigation`).
#[derive(Debug, Clone)]
pub struct ErrorShown {
    /// The answer's status.
    pub status: StatusCode,
    /// The message.
    pub message: String,
}

impl ErrorPage {
    /// The page for `status` with `message`.
    pub fn new(status: StatusCode, message: String) -> Self {
        let heading = match status {
            StatusCode::NOT_FOUND => "Page not found".to_owned(),
            StatusCode::FORBIDDEN => "Not allowed".to_owned(),
            StatusCode::CONFLICT => "Changed meanwhile".to_owned(),
            StatusCode::PAYLOAD_TOO_LARGE => "Too much data".to_owned(),
            s if s.is_server_error() => "Something went wrong".to_owned(),
            s => s.canonical_reason().unwrap_or("Error").to_owned(),
        };
        Self {
            heading,
            message,
            nav: None,
            expat: false,
            buddy: false,
            employer: false,
        }
    }

    /// The page as HTML; a minimal page when the template itself fails.
    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|_| {
            format!(
                "<!doctype html><title>Error</title><h1>{}</h1>",
                self.heading
            )
        })
    }

    /// The answer with status `status` and `message`, marked so that the navigation is
    /// added for whoever is signed in.
    pub fn response(status: StatusCode, message: String) -> Response {
        let page = Self::new(status, message.clone());
        let mut response = (status, Html(page.render_html())).into_response();
        response
            .extensions_mut()
            .insert(ErrorShown { status, message });
        response
    }
}

/// `url` when it is a web address (`http://` or `https://`), else empty: only such
/// addresses become links (a stored `javascript:` address would run in the page).
pub fn web_link(url: &str) -> String {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        url.trim().to_owned()
    } else {
        String::new()
    }
}
