//! Changing one's own password, for every role: the current password again, the new one
//! twice (`commands::accounts::ChangeOwnPassword` does the rest).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::Role;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, ExpatUser, Staff};
use crate::auth::session;
use crate::client::Client;
use crate::commands::FieldErrors;
use crate::commands::accounts::{self, ChangeOwnEmail, ChangeOwnPassword};
use crate::commands::notifications::{ChangeReminders, ReminderChoice};
use crate::commands::{Actor, CommandError};
use crate::db::credentials::Ended;
use crate::error::AppError;
use crate::views::portal::PortalAccountPage;
use crate::views::render;

/// The change-password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub(crate) current: String,
    #[serde(default)]
    pub(crate) password: String,
    #[serde(default)]
    pub(crate) confirm: String,
}

/// The page to go back to: the staff account page or the portal's.
fn home(role: Role) -> &'static str {
    if role.is_staff() {
        "/account"
    } else {
        "/my/account"
    }
}

/// The expat's reminder choice as the form shows it, and the centre's default.
pub(crate) async fn reminder_choice(
    state: &AppState,
    current: &CurrentUser,
) -> Result<(&'static str, bool), AppError> {
    let choice = ReminderChoice::of(current.user.notifications.reminders).as_str();
    let default = crate::db::reminders::settings(&state.db)
        .await?
        .expat_default;
    Ok((choice, default))
}

/// The reminders form.
#[derive(Debug, Deserialize)]
pub struct RemindersForm {
    #[serde(default)]
    reminders: String,
}

/// `POST /my/account/reminders`: the expat turns reminders on or off (or leaves it to the
/// centre). A value not offered is a 422 on the page.
pub async fn update_reminders(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<RemindersForm>,
) -> Result<Response, AppError> {
    let result = match ReminderChoice::parse(&form.reminders) {
        Ok(choice) => {
            ChangeReminders(choice)
                .run(&state, &crate::commands::Actor::of(&current.user))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            session::set_flash(
                &current.session,
                "Your reminder choice was saved.".to_owned(),
            )
            .await?;
            Ok(Redirect::to("/my/account").into_response())
        }
        Err(CommandError::Invalid { .. }) => {
            portal_page(
                &state,
                &current,
                FieldErrors::new(),
                Some(
                    "Your reminder choice was not saved: choose one of the options offered."
                        .to_owned(),
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /my/account`: an expat's account page.
pub async fn show_portal(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Response, AppError> {
    let flash = session::take_flash(&current.session).await?;
    portal_page(&state, &current, FieldErrors::new(), flash, StatusCode::OK).await
}

async fn portal_page(
    state: &AppState,
    current: &CurrentUser,
    errors: FieldErrors,
    flash: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (reminders, reminders_default) = reminder_choice(state, current).await?;
    let page = PortalAccountPage {
        reminders,
        reminders_default,
        chrome: crate::handlers::portal::chrome(state, current).await?,
        email: current.user.email.clone(),
        flash,
        password_errors: errors,
        email_errors: FieldErrors::new(),
        typed_email: String::new(),
        calendar_feed: super::feed::section(state, current).await?,
    };
    Ok((status, render(&page)?).into_response())
}

/// The change-e-mail form.
#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /my/account/email`: an expat changes their sign-in e-mail (with their password);
/// the old address is told. Refused beside the field with what was typed kept.
pub async fn update_portal_email(
    State(state): State<AppState>,
    client: Client,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, session }: CsrfForm<EmailForm>,
) -> Result<Response, AppError> {
    let command = async {
        let change = ChangeOwnEmail {
            password: SecretString::from(form.password),
            email: ChangeOwnEmail::email(&form.email)?,
            client,
        };
        change.run(&state, &Actor::of(&current.user)).await
    };
    match command.await {
        Ok(()) => {
            let message = "Your sign-in e-mail is changed; use it the next time you sign in. \
                           A note went to your old address.";
            session::set_flash(&session, message.to_owned()).await?;
            Ok(Redirect::to("/my/account").into_response())
        }
        Err(CommandError::Invalid { field, problem }) => {
            let errors = crate::handlers::field_errors(field, &problem);
            let (reminders, reminders_default) = reminder_choice(&state, &current).await?;
            let page = PortalAccountPage {
                reminders,
                reminders_default,
                chrome: crate::handlers::portal::chrome(&state, &current).await?,
                email: current.user.email.clone(),
                flash: None,
                password_errors: FieldErrors::new(),
                email_errors: errors,
                typed_email: form.email,
                calendar_feed: super::feed::section(&state, &current).await?,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
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
        portal_page(state, current, errors, None, status).await
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

/// Changes `current`'s own password as `form` asks, keeping `session` (every role's form:
/// staff, expats, ambassadors); what else was signed out.
pub(crate) async fn change_own(
    state: &AppState,
    client: Client,
    current: &CurrentUser,
    form: PasswordForm,
    session: &tower_sessions::Session,
) -> Result<Ended, CommandError> {
    let change = ChangeOwnPassword {
        current: SecretString::from(form.current),
        new: accounts::new_password(&form.password, &form.confirm)?,
        keep_session: session.id().map(|id| id.to_string()),
        client,
    };
    change.run(state, &Actor::of(&current.user)).await
}

async fn update(
    state: &AppState,
    client: Client,
    current: &CurrentUser,
    form: PasswordForm,
    session: &tower_sessions::Session,
) -> Result<Response, AppError> {
    match change_own(state, client, current, form, session).await {
        Ok(ended) => {
            let message = format!(
                "Your password is changed. {} other session(s) were signed out and {} API token(s) revoked.",
                ended.sessions, ended.tokens
            );
            session::set_flash(session, message).await?;
            Ok(Redirect::to(home(current.user.role)).into_response())
        }
        Err(CommandError::Invalid { field, problem }) => {
            refused(
                state,
                current,
                crate::handlers::field_errors(field, &problem),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
