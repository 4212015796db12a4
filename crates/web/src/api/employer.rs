//! `/employer/…`: a partner employer's user through the API (issue 21), with an employer's
//! token only (`EmployerApiUser`; every other endpoint refuses such a token). The employees
//! who share their progress with the organisation now (anything else is 404, never 403),
//! each view written to the case's history; the organisation's requests for new hires.

use std::hash::{Hash as _, Hasher as _};

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::auth::EmployerApiUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::employer::{
    EmployeeList, EmployeeOut, HireRequestIn, HireRequestList, HireRequestOut,
};
use crate::access::{Access, AccessKind, Viewed, Viewer};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::partners::employers::{
    EmployeeQuery, EmployeesQuery, OwnHireRequestsQuery, RequestHire, WithdrawHireRequest,
};
use crate::ids::{EmploymentId, HireRequestId};

/// The employees who share their progress with the caller's organisation, by name.
#[utoipa::path(get, path = "/employer/employees", operation_id = "list_employer_employees", tag = "employers",
    responses((status = 200, description = "Consented employees with their progress", body = EmployeeList)))]
pub async fn employees(
    State(state): State<AppState>,
    EmployerApiUser(user, _): EmployerApiUser,
) -> Result<Json<EmployeeList>, ApiError> {
    let found = EmployeesQuery.run(&state, &Actor::of(&user)).await?;
    Ok(Json(EmployeeList {
        employees: found.iter().map(EmployeeOut::from).collect(),
    }))
}

/// One employee's progress: 404 unless they share it with the caller's organisation now.
/// Each answer is written to the case's history.
#[utoipa::path(get, path = "/employer/employees/{id}", operation_id = "show_employer_employee", tag = "employers",
    params(("id" = i64, Path, description = "Employment id")),
    responses((status = 200, description = "The progress", body = EmployeeOut,
        headers(("ETag" = String, description = "Changes when the progress changes")))))]
pub async fn employee(
    State(state): State<AppState>,
    EmployerApiUser(user, token): EmployerApiUser,
    ApiPath(id): ApiPath<EmploymentId>,
    access: Access,
) -> Result<Response, ApiError> {
    let found = EmployeeQuery { id }.run(&state, &Actor::of(&user)).await?;
    let viewer = Viewer::token(&user, token);
    access
        .record(viewer, AccessKind::EmployerView, Viewed::case(found.case))
        .await;
    let out = EmployeeOut::from(&found);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(&out)
        .unwrap_or_default()
        .hash(&mut hasher);
    let etag = format!("\"employee-{}-{:x}\"", id.0, hasher.finish());
    Ok(([(header::ETAG, etag)], Json(out)).into_response())
}

/// The caller's organisation's requests for new hires, newest first.
#[utoipa::path(get, path = "/employer/hire-requests", operation_id = "list_employer_hire_requests", tag = "employers",
    responses((status = 200, description = "The requests", body = HireRequestList)))]
pub async fn hire_requests(
    State(state): State<AppState>,
    EmployerApiUser(user, _): EmployerApiUser,
) -> Result<Json<HireRequestList>, ApiError> {
    let found = OwnHireRequestsQuery.run(&state, &Actor::of(&user)).await?;
    Ok(Json(HireRequestList {
        requests: found.iter().map(HireRequestOut::from).collect(),
    }))
}

/// Tell the centre of a new hire before they arrive. 422 names the field; an open request of
/// the organisation for the same e-mail is a 422 on `email`.
#[utoipa::path(post, path = "/employer/hire-requests", operation_id = "create_employer_hire_request", tag = "employers",
    request_body = HireRequestIn,
    responses((status = 201, description = "The request", body = HireRequestOut)))]
pub async fn create_hire_request(
    State(state): State<AppState>,
    EmployerApiUser(user, _): EmployerApiUser,
    ApiJson(body): ApiJson<HireRequestIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&user);
    let id = RequestHire::new(body.input()).run(&state, &actor).await?;
    let made = crate::db::partners::hire_request(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(HireRequestOut::from(&made))).into_response())
}

/// Withdraw an open request of the caller's organisation (another's is 404; a decided one
/// 409).
#[utoipa::path(post, path = "/employer/hire-requests/{id}/withdraw", operation_id = "withdraw_employer_hire_request", tag = "employers",
    params(("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Withdrawn"),
        (status = 409, description = "`refused`: the request was decided already", body = super::error::ErrorEnvelope)))]
pub async fn withdraw_hire_request(
    State(state): State<AppState>,
    EmployerApiUser(user, _): EmployerApiUser,
    ApiPath(id): ApiPath<HireRequestId>,
) -> Result<StatusCode, ApiError> {
    WithdrawHireRequest { id }
        .run(&state, &Actor::of(&user))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
