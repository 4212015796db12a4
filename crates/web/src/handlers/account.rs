//! The account page of a signed-in staff member: their password, their sessions, and their
//! personal API tokens (list, create with an optional expiry, revoke). A new token needs the
//! account's password again, its secret is shown once, on the answer to its form, and the
//! owner is told by mail. (The change of password, for every role: `account::password`;
//! ending sessions: `account::sessions`.)

pub mod feed;
pub mod password;
pub mod sessions;
pub mod two_factor;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::client::Client;
use crate::commands::FieldErrors;
use crate::commands::accounts::{CreateToken, RevokeToken};
use crate::commands::sessions::ListOwnSessions;
use crate::commands::{Actor, CommandError, Field};
use crate::db::api_tokens::{self, TokenId};
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::handlers::sentence;
use crate::views::account::{AccountPage, NewTokenView, SessionRow, TokenRow};
use crate::views::render;

/// The new-token form.
#[derive(Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    password: String,
}

pub(crate) async fn page(
    state: &AppState,
    current: &CurrentUser,
    form: &TokenForm,
) -> Result<AccountPage, AppError> {
    let (now, zone) = (chrono::Utc::now(), state.config.time_zone);
    let tokens = api_tokens::list(&state.db, current.user.id).await?;
    let sessions = ListOwnSessions {
        current: current.session.id().map(|id| id.to_string()),
    }
    .run(state, &Actor::of(&current.user))
    .await?;
    Ok(AccountPage {
        nav: crate::handlers::messages::nav_with_messages(state, current, "account").await?,
        email: current.user.email.clone(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionRow::new(s, zone))
            .collect(),
        tokens: tokens.iter().map(|t| TokenRow::new(t, now, zone)).collect(),
        new_token: None,
        flash: None,
        error: None,
        name: form.name.clone(),
        days: form.days.clone(),
        token_password_error: None,
        password_errors: FieldErrors::new(),
        digest: crate::views::account::DigestView {
            on: current.user.notifications.digest,
            time: current
                .user
                .notifications
                .digest_time
                .map(|t| t.to_string())
                .unwrap_or_default(),
            centre_time: crate::db::reminders::settings(&state.db)
                .await?
                .digest_time
                .to_string(),
            error: None,
        },
        calendar_feed: feed::section(state, current).await?,
    })
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Response, AppError> {
    let mut page = page(&state, &current, &TokenForm::default()).await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /account/tokens`: checks the password again, makes a token and shows its secret,
/// once; the owner is told by mail.
pub async fn create_token(
    State(state): State<AppState>,
    client: Client,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    let command = async {
        let create = CreateToken {
            name: CreateToken::name(&form.name)?,
            expires_at: CreateToken::expiry(&form.days)?,
            password: secrecy::SecretString::from(form.password.clone()),
            client,
        };
        create.run(&state, &Actor::of(&current.user)).await
    };
    match command.await {
        Ok(token) => {
            let mut page = page(&state, &current, &TokenForm::default()).await?;
            page.new_token = Some(NewTokenView::new(
                &token,
                &form.name,
                state.config.time_zone,
            ));
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(CommandError::Invalid { field, problem }) => {
            let mut page = page(&state, &current, &form).await?;
            let message = sentence(&problem.to_string());
            page.error = Some(format!("The token was not created: {message}"));
            if field == Field::Password {
                page.token_password_error = Some(message);
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/tokens/{id}/revoke`: another user's token is "not found".
pub async fn revoke_token(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(token): Path<TokenId>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    RevokeToken { token }
        .run(&state, &Actor::of(&current.user))
        .await?;
    session::set_flash(
        &current.session,
        "The token is revoked: it no longer works.".into(),
    )
    .await?;
    Ok(Redirect::to("/account"))
}

/// The digest form: a checkbox and a time (empty: the centre's).
#[derive(Debug, Default, Deserialize)]
pub struct DigestForm {
    #[serde(default)]
    digest: Option<String>,
    #[serde(default)]
    time: String,
}

/// `POST /account/digest`: turns one's daily digest on or off and sets its time; a time that
/// is not one is shown beside the field with what was typed (422).
pub async fn update_digest(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<DigestForm>,
) -> Result<Response, AppError> {
    let on = form.digest.as_deref() == Some("on");
    let result = match crate::commands::notifications::ChangeDigest::parse(on, &form.time) {
        Ok(command) => command.run(&state, &Actor::of(&current.user)).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let flash = if on {
                "Your daily digest is on."
            } else {
                "Your daily digest is off."
            };
            session::set_flash(&current.session, flash.to_owned()).await?;
            Ok(Redirect::to("/account#digest-heading").into_response())
        }
        Err(CommandError::Invalid { problem, .. }) => {
            let mut page = page(&state, &current, &TokenForm::default()).await?;
            page.digest.on = on;
            page.digest.time = form.time.chars().take(20).collect();
            page.digest.error = Some(sentence(&problem.to_string()));
            page.error = Some("Your digest was not changed: please correct the time.".to_owned());
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
