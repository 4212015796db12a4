//! The expat portal: my household's checklist, and messages to the consultant. Every query is
//! scoped by the signed-in expat; any other case answers 404 exactly like a missing one.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::ExpatUser;
use crate::auth::session;
use crate::commands::notes::AddNote;
use crate::commands::{Actor, CommandError};
use crate::db::invitations::{self, Answer};
use crate::db::notes::{self, Visibility};
use crate::db::{cases, portal, users};
use crate::error::AppError;
use crate::ids::CaseId;
use crate::views::portal::{PortalPage, portal_case};
use crate::views::render;

/// The message form.
#[derive(Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    body: String,
}

/// `GET /my`.
pub async fn show(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Html<String>, AppError> {
    let today = state.config.today();
    let cal = cases::calendar_for_display(&state.db).await?;
    let mut out = Vec::new();
    for id in portal::cases_of(&state.db, current.user.id).await? {
        let stored = cases::load(&state.db, id).await?;
        let consultant = users::get(&state.db, stored.consultant).await.ok();
        let shared = notes::list(&state.db, id, false, 50).await?;
        out.push(portal_case(
            &stored,
            consultant.as_ref(),
            shared,
            today,
            &cal,
            state.config.time_zone,
        ));
    }
    let page = PortalPage {
        name: current.user.display_name.clone(),
        csrf: session::csrf_token(&current.session).await?,
        cases: out,
        requests: invitations::requests_for(&state.db, current.user.id).await?,
        flash: session::take_flash(&current.session).await?,
    };
    render(&page)
}

/// `POST /my/cases/{id}/messages`: a message to the consultant, shown on the case page as a
/// shared note.
pub async fn message(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { form, .. }: CsrfForm<MessageForm>,
) -> Result<Response, AppError> {
    let command = async {
        let note = AddNote {
            case: id,
            visibility: Visibility::Shared,
            body: AddNote::body(&form.body)?,
        };
        note.run(&state, &Actor::of(&current.user)).await
    };
    let flash = match command.await {
        Ok(_) => "Your message was sent to your consultant.".to_owned(),
        Err(CommandError::Invalid { problem, .. }) => format!("Not sent: {problem}"),
        Err(other) => return Err(other.into()),
    };
    session::set_flash(&current.session, flash).await?;
    Ok(Redirect::to("/my").into_response())
}

/// `POST /my/links/{person}/confirm`: "yes, that is me" — the account is linked to the person
/// and the case appears in the portal. Someone else's request is "not found".
pub async fn confirm_link(
    State(state): State<AppState>,
    Path(person): Path<i64>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    let person = crate::ids::PersonId(person);
    invitations::answer(&state.db, current.user.id, person, Answer::Confirm).await?;
    session::set_flash(
        &current.session,
        "Confirmed: the checklist is below.".into(),
    )
    .await?;
    Ok(Redirect::to("/my"))
}

/// `POST /my/links/{person}/decline`: the request is dropped; nothing is shared.
pub async fn decline_link(
    State(state): State<AppState>,
    Path(person): Path<i64>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    let person = crate::ids::PersonId(person);
    invitations::answer(&state.db, current.user.id, person, Answer::Decline).await?;
    session::set_flash(&current.session, "Declined: nothing was shared.".into()).await?;
    Ok(Redirect::to("/my"))
}
