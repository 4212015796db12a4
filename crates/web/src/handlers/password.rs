//! Single-use links: accepting an invitation, asking for and using a password-reset link.
//!
//! A link post is checked in this order, cheapest first: the address's budget of bad link
//! posts, then the link itself (a forged, used or expired link costs no password hash),
//! then the password rules; only then is the new password hashed — on threads of their own
//! (`AppState::link_hashing`), so that a flood of link posts never starves sign-ins.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::csrf::{CsrfForm, page_token};
use crate::auth::password::{self, Password};
use crate::auth::session;
use crate::auth::sign_in::{self, AfterPassword};
use crate::auth::visitor::Visitor;
use crate::client::Client;
use crate::db::links::{self, LinkProblem, Purpose, RedeemError};
use crate::db::throttle::{self, Counting, Rule};
use crate::db::users::{self, User};
use crate::error::AppError;
use crate::views::mail::{self, ChangedBy};
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
    ErrorPage::response(status, problem.to_string())
}

fn too_many(message: &str) -> Response {
    let status = StatusCode::TOO_MANY_REQUESTS;
    ErrorPage::response(status, message.to_owned())
}

fn parts(purpose: Purpose, token: &str) -> (&'static str, String) {
    match purpose {
        Purpose::Invitation => ("Welcome — choose your password", format!("/invite/{token}")),
        Purpose::PasswordReset => ("Choose a new password", format!("/password/reset/{token}")),
    }
}

/// Who asks and for which link.
struct LinkRequest<'a> {
    state: &'a AppState,
    session: &'a Session,
    visitor: &'a Visitor,
    purpose: Purpose,
    token: &'a str,
}

impl LinkRequest<'_> {
    /// Goes on with the sign-in of the account whose password the link just set, through
    /// the sign-in form's own decision (`auth::sign_in`): the link proves the mailbox, never
    /// the second factor, so an account with two-factor is sent to its second step (the link
    /// is spent, the password set) and one that must set it up is signed in to the set-up
    /// pages only (issue 23). Once signed in, the account-wide sign-in pause is lifted
    /// (every earlier guess was at the old password) and this browser becomes a trusted
    /// device; while a second step waits, the pause stays (it counts the codes too).
    async fn signed_in(&self, user: &User, origin: session::Origin) -> Result<Response, AppError> {
        let went = sign_in::after_password(self.state, self.session, user, origin, None).await?;
        let mut response = Redirect::to(went.location(user.role.home())).into_response();
        if went == AfterPassword::SecondStep {
            return Ok(response);
        }
        throttle::clear(&self.state.db, &throttle::account_key(&user.email)).await?;
        if let Some(cookie) = crate::auth::device::issue(&self.state.keys, user) {
            response
                .headers_mut()
                .append(axum::http::header::SET_COOKIE, cookie);
        }
        Ok(response)
    }

    async fn form(&self, error: Option<String>) -> Result<Response, AppError> {
        let email = match links::check(&self.state.db, self.token, self.purpose).await {
            Ok(email) => email,
            Err(problem) => return Ok(problem_page(problem)),
        };
        let (heading, action) = parts(self.purpose, self.token);
        let status = if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        let page = SetPasswordPage {
            heading,
            email,
            action,
            csrf: page_token(self.state, self.session, self.visitor).await?,
            error,
        };
        Ok((status, render(&page)?).into_response())
    }

    async fn set(
        &self,
        client: Client,
        origin: session::Origin,
        f: SetForm,
    ) -> Result<Response, AppError> {
        let state = self.state;
        let rule = Rule {
            key: format!("link:{}", client.network()),
            limit: state.config.throttle_per_address,
            window: chrono::Duration::from_std(state.config.throttle_window)
                .unwrap_or(chrono::Duration::minutes(15)),
            counting: Counting::Failures,
        };
        let Ok(attempt) = throttle::reserve(&state.db, &[rule]).await? else {
            tracing::warn!(address = %client.ip, "link refused: throttled");
            return Ok(too_many(
                "Too many links that did not work were tried from here. Please wait a while and try again.",
            ));
        };
        if let Err(problem) = links::check(&state.db, self.token, self.purpose).await {
            throttle::keep(&state.db, attempt).await?;
            return Ok(problem_page(problem));
        }
        throttle::withdraw(&state.db, attempt).await?;
        let password = match Password::parse(&f.password) {
            Err(e) => return self.form(Some(format!("Please {e}."))).await,
            Ok(_) if f.password != f.confirm => {
                return self
                    .form(Some("The two passwords differ.".to_owned()))
                    .await;
            }
            Ok(p) => p,
        };
        let hash = state
            .link_hashing
            .run(move || password::hash(&password))
            .await?
            .map_err(AppError::Internal)?;
        let notice = (self.purpose == Purpose::PasswordReset)
            .then(|| mail::password_changed(ChangedBy::ResetLink));
        match links::redeem(&state.db, self.token, self.purpose, hash, notice).await {
            Ok(user) => {
                let user = users::get(&state.db, user).await?;
                self.signed_in(&user, origin).await
            }
            Err(RedeemError::Link(problem)) => Ok(problem_page(problem)),
            Err(RedeemError::Db(err)) => Err(err.into()),
        }
    }
}

/// `GET /invite/{token}`.
pub async fn invitation_form(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let request = LinkRequest {
        state: &state,
        session: &session,
        visitor: &visitor,
        purpose: Purpose::Invitation,
        token: &token,
    };
    request.form(None).await
}

/// `POST /invite/{token}`.
pub async fn accept_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    client: Client,
    origin: session::Origin,
    visitor: Visitor,
    CsrfForm { form: f, session }: CsrfForm<SetForm>,
) -> Result<Response, AppError> {
    let request = LinkRequest {
        state: &state,
        session: &session,
        visitor: &visitor,
        purpose: Purpose::Invitation,
        token: &token,
    };
    request.set(client, origin, f).await
}

/// `GET /password/reset/{token}`.
pub async fn reset_form(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let request = LinkRequest {
        state: &state,
        session: &session,
        visitor: &visitor,
        purpose: Purpose::PasswordReset,
        token: &token,
    };
    request.form(None).await
}

/// `POST /password/reset/{token}`.
pub async fn reset(
    State(state): State<AppState>,
    Path(token): Path<String>,
    client: Client,
    origin: session::Origin,
    visitor: Visitor,
    CsrfForm { form: f, session }: CsrfForm<SetForm>,
) -> Result<Response, AppError> {
    let request = LinkRequest {
        state: &state,
        session: &session,
        visitor: &visitor,
        purpose: Purpose::PasswordReset,
        token: &token,
    };
    request.set(client, origin, f).await
}

/// `GET /password/forgot`.
pub async fn forgot_form(
    State(state): State<AppState>,
    session: Session,
    visitor: Visitor,
) -> Result<Html<String>, AppError> {
    render(&ForgotPage {
        csrf: page_token(&state, &session, &visitor).await?,
        sent: false,
    })
}

/// `POST /password/forgot`: the same answer whether or not the account exists. At most
/// `throttle_per_account` requests per address in the throttle window (then 429), and at
/// most `reset_mails_per_account` mails to one address an hour (beyond that the page still
/// says a mail was sent, so nobody learns which addresses have accounts).
pub async fn forgot(
    State(state): State<AppState>,
    client: Client,
    visitor: Visitor,
    CsrfForm { form: f, session }: CsrfForm<ForgotForm>,
) -> Result<Response, AppError> {
    let email = f.email.trim().to_lowercase();
    let rules = [
        Rule {
            key: format!("reset:{}", client.network()),
            limit: state.config.throttle_per_account,
            window: chrono::Duration::from_std(state.config.throttle_window)
                .unwrap_or(chrono::Duration::minutes(15)),
            counting: Counting::Reserved,
        },
        Rule {
            key: format!(
                "reset-mail:{}|{}",
                throttle::subject(&email),
                client.network()
            ),
            limit: state.config.reset_mails_per_account,
            window: chrono::Duration::hours(1),
            counting: Counting::Reserved,
        },
        // From everywhere together: more, so that someone asking from elsewhere cannot
        // use up the owner's own requests.
        Rule {
            key: format!("reset-mail:{}", throttle::subject(&email)),
            limit: state.config.reset_mails_per_account.saturating_mul(3),
            window: chrono::Duration::hours(1),
            counting: Counting::Reserved,
        },
    ];
    match throttle::reserve(&state.db, &rules).await? {
        Ok(request) => {
            throttle::keep(&state.db, request).await?;
            let ttl = chrono::Duration::from_std(state.config.reset_ttl)
                .unwrap_or(chrono::Duration::days(1));
            let base_url = state.config.base_url();
            links::request_reset(&state.db, &email, &base_url, ttl, mail::password_reset).await?;
        }
        Err(refused) if refused.rule == 0 => {
            return Ok(too_many(
                "Too many requests for new passwords. Please wait a while and try again.",
            ));
        }
        Err(_) => {
            tracing::warn!(account = %state.keys.log_pseudonym(&email), "reset mail not sent: too many for this address");
        }
    }
    Ok(render(&ForgotPage {
        csrf: page_token(&state, &session, &visitor).await?,
        sent: true,
    })?
    .into_response())
}
