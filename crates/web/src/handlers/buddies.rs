//! The buddy programme's staff pages (issue 20): the coordinator's programme page and CSV
//! export here; requests with their suggestions (`requests`), ambassadors (`ambassadors`),
//! and the consultant's side on a case and the dashboard (`case`). Every `/buddies` page is
//! for coordinators (staff with the permission, and admins): the command or
//! `Actor::must_coordinate` refuses anyone else with 403.

pub mod ambassadors;
pub mod case;
mod forms;
pub mod photo;
pub mod requests;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extract::{CurrentUser, Staff};
use crate::commands::buddies::ProgrammeQuery;
use crate::error::AppError;
use crate::handlers::actor;
use crate::views::buddies::csv::matches_csv;
use crate::views::buddies::programme::{Context, ProgrammePage};
use crate::views::nav::Nav;
use crate::views::render;

/// `?done=` after a change: which notice the page shows (fixed texts, never echoed).
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

impl DoneQuery {
    fn done(&self) -> Option<&str> {
        self.done.as_deref()
    }
}

/// The navigation bar of the programme's pages.
async fn nav(state: &AppState, current: &CurrentUser) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, "buddies").await
}

/// A page answered with `status` (a refusal 409, a form's mistakes 422).
fn with_status(status: StatusCode, html: Html<String>) -> Response {
    (status, html).into_response()
}

/// `GET /buddies`: the programme.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let programme = ProgrammeQuery.run(&state, &actor(&current)).await?;
    let cx = Context {
        nav: nav(&state, &current).await?,
        today: state.config.today(),
        tz: state.config.time_zone,
    };
    let mut page = ProgrammePage::new(programme, cx);
    page.notice = crate::views::buddies::ambassadors::notice(q.done());
    render(&page)
}

/// `GET /buddies/export.csv`: one row per request, oldest first (coordinators only).
pub async fn export(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Response, AppError> {
    let programme = ProgrammeQuery.run(&state, &actor(&current)).await?;
    let mut all: Vec<_> = programme
        .open
        .into_iter()
        .map(|o| o.request)
        .chain(programme.pairs)
        .chain(programme.ended)
        .collect();
    all.sort_by(|a, b| a.requested_at.cmp(&b.requested_at).then(a.id.cmp(&b.id)));
    let body =
        matches_csv(&all, state.config.time_zone).map_err(|e| AppError::Internal(e.into()))?;
    let today = state.config.today();
    let disposition = format!("attachment; filename=\"buddy-matches-{today}.csv\"");
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, body).into_response())
}
