//! `AppError`: what a handler can fail with, and how each failure is answered.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::commands::CommandError;
use crate::db::DbError;

/// A request that could not be served.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page or record, or one the caller may not see.
    #[error("not found")]
    NotFound,
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The signed-in account may not do this.
    #[error("Your account may not do this.")]
    Forbidden,
    /// Someone changed the record meanwhile.
    #[error("{0}")]
    Conflict(String),
    /// The database is unreachable or failed.
    #[error("service unavailable")]
    Unavailable,
    /// Too many requests from the caller's address: 429 with `Retry-After` (seconds).
    #[error("Too many requests came from your address. Please wait a few minutes and try again.")]
    Throttled(u64),
    /// An upload refused as a whole (too large, not an accepted type, the file store
    /// unavailable …), with its status.
    #[error("{1}")]
    File(StatusCode, String),
    /// A bug or an unexpected failure; logged, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::File(status, _) => *status,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound => AppError::NotFound,
            DbError::Conflict(changed) => AppError::Conflict(changed.to_string()),
            DbError::Constraint(rule) => {
                AppError::Conflict(crate::handlers::sentence(&rule.to_string()))
            }
            DbError::Setup(setup) => AppError::Internal(setup.into()),
            DbError::Other(cause) => AppError::Internal(cause.into()),
        }
    }
}

impl From<CommandError> for AppError {
    fn from(err: CommandError) -> Self {
        match err {
            CommandError::NotFound => AppError::NotFound,
            CommandError::Forbidden => AppError::Forbidden,
            CommandError::ChangedMeanwhile(changed) => {
                AppError::Conflict(format!("This was {changed}."))
            }
            CommandError::Store(err) => err.into(),
            CommandError::Busy => AppError::Unavailable,
            CommandError::Throttled { retry_after } => AppError::Throttled(retry_after),
            CommandError::File(refusal) => AppError::File(
                file_status(&refusal),
                crate::handlers::sentence(&refusal.to_string()),
            ),
            CommandError::Internal(cause) => AppError::Internal(cause),
            refused => AppError::BadRequest(crate::handlers::sentence(&refused.to_string())),
        }
    }
}

/// The status of a refused upload: the same as the API's.
pub fn file_status(refusal: &crate::commands::files::FileRefusal) -> StatusCode {
    use crate::commands::files::FileRefusal as R;
    match refusal {
        R::FileTooLarge(_) | R::RequestTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        R::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        R::Empty | R::NoFile | R::Infected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        R::Interrupted => StatusCode::BAD_REQUEST,
        R::StoreUnavailable | R::ScannerUnavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let reference = uuid::Uuid::new_v4().simple().to_string();
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = ?cause, reference = %reference, "request failed");
        }
        let status = self.status();
        let message = match &self {
            AppError::Internal(_) => format!(
                "Something went wrong on our side. Reference: {}",
                &reference[..12]
            ),
            other => other.to_string(),
        };
        let mut response = crate::views::ErrorPage::response(status, message);
        if let AppError::Throttled(seconds) = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}
