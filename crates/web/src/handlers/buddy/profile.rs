//! The ambassador's own profile: `GET /buddy/profile`, `POST /buddy/profile` (the profile,
//! against the version the form was made from), `POST /buddy/profile/status` (pause or
//! resume) and `POST /buddy/profile/password`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::chrome;
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{BuddyUser, CurrentUser};
use crate::auth::session;
use crate::client::Client;
use crate::commands::buddies::{ProfileInput, SetAmbassadorStatus, UpdateAmbassador};
use crate::commands::{CommandError, FieldErrors, Problem, form_version};
use crate::db::buddies::AmbassadorStatus;
use crate::error::AppError;
use crate::handlers::account::password::{PasswordForm, change_own};
use crate::handlers::profile_form::ProfileForm;
use crate::handlers::{actor, field_errors, sentence};
use crate::views::buddy::ProfilePage;
use crate::views::profile_fields::{ProfileFields, Purpose};
use crate::views::render;

/// The page of `current`'s own profile.
pub(super) async fn page(state: &AppState, current: &CurrentUser) -> Result<ProfilePage, AppError> {
    let me = actor(current).own_ambassador(state).await?;
    Ok(ProfilePage::new(chrome(state, current).await?, &me))
}

/// Back to the profile page after a change, which shows `message`.
pub(super) async fn back(session: &Session, message: &str) -> Result<Response, AppError> {
    session::set_flash(session, message.to_owned()).await?;
    Ok(Redirect::to("/buddy/profile").into_response())
}

/// `GET /buddy/profile`.
pub async fn show(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
) -> Result<Response, AppError> {
    let mut page = page(&state, &current).await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /buddy/profile`: a wrong field shows the form again with the message beside it
/// and what was typed kept (422); a profile changed meanwhile (by the coordinator) shows
/// what was typed against the current version, with a warning (409).
pub async fn update(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<ProfileForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    let command = async {
        let me = actor(&current).own_ambassador(&state).await?;
        let sent = form_version(form.version.as_deref())?;
        let update = UpdateAmbassador::parse(me.id, sent, &input)?;
        update.run(&state, &actor(&current)).await
    };
    match command.await {
        Ok(()) => back(&session, "Your profile is saved.").await,
        Err(err) => {
            let typed = (input, form_version(form.version.as_deref()).ok());
            not_saved(&state, &current, err, typed).await
        }
    }
}

/// The profile page after a refused change, with what was typed: each field's mistake beside
/// it, against the version typed against (422), or against the current version with a
/// warning when the profile changed meanwhile (409).
async fn not_saved(
    state: &AppState,
    current: &CurrentUser,
    err: CommandError,
    (input, version): (ProfileInput, Option<i64>),
) -> Result<Response, AppError> {
    let mut page = page(state, current).await?;
    let (status, errors) = match err {
        CommandError::InvalidFields(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        CommandError::Invalid { field, problem } => {
            let mut errors = FieldErrors::new();
            errors.add(field.name(), problem.to_string());
            (StatusCode::UNPROCESSABLE_ENTITY, errors)
        }
        CommandError::ChangedMeanwhile(changed) => {
            page.conflict = Some(format!(
                "Your profile was {changed} (perhaps by the coordinator). Your changes are below, not saved yet: check them and save again."
            ));
            (StatusCode::CONFLICT, FieldErrors::new())
        }
        other => return Err(other.into()),
    };
    if status == StatusCode::UNPROCESSABLE_ENTITY {
        page.version = version.unwrap_or(page.version);
    }
    page.form = ProfileFields::typed(Purpose::Own, input, errors);
    Ok((status, render(&page)?).into_response())
}

/// The pause/resume form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

/// `POST /buddy/profile/status`: `paused` or `active` (an ambassador cannot approve
/// themself: anything else is refused).
pub async fn update_status(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let me = actor(&current).own_ambassador(&state).await?;
    let Some(status @ (AmbassadorStatus::Paused | AmbassadorStatus::Active)) =
        AmbassadorStatus::parse(&form.status)
    else {
        let problem = sentence(&Problem::NotOffered.to_string());
        return Err(AppError::BadRequest(problem));
    };
    let change = SetAmbassadorStatus { id: me.id, status };
    change
        .run(&state, &actor(&current), &current.user.display_name)
        .await?;
    let message = if status == AmbassadorStatus::Paused {
        "You are paused: the coordinator proposes no new newcomers to you until you resume."
    } else {
        "Welcome back: the coordinator may propose newcomers to you again."
    };
    back(&session, message).await
}

/// `POST /buddy/profile/password`: the current password again and the new one twice.
pub async fn update_password(
    State(state): State<AppState>,
    client: Client,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let errors = match change_own(&state, client, &current, form, &session).await {
        Ok(_) => {
            let message = "Your password is changed; your other sessions were signed out.";
            return back(&session, message).await;
        }
        Err(CommandError::Invalid { field, problem }) => field_errors(field, &problem),
        Err(other) => return Err(other.into()),
    };
    let mut page = page(&state, &current).await?;
    page.password_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
