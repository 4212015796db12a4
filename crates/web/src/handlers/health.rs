//! Liveness, readiness and metrics endpoints.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret as _;

use crate::app::AppState;
use crate::error::AppError;

/// `GET /healthz`: the process is alive.
pub async fn alive() -> &'static str {
    "ok"
}

/// `GET /readyz`: the database answers.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// `GET /metrics`: Prometheus text format, for the scraper that sends the configured
/// bearer token (`--metrics-token`); anyone else, and everyone when no token is set, gets
/// the same 404 as for a page that does not exist.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let allowed = match (&state.config.metrics_token, sent) {
        (Some(expected), Some(sent)) => {
            crate::auth::csrf::same_token(expected.expose_secret(), sent.trim())
        }
        _ => false,
    };
    if !allowed {
        return AppError::NotFound.into_response();
    }
    let (size, idle) = state.db.pool_stats();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(size, idle)
            + &state.access.metrics_text()
            + &crate::metrics::write_batches(state.db.write_batches())
            + &state.db.write_counts_text()
            + &crate::metrics::daily_sweeps(state.sweeps.read()),
    )
        .into_response()
}
