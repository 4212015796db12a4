//! A visitor who is not signed in: recognised by a random cookie, never by a stored session.
//! The forms such a visitor sees (sign-in, forgotten password, invitation and reset links)
//! carry a CSRF token signed from that cookie (the signed double-submit cookie of OWASP's
//! CSRF cheat sheet), so that nothing is written to the database before someone signs in:
//! an anonymous flood of `GET /login` costs no row and no write.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::keys::{Keys, Purpose, random_hex};

/// The cookie's name.
pub const COOKIE: &str = "softland_visitor";
const ID_CHARS: usize = 32;

/// This request's visitor id: from the cookie, or new (then the response sets the cookie
/// if a form was rendered with it).
#[derive(Debug, Clone)]
pub struct Visitor {
    id: String,
    fresh: bool,
    used: Arc<AtomicBool>,
}

impl Visitor {
    /// The CSRF token of this visitor's forms.
    pub fn csrf_token(&self, keys: &Keys) -> String {
        self.used.store(true, Ordering::Relaxed);
        keys.sign(Purpose::VisitorCsrf, self.id.as_bytes())
    }

    /// Whether `sent` is this visitor's CSRF token (the cookie must have come with the
    /// request: a fresh id never matches).
    pub fn is_csrf_token(&self, keys: &Keys, sent: &str) -> bool {
        !self.fresh && keys.verify(Purpose::VisitorCsrf, self.id.as_bytes(), sent)
    }
}

fn from_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == ID_CHARS && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Middleware: gives every request a [`Visitor`] and sets the cookie when a new visitor's
/// token was used on the page.
pub async fn recognise(mut request: Request, next: Next) -> Response {
    let visitor = match from_cookie(request.headers()) {
        Some(id) => Visitor {
            id,
            fresh: false,
            used: Arc::default(),
        },
        None => Visitor {
            id: random_hex(ID_CHARS / 2),
            fresh: true,
            used: Arc::default(),
        },
    };
    request.extensions_mut().insert(visitor.clone());
    let mut response = next.run(request).await;
    if visitor.fresh && visitor.used.load(Ordering::Relaxed) {
        let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax", visitor.id);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .unwrap_or_else(|| Visitor {
                id: random_hex(ID_CHARS / 2),
                fresh: true,
                used: Arc::default(),
            }))
    }
}
