//! Request bodies within a deadline for the whole body. tower-http's body timeout restarts
//! its clock at every piece of body, so a client sending a byte every 29 s held a connection
//! for ever; here the deadline counts from the start of the request.

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep, sleep_until};

use crate::app::AppState;

/// The body did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within its deadline")]
pub struct BodyTimedOut;

/// A body that fails once its deadline has passed.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))));
        }
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Middleware: the request's whole body must arrive within `body_read_timeout` of the
/// request's start; after that, reading it fails (the handler answers 4xx and the
/// connection is freed).
pub async fn body_deadline(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let deadline = Instant::now() + state.config.body_read_timeout;
    let request = request.map(|inner| {
        Body::new(DeadlineBody {
            inner,
            deadline: Box::pin(sleep_until(deadline)),
        })
    });
    next.run(request).await
}

/// Middleware: the largest body a request may send — `max_upload_bytes` (and a little for
/// the form's other fields) for a file upload (`POST …/files`, and an ambassador's photo:
/// `POST` or `PUT …/photo`), `max_body_bytes` for anything else. A larger `Content-Length` is
/// answered 413 before a byte is read; a body that grows past it fails while it is read (the
/// handler answers 413). A photo over its own, smaller limit is the command's refusal, shown
/// beside the form's field.
pub async fn body_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_upload = match *request.method() {
        axum::http::Method::POST => path.ends_with("/files") || path.ends_with("/photo"),
        axum::http::Method::PUT => path.ends_with("/photo"),
        _ => false,
    };
    let limit = if is_upload {
        state.config.max_upload_bytes.saturating_add(64 * 1024)
    } else {
        state.config.max_body_bytes
    };
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return axum::response::IntoResponse::into_response((
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "length limit exceeded",
        ));
    }
    next.run(request.map(|body| Body::new(http_body_util::Limited::new(body, limit))))
        .await
}
