//! Sign-in and sign-out.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::hashing::HashingError;
use crate::auth::{password, session};
use crate::db::{throttle, users};
use crate::error::AppError;
use crate::views::{LoginPage, render};

/// `?next=` of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// An empty form (sign-out carries only its CSRF token).
#[derive(Debug, Deserialize)]
pub struct Empty {}

const WRONG: &str = "The e-mail or password is not right.";
/// Said when too many sign-ins are being checked at once.
const BUSY: &str = "Many people are signing in right now. Please try again in a few seconds.";

/// `GET /login`.
pub async fn new_form(session: Session, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if session::signed_in(&session).await?.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let page = LoginPage::new(
        session::csrf_token(&session).await?,
        q.next,
        String::new(),
        None,
    );
    Ok(render(&page)?.into_response())
}

/// Minutes until the oldest failure in the window expires, if `key` is over `limit`.
async fn throttled(state: &AppState, key: &str, limit: u64) -> Result<Option<i64>, AppError> {
    let window = chrono::Duration::from_std(state.config.throttle_window)
        .unwrap_or(chrono::Duration::minutes(15));
    let (count, oldest) =
        throttle::failures_since(&state.db, key, chrono::Utc::now() - window).await?;
    if count < limit {
        return Ok(None);
    }
    let free_at = oldest.unwrap_or_else(chrono::Utc::now) + window;
    Ok(Some(
        ((free_at - chrono::Utc::now()).num_seconds() / 60 + 1).max(1),
    ))
}

/// `POST /login`: checks the password (an unknown e-mail costs one hash too and gets the
/// same answer), throttles repeated failures per account and per address.
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    CsrfForm { form, session }: CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let email = form.email.trim().to_lowercase();
    let keys = [format!("account:{email}"), format!("address:{}", peer.ip())];
    let wait = match throttled(&state, &keys[0], state.config.throttle_per_account).await? {
        Some(m) => Some(m),
        None => throttled(&state, &keys[1], state.config.throttle_per_address).await?,
    };
    if let Some(minutes) = wait {
        tracing::warn!(%email, address = %peer.ip(), "sign-in refused: throttled");
        let message =
            format!("Too many failed sign-ins. Please wait {minutes} minute(s) and try again.");
        return again(
            &session,
            form.next,
            email,
            StatusCode::TOO_MANY_REQUESTS,
            message,
        )
        .await;
    }
    let user = users::find_by_email(&state.db, &email).await?;
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_owned());
    let verified = match verify_off_thread(&state, form.password.clone(), hash).await {
        Err(HashingError::Busy(waiting)) => {
            tracing::warn!(%email, address = %peer.ip(), waiting, "sign-in refused: busy");
            return busy(&session, form.next, email).await;
        }
        other => other?,
    };
    let ok = verified
        && user
            .as_ref()
            .is_some_and(|u| u.active && u.password_hash.is_some());
    let Some(user) = user.filter(|_| ok) else {
        let keep = chrono::Duration::from_std(state.config.throttle_window * 4)
            .unwrap_or(chrono::Duration::hours(1));
        throttle::record_failure(&state.db, &keys, keep).await?;
        tracing::warn!(%email, address = %peer.ip(), "sign-in failed");
        return again(
            &session,
            form.next,
            email,
            StatusCode::UNAUTHORIZED,
            WRONG.to_owned(),
        )
        .await;
    };
    throttle::clear(&state.db, &keys[0]).await?;
    session::sign_in(&session, user.id).await?;
    tracing::info!(user = user.id.0, address = %peer.ip(), "signed in");
    let home = if user.role.is_staff() { "/" } else { "/my" };
    let next = form
        .next
        .filter(|n| session::is_safe_return(n))
        .unwrap_or_else(|| home.to_owned());
    Ok(Redirect::to(&next).into_response())
}

/// The sign-in form again, with the e-mail kept and the message shown.
async fn again(
    session: &Session,
    next: Option<String>,
    email: String,
    status: StatusCode,
    message: String,
) -> Result<Response, AppError> {
    let page = LoginPage::new(
        session::csrf_token(session).await?,
        next,
        email,
        Some(message),
    );
    Ok((status, render(&page)?).into_response())
}

/// The sign-in form again when too many password checks wait already (503, retry in 5 s):
/// nothing was checked, so nothing counts as a failure.
async fn busy(
    session: &Session,
    next: Option<String>,
    email: String,
) -> Result<Response, AppError> {
    let mut response = again(
        session,
        next,
        email,
        StatusCode::SERVICE_UNAVAILABLE,
        BUSY.to_owned(),
    )
    .await?;
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("5"));
    Ok(response)
}

/// argon2id on the hashing threads, at most `hashing_concurrency` at once, so that sign-ins
/// never stall page requests.
async fn verify_off_thread(
    state: &AppState,
    password: String,
    hash: String,
) -> Result<bool, HashingError> {
    state
        .hashing
        .run(move || password::verify(&password, &hash))
        .await
}

/// `POST /logout`: the session is deleted server-side.
pub async fn delete(CsrfForm { session, .. }: CsrfForm<Empty>) -> Result<Redirect, AppError> {
    session::sign_out(&session).await?;
    Ok(Redirect::to("/login"))
}
