//! The centre's public site (issue 22, part A1): the centre's settings (`/site-settings`,
//! staff read, admins change with `If-Match`), the contact form's enquiries (`/enquiries`,
//! staff) and the deadline calculator (`/public/calculator`, anyone: no token).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use softland_domain::site::enquiry::EnquiryStatus;
use utoipa::IntoParams;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::site::{
    CalculatorTimeline, EnquiryList, EnquiryOut, EnquiryPatch, SiteSettingsIn, SiteSettingsOut,
};
use super::precondition::{EnquiryIfMatch, IfMatch, SiteSettingsIfMatch, header_value};
use crate::app::AppState;
use crate::commands::site::calculator::Calculate;
use crate::commands::site::centre::{ChangeSiteSettings, ShowSiteSettings};
use crate::commands::site::enquiries::{ListEnquiries, ShowEnquiry, StepEnquiry};
use crate::commands::{Actor, CommandError};
use crate::db::site::enquiries::Enquiry;
use crate::ids::EnquiryId;

/// The most enquiries of one page.
const MAX_PAGE: u64 = 200;

fn settings_answer(settings: &crate::db::site::settings::SiteSettings) -> Response {
    let tag = header_value(&format!("\"site-settings-v{}\"", settings.version));
    ([(header::ETAG, tag)], Json(SiteSettingsOut::from(settings))).into_response()
}

fn enquiry_answer(enquiry: Enquiry) -> Response {
    let tag = header_value(&format!("\"enquiry-{}-v{}\"", enquiry.id, enquiry.version));
    ([(header::ETAG, tag)], Json(EnquiryOut::from(enquiry))).into_response()
}

/// Read the centre's settings.
#[utoipa::path(get, path = "/site-settings", operation_id = "get_site_settings", tag = "site",
    responses((status = 200, description = "The settings", body = SiteSettingsOut,
        headers(("ETag" = String, description = "\"site-settings-v<version>\"")))))]
pub async fn show_settings(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
) -> Result<Response, ApiError> {
    let settings = ShowSiteSettings
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(settings_answer(&settings))
}

/// Change the centre's settings (admins; all of them at once).
///
/// With `If-Match` (or `version`), settings changed meanwhile are refused (412, or 409
/// `changed_meanwhile`). Every page shows the new ones within seconds.
#[utoipa::path(put, path = "/site-settings", operation_id = "update_site_settings", tag = "site",
    request_body = SiteSettingsIn, params(SiteSettingsIfMatch),
    responses((status = 200, description = "The settings", body = SiteSettingsOut,
        headers(("ETag" = String, description = "\"site-settings-v<version>\"")))))]
pub async fn update_settings(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    if_match: IfMatch,
    ApiJson(body): ApiJson<SiteSettingsIn>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let check = if_match.for_record("\"site-settings-v", body.version)?;
    let version = match check.version {
        Some(v) => v,
        None => ShowSiteSettings.run(&state, &actor).await?.version,
    };
    let command = ChangeSiteSettings {
        version,
        input: body.input(),
    };
    command.run(&state, &actor).await.map_err(|e| match e {
        CommandError::ChangedMeanwhile(_) => check.refusal(e),
        other => other.into(),
    })?;
    let saved = ShowSiteSettings.run(&state, &actor).await?;
    Ok(settings_answer(&saved))
}

/// The query of `GET /enquiries`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnquiryListParams {
    /// Only enquiries of this status: `new`, `in_progress`, `answered`, `closed`.
    pub status: Option<String>,
    /// Only enquiries older than this one (the `next_before` of the previous page).
    pub before: Option<i64>,
    /// How many, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// List the contact form's enquiries, newest first, a page at a time.
#[utoipa::path(get, path = "/enquiries", operation_id = "list_enquiries", tag = "site",
    params(EnquiryListParams),
    responses((status = 200, description = "One page of enquiries", body = EnquiryList),
        (status = 422, description = "`status` names none", body = super::error::ErrorEnvelope)))]
pub async fn list_enquiries(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(p): ApiQuery<EnquiryListParams>,
) -> Result<Json<EnquiryList>, ApiError> {
    let limit = p.limit.unwrap_or(50);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(format!("limit must be 1–{MAX_PAGE}")));
    }
    let status = match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => Some(EnquiryStatus::parse(raw).ok_or_else(|| {
            ApiError::invalid("status", "choose new, in_progress, answered or closed")
        })?),
        None => None,
    };
    let query = ListEnquiries {
        status,
        before: p.before.map(EnquiryId),
        limit: limit + 1,
    };
    let mut found = query.run(&state, &Actor::of(&caller.user)).await?;
    let more = found.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_before = found.last().filter(|_| more).map(|e| e.id.0);
    Ok(Json(EnquiryList {
        enquiries: found.into_iter().map(EnquiryOut::from).collect(),
        next_before,
    }))
}

/// Read an enquiry.
#[utoipa::path(get, path = "/enquiries/{id}", operation_id = "get_enquiry", tag = "site",
    params(("id" = i64, Path, description = "Enquiry id")),
    responses((status = 200, description = "The enquiry", body = EnquiryOut,
        headers(("ETag" = String, description = "\"enquiry-<id>-v<version>\"")))))]
pub async fn show_enquiry(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<EnquiryId>,
) -> Result<Response, ApiError> {
    let view = ShowEnquiry { id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(enquiry_answer(view.enquiry))
}

/// Mark an enquiry in progress, answered or closed, with a note.
///
/// A status it cannot move to is 422 on `status`; with `If-Match` (or `version`), an
/// enquiry changed meanwhile is refused (412, or 409 `changed_meanwhile`).
#[utoipa::path(patch, path = "/enquiries/{id}", operation_id = "update_enquiry", tag = "site",
    request_body = EnquiryPatch,
    params(("id" = i64, Path, description = "Enquiry id"), EnquiryIfMatch),
    responses((status = 200, description = "The enquiry", body = EnquiryOut,
        headers(("ETag" = String, description = "\"enquiry-<id>-v<version>\"")))))]
pub async fn update_enquiry(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<EnquiryId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<EnquiryPatch>,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let current = ShowEnquiry { id }.run(&state, &actor).await?;
    let check = if_match.for_record(&format!("\"enquiry-{id}-v"), body.version)?;
    let command = StepEnquiry {
        id,
        version: check.version.unwrap_or(current.enquiry.version),
        status: body.status,
        note: body.note,
    };
    command.run(&state, &actor).await.map_err(|e| match e {
        CommandError::ChangedMeanwhile(_) => check.refusal(e),
        other => other.into(),
    })?;
    let saved = ShowEnquiry { id }.run(&state, &actor).await?;
    Ok(enquiry_answer(saved.enquiry))
}

/// The query of `GET /public/calculator` (its other key dates are named like `arrival`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalculatorParams {
    /// The route's key (`employee-card`; `GET /routes` needs a token, the calculator page
    /// lists them).
    pub route: String,
    /// The arrival date (`YYYY-MM-DD`, required).
    pub arrival: String,
    /// The permit's last day (`YYYY-MM-DD`), when the route counts from it.
    pub permit_expiry: Option<String>,
}

/// A personal timeline on a route: the case engine's due dates in working days from the
/// dates given, on the centre's calendar (holidays and closures skipped).
///
/// No token needed; nothing is stored. Other key dates the route counts from
/// (`employment_start`, `study_start` …, listed in `dates_needed`) are query parameters too.
/// A wrong field is 422 naming it.
#[utoipa::path(get, path = "/public/calculator", operation_id = "calculate_deadlines", tag = "site",
    security(()), params(CalculatorParams),
    responses((status = 200, description = "The timeline", body = CalculatorTimeline),
        (status = 422, description = "A field is wrong; `field` names it", body = super::error::ErrorEnvelope)))]
pub async fn calculator(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    let command = Calculate {
        route: query.get("route").cloned().unwrap_or_default(),
        dates: query,
    };
    let timeline = command.run(&state).await?;
    Ok((StatusCode::OK, Json(CalculatorTimeline::from(timeline))).into_response())
}
