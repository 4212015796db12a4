//! `ApiError`: every failure of the JSON API, answered as
//! `{"error": {"code": "...", "message": "...", "field": ...}}` with the matching status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::commands::CommandError;
use crate::db::DbError;

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorBody,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable, machine-readable code: `bad_request`, `unauthorized`, `forbidden`,
    /// `not_found`, `method_not_allowed`, `changed_meanwhile`, `refused`,
    /// `precondition_failed`, `payload_too_large`, `unsupported_media_type`, `invalid`,
    /// `throttled`, `internal`, `unavailable`.
    #[schema(example = "invalid")]
    pub code: &'static str,
    /// A sentence for people.
    #[schema(example = "please enter the name")]
    pub message: String,
    /// The request field the error belongs to (`principal.name`, `dependants[0].relation`,
    /// `key_dates.arrival`), or `null`.
    #[schema(example = "principal.name")]
    pub field: Option<String>,
    /// Every field problem when several fields were refused at once (422).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<FieldProblem>,
}

/// One refused field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field.
    pub field: String,
    /// Why it was refused.
    pub message: String,
}

/// A failed API request.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    field: Option<String>,
    details: Vec<FieldProblem>,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// 400: the JSON, query or path could not be read.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401: no token, or one that is unknown, revoked or expired.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send a valid API token as `Authorization: Bearer <token>`",
        )
    }

    /// 403: the token's role may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404: no such record, or one the caller may not see.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such record")
    }

    /// 405: the path exists, the method does not.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this method is not allowed here",
        )
    }

    /// 409: the current state does not allow the change (a domain rule refused it).
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "refused", message)
    }

    /// 409: the version sent in the body is stale.
    pub fn changed_meanwhile(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "changed_meanwhile", message)
    }

    /// 412: the `If-Match` tag is stale or names another record.
    pub fn precondition_failed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            message,
        )
    }

    /// 413: the body is larger than the server accepts.
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is too large",
        )
    }

    /// 415: the body is not sent as `application/json`.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as JSON with `Content-Type: application/json`",
        )
    }

    /// 422: `field` holds a value that is refused.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut err = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
        err.field = Some(field.into());
        err
    }

    /// 422: several fields refused; the first is also `field`/`message`.
    pub fn invalid_fields(problems: Vec<FieldProblem>) -> Self {
        let first = problems.first().cloned();
        let mut err = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "the request has invalid fields",
        );
        if let Some(first) = first {
            err.message = first.message;
            err.field = Some(first.field);
        }
        err.details = problems;
        err
    }

    /// 429: too many failed attempts; retry after `seconds`.
    pub fn throttled(seconds: u64) -> Self {
        let mut err = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            format!("too many requests with invalid tokens; retry in {seconds} seconds"),
        );
        err.retry_after = Some(seconds);
        err
    }

    /// 500: a bug or a failure of the store; logged, never shown.
    pub fn internal(cause: &(dyn std::fmt::Debug + Send + Sync)) -> Self {
        tracing::error!(error = ?cause, "API request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side",
        )
    }

    /// 413, 415, 422, 400 or 503: an upload refused as a whole, with the field `files`.
    pub fn file(refusal: &crate::commands::files::FileRefusal) -> Self {
        let status = crate::error::file_status(refusal);
        let code = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid",
            StatusCode::BAD_REQUEST => "bad_request",
            _ => "unavailable",
        };
        let mut err = Self::new(status, code, refusal.to_string());
        err.field = Some("files".to_owned());
        err
    }

    /// The same error about `field` (an upload refused as a whole, said of its one file).
    #[must_use]
    pub fn about(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    /// The error for `status` when nothing more is known (a rejection from outside the API).
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => Self::payload_too_large(),
            StatusCode::NOT_FOUND => Self::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => Self::method_not_allowed(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::unsupported_media_type(),
            s if s.is_server_error() => {
                Self::new(s, "unavailable", "the service is unavailable; try again")
            }
            s => Self::new(
                s,
                "bad_request",
                s.canonical_reason().unwrap_or("request refused"),
            ),
        }
    }

    /// The HTTP status (the tests' view of an error).
    #[cfg(test)]
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// The machine-readable code (the tests' view of an error).
    #[cfg(test)]
    pub(crate) fn code(&self) -> &'static str {
        self.code
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound => Self::not_found(),
            DbError::Conflict(changed) => Self::changed_meanwhile(format!("this was {changed}")),
            DbError::Constraint(rule) => Self::refused(rule.to_string()),
            DbError::Setup(setup) => Self::internal(&setup),
            DbError::Other(cause) => Self::internal(&cause),
        }
    }
}

impl From<CommandError> for ApiError {
    fn from(err: CommandError) -> Self {
        match err {
            CommandError::NotFound => Self::not_found(),
            CommandError::Forbidden => {
                Self::forbidden("this needs a consultant's or an admin's token")
            }
            CommandError::ChangedMeanwhile(changed) => {
                Self::changed_meanwhile(format!("this was {changed}"))
            }
            CommandError::Invalid { field, problem } => {
                Self::invalid(field.name(), problem.to_string())
            }
            CommandError::InvalidFields(errors) => Self::invalid_fields(
                errors
                    .iter()
                    .map(|(field, message)| FieldProblem {
                        field: field.to_owned(),
                        message: message.to_owned(),
                    })
                    .collect(),
            ),
            CommandError::Refused(refusal) => Self::refused(refusal.to_string()),
            CommandError::Store(err) => err.into(),
            CommandError::Busy => Self::for_status(StatusCode::SERVICE_UNAVAILABLE),
            CommandError::Throttled { retry_after } => {
                let mut err = Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "throttled",
                    "too many requests from your address; nothing was stored",
                );
                err.retry_after = Some(retry_after);
                err
            }
            CommandError::File(refusal) => Self::file(&refusal),
            CommandError::Internal(cause) => Self::internal(&cause),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: self.code,
                message: self.message,
                field: self.field,
                details: self.details,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"softland\""),
            );
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
