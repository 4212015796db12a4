//! The account page of a signed-in staff member: their personal API tokens (list, create with
//! an optional expiry, revoke). A new token's secret is shown once, on the answer to its form.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::db::DbError;
use crate::db::api_tokens::{self, NewToken, TokenId};
use crate::error::AppError;
use crate::handlers::login::Empty;
use crate::views::account::{AccountPage, NewTokenView, TokenRow};
use crate::views::{nav::Nav, render};

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

async fn page(
    state: &AppState,
    current: &CurrentUser,
    form: &TokenForm,
) -> Result<AccountPage, AppError> {
    let (now, zone) = (chrono::Utc::now(), state.config.time_zone);
    let tokens = api_tokens::list(&state.db, current.user.id).await?;
    Ok(AccountPage {
        nav: Nav::new(
            &current.user,
            session::csrf_token(&current.session).await?,
            "account",
        ),
        email: current.user.email.clone(),
        tokens: tokens.iter().map(|t| TokenRow::new(t, now, zone)).collect(),
        new_token: None,
        flash: None,
        error: None,
        name: form.name.clone(),
        days: form.days.clone(),
    })
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Response, AppError> {
    let mut page = page(
        &state,
        &current,
        &TokenForm {
            name: String::new(),
            days: String::new(),
        },
    )
    .await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

async fn create(
    state: &AppState,
    current: &CurrentUser,
    form: &TokenForm,
) -> Result<NewToken, DbError> {
    let expires_at = match form.days.trim() {
        "" => None,
        raw => {
            let days = raw
                .parse()
                .map_err(|_| DbError::Invalid("give the days as a whole number".into()))?;
            Some(api_tokens::expiry_in_days(days)?)
        }
    };
    api_tokens::create(&state.db, current.user.id, &form.name, expires_at).await
}

/// `POST /account/tokens`: makes a token and shows its secret, once.
pub async fn create_token(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    match create(&state, &current, &form).await {
        Ok(token) => {
            let mut page = page(
                &state,
                &current,
                &TokenForm {
                    name: String::new(),
                    days: String::new(),
                },
            )
            .await?;
            page.new_token = Some(NewTokenView::new(
                &token,
                &form.name,
                state.config.time_zone,
            ));
            Ok((StatusCode::CREATED, render(&page)?).into_response())
        }
        Err(DbError::Invalid(message)) => {
            let mut page = page(&state, &current, &form).await?;
            page.error = Some(format!("The token was not created: {message}."));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /account/tokens/{id}/revoke`: another user's token is "not found".
pub async fn revoke_token(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<i64>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    api_tokens::revoke(&state.db, current.user.id, TokenId(id)).await?;
    session::set_flash(
        &current.session,
        "The token is revoked: it no longer works.".into(),
    )
    .await?;
    Ok(Redirect::to("/account"))
}
