//! One newcomer of the signed-in ambassador: `GET /buddy/newcomers/{id}` (what the newcomer
//! shares, the check-ins), `POST …/checkins` and `POST …/end`. Any other match, ended or
//! not theirs, is "not found".

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{chrome, sentences};
use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{BuddyUser, CurrentUser};
use crate::auth::session;
use crate::commands::buddies::{CheckIn, EndMatch, OwnNewcomerQuery};
use crate::commands::{CommandError, FieldErrors};
use crate::error::AppError;
use crate::handlers::{actor, sentence};
use crate::ids::{CaseId, MatchId};
use crate::views::buddy::{CheckInValues, EndValues, NewcomerPage};
use crate::views::render;

async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: MatchId,
) -> Result<NewcomerPage, AppError> {
    Ok(page_of(state, current, id).await?.0)
}

/// The page and the newcomer's case (for the access log).
async fn page_of(
    state: &AppState,
    current: &CurrentUser,
    id: MatchId,
) -> Result<(NewcomerPage, CaseId), AppError> {
    let own = OwnNewcomerQuery { id }.run(state, &actor(current)).await?;
    let page = NewcomerPage::new(chrome(state, current).await?, &own, state.config.today());
    Ok((page, own.case))
}

/// `GET /buddy/newcomers/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    BuddyUser(current): BuddyUser,
    access: Access,
) -> Result<Response, AppError> {
    let (mut page, case) = page_of(&state, &current, id).await?;
    let viewer = Viewer::of(&current.user);
    access
        .record(viewer, AccessKind::BuddyView, Viewed::case(case))
        .await;
    page.flash = session::take_flash(&current.session).await?;
    Ok(render(&page)?.into_response())
}

/// The check-in form.
#[derive(Debug, Deserialize)]
pub struct CheckInForm {
    #[serde(default)]
    met_on: String,
    #[serde(default)]
    body: String,
    needs_help: Option<String>,
}

/// `POST /buddy/newcomers/{id}/checkins`: the first check-in of an accepted match makes it
/// active (they met); "needs the centre's help" mails the consultant.
pub async fn check_in(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<CheckInForm>,
) -> Result<Response, AppError> {
    let needs_help = form.needs_help.is_some();
    let today = state.config.today();
    let result = match CheckIn::parse(id, &form.met_on, &form.body, needs_help, today) {
        Ok(checkin) => checkin.run(&state, &actor(&current)).await,
        Err(e) => Err(e),
    };
    let errors = match result {
        Ok(_) => {
            let message = if needs_help {
                "Check-in saved. Their consultant is told that they need the centre's help."
            } else {
                "Check-in saved. Thank you!"
            };
            session::set_flash(&session, message.to_owned()).await?;
            return Ok(Redirect::to(&format!("/buddy/newcomers/{id}")).into_response());
        }
        Err(CommandError::InvalidFields(errors)) => sentences(&errors),
        Err(other) => return Err(other.into()),
    };
    let mut page = page(&state, &current, id).await?;
    page.checkin = CheckInValues {
        met_on: form.met_on,
        body: form.body,
        needs_help,
    };
    page.checkin_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The end form.
#[derive(Debug, Deserialize)]
pub struct EndForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// `POST /buddy/newcomers/{id}/end`: settled, moved away or not a fit, with a note; the
/// newcomer's details are gone from the ambassador's pages at once.
pub async fn end(
    State(state): State<AppState>,
    Path(id): Path<MatchId>,
    BuddyUser(current): BuddyUser,
    CsrfForm { form, session }: CsrfForm<EndForm>,
) -> Result<Response, AppError> {
    let result = match EndMatch::parse(id, &form.reason, &form.note) {
        Ok(end) => end.run(&state, &actor(&current)).await,
        Err(e) => Err(e),
    };
    let mut errors = FieldErrors::new();
    match result {
        Ok(()) => {
            let message = "It is ended. Thank you for being a buddy!";
            session::set_flash(&session, message.to_owned()).await?;
            return Ok(Redirect::to("/buddy").into_response());
        }
        Err(CommandError::Invalid { field, problem }) => {
            let name = field.name();
            errors.add(name, sentence(&problem.to_string()));
        }
        Err(other) => return Err(other.into()),
    }
    let mut page = page(&state, &current, id).await?;
    page.end = EndValues {
        reason: form.reason,
        note: form.note,
    };
    page.end_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
