//! Sign-in and sign-out.
//!
//! Guessing is throttled by attempts reserved before the password is checked
//! (`db::throttle`): per account and address (5 in 15 minutes), per address (20), and per
//! account from everywhere (100 an hour) — except for a browser that signed in to that
//! account before (`auth::device`), which has its own budget instead. So an attacker cannot
//! lock the owner out, and admins are told by mail when an account is under attack.

use axum::extract::{Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::device::{self, Device};
use crate::auth::hashing::HashingError;
use crate::auth::visitor::Visitor;
use crate::auth::{password, session};
use crate::client::Client;
use crate::db::throttle::{self, Counting, Refused, Rule};
use crate::db::{alerts, users};
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

/// `GET /login`: nothing is stored for a visitor who is not signed in.
pub async fn new_form(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if session::signed_in(&session).await?.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let form = Again {
        next: q.next,
        email: String::new(),
    };
    form.page(&state, &session, &visitor, StatusCode::OK, None)
        .await
}

/// Which throttle rule refused an attempt (the order of [`rules`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Throttle {
    AccountFromAddress,
    Address,
    Account,
    Device,
}

/// The rules a sign-in to `email` from `client` is counted under, in [`Throttle`] order
/// (the account's rule or the device's, whichever applies).
fn rules(
    state: &AppState,
    email: &str,
    client: Client,
    device: Option<&Device>,
) -> Vec<(Throttle, Rule)> {
    let config = &state.config;
    let window =
        chrono::Duration::from_std(config.throttle_window).unwrap_or(chrono::Duration::minutes(15));
    let rule = |key: String, limit: u64, window: chrono::Duration| Rule {
        key,
        limit,
        window,
        counting: Counting::Reserved,
    };
    let mut rules = vec![
        (
            Throttle::AccountFromAddress,
            rule(
                format!("pair:{email}|{}", client.ip),
                config.throttle_per_account,
                window,
            ),
        ),
        (
            Throttle::Address,
            // Shared by everyone behind one address: only failures count.
            Rule {
                counting: Counting::Failures,
                ..rule(
                    format!("address:{}", client.ip),
                    config.throttle_per_address,
                    window,
                )
            },
        ),
    ];
    rules.push(match device {
        Some(device) => (
            Throttle::Device,
            rule(
                format!("device:{}", device.nonce),
                config.throttle_per_account,
                window,
            ),
        ),
        None => (
            Throttle::Account,
            rule(
                format!("account:{email}"),
                config.throttle_account_hourly,
                chrono::Duration::hours(1),
            ),
        ),
    });
    rules
}

/// `POST /login`: checks the password (an unknown e-mail costs one hash too and gets the
/// same answer) once an attempt is reserved under every throttle rule.
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    visitor: Visitor,
    CsrfForm { form, session }: CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let email = form.email.trim().to_lowercase();
    let again = Again {
        next: form.next.clone(),
        email: email.clone(),
    };
    let user = users::find_by_email(&state.db, &email).await?;
    let device = device::from_headers(&headers, &state.keys)
        .filter(|d| user.as_ref().is_some_and(|u| u.id == d.user));
    let rules = rules(&state, &email, client, device.as_ref());
    let plain: Vec<Rule> = rules.iter().map(|(_, r)| r.clone()).collect();
    let attempt = match throttle::reserve(&state.db, &plain).await? {
        Ok(attempt) => attempt,
        Err(refused) => {
            let which = rules[refused.rule].0;
            return throttled(&state, &again, &session, &visitor, client, which, refused).await;
        }
    };
    let hash = user
        .as_ref()
        .and_then(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::dummy_hash().to_owned());
    let verified = match verify_off_thread(&state, form.password, hash).await {
        Err(HashingError::Busy(waiting)) => {
            throttle::withdraw(&state.db, attempt).await?;
            tracing::warn!(%email, address = %client.ip, waiting, "sign-in refused: busy");
            return busy(&state, &again, &session, &visitor).await;
        }
        other => other?,
    };
    let Some(user) = user.filter(|u| verified && u.active && u.password_hash.is_some()) else {
        throttle::keep(&state.db, attempt).await?;
        tracing::warn!(%email, address = %client.ip, "sign-in failed");
        let wrong = Some(WRONG.to_owned());
        return again
            .page(&state, &session, &visitor, StatusCode::UNAUTHORIZED, wrong)
            .await;
    };
    throttle::withdraw(&state.db, attempt).await?;
    throttle::clear(&state.db, &rules[0].1.key).await?;
    session::sign_in(&session, user.id).await?;
    tracing::info!(user = user.id.0, address = %client.ip, "signed in");
    let home = if user.role.is_staff() { "/" } else { "/my" };
    let next = form
        .next
        .filter(|n| session::is_safe_return(n))
        .unwrap_or_else(|| home.to_owned());
    let mut response = Redirect::to(&next).into_response();
    if let Some(cookie) = device::issue(&state.keys, user.id) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The answer to a throttled attempt (429); the first refusal of an account under attack
/// from many places within an hour is mailed to the admins.
async fn throttled(
    state: &AppState,
    again: &Again,
    session: &Session,
    visitor: &Visitor,
    client: Client,
    which: Throttle,
    refused: Refused,
) -> Result<Response, AppError> {
    tracing::warn!(email = %again.email, address = %client.ip, ?which, "sign-in refused: throttled");
    let minutes = refused.minutes_left();
    let message = match which {
        Throttle::Account => {
            alert_admins(state, &again.email).await?;
            "Sign-in to this account is paused for a while after many failed attempts from \
             different places. Sign in from a browser you have used for softland before, or \
             set a new password with \u{201c}Forgot your password?\u{201d}."
                .to_owned()
        }
        _ => format!("Too many failed sign-ins. Please wait {minutes} minute(s) and try again."),
    };
    again
        .page(
            state,
            session,
            visitor,
            StatusCode::TOO_MANY_REQUESTS,
            Some(message),
        )
        .await
}

/// Tells the admins (once an hour per account) that sign-ins to `email` are paused.
async fn alert_admins(state: &AppState, email: &str) -> Result<(), AppError> {
    let body = format!(
        "Sign-ins to the softland account {email} failed more than {} times within the last \
         hour, from different places, so softland now lets only browsers that signed in to \
         it before try again.\n\nThis usually means someone is guessing its password. If the \
         account's owner cannot sign in, they can set a new password with \"Forgot your \
         password?\" or an admin can set one. The log lists the addresses (\"sign-in \
         refused\" and \"sign-in failed\").\n",
        state.config.throttle_account_hourly
    );
    let alert = alerts::Alert {
        subject: email,
        once_within: chrono::Duration::hours(1),
        action: "account.sign_ins_paused",
        mail_subject: "softland: sign-ins to an account paused after repeated failures",
        mail_body: &body,
    };
    alerts::send_to_admins_once(&state.db, &alert).await?;
    Ok(())
}

/// What the sign-in form keeps when it is shown again.
struct Again {
    next: Option<String>,
    email: String,
}

impl Again {
    /// The sign-in form with the e-mail kept and `message` shown.
    async fn page(
        &self,
        state: &AppState,
        session: &Session,
        visitor: &Visitor,
        status: StatusCode,
        message: Option<String>,
    ) -> Result<Response, AppError> {
        let page = LoginPage::new(
            page_token(state, session, visitor).await?,
            self.next.clone(),
            self.email.clone(),
            message,
        );
        Ok((status, render(&page)?).into_response())
    }
}

/// The sign-in form again when too many password checks wait already (503, retry in 5 s):
/// nothing was checked, so nothing counts as a failure.
async fn busy(
    state: &AppState,
    again: &Again,
    session: &Session,
    visitor: &Visitor,
) -> Result<Response, AppError> {
    let status = StatusCode::SERVICE_UNAVAILABLE;
    let mut response = again
        .page(state, session, visitor, status, Some(BUSY.to_owned()))
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
