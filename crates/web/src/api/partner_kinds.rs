//! `/partner-kinds` (staff read them, admins add one) and
//! `/checklist-items/{key}/helpers` (admins: who can help with a checklist item).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::organisation::{HelpersOut, KindIn, KindList, KindOut};
use crate::app::AppState;
use crate::commands::partners::directory::{AddKind, ItemLinksQuery, SetItemHelpers};
use crate::commands::{Actor, CommandError};
use crate::db::partners;

/// 403 for anyone but an admin; any other error as usual.
fn admin_only(err: CommandError) -> ApiError {
    match err {
        CommandError::Forbidden => ApiError::forbidden("this needs an admin's token"),
        other => other.into(),
    }
}

/// List the kinds of organisation.
#[utoipa::path(get, path = "/partner-kinds", operation_id = "list_partner_kinds", tag = "partners",
    responses((status = 200, description = "Every kind", body = KindList)))]
pub async fn list(
    State(state): State<AppState>,
    StaffUser(_caller): StaffUser,
) -> Result<Json<KindList>, ApiError> {
    let kinds = partners::kinds(&state.db).await?;
    Ok(Json(KindList {
        kinds: kinds.into_iter().map(KindOut::from).collect(),
    }))
}

/// Add a kind of organisation (admins); its key is made from the name.
#[utoipa::path(post, path = "/partner-kinds", operation_id = "add_partner_kind", tag = "partners",
    request_body = KindIn,
    responses((status = 201, description = "The kind", body = KindOut)))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiJson(body): ApiJson<KindIn>,
) -> Result<Response, ApiError> {
    let id = AddKind { name: body.name }
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(admin_only)?;
    let kinds = partners::kinds(&state.db).await?;
    let kind = kinds
        .into_iter()
        .find(|k| k.id == id)
        .ok_or_else(ApiError::not_found)?;
    Ok((StatusCode::CREATED, Json(KindOut::from(kind))).into_response())
}

/// Who can help with a checklist item of the current templates (admins).
#[utoipa::path(get, path = "/checklist-items/{key}/helpers", operation_id = "get_item_helpers", tag = "partners",
    params(("key" = String, Path, description = "The item's key (`health-insurance`)")),
    responses((status = 200, description = "The kinds and organisations named", body = HelpersOut)))]
pub async fn helpers(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(key): ApiPath<String>,
) -> Result<Json<HelpersOut>, ApiError> {
    let items = ItemLinksQuery
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(admin_only)?;
    let item = items
        .into_iter()
        .find(|i| i.key == key)
        .ok_or_else(ApiError::not_found)?;
    let kinds = partners::kinds(&state.db).await?;
    Ok(Json(HelpersOut {
        kinds: kinds
            .into_iter()
            .filter(|k| item.kinds.contains(&k.id))
            .map(|k| k.slug)
            .collect(),
        organisations: item.organisations.iter().map(|o| o.0).collect(),
    }))
}

/// Name who can help with a checklist item (admins): replaces what was named.
#[utoipa::path(put, path = "/checklist-items/{key}/helpers", operation_id = "set_item_helpers", tag = "partners",
    request_body = HelpersOut,
    params(("key" = String, Path, description = "The item's key")),
    responses((status = 200, description = "The kinds and organisations named", body = HelpersOut)))]
pub async fn set_helpers(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<HelpersOut>,
) -> Result<Json<HelpersOut>, ApiError> {
    let command = SetItemHelpers {
        key,
        kinds: body.kinds,
        organisations: body.organisations,
    };
    command
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(admin_only)?;
    helpers(State(state), StaffUser(caller), ApiPath(command.key)).await
}
