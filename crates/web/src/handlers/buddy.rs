//! The ambassador's own area (issue 20): `GET /buddy` (proposals to answer, my newcomers, my
//! places) and `POST /buddy/newcomers/{id}/answer`. Only an ambassador's session gets in
//! (`BuddyUser`); every newcomer shown is a `SharedNewcomer` of their own matches.

pub mod apply;
pub mod newcomers;
pub mod photo;
pub mod profile;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{actor, sentence};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{BuddyUser, CurrentUser};
use crate::auth::session;
use crate::commands::buddies::{Answer, AnswerProposal, BuddyHomeQuery};
use crate::commands::{CommandError, FieldErrors};
use crate::error::AppError;
use crate::ids::MatchId;
use crate::views::buddy::{AnswerForm, BuddyChrome, BuddyHomePage};
use crate::views::render;

/// The header and footer of `current`'s pages.
pub(crate) async fn chrome(
    state: &AppState,
    current: &CurrentUser,
) -> Result<BuddyChrome, AppError> {
    Ok(BuddyChrome {
        name: current.user.display_name.clone(),
        csrf: session::csrf_token(&current.session).await?,
        centre: crate::commands::site::site_settings(state).await?.centre(),
    })
}

/// A form's field errors as sentences ("Please fill this in.").
pub(crate) fn sentences(errors: &FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, message) in errors.iter() {
        out.add(field, sentence(message));
    }
    out
}

async fn home_page(state: &AppState, current: &CurrentUser) -> Result<BuddyHomePage, AppError> {
    let home = BuddyHomeQuery.run(state, &actor(current)).await?;
    Ok(BuddyHomePage::new(chrome(state, current).await?, &home))
}

/// `GET /buddy`.
pub async fn home(
    State(state): State<AppState>,
    BuddyUser(current): BuddyUser,
) -> Result<Response, AppError> {
    let mut page = home_page(&state, &current).await?;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// The answer form.
#[derive(Debug, Deserialize)]
pub struct AnswerData {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

/// `POST /buddy/newcomers/{id}/answer`: accept (the newcomer is told) or decline with a
/// reason (the coordinator is told).
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<AnswerData>,
) -> Result<Response, AppError> {
    let result = match AnswerProposal::parse(id, &form.action, &form.reason) {
        Ok(answer) => {
            let accepted = answer.answer == Answer::Accept;
            let done = answer.run(&state, &actor(&current)).await;
            done.map(|()| accepted)
        }
        Err(e) => Err(e),
    };
    let (message, to) = match result {
        Ok(true) => (ACCEPTED, format!("/buddy/newcomers/{id}")),
        Ok(false) => (DECLINED, "/buddy".to_owned()),
        Err(err) => return answer_refused(&state, &current, (id, form.reason), err).await,
    };
    session::set_flash(&session, message.to_owned()).await?;
    Ok(Redirect::to(&to).into_response())
}

const ACCEPTED: &str =
    "Thank you! The newcomer is told that you will be their buddy: get in touch with them soon.";
const DECLINED: &str =
    "You declined. The coordinator is told and finds the newcomer another buddy.";

/// The page again after a refused answer: a missing reason beside the field (422), an
/// answer no longer possible with the reason why (409).
async fn answer_refused(
    state: &AppState,
    current: &CurrentUser,
    (id, reason): (MatchId, String),
    err: CommandError,
) -> Result<Response, AppError> {
    let (status, problem, error) = match err {
        CommandError::Invalid { problem, .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(sentence(&problem.to_string())),
        ),
        CommandError::Refused(refusal) => (
            StatusCode::CONFLICT,
            Some(sentence(&refusal.to_string())),
            None,
        ),
        other => return Err(other.into()),
    };
    let mut page = home_page(state, current).await?;
    if error.is_some() && !page.proposals.iter().any(|p| p.id == id.0) {
        // Not a proposal of theirs: the same answer as for any other id.
        return Err(AppError::NotFound);
    }
    page.problem = problem;
    page.answer = AnswerForm {
        id: id.0,
        reason,
        error,
    };
    Ok((status, render(&page)?).into_response())
}
