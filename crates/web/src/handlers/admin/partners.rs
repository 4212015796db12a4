//! The partner network's admin pages: `GET|POST /admin/partner-kinds` (the kinds, add),
//! `POST /admin/partner-kinds/{id}` (rename), `GET /admin/partner-links` (who can help with
//! each checklist item) and `POST /admin/partner-links/{key}` (change one item's).

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{DoneQuery, nav, unprocessable};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::{Admin, CurrentUser};
use crate::commands::CommandError;
use crate::commands::partners::directory::{AddKind, ItemLinksQuery, RenameKind, SetItemHelpers};
use crate::db::partners::{self, Filter};
use crate::error::AppError;
use crate::handlers::actor;
use crate::ids::PartnerKindId;
use crate::views::admin::partners::{KindsPage, LinksPage};
use crate::views::render;

/// A kind's name as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KindForm {
    name: String,
}

/// An item's helpers as posted: the ticked kinds' keys and organisations' ids.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LinksForm {
    kinds: Vec<String>,
    organisations: Vec<String>,
}

fn kinds_notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "added" => Some("The type was added."),
        "renamed" => Some("The type was renamed."),
        _ => None,
    }
}

async fn kinds_page(state: &AppState, current: &CurrentUser) -> Result<KindsPage, AppError> {
    let kinds = partners::kinds(&state.db).await?;
    Ok(KindsPage::new(nav(state, current).await?, &kinds))
}

/// `GET /admin/partner-kinds`.
pub async fn kinds(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let mut page = kinds_page(&state, &current).await?;
    page.notice = kinds_notice(q.done());
    render(&page)
}

/// `POST /admin/partner-kinds`: adds a kind; a refused name is shown beside it (422).
pub async fn add_kind(
    State(state): State<AppState>,
    Admin(current): Admin,
    CsrfForm { form, .. }: CsrfForm<KindForm>,
) -> Result<Response, AppError> {
    let command = AddKind { name: form.name };
    match command.run(&state, &actor(&current)).await {
        Ok(_) => Ok(Redirect::to("/admin/partner-kinds?done=added").into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = kinds_page(&state, &current).await?;
            page.new_name = command.name;
            page.new_error = KindsPage::name_error(&errors);
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/partner-kinds/{id}`: renames a kind.
pub async fn rename_kind(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(id): Path<PartnerKindId>,
    CsrfForm { form, .. }: CsrfForm<KindForm>,
) -> Result<Response, AppError> {
    let command = RenameKind {
        id,
        name: form.name,
    };
    match command.run(&state, &actor(&current)).await {
        Ok(()) => Ok(Redirect::to("/admin/partner-kinds?done=renamed").into_response()),
        Err(CommandError::InvalidFields(errors)) => {
            let mut page = kinds_page(&state, &current).await?;
            let row = page.kinds.iter_mut().find(|k| k.id == id.0);
            let row = row.ok_or(AppError::NotFound)?;
            row.name = command.name;
            row.error = KindsPage::name_error(&errors);
            Ok(unprocessable(render(&page)?))
        }
        Err(other) => Err(other.into()),
    }
}

/// `GET /admin/partner-links`.
pub async fn links(
    State(state): State<AppState>,
    Admin(current): Admin,
    Query(q): Query<DoneQuery>,
) -> Result<Html<String>, AppError> {
    let items = ItemLinksQuery.run(&state, &actor(&current)).await?;
    let kinds = partners::kinds(&state.db).await?;
    let every = Filter {
        include_inactive: true,
        ..Filter::default()
    };
    let organisations = partners::organisations(&state.db, &every).await?;
    let mut page = LinksPage::new(nav(&state, &current).await?, &items, &kinds, &organisations);
    page.notice = (q.done() == Some("saved")).then_some("Who can help was saved.");
    render(&page)
}

/// `POST /admin/partner-links/{key}`: replaces who helps with item `key`.
pub async fn set_links(
    State(state): State<AppState>,
    Admin(current): Admin,
    Path(key): Path<String>,
    CsrfForm { form, .. }: CsrfForm<LinksForm>,
) -> Result<Response, AppError> {
    let command = SetItemHelpers {
        key,
        kinds: form.kinds,
        organisations: form
            .organisations
            .iter()
            .map(|o| o.trim().parse().unwrap_or(-1))
            .collect(),
    };
    command.run(&state, &actor(&current)).await?;
    let to = format!("/admin/partner-links?done=saved#item-{}", command.key);
    Ok(Redirect::to(&to).into_response())
}
