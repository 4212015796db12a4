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
use crate::audit::AuditAction;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::device::{self, Device};
use crate::auth::hashing::HashingError;
use crate::auth::sign_in::{self, AfterPassword};
use crate::auth::visitor::Visitor;
use crate::auth::{password, session};
use crate::client::Client;
use crate::db::alerts;
use crate::db::throttle::{self, Counting, Refused, Rule};
use crate::db::users::{self, User};
use crate::error::AppError;
use crate::views::{LoginPage, render};

pub mod two_factor;

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
    client: Client,
    origin: session::Origin,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if let Some((id, _)) = session::signed_in(&session).await? {
        let home = users::get(&state.db, id)
            .await
            .map_or("/", |u| u.role.home());
        return Ok(Redirect::to(home).into_response());
    }
    let visit = Visit {
        state: &state,
        session: &session,
        visitor: &visitor,
        client,
        origin,
        next: q.next,
        email: String::new(),
    };
    visit.page(StatusCode::OK, None).await
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
                format!("pair:{}|{}", throttle::subject(email), client.network()),
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
                    format!("address:{}", client.network()),
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
                throttle::account_key(email),
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
    origin: session::Origin,
    headers: HeaderMap,
    visitor: Visitor,
    CsrfForm { form, session }: CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let visit = Visit {
        state: &state,
        session: &session,
        visitor: &visitor,
        client,
        origin,
        next: form.next,
        email: form.email.trim().to_lowercase(),
    };
    let user = users::find_by_email(&state.db, &visit.email).await?;
    let device = device::from_headers(&headers, &state.keys)
        .filter(|d| user.as_ref().is_some_and(|u| d.is_for(u)));
    let rules = rules(&state, &visit.email, client, device.as_ref());
    let plain: Vec<Rule> = rules.iter().map(|(_, r)| r.clone()).collect();
    let attempt = match throttle::reserve(&state.db, &plain).await? {
        Ok(attempt) => attempt,
        Err(refused) => {
            let which = rules[refused.rule].0;
            return visit.throttled(which, refused, user.is_some()).await;
        }
    };
    match visit.check(user, form.password, attempt).await? {
        Checked::SignedIn(user) => visit.passed_password(&user, &rules[0].1.key).await,
        Checked::Answered(response) => Ok(response),
    }
}

/// What the password check came to.
enum Checked {
    /// The right password of an active account.
    SignedIn(User),
    /// Anything else, answered.
    Answered(Response),
}

/// One visitor at the sign-in form.
struct Visit<'a> {
    state: &'a AppState,
    session: &'a Session,
    visitor: &'a Visitor,
    client: Client,
    /// The browser and address, for the account page's list of sessions.
    origin: session::Origin,
    /// Where to go after signing in.
    next: Option<String>,
    /// The e-mail typed, kept after a failure.
    email: String,
}

impl Visit<'_> {
    /// Checks `password` for `user` under the reserved `attempt`: kept as a failure,
    /// withdrawn on success or when the hashing threads are full (503, retry in 5 s).
    async fn check(
        &self,
        user: Option<User>,
        password: String,
        attempt: throttle::Reservation,
    ) -> Result<Checked, AppError> {
        let db = &self.state.db;
        let (email, address) = (&self.email, self.client.ip);
        let hash = user
            .as_ref()
            .and_then(|u| u.password_hash.clone())
            .unwrap_or_else(|| password::dummy_hash().to_owned());
        let verified = match verify_off_thread(self.state, password, hash).await {
            Err(HashingError::Busy(waiting)) => {
                throttle::withdraw(db, attempt).await?;
                tracing::warn!(account = %self.state.keys.log_pseudonym(email), %address, waiting, "sign-in refused: busy");
                return Ok(Checked::Answered(self.busy().await?));
            }
            other => other?,
        };
        if let Some(user) = user.filter(|u| verified && u.active && u.password_hash.is_some()) {
            throttle::withdraw(db, attempt).await?;
            return Ok(Checked::SignedIn(user));
        }
        throttle::keep(db, attempt).await?;
        tracing::warn!(account = %self.state.keys.log_pseudonym(email), %address, "sign-in failed");
        let page = self.page(StatusCode::UNAUTHORIZED, Some(WRONG.to_owned()));
        Ok(Checked::Answered(page.await?))
    }

    /// After the right password: the one decision of `auth::sign_in` — the second step for
    /// an account with two-factor (the failures counted so far stay counted until it is
    /// passed), else signed in, sent to set up two-factor first when they must (issue 23).
    async fn passed_password(self, user: &User, pair_key: &str) -> Result<Response, AppError> {
        let went = sign_in::after_password(
            self.state,
            self.session,
            user,
            self.origin.clone(),
            self.next.clone(),
        )
        .await?;
        if went == AfterPassword::SecondStep {
            return Ok(Redirect::to(went.location("")).into_response());
        }
        throttle::clear(&self.state.db, pair_key).await?;
        tracing::info!(user = user.id.0, address = %self.client.ip, "signed in");
        let next = self
            .next
            .filter(|n| session::is_safe_return(n))
            .unwrap_or_else(|| user.role.home().to_owned());
        let mut response = Redirect::to(went.location(&next)).into_response();
        if let Some(cookie) = device::issue(&self.state.keys, user) {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
        Ok(response)
    }

    /// The sign-in form with the e-mail kept and `message` shown.
    async fn page(
        &self,
        status: StatusCode,
        message: Option<String>,
    ) -> Result<Response, AppError> {
        let page = LoginPage::new(
            page_token(self.state, self.session, self.visitor).await?,
            self.next.clone(),
            self.email.clone(),
            message,
        );
        Ok((status, render(&page)?).into_response())
    }

    /// The answer to a throttled attempt (429). The first refusal within an hour of an
    /// existing account under attack from many places is mailed to the admins.
    async fn throttled(
        &self,
        which: Throttle,
        refused: Refused,
        account_exists: bool,
    ) -> Result<Response, AppError> {
        let (email, address) = (&self.email, self.client.ip);
        tracing::warn!(account = %self.state.keys.log_pseudonym(email), %address, ?which, "sign-in refused: throttled");
        let message = throttled_message(self.state, which, &refused, email, account_exists).await?;
        self.page(StatusCode::TOO_MANY_REQUESTS, Some(message))
            .await
    }

    /// The form again when too many password checks wait already (503, retry in 5 s):
    /// nothing was checked, so nothing counts as a failure.
    async fn busy(&self) -> Result<Response, AppError> {
        let status = StatusCode::SERVICE_UNAVAILABLE;
        let mut response = self.page(status, Some(BUSY.to_owned())).await?;
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("5"));
        Ok(response)
    }
}

/// What a throttled sign-in (or second step) is told; the first refusal within an hour of an
/// existing account under attack from many places is mailed to the admins.
async fn throttled_message(
    state: &AppState,
    which: Throttle,
    refused: &Refused,
    email: &str,
    account_exists: bool,
) -> Result<String, AppError> {
    Ok(match which {
        Throttle::Account => {
            if account_exists {
                alert_admins(state, email).await?;
            }
            "Sign-in to this account is paused for a while after many failed attempts from \
             different places. Sign in from a browser you have used for softland before, or \
             set a new password with \u{201c}Forgot your password?\u{201d}."
                .to_owned()
        }
        _ => format!(
            "Too many failed sign-ins. Please wait {} minute(s) and try again.",
            refused.minutes_left()
        ),
    })
}

/// Tells the admins (once an hour per account) that sign-ins to `email` are paused.
async fn alert_admins(state: &AppState, email: &str) -> Result<(), AppError> {
    let alert = alerts::Alert {
        subject: email,
        once_within: chrono::Duration::hours(1),
        action: AuditAction::AccountSignInsPaused,
        mail: crate::views::mail::sign_ins_paused(email, state.config.throttle_account_hourly),
    };
    alerts::send_to_admins_once(&state.db, &alert).await?;
    Ok(())
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
