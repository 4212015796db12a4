//! The expat portal: my household's checklist, and messages to the consultant. Every query is
//! scoped by the signed-in expat; any other case answers 404 exactly like a missing one.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::CurrentUser;
use crate::auth::extract::ExpatUser;
use crate::auth::session;
use crate::commands::case_view::ShowPortal;
use crate::commands::invitations::AnswerLinkRequest;
use crate::commands::notes::AddNote;
use crate::commands::{Actor, CommandError};
use crate::db::invitations::Answer;
use crate::db::notes::Visibility;
use crate::error::AppError;
use crate::ids::{CaseId, PersonId};
use crate::views::portal::{GlossaryPage, PortalChrome, PortalPage, TERMS, portal_case};
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
    let portal = ShowPortal.run(&state, &Actor::of(&current.user)).await?;
    let cal = &portal.calendar;
    let cases = portal
        .cases
        .into_iter()
        .map(|c| {
            let zone = state.config.time_zone;
            portal_case(&c.stored, c.consultant.as_ref(), c.shared, today, cal, zone)
        })
        .collect();
    let page = PortalPage {
        chrome: chrome(&state, &current).await?,
        cases,
        requests: portal.requests,
        flash: session::take_flash(&current.session).await?,
    };
    render(&page)
}

/// The header and footer of a portal page for `current`.
pub(crate) async fn chrome(
    state: &AppState,
    current: &CurrentUser,
) -> Result<PortalChrome, AppError> {
    Ok(PortalChrome {
        name: current.user.display_name.clone(),
        csrf: session::csrf_token(&current.session).await?,
        centre: state.config.centre.clone(),
    })
}

/// `GET /my/glossary`: the words of Czech paperwork, linked from item text.
pub async fn glossary(
    State(state): State<AppState>,
    ExpatUser(current): ExpatUser,
) -> Result<Html<String>, AppError> {
    let page = GlossaryPage {
        chrome: chrome(&state, &current).await?,
        terms: TERMS,
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
    Path(person): Path<PersonId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    let answer = AnswerLinkRequest {
        person,
        answer: Answer::Confirm,
    };
    answer.run(&state, &Actor::of(&current.user)).await?;
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
    Path(person): Path<PersonId>,
    ExpatUser(current): ExpatUser,
    CsrfForm { .. }: CsrfForm<crate::handlers::login::Empty>,
) -> Result<Redirect, AppError> {
    let answer = AnswerLinkRequest {
        person,
        answer: Answer::Decline,
    };
    answer.run(&state, &Actor::of(&current.user)).await?;
    session::set_flash(&current.session, "Declined: nothing was shared.".into()).await?;
    Ok(Redirect::to("/my"))
}
