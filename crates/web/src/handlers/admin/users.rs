//! Staff accounts: list, create, change role, deactivate / reactivate, set a new password.
//! Deactivating or setting a password ends every session of the account.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::forms::{ActiveForm, NewUserForm, PasswordForm, RoleForm};
use super::{DoneQuery, nav, unprocessable};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::staff::{ChangeRole, CreateStaff, NewStaffInput, SetActive, SetPassword};
use crate::commands::{CommandError, FieldErrors};
use crate::db::users;
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::sentence;
use crate::ids::UserId;
use crate::views::admin::users::{NewUserValues, UsersPage, notice};
use crate::views::render;

const LIST: &str = "/admin/users";

async fn page(state: &AppState, current: &CurrentUser) -> Result<UsersPage, AppError> {
    let all = users::list(&state.db).await?;
    let nav = nav(state, current).await?;
    Ok(UsersPage::new(
        nav,
        &all,
        current.user.id,
        state.config.time_zone,
    ))
}

/// After a change to account `id`: the list with `done`'s notice, or the list again with the
/// refusal beside the account's forms (422).
async fn answer<T>(
    state: &AppState,
    current: &CurrentUser,
    id: UserId,
    result: Result<T, CommandError>,
    done: impl FnOnce(T) -> &'static str,
) -> Result<Response, AppError> {
    match result {
        Ok(outcome) => {
            let to = format!("{LIST}?done={}#user-{id}", done(outcome));
            Ok(Redirect::to(&to).into_response())
        }
        Err(CommandError::Refused(why)) => {
            refuse(state, current, id, sentence(&why.to_string())).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The list again with `why` beside account `id`'s forms (422).
async fn refuse(
    state: &AppState,
    current: &CurrentUser,
    id: UserId,
    why: String,
) -> Result<Response, AppError> {
    let mut page = page(state, current).await?;
    page.refuse(id, why);
    Ok(unprocessable(render(&page)?))
}

/// An account's yes-or-no switch as its form sends it: `true` or `false`, nothing else.
fn switch(raw: &str) -> Option<bool> {
    match raw {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
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
    let input = NewStaffInput {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.clone(),
        password: form.password.clone(),
    };
    let created = match CreateStaff::parse(&input) {
        Ok(command) => command.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    match created {
        Ok(_) => Ok(Redirect::to(&format!("{LIST}?done=created")).into_response()),
        Err(CommandError::InvalidFields(errors)) => again(&state, &current, &form, errors).await,
        Err(other) => Err(other.into()),
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
    let command = ChangeRole {
        user: id,
        role: form.role,
    };
    let result = command.run(&state, &actor(&current)).await;
    answer(&state, &current, id, result, |_| "role").await
}

/// `POST /admin/users/{id}/active`: deactivating also ends the account's sessions.
pub async fn update_active(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<UserId>,
    CsrfForm { form, .. }: CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    let command = SetActive {
        user: id,
        active: form.active,
    };
    let result = command.run(&state, &actor(&current)).await;
    answer(&state, &current, id, result, |active| {
        if active { "reactivated" } else { "deactivated" }
    })
    .await
}

/// `POST /admin/users/{id}/team-lead`: marks a staff account as team lead (`lead=true`) or
/// not; anything else than `true`/`false` is refused beside the account.
pub async fn update_team_lead(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<UserId>,
    CsrfForm { form, .. }: CsrfForm<super::forms::TeamLeadForm>,
) -> Result<Response, AppError> {
    let Some(lead) = switch(&form.lead) else {
        let why = "Choose to make the account a team lead or not.";
        return refuse(&state, &current, id, why.to_owned()).await;
    };
    let command = crate::commands::notifications::SetTeamLead { user: id, lead };
    match command.run(&state, &actor(&current)).await {
        Err(CommandError::Invalid { .. }) => {
            let why = "Only staff accounts can be team leads.";
            refuse(&state, &current, id, why.to_owned()).await
        }
        result => {
            let done = |()| if lead { "lead" } else { "not-lead" };
            answer(&state, &current, id, result, done).await
        }
    }
}

/// `POST /admin/users/{id}/buddy-coordinator`: gives a staff account the "buddy coordinator"
/// permission (`on=true`) or takes it (`on=false`); anything else, or an account that is not
/// staff, is refused beside the account.
pub async fn update_coordinator(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<UserId>,
    CsrfForm { form, .. }: CsrfForm<super::forms::CoordinatorForm>,
) -> Result<Response, AppError> {
    let Some(on) = switch(&form.on) else {
        let why = "Choose to make the account a buddy coordinator or not.";
        return refuse(&state, &current, id, why.to_owned()).await;
    };
    let command = crate::commands::buddies::SetCoordinator { user: id, on };
    let result = command.run(&state, &actor(&current)).await;
    answer(&state, &current, id, result, |()| {
        if on { "coordinator" } else { "not-coordinator" }
    })
    .await
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
    let command = SetPassword {
        user: id,
        password: form.password.clone(),
    };
    let result = command.run(&state, &actor(&current)).await;
    answer(&state, &current, id, result, |()| "password").await
}
