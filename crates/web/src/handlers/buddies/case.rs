//! The consultant's side of the programme: `GET|POST /cases/{id}/buddy` (ask for a buddy for
//! a person of the case, with the newcomer's consent; `?again={request}` starts from an ended
//! request's details) and `POST /help-calls/{id}/handled` (an ambassador's call for the
//! centre's help, from the dashboard or the programme page). Any staff member may do both.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::forms::HandledForm;
use super::with_status;
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::auth::session;
use crate::commands::buddies::{
    HandleHelpCall, HouseholdMatch, HouseholdQuery, RequestBuddy, RequestInput,
};
use crate::commands::case_view::ViewCase;
use crate::commands::{CommandError, Field, FieldErrors, Refusal};
use crate::db::Constraint;
use crate::error::AppError;
use crate::handlers::request_form::RequestForm;
use crate::handlers::{actor, sentence};
use crate::ids::{CaseId, CheckInId, MatchId};
use crate::views::buddies::case::{CaseBuddyPage, buddy_lines};
use crate::views::render;

/// `?again={request}`: start from an ended request's details.
#[derive(Debug, Default, Deserialize)]
pub struct AgainQuery {
    again: Option<String>,
}

/// The form page with `values` and `errors`.
async fn page(
    state: &AppState,
    current: &CurrentUser,
    id: CaseId,
    (values, again): (Option<RequestInput>, Option<MatchId>),
    errors: FieldErrors,
) -> Result<CaseBuddyPage, AppError> {
    let actor = actor(current);
    let stored = ViewCase { case: id }.run(state, &actor).await?;
    let household = HouseholdQuery { case: Some(id) }.run(state, &actor).await?;
    let values = values.unwrap_or_else(|| {
        again
            .and_then(|m| household.iter().find(|h| h.request.id == m))
            .map(|h| typed_again(h, &stored.person_ids))
            .unwrap_or_default()
    });
    Ok(CaseBuddyPage {
        nav: crate::handlers::messages::nav_with_messages(state, current, "cases").await?,
        case_id: id.0,
        title: stored.case.principal().name.to_string(),
        people: stored
            .case
            .people()
            .iter()
            .enumerate()
            .map(|(n, p)| (n.to_string(), p.name.to_string()))
            .collect(),
        values,
        errors,
        requests: buddy_lines(&household, state.config.time_zone),
    })
}

/// The form filled from an earlier request (consent is asked again).
fn typed_again(h: &HouseholdMatch, people: &[crate::ids::PersonId]) -> RequestInput {
    let r = &h.request.request;
    RequestInput {
        person: people
            .iter()
            .position(|p| *p == h.request.person)
            .unwrap_or(0)
            .to_string(),
        languages: crate::views::buddies::languages(&r.languages),
        district: r.district.clone().unwrap_or_default(),
        topics: r.topics.iter().map(|t| t.as_str().to_owned()).collect(),
        has_children: r.has_children,
        wishes: r.wishes.clone().unwrap_or_default(),
        share_email: r.share_email,
        share_phone: r.share_phone,
        phone: r.phone.clone().unwrap_or_default(),
        consent: false,
    }
}

/// `GET /cases/{id}/buddy`.
pub async fn new_form(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    Query(q): Query<AgainQuery>,
) -> Result<Html<String>, AppError> {
    let again = q.again.as_deref().and_then(|a| a.trim().parse().ok());
    let page = page(&state, &current, id, (None, again), FieldErrors::new()).await?;
    render(&page)
}

/// `POST /cases/{id}/buddy`: asks for a buddy; the coordinators are told by mail and the
/// case page says so. Wrong fields come back beside their inputs with what was typed (422); a
/// person whose request is still open is told so beside the person (409).
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CaseId>,
    CsrfForm { form, .. }: CsrfForm<RequestForm>,
) -> Result<Response, AppError> {
    let input = form.input();
    let command = async {
        let request = RequestBuddy::parse(id, &input)?;
        request.run(&state, &actor(&current)).await
    };
    let (status, errors) = match command.await {
        Ok(_) => {
            let message = "Asked for a buddy: the programme's coordinators were told and \
                           choose one."
                .to_owned();
            session::set_flash(&current.session, message).await?;
            return Ok(Redirect::to(&format!("/cases/{id}?at=buddy#buddy")).into_response());
        }
        Err(CommandError::InvalidFields(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(CommandError::Invalid { field, problem }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            crate::handlers::field_errors(field, &problem),
        ),
        Err(CommandError::Refused(Refusal::Constraint(Constraint::OpenRequest))) => {
            let mut errors = FieldErrors::new();
            errors.add(
                Field::Person.name(),
                sentence(&Constraint::OpenRequest.to_string()),
            );
            (StatusCode::CONFLICT, errors)
        }
        Err(other) => return Err(other.into()),
    };
    let page = page(&state, &current, id, (Some(input), None), errors).await?;
    Ok(with_status(status, render(&page)?))
}

/// `POST /help-calls/{id}/handled`: marks an ambassador's call for help handled.
pub async fn handled(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<CheckInId>,
    CsrfForm { form, .. }: CsrfForm<HandledForm>,
) -> Result<Response, AppError> {
    HandleHelpCall { id }.run(&state, &actor(&current)).await?;
    let to = if form.back == "buddies" {
        "/buddies?done=handled#help-calls"
    } else {
        "/"
    };
    Ok(Redirect::to(to).into_response())
}
