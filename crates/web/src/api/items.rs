//! `/cases/{id}/items`: the checklist, one item, status changes (the same transitions as the
//! case page), due-date overrides and custom items — each change one of `commands::items`.

use axum::Json;
use axum::extract::State;
use axum::response::Response;

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::input::{CustomItemIn, DueIn, StatusIn};
use super::model::item::{ItemList, ItemOut, WarningOut};
use super::precondition::{CaseIfMatch, Check, IfMatch, ItemIfMatch};
use super::respond;
use crate::access::{Access, AccessKind, Viewed};
use crate::app::AppState;
use crate::commands::items::{
    AddCustomItem, ChangeItemStatus, CustomItemInput, ItemChanged, ItemTarget, OverrideDue,
};
use crate::commands::{Actor, CommandError};
use crate::db::cases;
use crate::ids::{CaseId, ItemId};

/// The item a change touched, as it is now; `check` maps a refusal.
async fn answer(
    state: &AppState,
    check: Check,
    result: Result<ItemChanged, CommandError>,
) -> Result<Response, ApiError> {
    let changed = result.map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, changed.case).await?;
    let index = respond::item_index(&stored, changed.item)?;
    let cal = cases::calendar_for_display(&state.db).await?;
    let warnings = changed
        .warnings
        .iter()
        .map(|w| WarningOut {
            code: w.code().to_owned(),
            message: w.message(),
        })
        .collect();
    Ok(respond::item_with(&stored, index, (true, &cal), warnings))
}

fn target(case: CaseId, item: ItemId, check: Check) -> ItemTarget {
    ItemTarget {
        case,
        item,
        expect: check.expect,
    }
}

/// Read a case's checklist.
#[utoipa::path(get, path = "/cases/{id}/items", operation_id = "list_items", tag = "items", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The checklist", body = ItemList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    access: Access,
) -> Result<Json<ItemList>, ApiError> {
    let stored = respond::visible_case(&state, &caller, id).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    let cal = cases::calendar_for_display(&state.db).await?;
    let items = (0..stored.case.items().len())
        .map(|i| ItemOut::build(&stored, i, caller.is_staff(), &cal))
        .collect();
    Ok(Json(ItemList { items }))
}

/// Read one checklist item.
#[utoipa::path(get, path = "/cases/{id}/items/{item}", operation_id = "get_item", tag = "items",
    params(("id" = i64, Path, description = "Case id"), ("item" = i64, Path, description = "Item id")),
    responses((status = 200, description = "The item", body = ItemOut, headers(("ETag" = String, description = "\"item-<id>-v<version>\"")))))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, item)): ApiPath<(CaseId, ItemId)>,
    access: Access,
) -> Result<Response, ApiError> {
    let stored = respond::visible_case(&state, &caller, id).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    let index = respond::item_index(&stored, item)?;
    let cal = cases::calendar_for_display(&state.db).await?;
    Ok(respond::item(&stored, index, caller.is_staff(), &cal))
}

/// Change an item's status with an action.
///
/// The same transitions as on the case page: `start`, `submit`, `complete`, `return`,
/// `not_applicable`, `reopen`, `reinstate`.
#[utoipa::path(post, path = "/cases/{id}/items/{item}/status", operation_id = "change_item_status", tag = "items", request_body = StatusIn,
    params(("id" = i64, Path, description = "Case id"), ("item" = i64, Path, description = "Item id"), ItemIfMatch),
    responses((status = 200, description = "The item in its new status", body = ItemOut, headers(("ETag" = String)))))]
pub async fn change_status(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, item)): ApiPath<(CaseId, ItemId)>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<StatusIn>,
) -> Result<Response, ApiError> {
    let action = ChangeItemStatus::action(&body.action, &body.reason)?;
    let check = if_match.for_item(item, body.version)?;
    let change = ChangeItemStatus {
        target: target(id, item, check),
        action,
    };
    answer(
        &state,
        check,
        change.run(&state, &Actor::of(&caller.user)).await,
    )
    .await
}

/// Override an item's due date, with a reason.
#[utoipa::path(put, path = "/cases/{id}/items/{item}/due", operation_id = "override_due_date", tag = "items", request_body = DueIn,
    params(("id" = i64, Path, description = "Case id"), ("item" = i64, Path, description = "Item id"), ItemIfMatch),
    responses((status = 200, description = "The item with its new due date", body = ItemOut, headers(("ETag" = String)))))]
pub async fn override_due(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, item)): ApiPath<(CaseId, ItemId)>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<DueIn>,
) -> Result<Response, ApiError> {
    let due = OverrideDue::due(&body.date, &body.reason)?;
    let check = if_match.for_item(item, body.version)?;
    let change = OverrideDue {
        target: target(id, item, check),
        due: Some(due),
    };
    answer(
        &state,
        check,
        change.run(&state, &Actor::of(&caller.user)).await,
    )
    .await
}

/// Remove an item's due-date override.
///
/// The computed due date applies again.
#[utoipa::path(delete, path = "/cases/{id}/items/{item}/due", operation_id = "clear_due_override", tag = "items",
    params(("id" = i64, Path, description = "Case id"), ("item" = i64, Path, description = "Item id"), ItemIfMatch),
    responses((status = 200, description = "The item with its computed due date", body = ItemOut, headers(("ETag" = String)))))]
pub async fn clear_due(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, item)): ApiPath<(CaseId, ItemId)>,
    if_match: IfMatch,
) -> Result<Response, ApiError> {
    let check = if_match.for_item(item, None)?;
    let change = OverrideDue {
        target: target(id, item, check),
        due: None,
    };
    answer(
        &state,
        check,
        change.run(&state, &Actor::of(&caller.user)).await,
    )
    .await
}

/// Add a consultant's own item (`custom-N`).
#[utoipa::path(post, path = "/cases/{id}/items", operation_id = "add_custom_item", tag = "items", request_body = CustomItemIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 201, description = "The new item", body = ItemOut,
        headers(("Location" = String, description = "/api/v1/cases/<id>/items/<item>"), ("ETag" = String)))))]
pub async fn add(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<CaseId>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<CustomItemIn>,
) -> Result<Response, ApiError> {
    let input = CustomItemInput {
        title: body.title,
        category: body.category,
        holder: body.holder,
        due: body.due.unwrap_or_default(),
        instructions: body.instructions,
    };
    let item = input.parse()?;
    let check = if_match.for_case(id, None)?;
    let add = AddCustomItem {
        case: id,
        expect: check.expect,
        item,
    };
    let added = add
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, id).await?;
    let index = respond::item_index(&stored, added.item)?;
    let location = format!("/cases/{id}/items/{}", added.item);
    let cal = cases::calendar_for_display(&state.db).await?;
    Ok(respond::created(
        respond::item(&stored, index, true, &cal),
        &location,
    ))
}
