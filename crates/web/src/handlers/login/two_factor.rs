//! The second step of a staff sign-in with two-factor (issue 23): a code from the app or a
//! recovery code, within a few minutes of the right password. The waiting session signs no
//! one in (every other page sees a visitor). Each code is counted under the sign-in's own
//! throttle rules (`super::rules`), so a wrong code brings the account as near its limit as
//! a wrong password, and the same refusal follows.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{Throttle, rules, throttled_message};
use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::device;
use crate::auth::session::{self, Origin};
use crate::auth::visitor::Visitor;
use crate::client::Client;
use crate::commands::CommandError;
use crate::commands::two_factor::{CheckSecondStep, Passed};
use crate::db::throttle;
use crate::db::users;
use crate::error::AppError;
use crate::handlers::sentence;
use crate::views::login::SecondStepPage;
use crate::views::render;

/// The second step's form.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn page(
    state: &AppState,
    session: &Session,
    visitor: &Visitor,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let page = SecondStepPage {
        csrf: page_token(state, session, visitor).await?,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /login/two-factor`: the code form, while a sign-in waits for it (else the sign-in
/// form).
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
) -> Result<Response, AppError> {
    if session::second_step(&session).await?.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    page(&state, &session, &visitor, StatusCode::OK, None).await
}

/// `POST /login/two-factor`: checks the code once an attempt is reserved under the sign-in's
/// rules; signs in on success (a new session id), else the form again (401, or 429 when
/// throttled).
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    origin: Origin,
    headers: HeaderMap,
    visitor: Visitor,
    CsrfForm { form, session }: CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let Some((user_id, next)) = session::second_step(&session).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let user = users::get(&state.db, user_id).await?;
    let device = device::from_headers(&headers, &state.keys).filter(|d| d.is_for(&user));
    let rules = rules(&state, &user.email, client, device.as_ref());
    let plain: Vec<throttle::Rule> = rules.iter().map(|(_, r)| r.clone()).collect();
    let attempt = match throttle::reserve(&state.db, &plain).await? {
        Ok(attempt) => attempt,
        Err(refused) => {
            let which: Throttle = rules[refused.rule].0;
            tracing::warn!(user = user.id.0, ?which, "second step refused: throttled");
            let message = throttled_message(&state, which, &refused, &user.email, true).await?;
            let status = StatusCode::TOO_MANY_REQUESTS;
            return page(&state, &session, &visitor, status, Some(message)).await;
        }
    };
    let checked = CheckSecondStep {
        user: user.id,
        typed: form.code,
    }
    .run(&state)
    .await;
    let passed = match checked {
        Ok(passed) => passed,
        Err(CommandError::Invalid { problem, .. }) => {
            throttle::keep(&state.db, attempt).await?;
            tracing::warn!(user = user.id.0, address = %client.ip, "second step failed");
            let message = sentence(&problem.to_string());
            let status = StatusCode::UNAUTHORIZED;
            return page(&state, &session, &visitor, status, Some(message)).await;
        }
        Err(other) => {
            throttle::withdraw(&state.db, attempt).await?;
            return Err(other.into());
        }
    };
    throttle::withdraw(&state.db, attempt).await?;
    throttle::clear(&state.db, &rules[0].1.key).await?;
    session::sign_in(&session, user.id, origin).await?;
    tracing::info!(user = user.id.0, address = %client.ip, "signed in with two-factor");
    if let Passed::Recovery(left) = passed {
        let flash = format!(
            "You signed in with a recovery code: {left} left. Make new ones on your account page if you are running out."
        );
        session::set_flash(&session, flash).await?;
    }
    let home = user.role.home();
    let next = next.unwrap_or_else(|| home.to_owned());
    let mut response = Redirect::to(&next).into_response();
    if let Some(cookie) = device::issue(&state.keys, &user) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}
