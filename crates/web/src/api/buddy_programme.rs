//! The buddy programme around a case and as a whole: `/cases/{id}/buddy-requests` (staff
//! tokens on any case, an expat's on their household's: ask for a buddy, read the case's
//! requests), `/buddy-programme` (the coordinator's figures) and `/buddy-help-calls` (the
//! ambassadors' calls for the centre's help, for staff). Ambassadors have no API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::ambassadors::coordinator_only;
use super::auth::{ApiUser, StaffUser};
use super::buddy_requests::answer;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::buddy_request::{
    BuddyRequestIn, BuddyRequestList, BuddyRequestOut, HelpCallList, HelpCallOut,
};
use super::model::programme::ProgrammeOut;
use super::respond;
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::buddies::{
    HandleHelpCall, HelpCallsQuery, HouseholdQuery, ProgrammeQuery, RequestBuddy,
};
use crate::ids::{CaseId, CheckInId};

/// Ask for a buddy for a person of the case.
///
/// Staff tokens on any case (with the newcomer's consent, which `consent` records); an
/// expat's token on their household's (another household's case is 404). The coordinators
/// are told by mail. 409 `refused` while the person has a request still open; a child is a
/// 422 on `person` (a buddy is for adults).
#[utoipa::path(post, path = "/cases/{id}/buddy-requests", operation_id = "request_buddy", tag = "buddies",
    request_body = BuddyRequestIn,
    params(("id" = i64, Path, description = "Case id", example = 1)),
    responses((status = 201, description = "The request", body = BuddyRequestOut,
        headers(("ETag" = String, description = "\"buddy-request-<id>-v<version>\""),
            ("Location" = String, description = "/api/v1/buddy-requests/<id>"))),
        (status = 409, description = "`refused`: the person has a request still open", body = super::error::ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(case): ApiPath<CaseId>,
    ApiJson(body): ApiJson<BuddyRequestIn>,
) -> Result<Response, ApiError> {
    respond::visible_case(&state, &caller, case).await?;
    let id = RequestBuddy::parse(case, &body.input())?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    let created = answer(&state, &caller, id).await?;
    Ok(respond::created(created, &format!("/buddy-requests/{id}")))
}

/// A case's requests for a buddy, the newest first.
///
/// Staff tokens see all of each; an expat's token (their household's cases only) without the
/// ambassador proposed, a decline's reason or the note at the end, and with the buddy's card
/// once they accepted.
#[utoipa::path(get, path = "/cases/{id}/buddy-requests", operation_id = "list_case_buddy_requests", tag = "buddies",
    params(("id" = i64, Path, description = "Case id", example = 1)),
    responses((status = 200, description = "The case's requests", body = BuddyRequestList)))]
pub async fn list_for_case(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(case): ApiPath<CaseId>,
) -> Result<Json<BuddyRequestList>, ApiError> {
    respond::visible_case(&state, &caller, case).await?;
    let found = HouseholdQuery { case: Some(case) }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    let full = caller.is_staff();
    Ok(Json(BuddyRequestList {
        requests: found
            .into_iter()
            .map(|h| BuddyRequestOut::build(h.request, full, h.ambassador))
            .collect(),
        next_after: None,
    }))
}

/// The programme's figures (coordinators): open requests and how long they wait, the pairs,
/// every ambassador's load, matches ended by reason, the average time to a match and rating.
#[utoipa::path(get, path = "/buddy-programme", operation_id = "buddy_programme", tag = "buddies",
    responses((status = 200, description = "The figures", body = ProgrammeOut)))]
pub async fn programme(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<ProgrammeOut>, ApiError> {
    let found = ProgrammeQuery
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(Json(found.into()))
}

/// Ambassadors' calls for the centre's help not handled yet, the newest first: a
/// consultant's token on their own cases, an admin's on every case.
#[utoipa::path(get, path = "/buddy-help-calls", operation_id = "list_buddy_help_calls", tag = "buddies",
    responses((status = 200, description = "The calls", body = HelpCallList)))]
pub async fn help_calls(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<HelpCallList>, ApiError> {
    let found = HelpCallsQuery.run(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(HelpCallList {
        help_calls: found.into_iter().map(HelpCallOut::from).collect(),
    }))
}

/// Mark a call for help handled (staff); handling it again changes nothing.
#[utoipa::path(post, path = "/buddy-help-calls/{id}/handled", operation_id = "handle_buddy_help_call", tag = "buddies",
    params(("id" = i64, Path, description = "The check-in's id")),
    responses((status = 204, description = "Handled")))]
pub async fn handled(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CheckInId>,
) -> Result<StatusCode, ApiError> {
    HandleHelpCall { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
