//! Changes to a case as a whole: key dates (every due date is recomputed), hold, close,
//! reopen, reassign — the case page's own commands (`commands::case_dates`,
//! `commands::lifecycle`), with the version from `If-Match` or the body (see `precondition`).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use softland_domain::KeyDate;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::case::CaseOut;
use super::model::input::{CloseIn, HoldIn, KeyDatesIn, ReassignIn, ReopenIn};
use super::precondition::{CaseIfMatch, Check, IfMatch};
use super::respond;
use crate::app::AppState;
use crate::commands::case_dates::{ChangeKeyDates, person_field};
use crate::commands::lifecycle::{CaseTarget, CloseCase, HoldCase, ReassignCase, ReopenCase};
use crate::commands::{Actor, CommandError};
use crate::db::cases;
use crate::ids::{CaseId, UserId};

/// The case a change touched, as it is now; `check` maps a refusal.
async fn answer<T>(
    state: &AppState,
    id: CaseId,
    check: Check,
    result: Result<T, CommandError>,
) -> Result<Response, ApiError> {
    result.map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, id).await?;
    respond::case(state, &stored, StatusCode::OK, true).await
}

fn target(id: CaseId, check: Check) -> CaseTarget {
    CaseTarget {
        case: id,
        expect: check.expect,
    }
}

/// Set or clear key dates.
///
/// Every due date is recomputed from the new dates, as on the case page.
#[utoipa::path(patch, path = "/cases/{id}/key-dates", operation_id = "update_key_dates", tag = "cases", request_body = KeyDatesIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case with its recomputed due dates", body = CaseOut, headers(("ETag" = String)))))]
pub async fn update_key_dates(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<KeyDatesIn>,
) -> Result<Response, ApiError> {
    let mut raw = BTreeMap::new();
    for (name, value) in body.key_dates.0 {
        let kind = name
            .parse::<KeyDate>()
            .map_err(|e| ApiError::invalid(format!("key_dates.{name}"), e.to_string()))?;
        raw.insert(kind.as_str().to_owned(), value.unwrap_or_default());
    }
    for (person, changes) in body.people {
        let position: usize = person.parse().map_err(|_| {
            ApiError::invalid(
                format!("people.{person}"),
                "a person is named by their index in the case's `people` (\"1\")",
            )
        })?;
        for (name, value) in changes.0 {
            let kind = name.parse::<KeyDate>().map_err(|e| {
                ApiError::invalid(format!("people.{person}.key_dates.{name}"), e.to_string())
            })?;
            raw.insert(person_field(position, kind), value.unwrap_or_default());
        }
    }
    let dates = ChangeKeyDates::dates(&raw, false)?;
    let check = if_match.for_case(id, body.version)?;
    let change = ChangeKeyDates {
        case: id,
        expect: check.expect,
        dates,
    };
    let result = change.run(&state, &Actor::of(&caller.user)).await;
    answer(&state, id, check, result).await
}

/// Put an open case on hold.
#[utoipa::path(post, path = "/cases/{id}/hold", operation_id = "hold_case", tag = "cases", request_body = HoldIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case, on hold", body = CaseOut, headers(("ETag" = String)))))]
pub async fn hold(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<HoldIn>,
) -> Result<Response, ApiError> {
    let reason = HoldCase::reason(&body.reason)?;
    let check = if_match.for_case(id, body.version)?;
    let hold = HoldCase {
        target: target(id, check),
        reason,
    };
    let result = hold.run(&state, &Actor::of(&caller.user)).await;
    answer(&state, id, check, result).await
}

/// Close an open or held case, today.
#[utoipa::path(post, path = "/cases/{id}/close", operation_id = "close_case", tag = "cases", request_body = CloseIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case, closed", body = CaseOut, headers(("ETag" = String)))))]
pub async fn close(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<CloseIn>,
) -> Result<Response, ApiError> {
    let outcome = CloseCase::outcome(&body.outcome)?;
    let check = if_match.for_case(id, body.version)?;
    let close = CloseCase {
        target: target(id, check),
        outcome,
        close_open_items: body.close_open_items,
    };
    let result = close.run(&state, &Actor::of(&caller.user)).await;
    answer(&state, id, check, result).await
}

/// Reopen a held or closed case.
#[utoipa::path(post, path = "/cases/{id}/reopen", operation_id = "reopen_case", tag = "cases", request_body = ReopenIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case, open again", body = CaseOut, headers(("ETag" = String)))))]
pub async fn reopen(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<ReopenIn>,
) -> Result<Response, ApiError> {
    let check = if_match.for_case(id, body.version)?;
    let reopen = ReopenCase {
        target: target(id, check),
    };
    let result = reopen.run(&state, &Actor::of(&caller.user)).await;
    answer(&state, id, check, result).await
}

/// Hand a case to another active consultant or admin.
#[utoipa::path(post, path = "/cases/{id}/reassign", operation_id = "reassign_case", tag = "cases", request_body = ReassignIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case with its new consultant", body = CaseOut, headers(("ETag" = String)))))]
pub async fn reassign(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<ReassignIn>,
) -> Result<Response, ApiError> {
    let check = if_match.for_case(id, body.version)?;
    let reassign = ReassignCase {
        target: target(id, check),
        consultant: UserId(body.consultant),
    };
    let result = reassign.run(&state, &Actor::of(&caller.user)).await;
    answer(&state, id, check, result).await
}
