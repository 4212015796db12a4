//! One request: `GET /buddies/requests/{id}` (the request, its history and the ranked
//! suggestions), `POST …/propose` and `POST …/end`. A proposal the programme's rules refuse
//! (the ambassador is full, paused, unavailable, shares no language, is the newcomer) or one
//! made on a stale page answers 409 with the page as it is now and the reason at the top.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::forms::{EndForm, ProposeForm};
use super::{DoneQuery, nav, with_status};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::commands::buddies::{EndMatch, Propose, SuggestionsQuery};
use crate::commands::{CommandError, Field, FieldErrors, Problem, form_version};
use crate::error::AppError;
use crate::handlers::{actor, field_sentence, sentence};
use crate::ids::{AmbassadorId, MatchId};
use crate::views::buddies::ambassadors::notice;
use crate::views::buddies::request::{EndValues, RequestPage};
use crate::views::render;

async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: MatchId,
) -> Result<RequestPage, AppError> {
    let found = SuggestionsQuery { id }.run(state, &actor(current)).await?;
    let nav = nav(state, current).await?;
    Ok(RequestPage::new(nav, &found, state.config.time_zone))
}

/// `GET /buddies/requests/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<MatchId>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current, id).await?;
    page.notice = notice(q.done());
    render(&page)
}

/// The page again with why `err` refused the change: 409 for the programme's rules and
/// stale pages, 422 for a form's mistake; anything else is the usual error page.
async fn refused(
    state: &AppState,
    current: &CurrentUser,
    id: MatchId,
    err: CommandError,
) -> Result<Response, AppError> {
    let (status, message) = match err {
        CommandError::Refused(why) => (StatusCode::CONFLICT, sentence(&why.to_string())),
        CommandError::ChangedMeanwhile(changed) => (
            StatusCode::CONFLICT,
            format!("This request was {changed}. Below is how it is now; nothing was changed."),
        ),
        CommandError::Invalid { field, problem } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_sentence(field, &problem),
        ),
        other => return Err(other.into()),
    };
    let mut page = page(state, current, id).await?;
    page.problem = Some(message);
    Ok(with_status(status, render(&page)?))
}

/// `POST /buddies/requests/{id}/propose`: proposes an ambassador; the ambassador is told by
/// mail.
pub async fn propose(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<MatchId>,
    CsrfForm { form, .. }: CsrfForm<ProposeForm>,
) -> Result<Response, AppError> {
    let command = async {
        let version = form_version(form.version.as_deref())?;
        let ambassador = form
            .ambassador
            .trim()
            .parse::<AmbassadorId>()
            .map_err(|_| CommandError::invalid(Field::Ambassador, Problem::NotOffered))?;
        let propose = Propose {
            id,
            ambassador,
            version: Some(version),
        };
        propose.run(&state, &actor(&current)).await
    };
    match command.await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/buddies/requests/{id}?done=proposed")).into_response())
        }
        Err(err) => refused(&state, &current, id, err).await,
    }
}

/// `POST /buddies/requests/{id}/end`: ends the match (a reason and a note); a wrong field
/// shows the form again with the message beside it (422).
pub async fn end(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<MatchId>,
    CsrfForm { form, .. }: CsrfForm<EndForm>,
) -> Result<Response, AppError> {
    let command = async {
        let end = EndMatch::parse(id, &form.reason, &form.note)?;
        end.run(&state, &actor(&current)).await
    };
    match command.await {
        Ok(()) => Ok(Redirect::to(&format!("/buddies/requests/{id}?done=ended")).into_response()),
        Err(CommandError::Invalid { field, problem }) => {
            let mut page = page(&state, &current, id).await?;
            let name = field.name();
            let mut errors = FieldErrors::new();
            errors.add(name, sentence(&problem.to_string()));
            page.end_errors = errors;
            page.end = EndValues {
                reason: form.reason,
                note: form.note,
            };
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&page)?,
            ))
        }
        Err(err) => refused(&state, &current, id, err).await,
    }
}
