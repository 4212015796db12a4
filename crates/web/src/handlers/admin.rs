//! The admin pages: the overview here; staff accounts, route templates and office closure
//! days in a module each. Every handler takes the `Admin` extractor and every form comes
//! through `CsrfForm`.

pub mod closures;
mod forms;
pub mod templates;
pub mod users;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extract::{Admin, CurrentUser};
use crate::auth::session;
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
async fn nav(current: &CurrentUser) -> Result<Nav, AppError> {
    let csrf = session::csrf_token(&current.session).await?;
    Ok(Nav::new(&current.user, csrf, "admin"))
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
    let page = AdminPage {
        nav: nav(&current).await?,
        accounts: db::users::counts(&state.db).await?,
        routes: db::templates::newest(&state.db).await?.len(),
        upcoming_closures: upcoming.len(),
        next_closure: upcoming
            .first()
            .map(|(day, _)| softland_domain::date_format::long(*day)),
    };
    render(&page)
}
