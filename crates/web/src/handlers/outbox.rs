//! The outgoing mail queue for admins: sent, pending (with the last error) and failed mails.

use axum::extract::State;
use axum::response::{Html, Redirect};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Admin;
use crate::auth::session;
use crate::commands::Actor;
use crate::commands::mail::RetryMail;
use crate::db::outbox;
use crate::error::AppError;
use crate::views::outbox::OutboxPage;
use crate::views::{nav::Nav, render};

/// The retry form carries only its token.
#[derive(Deserialize)]
pub struct RetryForm {}

/// `GET /admin/outbox`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Html<String>, AppError> {
    let mails = outbox::list(&state.db, 200).await?;
    let page = OutboxPage::new(
        Nav::new(
            &current.user,
            session::csrf_token(&current.session).await?,
            "admin",
        ),
        mails,
        state.config.time_zone,
        session::take_flash(&current.session).await?,
    );
    render(&page)
}

/// `POST /admin/outbox/retry`: makes every pending mail due now.
pub async fn retry(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { .. }: CsrfForm<RetryForm>,
) -> Result<Redirect, AppError> {
    let n = RetryMail.run(&state, &Actor::of(&current.user)).await?;
    session::set_flash(
        &current.session,
        format!("{n} pending mail(s) will be tried again within a minute."),
    )
    .await?;
    Ok(Redirect::to("/admin/outbox"))
}
