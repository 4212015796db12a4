//! Ending one's own sessions from the account page: every other one ("sign out everywhere
//! else"), or one of them (`commands::sessions` does it).

use axum::extract::{Path, State};
use axum::response::Redirect;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::auth::session;
use crate::client::Client;
use crate::commands::Actor;
use crate::commands::sessions::{EndOtherSessions, EndOwnSession};
use crate::error::AppError;
use crate::handlers::login::Empty;

/// `POST /account/sessions/end-others`: this browser stays signed in.
pub async fn end_others(
    State(state): State<AppState>,
    client: Client,
    Staff(current): Staff,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    let keep = session.id().map(|id| id.to_string());
    let ended = EndOtherSessions { keep, client }
        .run(&state, &Actor::of(&current.user))
        .await?;
    let message = format!("You are signed out everywhere else: {ended} other session(s) ended.");
    session::set_flash(&session, message).await?;
    Ok(Redirect::to("/account"))
}

/// `POST /account/sessions/{handle}/end`: another user's session, this one and an unknown
/// handle are "not found".
pub async fn end_one(
    State(state): State<AppState>,
    client: Client,
    Staff(current): Staff,
    Path(handle): Path<String>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    let end = EndOwnSession {
        handle: EndOwnSession::handle(&handle)?,
        current: session.id().map(|id| id.to_string()),
        client,
    };
    end.run(&state, &Actor::of(&current.user)).await?;
    session::set_flash(&session, "That session is signed out.".into()).await?;
    Ok(Redirect::to("/account"))
}
