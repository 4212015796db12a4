//! `/admin/access-log`: the access log for admins (issue 23), filtered by case, person,
//! user, kind, dates and address; the per-case ("Who viewed this case") and per-user ("What
//! this user viewed") views are the same page with one filter; and its CSV.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{nav, unprocessable};
use crate::app::AppState;
use crate::auth::extract::Admin;
use crate::commands::CommandError;
use crate::commands::access_log::{AccessLogInput, CSV_LIMIT, PAGE_SIZE, ReadAccessLog};
use crate::error::AppError;
use crate::handlers::actor;
use crate::views::admin::access_log::{AccessLogPage, access_csv};
use crate::views::render;

/// The page number beside the filters.
#[derive(Debug, Default, Deserialize)]
pub struct PageParam {
    #[serde(default)]
    page: String,
}

impl PageParam {
    fn number(&self) -> u64 {
        self.page.trim().parse().unwrap_or(1).clamp(1, 1_000_000)
    }
}

/// `GET /admin/access-log`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(input): Query<AccessLogInput>,
    Query(p): Query<PageParam>,
) -> Result<Response, AppError> {
    let nav = nav(&state, &current).await?;
    let zone = state.config.time_zone;
    let filter = match input.parse(zone) {
        Ok(filter) => filter,
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = AccessLogPage::new(nav, input, None, zone);
            page.errors = errors;
            return Ok(unprocessable(render(&page)?));
        }
        Err(other) => return Err(other.into()),
    };
    let (page, per_page) = (p.number(), PAGE_SIZE);
    let read = ReadAccessLog {
        filter,
        page,
        per_page,
    };
    let found = read.run(&state, &actor(&current)).await?;
    let view = AccessLogPage::new(nav, input, Some((&found, page, per_page)), zone);
    Ok(render(&view)?.into_response())
}

/// `GET /admin/access-log.csv`: the filtered lines (up to 50,000, newest first).
pub async fn export(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(input): Query<AccessLogInput>,
) -> Result<Response, AppError> {
    let filter = input.parse(state.config.time_zone)?;
    let read = ReadAccessLog {
        filter,
        page: 1,
        per_page: CSV_LIMIT,
    };
    let found = read.run(&state, &actor(&current)).await?;
    let body = access_csv(&found.lines).map_err(|e| AppError::Internal(e.into()))?;
    let today = state.config.today();
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"access-log-{today}.csv\""),
        ),
    ];
    Ok((headers, body).into_response())
}
