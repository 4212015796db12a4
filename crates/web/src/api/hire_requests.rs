//! The staff side of employers through the API (issue 21): `/hire-requests` (open ones,
//! oldest first; accept into a case, decline with a reason), `/cases/{id}/employments` (a
//! case's employers; link a person) and `/employments/{id}/consent|withdraw` (staff record
//! consent given on paper, in person or by mail; an expat's token gives it for its own
//! household, `portal`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::employer::{
    AcceptIn, ConsentIn, DeclineIn, EmploymentIn, EmploymentList, EmploymentOut, HireRequestList,
    HireRequestOut,
};
use crate::app::AppState;
use crate::auth::Role;
use crate::commands::Actor;
use crate::commands::partners::employers::{
    AcceptHireRequest, CaseEmploymentsQuery, ChangeConsent, DeclineHireRequest, LinkEmployer,
    OpenHireRequestsQuery,
};
use crate::db::partners::{ConsentChange, ConsentHow};
use crate::ids::{CaseId, EmploymentId, HireRequestId, OrganisationId};

/// Employers' open requests for new hires, oldest first (staff).
#[utoipa::path(get, path = "/hire-requests", operation_id = "list_hire_requests", tag = "employers",
    responses((status = 200, description = "Open requests", body = HireRequestList)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Json<HireRequestList>, ApiError> {
    let found = OpenHireRequestsQuery
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(HireRequestList {
        requests: found.iter().map(HireRequestOut::from).collect(),
    }))
}

/// Accept an open request into a case (opened for the new hire): its principal is linked to
/// the employer, consent not yet given. An unknown case is a 422 on `case`.
#[utoipa::path(post, path = "/hire-requests/{id}/accept", operation_id = "accept_hire_request", tag = "employers",
    request_body = AcceptIn,
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The principal's employment", body = EmploymentOut),
        (status = 409, description = "`refused`: the request was decided already", body = super::error::ErrorEnvelope)))]
pub async fn accept(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<HireRequestId>,
    ApiJson(body): ApiJson<AcceptIn>,
) -> Result<Json<EmploymentOut>, ApiError> {
    let employment = AcceptHireRequest::parse(id, &body.case.to_string())?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    let e = crate::db::partners::employment(&state.db, employment).await?;
    Ok(Json(EmploymentOut::from(&e)))
}

/// Decline an open request with a reason the employer reads.
#[utoipa::path(post, path = "/hire-requests/{id}/decline", operation_id = "decline_hire_request", tag = "employers",
    request_body = DeclineIn,
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Declined"),
        (status = 409, description = "`refused`: the request was decided already", body = super::error::ErrorEnvelope)))]
pub async fn decline(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<HireRequestId>,
    ApiJson(body): ApiJson<DeclineIn>,
) -> Result<StatusCode, ApiError> {
    DeclineHireRequest::parse(id, &body.reason)?
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A case's employments (staff).
#[utoipa::path(get, path = "/cases/{id}/employments", operation_id = "list_case_employments", tag = "employers",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The employments", body = EmploymentList)))]
pub async fn list_for_case(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(case): ApiPath<CaseId>,
) -> Result<Json<EmploymentList>, ApiError> {
    let found = CaseEmploymentsQuery { case }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(EmploymentList {
        employments: found.employments.iter().map(EmploymentOut::from).collect(),
    }))
}

/// Link a person of the case to an employer organisation (staff; consent not yet given). The
/// same person and employer twice is 409.
#[utoipa::path(post, path = "/cases/{id}/employments", operation_id = "create_case_employment", tag = "employers",
    request_body = EmploymentIn,
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, description = "The employment", body = EmploymentOut),
        (status = 409, description = "`refused`: the person is linked to this employer already", body = super::error::ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(case): ApiPath<CaseId>,
    ApiJson(body): ApiJson<EmploymentIn>,
) -> Result<Response, ApiError> {
    let id = LinkEmployer {
        case,
        position: body.person,
        organisation: OrganisationId(body.organisation),
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    let e = crate::db::partners::employment(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(EmploymentOut::from(&e))).into_response())
}

/// Record consent: staff with `how` = `paper`, `in_person` or `mail`; an expat's token for
/// its own household (`portal`).
#[utoipa::path(post, path = "/employments/{id}/consent", operation_id = "give_employment_consent", tag = "employers",
    request_body = ConsentIn,
    params(("id" = i64, Path, description = "Employment id")),
    responses((status = 200, description = "The employment", body = EmploymentOut)))]
pub async fn consent(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<EmploymentId>,
    ApiJson(body): ApiJson<ConsentIn>,
) -> Result<Json<EmploymentOut>, ApiError> {
    let how = if caller.user.role == Role::Expat {
        ConsentHow::Portal
    } else {
        ChangeConsent::how(&body.consent_how)?
    };
    let change = ConsentChange::Give(how);
    let seen = body.version;
    let e = ChangeConsent { id, change, seen }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(EmploymentOut::from(&e)))
}

/// Withdraw consent (staff, or an expat's token for its own household): the employer sees
/// nothing from its next request on.
#[utoipa::path(post, path = "/employments/{id}/withdraw", operation_id = "withdraw_employment_consent", tag = "employers",
    params(("id" = i64, Path, description = "Employment id")),
    responses((status = 200, description = "The employment", body = EmploymentOut)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<EmploymentId>,
) -> Result<Json<EmploymentOut>, ApiError> {
    let change = ConsentChange::Withdraw;
    let e = ChangeConsent {
        id,
        change,
        seen: None,
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(Json(EmploymentOut::from(&e)))
}
