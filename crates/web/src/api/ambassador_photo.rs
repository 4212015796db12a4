//! `/ambassadors/{id}/photo`: an ambassador's optional photo, for buddy coordinators' and
//! admins' tokens (anyone else gets 403): upload or replace it (multipart, like a case's
//! files), read it, remove it. The same checks as on the pages (`commands::buddies`).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::ambassadors::{answer, coordinator_only};
use super::auth::StaffUser;
use super::error::ApiError;
use super::input::ApiPath;
use super::model::ambassador::{AmbassadorOut, PhotoUpload};
use crate::app::AppState;
use crate::commands::buddies::{AmbassadorQuery, FetchPhoto, PhotoOf, RemovePhoto, SetPhoto};
use crate::commands::{Actor, CommandError};
use crate::ids::AmbassadorId;
use crate::upload::UploadForm;

/// An upload's refusal: about the `photo` field.
fn refused(err: CommandError) -> ApiError {
    match err {
        CommandError::File(refusal) => ApiError::file(&refusal).about("photo"),
        other => coordinator_only(other),
    }
}

/// Upload or replace an ambassador's photo.
///
/// Multipart: one `photo` part. A JPEG or PNG image, found from the bytes, of at most 5 MiB:
/// anything else (a PDF named `.jpg`, an empty file, a larger one) is 422 on `photo`; 503
/// when the file store is unavailable. The photo replaced is deleted; the profile's version
/// does not change.
#[utoipa::path(put, path = "/ambassadors/{id}/photo", operation_id = "upload_ambassador_photo", tag = "buddies",
    request_body(content = inline(PhotoUpload), content_type = "multipart/form-data"),
    params(("id" = i64, Path, description = "Ambassador id")),
    responses((status = 200, description = "The ambassador, with their photo", body = AmbassadorOut,
        headers(("ETag" = String, description = "\"ambassador-<id>-v<version>\"")))))]
pub async fn upload(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<AmbassadorId>,
    request: Request,
) -> Result<Response, ApiError> {
    let actor = Actor::of(&caller.user);
    actor
        .must_coordinate(&state)
        .await
        .map_err(coordinator_only)?;
    let mut form = UploadForm::read(request, &state)
        .await
        .map_err(|refusal| refused(CommandError::File(refusal)))?;
    SetPhoto { id }
        .run(&state, &actor, &mut form)
        .await
        .map_err(refused)?;
    let saved = AmbassadorQuery { id }.run(&state, &actor).await?;
    Ok(answer(StatusCode::OK, saved.ambassador))
}

/// Read an ambassador's photo.
///
/// Its stored type, `inline`, `nosniff`, `Cache-Control: no-store`. 404 when they have none.
#[utoipa::path(get, path = "/ambassadors/{id}/photo", operation_id = "get_ambassador_photo", tag = "buddies",
    params(("id" = i64, Path, description = "Ambassador id")),
    responses((status = 200, description = "The photo's bytes", content(("image/jpeg"), ("image/png")))))]
pub async fn content(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<AmbassadorId>,
) -> Result<Response, ApiError> {
    let fetch = FetchPhoto {
        of: PhotoOf::Ambassador(id),
    };
    let photo = fetch
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(crate::upload::photo(photo))
}

/// Remove an ambassador's photo.
///
/// Its object is deleted. 204 also when they had none.
#[utoipa::path(delete, path = "/ambassadors/{id}/photo", operation_id = "delete_ambassador_photo", tag = "buddies",
    params(("id" = i64, Path, description = "Ambassador id")),
    responses((status = 204, description = "Removed")))]
pub async fn delete(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiPath(id): ApiPath<AmbassadorId>,
) -> Result<StatusCode, ApiError> {
    RemovePhoto { id }
        .run(&state, &Actor::of(&caller.user))
        .await
        .map_err(coordinator_only)?;
    Ok(StatusCode::NO_CONTENT)
}
