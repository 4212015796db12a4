//! `/access-log`: the access log for admin tokens (issue 23), filtered and paged, newest
//! first. Other tokens get 403.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::ApiQuery;
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::access_log::{AccessLogInput, ReadAccessLog};
use crate::db::access_log::AccessLine;

/// Most lines per page.
const MAX_PER_PAGE: u64 = 500;
/// The highest page accepted.
const MAX_PAGE: u64 = 1_000_000;

/// The query of `GET /access-log`: every filter may be left out.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessLogParams {
    /// Views of this case (its id).
    pub case: Option<String>,
    /// Views of this person (their id).
    pub person: Option<String>,
    /// Views by this account (its id).
    pub user: Option<String>,
    /// `case.page`, `portal.case`, `person.documents`, `case.files`, `file`, `export`,
    /// `employer.view`, `buddy.view`, `api.case` or `case.messages`.
    pub kind: Option<String>,
    /// The first day, `YYYY-MM-DD` (the centre's time zone).
    pub from: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Views from this address.
    pub address: Option<String>,
    /// The page, from 1.
    pub page: Option<u64>,
    /// Lines per page, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<u64>,
}

/// One view.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogLine {
    /// The line's id.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// The viewer's account.
    pub user_id: i64,
    /// The viewer's name, if the account exists.
    pub user_name: Option<String>,
    /// The viewer's role: `admin`, `consultant`, `expat`, `buddy` or `employer`.
    pub role: String,
    /// The API token used, if any.
    pub token_id: Option<i64>,
    /// The kind of view (see the `kind` filter).
    pub kind: String,
    /// The case viewed.
    pub case_id: Option<i64>,
    /// The person viewed.
    pub person_id: Option<i64>,
    /// The file viewed.
    pub file_id: Option<i64>,
    /// The document viewed (its number within the case).
    pub document: Option<u32>,
    /// The client's address (none once erasure forgot it).
    pub address: Option<String>,
    /// The request's id (its answer's `X-Request-Id`).
    pub request_id: String,
}

impl From<&AccessLine> for AccessLogLine {
    fn from(l: &AccessLine) -> Self {
        let e = &l.entry;
        Self {
            id: l.id,
            at: e.at.to_rfc3339(),
            user_id: e.viewer.user.0,
            user_name: l.viewer_name.clone(),
            role: e.viewer.role.as_str().to_owned(),
            token_id: e.viewer.token.map(|t| t.0),
            kind: e.kind.key().to_owned(),
            case_id: e.viewed.case.map(|c| c.0),
            person_id: e.viewed.person.map(|p| p.0),
            file_id: e.viewed.file.map(|f| f.0),
            document: e
                .viewed
                .document
                .map(softland_domain::case::DocumentNo::get),
            address: e.address.map(|a| a.to_string()),
            request_id: e.request_id.clone(),
        }
    }
}

/// A page of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogPage {
    /// The lines, newest first.
    pub lines: Vec<AccessLogLine>,
    /// Every matching line.
    pub total: u64,
    /// This page.
    pub page: u64,
    /// Lines per page.
    pub per_page: u64,
}

/// Read the access log.
///
/// Who viewed which case, person, document, file or export, newest first. Admin tokens only.
#[utoipa::path(get, path = "/access-log", operation_id = "list_access_log", tag = "privacy",
    params(AccessLogParams),
    responses((status = 200, description = "A page of the log", body = AccessLogPage),
        (status = 422, description = "A filter is not understood", body = super::error::ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(p): ApiQuery<AccessLogParams>,
) -> Result<Json<AccessLogPage>, ApiError> {
    let per_page = p.per_page.unwrap_or(50);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::invalid(
            "per_page",
            format!("per_page must be 1–{MAX_PER_PAGE}"),
        ));
    }
    let page = p.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ApiError::invalid(
            "page",
            format!("page must be 1–{MAX_PAGE}"),
        ));
    }
    let text = |t: Option<String>| t.unwrap_or_default();
    let input = AccessLogInput {
        case: text(p.case),
        person: text(p.person),
        user: text(p.user),
        kind: text(p.kind),
        from: text(p.from),
        to: text(p.to),
        address: text(p.address),
    };
    let actor = Actor::of(&caller.user);
    actor.must_be_admin()?;
    let filter = input.parse(state.config.time_zone)?;
    let found = ReadAccessLog {
        filter,
        page,
        per_page,
    }
    .run(&state, &actor)
    .await?;
    Ok(Json(AccessLogPage {
        lines: found.lines.iter().map(AccessLogLine::from).collect(),
        total: found.total,
        page,
        per_page,
    }))
}
