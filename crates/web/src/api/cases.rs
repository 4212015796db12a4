//! `/cases`: the case list (the web list's filters, search and paging, with a total), one
//! case, and opening a case.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::case::{CaseList, CaseOut};
use super::model::input::NewCaseIn;
use super::{new_case, respond, schema};
use crate::access::{Access, AccessKind, Viewed};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::case_list::{Beyond, ListCases, ListQuery, PAGE_SIZE};
use crate::db::cases;
use crate::ids::CaseId;

/// Most cases per page.
pub const MAX_PER_PAGE: u64 = 200;
/// The highest page number accepted (far beyond any centre's cases; a larger number is a
/// mistake, answered 422, never multiplied into an offset).
pub const MAX_PAGE: u64 = 1_000_000;

/// The query of `GET /cases`. Filters are read exactly as on the web case list: a value that
/// is not understood falls back to its default.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseListParams {
    /// Left out: the caller's own cases; `all`: the whole team; a user id: that consultant's.
    pub consultant: Option<String>,
    /// Only cases on this route (a route key).
    pub route: Option<String>,
    /// `open` (default), `on_hold` or `closed`.
    #[param(schema_with = schema::case_status)]
    pub status: Option<String>,
    /// Any non-empty value: only cases with an overdue item.
    pub overdue: Option<String>,
    /// Text to find in a name, e-mail or passport number of anyone in the case.
    pub q: Option<String>,
    /// `next_due` (default), `name` or `opened` (newest first).
    #[param(schema_with = schema::sort)]
    pub sort: Option<String>,
    /// The page, from 1 (at most 1,000,000); a page past the last is empty.
    pub page: Option<String>,
    /// Cases per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// List cases, filtered, searched and paged, with the total.
///
/// The filters of the web case list; staff tokens only.
#[utoipa::path(get, path = "/cases", operation_id = "list_cases", tag = "cases", params(CaseListParams),
    responses((status = 200, description = "A page of cases", body = CaseList)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(query): ApiQuery<ListQuery>,
    ApiQuery(params): ApiQuery<CaseListParams>,
) -> Result<Json<CaseList>, ApiError> {
    let per_page = params.per_page.unwrap_or(PAGE_SIZE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::bad_request(format!(
            "per_page must be 1–{MAX_PER_PAGE}"
        )));
    }
    let page = query.page();
    if page > MAX_PAGE {
        return Err(ApiError::invalid(
            "page",
            format!("page must be 1–{MAX_PAGE}"),
        ));
    }
    let list = ListCases {
        filter: query.filter(caller.user.id),
        page,
        per_page,
        beyond: Beyond::Nothing,
    };
    let shown = list.run(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(CaseList {
        cases: shown.rows.into_iter().map(Into::into).collect(),
        total: shown.total,
        page: shown.page,
        per_page,
        pages: shown.pages,
    }))
}

/// Read a case with its checklist.
///
/// Expats' tokens see only their own household's case; any other is 404.
#[utoipa::path(get, path = "/cases/{id}", operation_id = "get_case", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The case", body = CaseOut,
        headers(("ETag" = String, description = "\"case-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    access: Access,
) -> Result<Response, ApiError> {
    let stored = respond::visible_case(&state, &caller, id).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    respond::case(&state, &stored, StatusCode::OK, caller.is_staff()).await
}

/// Open a case.
///
/// Its checklist is generated from the routes exactly as on the new-case page.
#[utoipa::path(post, path = "/cases", operation_id = "create_case", tag = "cases", request_body = NewCaseIn,
    responses((status = 201, description = "The case opened (or the one opened before with the same creation token)",
        body = CaseOut, headers(("Location" = String, description = "/api/v1/cases/<id>"), ("ETag" = String)))))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<NewCaseIn>,
) -> Result<Response, ApiError> {
    let id = new_case::open(&state, body, &Actor::of(&caller.user)).await?;
    let stored = cases::load(&state.db, id).await?;
    let response = respond::case(&state, &stored, StatusCode::CREATED, true).await?;
    Ok(respond::created(response, &format!("/cases/{id}")))
}
