//! `CsrfForm<T>`: a form body accepted only with its CSRF token and from this site. A
//! signed-in user's token lives in their session; a visitor who is not signed in gets one
//! signed from their visitor cookie (`auth::visitor`), so no session is stored for them.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use super::session;
use super::visitor::Visitor;
use crate::app::AppState;
use crate::error::AppError;

#[derive(Deserialize)]
struct TokenOnly {
    csrf: Option<String>,
}

/// A form posted by this site's own page in this session.
pub struct CsrfForm<T> {
    /// The parsed form.
    pub form: T,
    /// The session it came with.
    pub session: Session,
}

fn refused(message: &str) -> Response {
    crate::views::ErrorPage::response(StatusCode::FORBIDDEN, message.to_owned())
}

fn same_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let host = host.to_str().unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host)
        }
        _ => true,
    }
}

/// Compares without stopping at the first difference.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !same_site(&request) {
            return Err(refused(
                "This form was sent from another site and was refused.",
            ));
        }
        let (mut parts, body) = request.into_parts();
        let session = <Session as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, state,
        )
        .await
        .map_err(|_| {
            AppError::Internal(anyhow::anyhow!("session layer missing")).into_response()
        })?;
        let visitor = parts.extensions.get::<Visitor>().cloned();
        let request = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let sent = serde_html_form::from_bytes::<TokenOnly>(&bytes)
            .ok()
            .and_then(|t| t.csrf);
        let signed_in = session::signed_in(&session)
            .await
            .map_err(IntoResponse::into_response)?
            .is_some();
        let valid = match (sent, signed_in) {
            (None, _) => false,
            (Some(sent), true) => {
                let expected = session::csrf_token(&session)
                    .await
                    .map_err(IntoResponse::into_response)?;
                same_token(&sent, &expected)
            }
            (Some(sent), false) => visitor.is_some_and(|v| v.is_csrf_token(&state.keys, &sent)),
        };
        if !valid {
            return Err(refused(
                "This form has expired or did not come from softland. Reload the page and try again.",
            ));
        }
        let form = serde_html_form::from_bytes::<T>(&bytes).map_err(|e| {
            AppError::BadRequest(format!("The form could not be read: {e}")).into_response()
        })?;
        Ok(Self { form, session })
    }
}

/// The CSRF token for the forms of a page: the session's when someone is signed in, else
/// the visitor's (nothing stored).
pub async fn page_token(
    state: &AppState,
    session: &Session,
    visitor: &Visitor,
) -> Result<String, AppError> {
    if session::signed_in(session).await?.is_some() {
        session::csrf_token(session).await
    } else {
        Ok(visitor.csrf_token(&state.keys))
    }
}

/// A multipart upload posted by this site's own page in this session: the token is the
/// form's first field (`csrf`), checked before any file is read.
#[derive(Debug)]
pub struct CsrfUpload(pub crate::upload::UploadForm);

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !same_site(&request) {
            return Err(refused(
                "This form was sent from another site and was refused.",
            ));
        }
        let session = request
            .extensions()
            .get::<Session>()
            .cloned()
            .ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("session layer missing")).into_response()
            })?;
        // A body that is no multipart form carries no token either: refused like a forged one.
        let form = match crate::upload::UploadForm::read(request, state).await {
            Ok(form) => form,
            Err(crate::commands::files::FileRefusal::Interrupted) => {
                return Err(refused(
                    "This form has expired or did not come from softland. Reload the page and try again.",
                ));
            }
            Err(refusal) => {
                return Err(
                    AppError::from(crate::commands::CommandError::File(refusal)).into_response()
                );
            }
        };
        let expected = session::csrf_token(&session)
            .await
            .map_err(IntoResponse::into_response)?;
        match form.field("csrf") {
            Some(sent) if same_token(sent, &expected) => Ok(Self(form)),
            _ => Err(refused(
                "This form has expired or did not come from softland. Reload the page and try again.",
            )),
        }
    }
}
