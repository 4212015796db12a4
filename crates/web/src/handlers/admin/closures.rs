//! Office closure days: list (upcoming first), add, remove. Deadlines computed afterwards
//! count them as non-working days (`db::cases::calendar_of`).

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::forms::ClosureForm;
use super::{DoneQuery, nav, unprocessable};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::CommandError;
use crate::commands::calendar::{AddClosure, ClosureInput, RemoveClosure};
use crate::db::templates;
use crate::error::AppError;
use crate::handlers::actor;
use crate::handlers::login::Empty;
use crate::views::admin::closures::{ClosureValues, ClosuresPage, notice};
use crate::views::render;

const LIST: &str = "/admin/closures";

async fn page(state: &AppState, current: &CurrentUser) -> Result<ClosuresPage, AppError> {
    let closures = templates::closures(&state.db).await?;
    Ok(ClosuresPage::new(
        nav(state, current).await?,
        closures,
        state.config.today(),
    ))
}

/// `GET /admin/closures`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = page(&state, &current).await?;
    page.notice = notice(q.done());
    render(&page)
}

/// `POST /admin/closures`: adds a day (or renames an existing one).
pub async fn create(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<ClosureForm>,
) -> Result<Response, AppError> {
    let input = ClosureInput {
        date: form.date.clone(),
        reason: form.reason.clone(),
    };
    let added = match AddClosure::parse(&input) {
        Ok(command) => command.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    match added {
        Ok(()) => Ok(Redirect::to(&format!("{LIST}?done=added")).into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = page(&state, &current).await?;
            page.form = ClosureValues {
                date: form.date,
                reason: form.reason,
            };
            page.errors = errors;
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/closures/{date}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(date): Path<String>,
    CsrfForm { .. }: CsrfForm<Empty>,
) -> Result<Redirect, AppError> {
    RemoveClosure { date }.run(&state, &actor(&current)).await?;
    Ok(Redirect::to(&format!("{LIST}?done=removed")))
}
