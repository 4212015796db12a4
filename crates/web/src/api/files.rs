//! `/cases/{id}/files` (issue 18): upload (multipart), list, metadata, content, review and
//! delete. Staff reach every case's files; an expat's token only their own household's, and
//! any other file answers 404 like a missing one.

use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::ApiUser;
use super::error::ApiError;
use super::input::{ApiJson, ApiPath};
use super::model::file::{FileList, FileOut, FileUpload, ReviewIn};
use super::respond;
use crate::access::{Access, AccessKind, Viewed};
use crate::app::AppState;
use crate::commands::files::{DeleteFile, FetchFile, ListFiles, ReviewFile, ShowFile, UploadFiles};
use crate::commands::{Actor, CommandError};
use crate::ids::{CaseId, FileId};
use crate::upload::UploadForm;

/// Upload files to a case.
///
/// Multipart: `item` and `person` (optional) before the `files` parts. The type is found
/// from the bytes; 413 beyond the size limits, 415 for any type but PDF, JPEG, PNG,
/// HEIC/HEIF, 422 for an empty file, 503 when the file store is unavailable. Nothing is kept
/// of a refused request.
#[utoipa::path(post, path = "/cases/{id}/files", operation_id = "upload_files", tag = "files",
    request_body(content = inline(FileUpload), content_type = "multipart/form-data"),
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 201, description = "The files stored", body = FileList)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    request: Request,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    let mut form = UploadForm::read(request, &state)
        .await
        .map_err(|refusal| ApiError::from(CommandError::File(refusal)))?;
    let upload = UploadFiles::new(id, form.field("item"), form.field("person"))?;
    let added = upload.run(&state, &actor, &mut form).await?;
    let mut files = Vec::with_capacity(added.len());
    for file in added {
        files.push(FileOut::from(
            ShowFile { case: id, file }.run(&state, &actor).await?,
        ));
    }
    let location = format!("/cases/{id}/files");
    Ok(respond::created(
        Json(FileList { files }).into_response(),
        &location,
    ))
}

/// List a case's files, oldest first.
#[utoipa::path(get, path = "/cases/{id}/files", operation_id = "list_files", tag = "files",
    params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, description = "The case's files", body = FileList)))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath(id): ApiPath<CaseId>,
    access: Access,
) -> Result<Json<FileList>, ApiError> {
    let files = ListFiles { case: id }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    access
        .record_api(&caller, AccessKind::Files, Viewed::case(id))
        .await;
    Ok(Json(FileList {
        files: files.into_iter().map(FileOut::from).collect(),
    }))
}

/// Read one file's metadata.
#[utoipa::path(get, path = "/cases/{id}/files/{file}", operation_id = "get_file", tag = "files",
    params(("id" = i64, Path, description = "Case id"), ("file" = i64, Path, description = "File id")),
    responses((status = 200, description = "The file", body = FileOut)))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, file)): ApiPath<(CaseId, FileId)>,
    access: Access,
) -> Result<Json<FileOut>, ApiError> {
    let found = ShowFile { case: id, file }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    access
        .record_api(&caller, AccessKind::File, Viewed::file(id, file))
        .await;
    Ok(Json(found.into()))
}

/// Download one file.
///
/// `Content-Disposition: attachment` with the name (RFC 6266), the stored type, `nosniff`,
/// `Content-Security-Policy: sandbox`, `Cache-Control: no-store`.
#[utoipa::path(get, path = "/cases/{id}/files/{file}/content", operation_id = "get_file_content", tag = "files",
    params(("id" = i64, Path, description = "Case id"), ("file" = i64, Path, description = "File id")),
    responses((status = 200, description = "The file's bytes", content(
        ("application/pdf"), ("image/jpeg"), ("image/png"), ("image/heic"), ("image/heif")))))]
pub async fn content(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, file)): ApiPath<(CaseId, FileId)>,
    access: Access,
) -> Result<Response, ApiError> {
    let fetch = FetchFile {
        file: ShowFile { case: id, file },
    };
    let (file, bytes) = fetch.run(&state, &Actor::of(&caller.user)).await?;
    access
        .record_api(&caller, AccessKind::File, Viewed::file(id, file.id))
        .await;
    Ok(crate::upload::download(
        &file,
        Body::from_stream(bytes),
        false,
    ))
}

/// Review a file (staff).
///
/// Accepting never changes the item's status: move it on with its status endpoint.
#[utoipa::path(post, path = "/cases/{id}/files/{file}/review", operation_id = "review_file", tag = "files",
    request_body = ReviewIn,
    params(("id" = i64, Path, description = "Case id"), ("file" = i64, Path, description = "File id")),
    responses((status = 200, description = "The file as reviewed", body = FileOut)))]
pub async fn review(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, file)): ApiPath<(CaseId, FileId)>,
    ApiJson(body): ApiJson<ReviewIn>,
) -> Result<Json<FileOut>, ApiError> {
    let review = ReviewFile {
        file: ShowFile { case: id, file },
        review: ReviewFile::review(&body.review, body.reason.as_deref().unwrap_or_default())?,
    };
    Ok(Json(
        review.run(&state, &Actor::of(&caller.user)).await?.into(),
    ))
}

/// Delete a file (staff; soft: the record stays in the history).
#[utoipa::path(delete, path = "/cases/{id}/files/{file}", operation_id = "delete_file", tag = "files",
    params(("id" = i64, Path, description = "Case id"), ("file" = i64, Path, description = "File id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiPath((id, file)): ApiPath<(CaseId, FileId)>,
) -> Result<StatusCode, ApiError> {
    DeleteFile {
        file: ShowFile { case: id, file },
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
