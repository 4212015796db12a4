//! Changes to a case as a whole: key dates (every due date is recomputed), hold, close,
//! reopen, reassign. Each runs through `db::cases::update` like the case page's forms, with
//! the version from `If-Match` or the body (see `precondition`).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use softland_domain::case::{CaseOutcome, LifecycleError};
use softland_domain::{Calendar, Case, KeyDate, Reason};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::case::CaseOut;
use super::model::input::{CloseIn, HoldIn, KeyDatesIn, ReassignIn, ReopenIn};
use super::precondition::{CaseIfMatch, Check, IfMatch};
use super::respond;
use crate::app::AppState;
use crate::db::cases::{self, AuditEntry, Expect};
use crate::db::users;
use crate::handlers::case_page::{change_dates, parse_dates};
use crate::ids::{CaseId, UserId};

type Change = Result<(String, Vec<AuditEntry>), String>;

/// Runs `op` on case `id` under `check`, then answers with the case as it is now.
async fn change_case(
    state: &AppState,
    actor: UserId,
    id: CaseId,
    check: Check,
    op: impl FnOnce(&mut Case, &Calendar) -> Change,
) -> Result<Response, ApiError> {
    cases::update(&state.db, id, actor, check.expect, op)
        .await
        .map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, id).await?;
    respond::case(state, &stored, StatusCode::OK, true).await
}

/// A lifecycle move with its audit entry, as the case page records it.
fn lifecycle(
    op: impl FnOnce(&mut Case) -> Result<&'static str, LifecycleError>,
) -> impl FnOnce(&mut Case, &Calendar) -> Change {
    move |case, _| {
        let before = case.status.label();
        let message = op(case).map_err(|e| e.to_string())?;
        let after = case.status.label();
        let entry = AuditEntry::new(
            "case.status",
            case.principal().name.to_string(),
            Some(before.into()),
            Some(after.into()),
        );
        Ok((message.to_owned(), vec![entry]))
    }
}

/// One key date from the body, read as the case page reads it.
fn key_date(name: &str, raw: Option<&str>) -> Result<(KeyDate, Option<NaiveDate>), ApiError> {
    let field = || format!("key_dates.{name}");
    let kind = name
        .parse::<KeyDate>()
        .map_err(|e| ApiError::invalid(field(), e.to_string()))?;
    let form = BTreeMap::from([(kind.as_str().to_owned(), raw.unwrap_or_default().to_owned())]);
    let dates = parse_dates(&form).map_err(|message| ApiError::invalid(field(), message))?;
    Ok((
        kind,
        dates
            .into_iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, d)| d),
    ))
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
    ApiPath(id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<KeyDatesIn>,
) -> Result<Response, ApiError> {
    let id = CaseId(id);
    let dates = body
        .key_dates
        .0
        .iter()
        .map(|(name, raw)| key_date(name, raw.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let check = if_match.for_case(id, body.version)?;
    change_case(&state, caller.user.id, id, check, move |case, cal| {
        Ok(change_dates(case, cal, &dates))
    })
    .await
}

/// Put an open case on hold.
#[utoipa::path(post, path = "/cases/{id}/hold", operation_id = "hold_case", tag = "cases", request_body = HoldIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case, on hold", body = CaseOut, headers(("ETag" = String)))))]
pub async fn hold(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<HoldIn>,
) -> Result<Response, ApiError> {
    let id = CaseId(id);
    let reason =
        Reason::parse(&body.reason).map_err(|e| ApiError::invalid("reason", e.to_string()))?;
    let check = if_match.for_case(id, body.version)?;
    let op = lifecycle(|case| case.hold(reason).map(|()| "The case is on hold."));
    change_case(&state, caller.user.id, id, check, op).await
}

/// Close an open or held case, today.
#[utoipa::path(post, path = "/cases/{id}/close", operation_id = "close_case", tag = "cases", request_body = CloseIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case, closed", body = CaseOut, headers(("ETag" = String)))))]
pub async fn close(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<CloseIn>,
) -> Result<Response, ApiError> {
    let id = CaseId(id);
    let outcome = CaseOutcome::parse(&body.outcome).ok_or_else(|| {
        ApiError::invalid(
            "outcome",
            "choose how the case ended: granted, refused, withdrawn or transferred",
        )
    })?;
    let check = if_match.for_case(id, body.version)?;
    let today = state.config.today();
    let op = lifecycle(move |case| case.close(outcome, today).map(|()| "The case is closed."));
    change_case(&state, caller.user.id, id, check, op).await
}

/// Reopen a held or closed case.
#[utoipa::path(post, path = "/cases/{id}/reopen", operation_id = "reopen_case", tag = "cases", request_body = ReopenIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case, open again", body = CaseOut, headers(("ETag" = String)))))]
pub async fn reopen(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<ReopenIn>,
) -> Result<Response, ApiError> {
    let id = CaseId(id);
    let check = if_match.for_case(id, body.version)?;
    let op = lifecycle(|case| case.reopen().map(|()| "The case is open again."));
    change_case(&state, caller.user.id, id, check, op).await
}

/// Hand a case to another active consultant or admin.
#[utoipa::path(post, path = "/cases/{id}/reassign", operation_id = "reassign_case", tag = "cases", request_body = ReassignIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 200, description = "The case with its new consultant", body = CaseOut, headers(("ETag" = String)))))]
pub async fn reassign(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<ReassignIn>,
) -> Result<Response, ApiError> {
    let id = CaseId(id);
    let check = if_match.for_case(id, body.version)?;
    let target = users::get(&state.db, UserId(body.consultant))
        .await
        .ok()
        .filter(|u| u.role.is_staff() && u.active);
    let consultant =
        target.ok_or_else(|| ApiError::invalid("consultant", "choose an active consultant"))?;
    let version = match check.expect {
        Expect::Case(v) => v,
        _ => cases::load(&state.db, id).await?.version,
    };
    cases::reassign(&state.db, id, version, consultant.id, caller.user.id)
        .await
        .map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, id).await?;
    respond::case(&state, &stored, StatusCode::OK, true).await
}
