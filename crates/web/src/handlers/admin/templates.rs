//! Route templates: the routes with their newest version, one route's items, TOML and
//! versions, and uploading a new version (checked in full; nothing is stored on a fault).

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use softland_domain::RouteKey;

use super::forms::UploadForm;
use super::{DoneQuery, nav, unprocessable};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::CommandError;
use crate::commands::templates::UploadTemplate;
use crate::db::templates;
use crate::error::AppError;
use crate::handlers::actor;
use crate::views::admin::templates::{self as view, RouteRow, TemplatePage, TemplatesPage};
use crate::views::render;

async fn list_page(state: &AppState, current: &CurrentUser) -> Result<TemplatesPage, AppError> {
    let zone = state.config.time_zone;
    let routes = templates::newest(&state.db).await?;
    Ok(TemplatesPage {
        nav: nav(state, current).await?,
        routes: routes.into_iter().map(|t| RouteRow::new(t, zone)).collect(),
        upload: view::UploadForm::default(),
    })
}

/// The page of `route`'s newest version; `None` for a route without a template.
async fn route_page(
    state: &AppState,
    current: &CurrentUser,
    route: &str,
) -> Result<Option<TemplatePage>, AppError> {
    let Ok(key) = RouteKey::parse(route) else {
        return Ok(None);
    };
    let catalog = templates::catalog(&state.db).await?;
    let Some(template) = catalog.template(&key) else {
        return Ok(None);
    };
    let versions = templates::versions(&state.db, key.as_str()).await?;
    let nav = nav(state, current).await?;
    Ok(Some(TemplatePage::new(
        nav,
        template,
        versions,
        state.config.time_zone,
    )))
}

/// `GET /admin/templates`.
pub async fn list(
    State(state): State<AppState>,
    Admin(current): Admin,
) -> Result<Html<String>, AppError> {
    render(&list_page(&state, &current).await?)
}

/// `GET /admin/templates/{route}`.
pub async fn show(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(route): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = route_page(&state, &current, &route)
        .await?
        .ok_or(AppError::NotFound)?;
    page.notice = view::notice(q.done());
    render(&page)
}

/// `POST /admin/templates`: stores a new version; a fault or an unraised version shows the
/// form again with the text kept and the message beside it (422).
pub async fn create(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<UploadForm>,
) -> Result<Response, AppError> {
    let text = form.text();
    let command = UploadTemplate {
        file_name: form.file_name(),
        text: text.clone(),
    };
    let message = match command.run(&state, &actor(&current)).await {
        Ok(template) => {
            let to = format!("/admin/templates/{}?done=uploaded", template.route);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(CommandError::Refused(why)) => why.to_string(),
        Err(other) => return Err(other.into()),
    };
    let upload = view::UploadForm {
        route: form.route.clone(),
        body: text,
        error: Some(message),
    };
    if let Some(mut page) = route_page(&state, &current, &form.route).await? {
        page.upload = upload;
        return Ok(unprocessable(render(&page)?));
    }
    let mut page = list_page(&state, &current).await?;
    page.upload = upload;
    Ok(unprocessable(render(&page)?))
}
