//! `/cases/{id}/notes`: staff's internal notes. An expat's token reads none of them and
//! writes none (the household's conversation is `/cases/{id}/messages`).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::ApiUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath, ApiQuery};
use super::model::input::NoteIn;
use super::model::note::{NoteList, NoteOut};
use super::respond;
use crate::access::{Access, AccessKind, Viewed};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::notes::AddNote;
use crate::db::notes::{self, Visibility};
use crate::ids::{CaseId, NoteId};

/// Most notes in one answer.
pub const MAX_NOTES: u64 = 200;

/// The query of `GET /cases/{id}/notes`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoteListParams {
    /// How many of the newest notes, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// List a case's notes, newest first.
///
/// Expats' tokens see none (notes are internal).
#[utoipa::path(get, path = "/cases/{id}/notes", operation_id = "list_notes", tag = "notes", params(("id" = i64, Path, description = "Case id"), NoteListParams),
    responses((status = 200, description = "Notes, newest first (none for expats)", body = NoteList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiQuery(params): ApiQuery<NoteListParams>,
    access: Access,
) -> Result<Json<NoteList>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=MAX_NOTES).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be 1–{MAX_NOTES}"
        )));
    }
    let stored = respond::visible_case(&state, &caller, id).await?;
    let found = notes::list(&state.db, stored.id, caller.is_staff(), limit).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    Ok(Json(NoteList {
        notes: found.into_iter().map(NoteOut::from).collect(),
    }))
}

/// Read one note.
#[utoipa::path(get, path = "/cases/{id}/notes/{note}", operation_id = "get_note", tag = "notes",
    params(("id" = i64, Path, description = "Case id"), ("note" = i64, Path, description = "Note id")),
    responses((status = 200, description = "The note", body = NoteOut)))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, note)): ApiPath<(CaseId, NoteId)>,
    access: Access,
) -> Result<Json<NoteOut>, ApiError> {
    let stored = respond::visible_case(&state, &caller, id).await?;
    access
        .record_api(&caller, AccessKind::ApiCase, Viewed::case(id))
        .await;
    let found = notes::get(&state.db, stored.id, note, caller.is_staff()).await?;
    Ok(Json(found.into()))
}

/// Add a note.
///
/// Notes are internal: `visibility` `shared` is refused (422); the household is written to
/// with `POST /cases/{id}/messages`. Expats' tokens are refused (403).
#[utoipa::path(post, path = "/cases/{id}/notes", operation_id = "add_note", tag = "notes", request_body = NoteIn,
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, description = "The note", body = NoteOut,
        headers(("Location" = String, description = "/api/v1/cases/<id>/notes/<note>")))))]
pub async fn add(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<NoteIn>,
) -> Result<Response, ApiError> {
    // Notes are internal; `shared` is refused with a pointer to the messages. Another
    // household's case is "not found" first, as everywhere.
    respond::visible_case(&state, &caller, id).await?;
    if !caller.is_staff() {
        return Err(ApiError::forbidden(format!(
            "notes are for staff; write to your consultant with POST /api/v1/cases/{id}/messages"
        )));
    }
    let note = AddNote {
        case: id,
        visibility: AddNote::visibility(body.visibility.as_deref())?
            .unwrap_or(Visibility::Internal),
        body: AddNote::body(&body.body)?,
    };
    let note = note
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(ApiError::from)?;
    let saved = notes::get(&state.db, id, note, true).await?;
    let location = format!("/cases/{id}/notes/{note}");
    Ok(respond::created(
        Json(NoteOut::from(saved)).into_response(),
        &location,
    ))
}
