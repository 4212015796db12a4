//! The admin pages: the overview here; staff accounts, route templates and office closure
//! days in a module each. Every handler takes the `Admin` extractor and every form comes
//! through `CsrfForm`.

pub mod access_log;
pub mod articles;
pub mod breaches;
pub mod closures;
mod forms;
pub mod partners;
pub mod security;
pub mod site;
pub mod templates;
pub mod users;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extract::{Admin, CurrentUser};
use crate::db;
use crate::error::AppError;
use crate::views::admin::AdminPage;
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

/// The navigation bar of the admin pages.
async fn nav(state: &AppState, current: &CurrentUser) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, "admin").await
}

/// A page re-rendered because the form had mistakes: 422.
fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

/// `GET /admin`.
pub async fn show(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Html<String>, AppError> {
    let today = state.config.today();
    let upcoming: Vec<_> = db::templates::closures(&state.db)
        .await?
        .into_iter()
        .filter(|(day, _)| *day >= today)
        .collect();
    let settings = db::reminders::settings(&state.db).await?;
    let jobs = db::jobs::counts(&state.db).await?;
    let count_of = |status| {
        jobs.iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    };
    let page = AdminPage {
        digest_time: settings.digest_time.to_string(),
        reminder_time: settings.reminder_time.to_string(),
        lead_times: settings
            .lead_times_of(softland_domain::template::Category::Other)
            .to_string(),
        smtp: state
            .config
            .smtp_url
            .as_deref()
            .is_some_and(|u| !u.is_empty()),
        mail_failed: db::outbox::count_failed(&state.db).await?,
        jobs_pending: count_of(crate::jobs::JobStatus::Pending),
        jobs_failed: count_of(crate::jobs::JobStatus::Failed),
        nav: nav(&state, &current).await?,
        accounts: db::users::counts(&state.db).await?,
        routes: db::templates::newest(&state.db).await?.len(),
        upcoming_closures: upcoming.len(),
        next_closure: upcoming
            .first()
            .map(|(day, _)| softland_domain::date_format::long(*day)),
    };
    render(&page)
}
