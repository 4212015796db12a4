//! Staff accounts: list, create, change role, deactivate / reactivate, set a new password.
//! Deactivating or setting a password ends every session of the account.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::forms::{self, ActiveForm, NewAccount, NewUserForm, PasswordForm, RoleForm};
use super::{DoneQuery, nav, unprocessable};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::auth::password::{self, Password};
use crate::commands::FieldErrors;
use crate::db::users::{self, NewUser};
use crate::db::{Constraint, DbError, credentials, sessions};
use crate::error::AppError;
use crate::handlers::sentence;
use crate::ids::UserId;
use crate::views::admin::users::{NewUserValues, UsersPage, notice};
use crate::views::render;

const LIST: &str = "/admin/users";

async fn page(state: &AppState, current: &CurrentUser) -> Result<UsersPage, AppError> {
    let all = users::list(&state.db).await?;
    let nav = nav(current).await?;
    Ok(UsersPage::new(
        nav,
        &all,
        current.user.id,
        state.config.time_zone,
    ))
}

/// The list again with `message` beside account `id`'s forms: 422.
async fn refuse(
    state: &AppState,
    current: &CurrentUser,
    id: UserId,
    message: &str,
) -> Result<Response, AppError> {
    let mut page = page(state, current).await?;
    page.refuse(id, message);
    Ok(unprocessable(render(&page)?))
}

/// argon2id on the hashing threads, at most `hashing_concurrency` at once.
async fn hash_off_thread(state: &AppState, password: Password) -> Result<String, AppError> {
    state
        .hashing
        .run(move || password::hash(&password))
        .await?
        .map_err(AppError::Internal)
}

/// `GET /admin/users`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current).await?;
    page.notice = notice(q.done());
    render(&page)
}

/// `POST /admin/users`: a new admin or consultant with an initial password.
pub async fn create(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<NewUserForm>,
) -> Result<Response, AppError> {
    let stored = match NewAccount::try_from(&form) {
        Ok(account) => store(&state, account).await?,
        Err(errors) => Err(errors),
    };
    match stored {
        Ok(_) => Ok(Redirect::to(&format!("{LIST}?done=created")).into_response()),
        Err(errors) => again(&state, &current, &form, errors).await,
    }
}

/// Hashes the password off the async workers and stores the account; a taken e-mail is
/// an error of the e-mail field.
async fn store(
    state: &AppState,
    account: NewAccount,
) -> Result<Result<UserId, FieldErrors>, AppError> {
    let hash = hash_off_thread(state, account.password).await?;
    let new = NewUser {
        email: account.email.as_str(),
        display_name: account.name.as_str(),
        role: account.role,
        password_hash: Some(hash),
    };
    match users::create(&state.db, new).await {
        Ok(id) => Ok(Ok(id)),
        Err(DbError::Constraint(Constraint::EmailTaken)) => {
            let mut errors = FieldErrors::new();
            errors.add("email", sentence(&Constraint::EmailTaken.to_string()));
            Ok(Err(errors))
        }
        Err(err) => Err(err.into()),
    }
}

/// The list with the new-account form as typed (without the password) and its errors: 422.
async fn again(
    state: &AppState,
    current: &CurrentUser,
    form: &NewUserForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let mut page = page(state, current).await?;
    page.form = NewUserValues {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.clone(),
    };
    page.errors = errors;
    Ok(unprocessable(render(&page)?))
}

/// `POST /admin/users/{id}/role`: admin ⇄ consultant; not one's own, not an expat's.
pub async fn update_role(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<UserId>,
    CsrfForm { form, .. }: CsrfForm<RoleForm>,
) -> Result<Response, AppError> {
    let target = users::get(&state.db, id).await?;
    match forms::role_change(&current.user, &target, &form) {
        Ok(role) => {
            users::set_role(&state.db, id, role).await?;
            Ok(Redirect::to(&format!("{LIST}?done=role#user-{id}")).into_response())
        }
        Err(message) => refuse(&state, &current, id, message).await,
    }
}

/// `POST /admin/users/{id}/active`: deactivating also ends the account's sessions.
pub async fn update_active(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<UserId>,
    CsrfForm { form, .. }: CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    let target = users::get(&state.db, id).await?;
    let active = match forms::active_change(&current.user, &target, &form) {
        Ok(active) => active,
        Err(message) => return refuse(&state, &current, id, message).await,
    };
    users::set_active(&state.db, id, active).await?;
    if !active {
        sessions::end_sessions_of(&state.db, id, None).await?;
    }
    let done = if active { "reactivated" } else { "deactivated" };
    Ok(Redirect::to(&format!("{LIST}?done={done}#user-{id}")).into_response())
}

/// `POST /admin/users/{id}/password`: the admin sets a colleague's new password (their own
/// only on the account page, with the current one); every session of the account ends, its
/// API tokens are revoked and its links cancelled, and its owner is told by mail.
pub async fn update_password(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<UserId>,
    CsrfForm { form, .. }: CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let target = users::get(&state.db, id).await?;
    if target.id == current.user.id {
        // This form asks for no current password: one's own goes through the account page.
        let own = "Change your own password on your account page, which asks for the current one.";
        return refuse(&state, &current, id, own).await;
    }
    let password = match Password::parse(&form.password) {
        Ok(password) => password,
        Err(weak) => return refuse(&state, &current, id, &format!("New password: {weak}.")).await,
    };
    let hash = hash_off_thread(&state, password).await?;
    let change = credentials::PasswordChange {
        user: target.id,
        hash,
        keep_session: None,
        notice: Some(crate::views::mail::password_changed(
            crate::views::mail::ChangedBy::Admin,
        )),
    };
    credentials::change_password(&state.db, change).await?;
    Ok(Redirect::to(&format!("{LIST}?done=password#user-{id}")).into_response())
}
