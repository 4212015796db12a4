//! One's own two-factor sign-in (issue 23): `/account/two-factor` sets it up (the secret
//! waits in the session until a code confirms it), shows the recovery codes once, makes new
//! ones, turns it off. An account that must set it up reaches these pages only (`Enrolling`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Enrolling};
use crate::auth::session;
use crate::auth::two_factor::FactorSecret;
use crate::client::Client;
use crate::commands::two_factor::{self, Disable, Enrol, RegenerateCodes};
use crate::commands::{Actor, CommandError, Field, Refusal};
use crate::error::AppError;
use crate::handlers::sentence;
use crate::views::account::two_factor::{NewCodesView, TwoFactorPage};
use crate::views::render;

/// A form with a code (and, to turn it off, the password).
#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

/// The page for `current`, with the set-up form when two-factor is off.
async fn page(state: &AppState, current: &CurrentUser) -> Result<TwoFactorPage, AppError> {
    let actor = Actor::of(&current.user);
    let own = two_factor::own(state, &actor).await?;
    let due = session::is_two_factor_due(&current.session).await?;
    let nav = crate::handlers::messages::nav_with_messages(state, current, "account").await?;
    let mut page = TwoFactorPage::new(nav, &own, due, state.config.time_zone);
    if own.enrolment.is_none() {
        let secret = setup_secret(current).await?;
        page.setup = Some(two_factor::setup(state, &actor, &secret).await?);
    }
    Ok(page)
}

/// The secret the set-up page shows: the one kept in the session, or a new one kept there.
async fn setup_secret(current: &CurrentUser) -> Result<FactorSecret, AppError> {
    let kept = session::setup_secret(&current.session).await?;
    if let Some(secret) = kept.as_deref().and_then(FactorSecret::from_base32) {
        return Ok(secret);
    }
    let secret = FactorSecret::generate();
    session::set_setup_secret(&current.session, Some(secret.to_base32())).await?;
    Ok(secret)
}

fn keep(current: &CurrentUser) -> Option<String> {
    current.session.id().map(|id| id.to_string())
}

/// `GET /account/two-factor`.
pub async fn show(
    State(state): State<AppState>,
    Enrolling(current): Enrolling,
) -> Result<Response, AppError> {
    let mut page = page(&state, &current).await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /account/two-factor`: a code confirms the secret shown; the recovery codes are
/// shown once (201). Every other session ends. Refused (409) when two-factor is on already:
/// a new secret means turning it off first.
pub async fn enrol(
    State(state): State<AppState>,
    client: Client,
    Enrolling(current): Enrolling,
    CsrfForm { form, .. }: CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let secret = setup_secret(&current).await?;
    let command = Enrol {
        secret,
        code: form.code,
        keep_session: keep(&current),
        client,
    };
    match command.run(&state, &Actor::of(&current.user)).await {
        Ok(codes) => {
            session::set_setup_secret(&current.session, None).await?;
            session::set_two_factor_due(&current.session, false).await?;
            session::set_two_factor_suggested(&current.session, false).await?;
            let mut page = page(&state, &current).await?;
            page.flash =
                Some("Two-factor sign-in is on. You are signed out everywhere else.".into());
            page.new_codes = Some(NewCodesView::new(&codes, &current.user.email));
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(CommandError::Invalid { problem, .. }) => {
            let mut page = page(&state, &current).await?;
            page.error = Some("Two-factor sign-in is not on yet: please check the code.".into());
            page.setup_error = Some(sentence(&problem.to_string()));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(refused @ CommandError::Refused(Refusal::TwoFactorOn)) => {
            let mut page = page(&state, &current).await?;
            page.error = Some(sentence(&refused.to_string()));
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/two-factor/recovery-codes`: new codes after a code from the app, shown
/// once (201); the old ones stop working and every other session ends.
pub async fn regenerate(
    State(state): State<AppState>,
    client: Client,
    Enrolling(current): Enrolling,
    CsrfForm { form, .. }: CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let command = RegenerateCodes {
        code: form.code,
        keep_session: keep(&current),
        client,
    };
    match command.run(&state, &Actor::of(&current.user)).await {
        Ok(codes) => {
            let mut page = page(&state, &current).await?;
            page.flash = Some("New recovery codes are made; the old ones no longer work.".into());
            page.new_codes = Some(NewCodesView::new(&codes, &current.user.email));
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(CommandError::Invalid { problem, .. }) => {
            let mut page = page(&state, &current).await?;
            page.error = Some("No new recovery codes were made: please check the code.".into());
            page.codes_error = Some(sentence(&problem.to_string()));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/two-factor/dismiss`: "Not now" on the dashboard's invitation to set it up
/// (until the next sign-in).
pub async fn dismiss(
    Enrolling(current): Enrolling,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    session::set_two_factor_suggested(&current.session, false).await?;
    Ok(Redirect::to("/"))
}

/// `POST /account/two-factor/disable`: after the password and a code. An account that must
/// use it is sent to set it up again at once.
pub async fn disable(
    State(state): State<AppState>,
    client: Client,
    Enrolling(current): Enrolling,
    CsrfForm { form, .. }: CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let command = Disable {
        password: secrecy::SecretString::from(form.password),
        code: form.code,
        keep_session: keep(&current),
        client,
    };
    match command.run(&state, &Actor::of(&current.user)).await {
        Ok(still_required) => {
            session::set_two_factor_due(&current.session, still_required).await?;
            let flash = "Two-factor sign-in is off. You are signed out everywhere else.";
            session::set_flash(&current.session, flash.to_owned()).await?;
            let to = if still_required {
                "/account/two-factor"
            } else {
                "/account"
            };
            Ok(Redirect::to(to).into_response())
        }
        Err(CommandError::Invalid { field, problem }) => {
            let mut page = page(&state, &current).await?;
            page.error = Some("Two-factor sign-in is still on: please correct the form.".into());
            let message = Some(sentence(&problem.to_string()));
            if field == Field::Code {
                page.disable_code_error = message;
            } else {
                page.disable_password_error = message;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
