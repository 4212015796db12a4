//! `/ambassadors`: the buddy programme's ambassadors, for buddy coordinators' and admins'
//! tokens (anyone else gets 403): list, invite, read, change the profile (`If-Match`), and
//! approve, decline, pause or resume.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::ambassador::{
    AmbassadorIn, AmbassadorList, AmbassadorOut, AmbassadorStatusIn, ProfileIn,
};
use super::precondition::{AmbassadorIfMatch, IfMatch, ambassador_etag, header_value};
use super::respond;
use crate::app::AppState;
use crate::commands::buddies::{
    AmbassadorQuery, AmbassadorsQuery, InviteAmbassador, MAX_PAGE, SetAmbassadorStatus,
    UpdateAmbassador,
};
use crate::commands::{Actor, CommandError, Field};
use crate::db::buddies::{Ambassador, AmbassadorStatus};
use crate::ids::AmbassadorId;

/// 403 for anyone but a buddy coordinator or an admin; any other error as usual.
pub fn coordinator_only(err: CommandError) -> ApiError {
    match err {
        CommandError::Forbidden => {
            ApiError::forbidden("this needs a buddy coordinator's or an admin's token")
        }
        other => other.into(),
    }
}

/// A page size from `limit` (default 50), or 400.
pub fn page_size(limit: Option<u64>) -> Result<usize, ApiError> {
    let limit = limit.unwrap_or(50);
    match usize::try_from(limit) {
        Ok(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(format!("limit must be 1–{MAX_PAGE}"))),
    }
}

/// 200 (or `status`) with the ambassador and its `ETag`.
pub(super) fn answer(status: StatusCode, ambassador: Ambassador) -> Response {
    let etag = header_value(&ambassador_etag(ambassador.id, ambassador.version));
    let body = AmbassadorOut::from(ambassador);
    (status, [(header::ETAG, etag)], Json(body)).into_response()
}

/// The query of `GET /ambassadors`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AmbassadorListParams {
    /// Only ambassadors with this status.
    #[param(schema_with = super::schema::ambassador_status)]
    pub status: Option<String>,
    /// Only ambassadors with a greater id (the `next_after` of the previous page).
    pub after: Option<i64>,
    /// How many, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// List the ambassadors, a page at a time, by id.
#[utoipa::path(get, path = "/ambassadors", operation_id = "list_ambassadors", tag = "buddies",
    params(AmbassadorListParams),
    responses((status = 200, description = "One page of ambassadors", body = AmbassadorList),
        (status = 422, description = "`status` names no status", body = super::error::ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<AmbassadorListParams>,
) -> Result<Json<AmbassadorList>, ApiError> {
    let status = match params.status.as_deref() {
        None => None,
        Some(raw) => Some(AmbassadorStatus::parse(raw).ok_or_else(|| {
            ApiError::invalid("status", "choose applied, active, paused or declined")
        })?),
    };
    let query = AmbassadorsQuery {
        status,
        after: params.after,
        limit: page_size(params.limit)?,
    };
    let page = query
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(Json(AmbassadorList {
        ambassadors: page.items.into_iter().map(AmbassadorOut::from).collect(),
        next_after: page.next_after,
    }))
}

/// Invite an ambassador.
///
/// The account is active at once and gets a mail with a link to choose a password. An
/// e-mail another account uses is a 422 on `email`.
#[utoipa::path(post, path = "/ambassadors", operation_id = "invite_ambassador", tag = "buddies",
    request_body = AmbassadorIn,
    responses((status = 201, description = "The ambassador", body = AmbassadorOut,
        headers(("ETag" = String, description = "\"ambassador-<id>-v<version>\""),
            ("Location" = String, description = "/api/v1/ambassadors/<id>")))))]
pub async fn invite(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<AmbassadorIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    actor
        .must_coordinate(&state)
        .await
        .map_err(coordinator_only)?;
    let id = InviteAmbassador::parse(&body.input())?
        .run(&state, &actor, &caller.user.display_name)
        .await
        .map_err(coordinator_only)?;
    let created = AmbassadorQuery { id }.run(&state, &actor).await?;
    Ok(respond::created(
        answer(StatusCode::OK, created.ambassador),
        &format!("/ambassadors/{id}"),
    ))
}

/// Read an ambassador.
#[utoipa::path(get, path = "/ambassadors/{id}", operation_id = "get_ambassador", tag = "buddies",
    params(("id" = i64, Path, description = "Ambassador id")),
    responses((status = 200, description = "The ambassador", body = AmbassadorOut,
        headers(("ETag" = String, description = "\"ambassador-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<AmbassadorId>,
) -> Result<Response, ApiError> {
    let found = AmbassadorQuery { id }
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(answer(StatusCode::OK, found.ambassador))
}

/// Change an ambassador's profile.
///
/// Name and e-mail are the account's and do not change here. With `If-Match` (or
/// `version`), a profile changed meanwhile is refused (412, or 409 `changed_meanwhile`).
#[utoipa::path(put, path = "/ambassadors/{id}", operation_id = "update_ambassador", tag = "buddies",
    request_body = ProfileIn,
    params(("id" = i64, Path, description = "Ambassador id"), AmbassadorIfMatch),
    responses((status = 200, description = "The ambassador", body = AmbassadorOut,
        headers(("ETag" = String, description = "\"ambassador-<id>-v<version>\"")))))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<AmbassadorId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<ProfileIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let current = AmbassadorQuery { id }
        .run(&state, &actor)
        .await
        .map_err(coordinator_only)?;
    let check = if_match.for_record(&format!("\"ambassador-{id}-v"), body.version)?;
    let version = check.version.unwrap_or(current.ambassador.version);
    UpdateAmbassador::parse(id, version, &body.input())?
        .run(&state, &actor)
        .await
        .map_err(|e| check.refusal(e))?;
    let saved = AmbassadorQuery { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::OK, saved.ambassador))
}

/// Approve, decline, pause or resume an ambassador.
///
/// Approving an applicant (`active`) mails them a link to choose a password; declining
/// shuts the account. An applicant cannot be paused, and no one becomes an applicant again
/// (422 on `status`).
#[utoipa::path(put, path = "/ambassadors/{id}/status", operation_id = "set_ambassador_status", tag = "buddies",
    request_body = AmbassadorStatusIn,
    params(("id" = i64, Path, description = "Ambassador id")),
    responses((status = 200, description = "The ambassador", body = AmbassadorOut,
        headers(("ETag" = String, description = "\"ambassador-<id>-v<version>\"")))))]
pub async fn set_status(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<AmbassadorId>,
    ApiJson(body): ApiJson<AmbassadorStatusIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    actor
        .must_coordinate(&state)
        .await
        .map_err(coordinator_only)?;
    let refused =
        |problem: &dyn std::fmt::Display| ApiError::invalid("status", problem.to_string());
    let status = AmbassadorStatus::parse(&body.status)
        .ok_or_else(|| refused(&"choose active, paused or declined"))?;
    SetAmbassadorStatus { id, status }
        .run(&state, &actor, &caller.user.display_name)
        .await
        .map_err(|e| match e {
            CommandError::Invalid {
                field: Field::Action,
                problem,
            } => refused(&problem),
            other => other.into(),
        })?;
    let saved = AmbassadorQuery { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::OK, saved.ambassador))
}
