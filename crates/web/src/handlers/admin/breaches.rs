//! `/admin/breaches`: the breach register (issue 23): the list and its CSV, recording a
//! breach, a breach's page with its timeline, changing it.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{DoneQuery, nav, unprocessable};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::CommandError;
use crate::commands::breaches::{
    AddTimelineEntry, BreachInput, ChangeBreach, ListBreaches, RecordBreach, ShowBreach,
};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::BreachId;
use crate::views::admin::breaches::{
    BreachFormPage, BreachListPage, BreachPage, BreachView, TimelineValues, breaches_csv, input_of,
    notice,
};
use crate::views::render;

/// The form as posted: the breach and, when changing one, the version it was made from.
#[derive(Debug, Deserialize)]
pub struct BreachForm {
    #[serde(flatten)]
    input: BreachInput,
    #[serde(default)]
    version: String,
}

/// `GET /admin/breaches`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Response, AppError> {
    let found = ListBreaches.run(&state, &actor(&current)).await?;
    let (zone, now) = (state.config.time_zone, state.config.clock.now());
    let page = BreachListPage {
        nav: nav(&state, &current).await?,
        breaches: found.iter().map(|b| BreachView::of(b, zone, now)).collect(),
    };
    Ok(render(&page)?.into_response())
}

/// `GET /admin/breaches.csv`.
pub async fn export(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Response, AppError> {
    let found = ListBreaches.run(&state, &actor(&current)).await?;
    let body =
        breaches_csv(&found, state.config.clock.now()).map_err(|e| AppError::Internal(e.into()))?;
    let today = state.config.today();
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"breaches-{today}.csv\""),
        ),
    ];
    Ok((headers, body).into_response())
}

/// `GET /admin/breaches/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Response, AppError> {
    let page = BreachFormPage::new(
        nav(&state, &current).await?,
        "Record a breach".to_owned(),
        "/admin/breaches".to_owned(),
        BreachInput::default(),
    );
    Ok(render(&page)?.into_response())
}

/// The form again with what was typed and its mistakes (422), or the error.
async fn refused(
    state: &AppState,
    current: &CurrentUser,
    mut page: BreachFormPage,
    err: CommandError,
) -> Result<Response, AppError> {
    match err {
        CommandError::InvalidFields(errors) => {
            page.nav = nav(state, current).await?;
            page.errors = errors;
            Ok(unprocessable(render(&page)?))
        }
        other => Err(other.into()),
    }
}

/// `POST /admin/breaches`.
pub async fn create(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<BreachForm>,
) -> Result<Response, AppError> {
    let parsed = form
        .input
        .parse(state.config.time_zone, state.config.clock.now());
    let done = match parsed {
        Ok(fields) => RecordBreach { fields }.run(&state, &actor(&current)).await,
        Err(err) => Err(err),
    };
    match done {
        Ok(id) => Ok(Redirect::to(&format!("/admin/breaches/{id}?done=recorded")).into_response()),
        Err(err) => {
            let page = BreachFormPage::new(
                nav(&state, &current).await?,
                "Record a breach".to_owned(),
                "/admin/breaches".to_owned(),
                form.input,
            );
            refused(&state, &current, page, err).await
        }
    }
}

/// `GET /admin/breaches/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<BreachId>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (breach, timeline) = ShowBreach { id }.run(&state, &actor(&current)).await?;
    let (zone, now) = (state.config.time_zone, state.config.clock.now());
    let mut page = BreachPage::new(nav(&state, &current).await?, &breach, &timeline, zone, now);
    page.notice = notice(q.done());
    Ok(render(&page)?.into_response())
}

/// `GET /admin/breaches/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<BreachId>,
) -> Result<Response, AppError> {
    let (breach, _) = ShowBreach { id }.run(&state, &actor(&current)).await?;
    let mut page = BreachFormPage::new(
        nav(&state, &current).await?,
        format!("Change “{}”", breach.fields.title),
        format!("/admin/breaches/{id}"),
        input_of(&breach, state.config.time_zone),
    );
    page.version = Some(breach.version);
    Ok(render(&page)?.into_response())
}

/// `POST /admin/breaches/{id}`.
pub async fn update(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<BreachId>,
    CsrfForm { form, .. }: CsrfForm<BreachForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().unwrap_or(0);
    let parsed = form
        .input
        .parse(state.config.time_zone, state.config.clock.now());
    let done = match parsed {
        Ok(fields) => {
            let change = ChangeBreach {
                id,
                version,
                fields,
            };
            change.run(&state, &actor(&current)).await
        }
        Err(err) => Err(err),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/admin/breaches/{id}?done=changed")).into_response()),
        Err(err) => {
            let mut page = BreachFormPage::new(
                nav(&state, &current).await?,
                "Change the breach".to_owned(),
                format!("/admin/breaches/{id}"),
                form.input,
            );
            page.version = Some(version);
            refused(&state, &current, page, err).await
        }
    }
}

/// `POST /admin/breaches/{id}/timeline`.
pub async fn add_entry(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<BreachId>,
    CsrfForm { form, .. }: CsrfForm<TimelineValues>,
) -> Result<Response, AppError> {
    let add = AddTimelineEntry {
        id,
        at: form.at.clone(),
        text: form.text.clone(),
    };
    match add.run(&state, &actor(&current)).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/breaches/{id}?done=entry")).into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let (breach, timeline) = ShowBreach { id }.run(&state, &actor(&current)).await?;
            let (zone, now) = (state.config.time_zone, state.config.clock.now());
            let nav = nav(&state, &current).await?;
            let mut page = BreachPage::new(nav, &breach, &timeline, zone, now);
            page.entry = form;
            page.errors = errors;
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}
