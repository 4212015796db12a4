//! `/cases/{id}/items`: the checklist, one item, status changes (the same transitions as the
//! case page), due-date overrides and custom items. Inputs are read by the case page's own
//! parsers and changes made by its own functions.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use softland_domain::date_format::long;
use softland_domain::status::InvalidAction;
use softland_domain::{ActionKind, Calendar, Case, Reason};

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::input::{CustomItemIn, DueIn, StatusIn};
use super::model::item::{ItemList, ItemOut};
use super::precondition::{CaseIfMatch, Check, IfMatch, ItemIfMatch};
use super::respond;
use crate::app::AppState;
use crate::db::cases::{self, AuditEntry};
use crate::handlers::items::{DueForm, NewItemForm, apply, parse_custom, parse_override, subject};
use crate::ids::{CaseId, ItemId, UserId};

type Change = Result<(String, Vec<AuditEntry>), String>;

/// Runs `op` on item `item` of case `id` under `check`; answers with the item as it is now.
async fn change_item(
    state: &AppState,
    actor: UserId,
    (id, item): (CaseId, ItemId),
    check: Check,
    op: impl FnOnce(&mut Case, &Calendar, usize) -> Change,
) -> Result<Response, ApiError> {
    let index = cases::item_index(&state.db, id, item).await?;
    cases::update(&state.db, id, actor, check.expect, |case, cal| {
        op(case, cal, index)
    })
    .await
    .map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, id).await?;
    Ok(respond::item(&stored, index, true))
}

/// Read a case's checklist.
#[utoipa::path(get, path = "/cases/{id}/items", operation_id = "list_items", tag = "items", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The checklist", body = ItemList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ItemList>, ApiError> {
    let stored = respond::visible_case(&state, &caller, CaseId(id)).await?;
    let items = (0..stored.case.items.len())
        .map(|i| ItemOut::build(&stored, i, caller.is_staff()))
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
    ApiPath((id, item)): ApiPath<(i64, i64)>,
) -> Result<Response, ApiError> {
    let stored = respond::visible_case(&state, &caller, CaseId(id)).await?;
    let index = respond::item_index(&stored, ItemId(item))?;
    Ok(respond::item(&stored, index, caller.is_staff()))
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
    ApiPath((id, item)): ApiPath<(i64, i64)>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<StatusIn>,
) -> Result<Response, ApiError> {
    let action = ActionKind::parse(&body.action, &body.reason).map_err(|e| match e {
        InvalidAction::Unknown(_) => ApiError::invalid("action", e.to_string()),
        InvalidAction::Reason(_) => ApiError::invalid("reason", e.to_string()),
    })?;
    let check = if_match.for_item(ItemId(item), body.version)?;
    let today = state.config.today();
    let op = move |case: &mut Case, cal: &Calendar, index| apply(case, cal, index, &action, today);
    change_item(
        &state,
        caller.user.id,
        (CaseId(id), ItemId(item)),
        check,
        op,
    )
    .await
}

/// Sets (`Some`) or clears the override of an item, with the case page's audit entry.
fn override_op(
    change: Option<(NaiveDate, Reason)>,
) -> impl FnOnce(&mut Case, &Calendar, usize) -> Change {
    move |case, _, index| {
        let before = case.items[index].due();
        match change {
            Some((date, reason)) => case.override_due(index, date, reason),
            None => case.clear_override(index),
        }
        let after = case.items[index].due();
        let entry = AuditEntry::new(
            "item.due_override",
            subject(case, index),
            before.map(long),
            after.map(long),
        );
        Ok((
            format!("Due date of “{}” saved.", case.items[index].title),
            vec![entry],
        ))
    }
}

/// Override an item's due date, with a reason.
#[utoipa::path(put, path = "/cases/{id}/items/{item}/due", operation_id = "override_due_date", tag = "items", request_body = DueIn,
    params(("id" = i64, Path, description = "Case id"), ("item" = i64, Path, description = "Item id"), ItemIfMatch),
    responses((status = 200, description = "The item with its new due date", body = ItemOut, headers(("ETag" = String)))))]
pub async fn override_due(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath((id, item)): ApiPath<(i64, i64)>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<DueIn>,
) -> Result<Response, ApiError> {
    let form = DueForm {
        date: body.date,
        reason: body.reason,
        op: String::new(),
        version: None,
    };
    let parsed = parse_override(&form).map_err(|message| {
        // The date is read first: with a good reason, only a bad date still fails.
        let date_only = DueForm {
            reason: "-".into(),
            date: form.date.clone(),
            op: String::new(),
            version: None,
        };
        let field = if parse_override(&date_only).is_err() {
            "date"
        } else {
            "reason"
        };
        ApiError::invalid(field, message)
    })?;
    let check = if_match.for_item(ItemId(item), body.version)?;
    change_item(
        &state,
        caller.user.id,
        (CaseId(id), ItemId(item)),
        check,
        override_op(parsed),
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
    ApiPath((id, item)): ApiPath<(i64, i64)>,
    if_match: IfMatch,
) -> Result<Response, ApiError> {
    let check = if_match.for_item(ItemId(item), None)?;
    change_item(
        &state,
        caller.user.id,
        (CaseId(id), ItemId(item)),
        check,
        override_op(None),
    )
    .await
}

/// The field of a refused custom item: the first one that fails on its own.
fn custom_item_problem(form: &NewItemForm, message: String) -> ApiError {
    let mut probe = NewItemForm {
        title: "-".into(),
        category: "other".into(),
        holder: "household".into(),
        due: String::new(),
        instructions: String::new(),
    };
    for field in ["title", "category", "holder", "due", "instructions"] {
        let (slot, value) = match field {
            "title" => (&mut probe.title, &form.title),
            "category" => (&mut probe.category, &form.category),
            "holder" => (&mut probe.holder, &form.holder),
            "due" => (&mut probe.due, &form.due),
            _ => (&mut probe.instructions, &form.instructions),
        };
        slot.clone_from(value);
        if parse_custom(&probe).is_err() {
            return ApiError::invalid(field, message);
        }
    }
    ApiError::invalid("body", message)
}

/// The custom-item form the body amounts to.
fn custom_form(body: CustomItemIn) -> NewItemForm {
    NewItemForm {
        title: body.title,
        category: body.category,
        holder: body.holder,
        due: body.due.unwrap_or_default(),
        instructions: body.instructions,
    }
}

/// Add a consultant's own item (`custom-N`).
#[utoipa::path(post, path = "/cases/{id}/items", operation_id = "add_custom_item", tag = "items", request_body = CustomItemIn,
    params(("id" = i64, Path, description = "Case id"), CaseIfMatch),
    responses((status = 201, description = "The new item", body = ItemOut,
        headers(("Location" = String, description = "/api/v1/cases/<id>/items/<item>"), ("ETag" = String)))))]
pub async fn add(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<i64>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<CustomItemIn>,
) -> Result<Response, ApiError> {
    let id = CaseId(id);
    let form = custom_form(body);
    let custom = parse_custom(&form).map_err(|message| custom_item_problem(&form, message))?;
    let check = if_match.for_case(id, None)?;
    let people = cases::load(&state.db, id).await?.case.people.len();
    if matches!(custom.holder, softland_domain::Holder::Person(p) if p >= people) {
        return Err(ApiError::invalid(
            "holder",
            "that person is not part of this case",
        ));
    }
    let index = cases::update(&state.db, id, caller.user.id, check.expect, |case, _| {
        let index = case.add_custom_item(custom);
        let entry = AuditEntry::new(
            "item.added",
            subject(case, index),
            None,
            case.items[index].due().map(long),
        );
        Ok((index, vec![entry]))
    })
    .await
    .map_err(|e| check.refusal(e))?;
    let stored = cases::load(&state.db, id).await?;
    let location = format!("/cases/{id}/items/{}", stored.item_ids[index]);
    Ok(respond::created(
        respond::item(&stored, index, true),
        &location,
    ))
}
