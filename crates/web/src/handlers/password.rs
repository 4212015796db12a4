//! Single-use links: accepting an invitation, asking for and using a password-reset link.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::password::{self, Password};
use crate::auth::session;
use crate::db::links::{self, LinkProblem, Purpose, RedeemError};
use crate::db::{throttle, users};
use crate::error::AppError;
use crate::views::password::{ForgotPage, SetPasswordPage};
use crate::views::{ErrorPage, render};

/// The set-password form.
#[derive(Deserialize)]
pub struct SetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// The forgot-password form.
#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

fn problem_page(problem: LinkProblem) -> Response {
    let status = match problem {
        LinkProblem::Unknown => StatusCode::NOT_FOUND,
        LinkProblem::Used | LinkProblem::Expired => StatusCode::GONE,
    };
    let page = ErrorPage::new(status, problem.to_string());
    (status, Html(page.render_html())).into_response()
}

fn parts(purpose: Purpose, token: &str) -> (&'static str, String) {
    match purpose {
        Purpose::Invitation => ("Welcome — choose your password", format!("/invite/{token}")),
        Purpose::PasswordReset => ("Choose a new password", format!("/password/reset/{token}")),
    }
}

async fn form(
    state: &AppState,
    session: &Session,
    purpose: Purpose,
    token: &str,
    error: Option<String>,
) -> Result<Response, AppError> {
    let email = match links::check(&state.db, token, purpose).await {
        Ok(email) => email,
        Err(problem) => return Ok(problem_page(problem)),
    };
    let (heading, action) = parts(purpose, token);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = SetPasswordPage {
        heading,
        email,
        action,
        csrf: session::csrf_token(session).await?,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

async fn set(
    state: &AppState,
    session: &Session,
    purpose: Purpose,
    token: &str,
    f: SetForm,
) -> Result<Response, AppError> {
    let password = match Password::parse(&f.password) {
        Err(e) => return form(state, session, purpose, token, Some(format!("Please {e}."))).await,
        Ok(_) if f.password != f.confirm => {
            return form(
                state,
                session,
                purpose,
                token,
                Some("The two passwords differ.".to_owned()),
            )
            .await;
        }
        Ok(p) => p,
    };
    let hash = state
        .hashing
        .run(move || password::hash(&password))
        .await?
        .map_err(AppError::Internal)?;
    match links::redeem(&state.db, token, purpose, hash).await {
        Ok(user) => {
            session::sign_in(session, user).await?;
            let home = if users::get(&state.db, user).await?.role.is_staff() {
                "/"
            } else {
                "/my"
            };
            Ok(Redirect::to(home).into_response())
        }
        Err(RedeemError::Link(problem)) => Ok(problem_page(problem)),
        Err(RedeemError::Db(err)) => Err(err.into()),
    }
}

/// `GET /invite/{token}`.
pub async fn invitation_form(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    form(&state, &session, Purpose::Invitation, &token, None).await
}

/// `POST /invite/{token}`.
pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    CsrfForm { form: f, session }: CsrfForm<SetForm>,
) -> Result<Response, AppError> {
    set(&state, &session, Purpose::Invitation, &token, f).await
}

/// `GET /password/reset/{token}`.
pub async fn reset_form(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    form(&state, &session, Purpose::PasswordReset, &token, None).await
}

/// `POST /password/reset/{token}`.
pub async fn reset(
    State(state): State<AppState>,
    Path(token): Path<String>,
    CsrfForm { form: f, session }: CsrfForm<SetForm>,
) -> Result<Response, AppError> {
    set(&state, &session, Purpose::PasswordReset, &token, f).await
}

/// `GET /password/forgot`.
pub async fn forgot_form(session: Session) -> Result<Html<String>, AppError> {
    render(&ForgotPage {
        csrf: session::csrf_token(&session).await?,
        sent: false,
    })
}

/// `POST /password/forgot`: the same answer whether or not the account exists; at most
/// `throttle_per_account` requests per address within the throttle window.
pub async fn forgot(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    CsrfForm { form: f, session }: CsrfForm<ForgotForm>,
) -> Result<Response, AppError> {
    let key = format!("reset:{}", peer.ip());
    let window = chrono::Duration::from_std(state.config.throttle_window)
        .unwrap_or(chrono::Duration::minutes(15));
    let (count, _) = throttle::failures_since(&state.db, &key, chrono::Utc::now() - window).await?;
    if count >= state.config.throttle_per_account {
        let page = ErrorPage::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests for new passwords. Please wait a while and try again.".into(),
        );
        return Ok((StatusCode::TOO_MANY_REQUESTS, Html(page.render_html())).into_response());
    }
    throttle::record_failure(&state.db, &[key], window * 4).await?;
    let ttl =
        chrono::Duration::from_std(state.config.reset_ttl).unwrap_or(chrono::Duration::days(1));
    links::request_reset(&state.db, &f.email, &state.config.base_url(), ttl).await?;
    Ok(render(&ForgotPage {
        csrf: session::csrf_token(&session).await?,
        sent: true,
    })?
    .into_response())
}
