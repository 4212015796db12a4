//! The partner directory's staff pages (issue 21): `GET /partners` (search and filters in the
//! URL), `GET /partners/new` + `POST /partners`, `GET /partners/{id}`,
//! `GET /partners/{id}/edit` + `POST /partners/{id}` (against its version),
//! `POST /partners/{id}/spoke` ("We spoke today"), partnership management
//! (`partnerships`) and contact people (`contacts`). Staff only (403 for anyone else); the
//! public directory of expats and ambassadors is `public`.

pub mod contacts;
mod forms;
pub mod partnerships;
pub mod public;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use self::forms::{FilterQuery, OrganisationForm};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{CurrentUser, Staff};
use crate::commands::partners::directory::{
    CreateOrganisation, DirectoryQuery, OrganisationInput, OrganisationQuery, RecordContact,
    UpdateOrganisation,
};
use crate::commands::{CommandError, FieldErrors, Refusal, form_version};
use crate::db::partners;
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::OrganisationId;
use crate::views::nav::Nav;
use crate::views::partners::form::OrganisationFormPage;
use crate::views::partners::show::{OrganisationPage, notice};
use crate::views::partners::{DirectoryPage, FilterForm};
use crate::views::render;

/// `?done=` after a change: which notice the page shows (fixed texts, never echoed).
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The navigation bar of the directory's pages.
async fn nav(state: &AppState, current: &CurrentUser) -> Result<Nav, AppError> {
    crate::handlers::messages::nav_with_messages(state, current, "partners").await
}

/// `GET /partners`: the directory; a filter naming an unknown type or language shows the
/// message beside it.
pub async fn list(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<FilterQuery>,
) -> Result<Html<String>, AppError> {
    let input = q.input();
    let query = DirectoryQuery {
        filter: input.clone(),
    };
    let (found, errors) = match query.run(&state, &actor(&current)).await {
        Ok(found) => (found, FieldErrors::new()),
        Err(CommandError::InvalidFields(errors)) => (Vec::new(), errors),
        Err(other) => return Err(other.into()),
    };
    let kinds = partners::kinds(&state.db).await?;
    let filter = FilterForm::new(input, &kinds, &errors);
    render(&DirectoryPage::new(
        nav(&state, &current).await?,
        filter,
        &found,
    ))
}

/// `GET /partners/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Staff(current): Staff,
) -> Result<Html<String>, AppError> {
    let kinds = partners::kinds(&state.db).await?;
    let nav = nav(&state, &current).await?;
    render(&OrganisationFormPage::new(
        nav,
        &kinds,
        OrganisationInput::blank(),
        FieldErrors::new(),
    ))
}

/// The form again after a refused save: each mistake beside its field (422), possible
/// duplicates to confirm (409), or the organisation as it is now when it changed meanwhile
/// (409); what was typed is kept except in the last case.
async fn not_saved(
    state: &AppState,
    mut page: OrganisationFormPage,
    err: CommandError,
) -> Result<Response, AppError> {
    let status = match err {
        CommandError::InvalidFields(errors) => {
            page.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        CommandError::Refused(Refusal::PossibleDuplicates(found)) => {
            page = page.with_duplicates(&found);
            StatusCode::CONFLICT
        }
        CommandError::ChangedMeanwhile(changed) => {
            let id = page.id.map(OrganisationId).ok_or(AppError::NotFound)?;
            let now = partners::organisation(&state.db, id).await?;
            page.values = OrganisationInput::of(&now);
            page.version = now.version;
            page.problem = Some(format!(
                "This organisation was {changed}: it changed meanwhile. Below are its details \
                 as they are now; nothing you sent was saved."
            ));
            StatusCode::CONFLICT
        }
        other => return Err(other.into()),
    };
    Ok((status, render(&page)?).into_response())
}

/// `POST /partners`: adds an organisation.
pub async fn create(
    State(state): State<AppState>,
    Staff(current): Staff,
    CsrfForm { form, .. }: CsrfForm<OrganisationForm>,
) -> Result<Response, AppError> {
    let command = CreateOrganisation {
        input: form.input(),
        confirm_duplicate: form.confirmed(),
    };
    match command.run(&state, &actor(&current)).await {
        Ok(id) => Ok(Redirect::to(&format!("/partners/{id}?done=created")).into_response()),
        Err(err) => {
            let kinds = partners::kinds(&state.db).await?;
            let nav = nav(&state, &current).await?;
            let page = OrganisationFormPage::new(nav, &kinds, command.input, FieldErrors::new());
            not_saved(&state, page, err).await
        }
    }
}

/// `GET /partners/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let view = OrganisationQuery { id }
        .run(&state, &actor(&current))
        .await?;
    let nav = nav(&state, &current).await?;
    let mut page = OrganisationPage::new(nav, &view, state.config.today());
    page.notice = notice(q.done.as_deref());
    render(&page)
}

/// `GET /partners/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
) -> Result<Html<String>, AppError> {
    let view = OrganisationQuery { id }
        .run(&state, &actor(&current))
        .await?;
    render(
        &edit_page(
            &state,
            &current,
            &view.organisation,
            OrganisationInput::of(&view.organisation),
        )
        .await?,
    )
}

async fn edit_page(
    state: &AppState,
    current: &CurrentUser,
    org: &partners::Organisation,
    values: OrganisationInput,
) -> Result<OrganisationFormPage, AppError> {
    let kinds = partners::kinds(&state.db).await?;
    let nav = nav(state, current).await?;
    let mut page = OrganisationFormPage::new(nav, &kinds, values, FieldErrors::new());
    page.id = Some(org.id.0);
    page.stored_name.clone_from(&org.details.name);
    page.version = org.version;
    Ok(page)
}

/// `POST /partners/{id}`: changes an organisation if nobody changed it since the form was
/// made.
pub async fn update(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
    CsrfForm { form, .. }: CsrfForm<OrganisationForm>,
) -> Result<Response, AppError> {
    let org = OrganisationQuery { id }
        .run(&state, &actor(&current))
        .await?
        .organisation;
    let version = form_version(form.version.as_deref());
    let mut page = edit_page(&state, &current, &org, form.input()).await?;
    let result = match version {
        Ok(version) => {
            page.version = version;
            let command = UpdateOrganisation {
                id,
                version,
                input: form.input(),
                confirm_duplicate: form.confirmed(),
            };
            command.run(&state, &actor(&current)).await.map(|_| ())
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/partners/{id}?done=saved")).into_response()),
        Err(err) => not_saved(&state, page, err).await,
    }
}

/// `POST /partners/{id}/spoke`: "We spoke today".
pub async fn spoke(
    State(state): State<AppState>,
    Staff(current): Staff,
    Path(id): Path<OrganisationId>,
    CsrfForm { .. }: CsrfForm<DoneQuery>,
) -> Result<Response, AppError> {
    RecordContact { id }.run(&state, &actor(&current)).await?;
    Ok(Redirect::to(&format!("/partners/{id}?done=spoke")).into_response())
}
