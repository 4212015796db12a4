//! Changing one's own password, for every role: the current password again, the new one
//! twice. Afterwards every other session of the account ends, its API tokens are revoked,
//! its outstanding links stop working and its owner is told by mail (`db::credentials`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::reauth;
use crate::app::AppState;
use crate::auth::Role;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, ExpatUser, Staff};
use crate::auth::hashing::HashingError;
use crate::auth::password::{self, Password};
use crate::auth::session;
use crate::client::Client;
use crate::db::credentials::{self, Notice, PasswordChange};
use crate::error::AppError;
use crate::views::form::FieldErrors;
use crate::views::portal::PortalAccountPage;
use crate::views::render;

/// The change-password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// The mail that tells an account's owner their password was changed.
const CHANGED: Notice<'static> = Notice {
    subject: "Your softland password was changed",
    body: "Hello,\n\nthe password of your softland account was just changed on its account \
           page. Every other session was signed out and any API tokens of the account were \
           revoked.\n\nIf this was not you, set a new password at once with \"Forgot your \
           password?\" on the sign-in page and tell the expat centre.\n",
};

/// The page to go back to: the staff account page or the portal's.
fn home(role: Role) -> &'static str {
    if role.is_staff() {
        "/account"
    } else {
        "/my/account"
    }
}

/// `GET /my/account`: an expat's account page.
pub async fn show_portal(ExpatUser(current): ExpatUser) -> Result<Response, AppError> {
    let flash = session::take_flash(&current.session).await?;
    portal_page(&current, FieldErrors::new(), flash, StatusCode::OK).await
}

async fn portal_page(
    current: &CurrentUser,
    errors: FieldErrors,
    flash: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = PortalAccountPage {
        name: current.user.display_name.clone(),
        email: current.user.email.clone(),
        csrf: session::csrf_token(&current.session).await?,
        flash,
        password_errors: errors,
    };
    Ok((status, render(&page)?).into_response())
}

/// The form again with `errors` beside its fields (422).
async fn refused(
    state: &AppState,
    current: &CurrentUser,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if current.user.role.is_staff() {
        let mut page = super::page(state, current, &super::TokenForm::default()).await?;
        page.password_errors = errors;
        Ok((status, render(&page)?).into_response())
    } else {
        portal_page(current, errors, None, status).await
    }
}

/// What is wrong with the new password as typed, beside its fields.
fn check_new(form: &PasswordForm) -> Result<Password, FieldErrors> {
    let mut errors = FieldErrors::new();
    let parsed = Password::parse(&form.password);
    if let Err(weak) = &parsed {
        errors.add("password", format!("Please {weak}."));
    }
    if form.password != form.confirm {
        errors.add("confirm", "The two new passwords differ.");
    }
    match parsed {
        Ok(password) if errors.is_empty() => Ok(password),
        _ => Err(errors),
    }
}

/// `POST /account/password`: a staff member's.
pub async fn update_staff(
    State(state): State<AppState>,
    client: Client,
    Staff(current): Staff,
    CsrfForm { form, session }: CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    update(&state, client, &current, form, &session).await
}

/// `POST /my/account/password`: an expat's.
pub async fn update_portal(
    State(state): State<AppState>,
    client: Client,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, session }: CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    update(&state, client, &current, form, &session).await
}

async fn update(
    state: &AppState,
    client: Client,
    current: &CurrentUser,
    form: PasswordForm,
    session: &tower_sessions::Session,
) -> Result<Response, AppError> {
    let new = match check_new(&form) {
        Ok(new) => new,
        Err(errors) => return refused(state, current, errors).await,
    };
    let typed = secrecy::SecretString::from(form.current);
    if let Err(problem) = reauth::check(state, &current.user, client, typed).await? {
        let mut errors = FieldErrors::new();
        errors.add("current", problem.to_string());
        return refused(state, current, errors).await;
    }
    let hash = match state.hashing.run(move || password::hash(&new)).await {
        Ok(hash) => hash.map_err(AppError::Internal)?,
        Err(HashingError::Busy(_)) => {
            let mut errors = FieldErrors::new();
            errors.add("password", reauth::Reauth::Busy.to_string());
            return refused(state, current, errors).await;
        }
        Err(stopped) => return Err(stopped.into()),
    };
    let keep = session.id().map(|id| id.to_string());
    let change = PasswordChange {
        user: current.user.id,
        hash,
        keep_session: keep.as_deref(),
        notice: Some(CHANGED),
    };
    let ended = credentials::change_password(&state.db, change).await?;
    tracing::info!(user = current.user.id.0, address = %client.ip, "password changed");
    let message = format!(
        "Your password is changed. {} other session(s) were signed out and {} API token(s) revoked.",
        ended.sessions, ended.tokens
    );
    session::set_flash(session, message).await?;
    Ok(Redirect::to(home(current.user.role)).into_response())
}
