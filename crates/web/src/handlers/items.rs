//! Checklist items on the case page: status changes, due-date overrides, custom items. Each
//! form is read into its command (`commands::items`), which does the rest.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::actor;
use super::case_page::{At, Back, respond};
use crate::app::AppState;
use crate::auth::csrf::CsrfForm;
use crate::auth::extract::Staff;
use crate::commands::items::{
    AddCustomItem, ChangeItemStatus, CustomItemInput, ItemTarget, OverrideDue,
};
use crate::commands::{CommandError, form_version};
use crate::db::cases::Expect;
use crate::error::AppError;
use crate::ids::{CaseId, ItemId};
use crate::views::case_page::Typed;

/// A status button's form.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    action: String,
    #[serde(default)]
    reason: String,
    version: Option<String>,
}

/// The override form: `op=clear` goes back to the computed date.
#[derive(Debug, Deserialize)]
pub struct DueForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    op: String,
    version: Option<String>,
}

/// The custom item form.
#[derive(Debug, Deserialize)]
pub struct NewItemForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    instructions: String,
}

fn target(id: CaseId, item: ItemId, version: Option<&str>) -> Result<ItemTarget, CommandError> {
    let version = form_version(version)?;
    Ok(ItemTarget {
        case: id,
        item,
        expect: Expect::Item(item, version),
    })
}

/// `POST /cases/{id}/items/{item}/status`.
pub async fn change_status(
    State(state): State<AppState>,
    Path((id, item)): Path<(CaseId, ItemId)>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let command = async {
        let change = ChangeItemStatus {
            target: target(id, item, form.version.as_deref())?,
            action: ChangeItemStatus::action(&form.action, &form.reason)?,
        };
        change.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.said());
    let typed = Typed {
        item: Some(item.0),
        reason: form.reason.clone(),
        ..Typed::default()
    };
    respond(&state, &current, id, result, (At::Item(item), typed, back)).await
}

/// `POST /cases/{id}/items/{item}/due`: sets or clears a due-date override.
pub async fn override_due(
    State(state): State<AppState>,
    Path((id, item)): Path<(CaseId, ItemId)>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<DueForm>,
) -> Result<Response, AppError> {
    let command = async {
        let due = if form.op == "clear" {
            None
        } else {
            Some(OverrideDue::due(&form.date, &form.reason)?)
        };
        let change = OverrideDue {
            target: target(id, item, form.version.as_deref())?,
            due,
        };
        change.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.said());
    let typed = Typed {
        item: Some(item.0),
        date: form.date.clone(),
        reason: form.reason.clone(),
        ..Typed::default()
    };
    respond(&state, &current, id, result, (At::Item(item), typed, back)).await
}

/// `POST /cases/{id}/items`: adds a consultant's own item.
pub async fn add(
    State(state): State<AppState>,
    Path(id): Path<CaseId>,
    Staff(current): Staff,
    back: Back,
    CsrfForm { form, .. }: CsrfForm<NewItemForm>,
) -> Result<Response, AppError> {
    let input = CustomItemInput {
        title: form.title,
        category: form.category,
        holder: form.holder,
        due: form.due,
        instructions: form.instructions,
    };
    let command = async {
        let add = AddCustomItem {
            case: id,
            expect: Expect::Any,
            item: input.parse()?,
        };
        add.run(&state, &actor(&current)).await
    };
    let result = command.await.map(|done| done.said());
    respond(
        &state,
        &current,
        id,
        result,
        (At::Section("checklist"), Typed::default(), back),
    )
    .await
}
