//! What every handler shares: finding a case the caller may see (anything else is 404, as if
//! it did not exist) and answering with a case or an item, its `ETag` and, after a create,
//! its `Location`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::auth::ApiUser;
use super::error::ApiError;
use super::model::case::CaseOut;
use super::model::item::{ItemOut, WarningOut};
use super::precondition::{case_etag, header_value, item_etag};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::case_view::ViewCase;
use crate::db::cases::{self, StoredCase};
use crate::db::users;
use crate::ids::{CaseId, ItemId};
use softland_domain::Calendar;

/// The API's path prefix, for `Location` headers.
pub const PREFIX: &str = "/api/v1";

/// Case `id` when `caller` may see it: staff see every case, an expat only their household's.
pub async fn visible_case(
    state: &AppState,
    caller: &ApiUser,
    id: CaseId,
) -> Result<StoredCase, ApiError> {
    let view = ViewCase { case: id };
    Ok(view.run(state, &Actor::of(&caller.user)).await?)
}

/// The index of item `item` in `stored`, or 404.
pub fn item_index(stored: &StoredCase, item: ItemId) -> Result<usize, ApiError> {
    stored.item_index(item).ok_or_else(ApiError::not_found)
}

/// `status` with the case as JSON and its `ETag`.
pub async fn case(
    state: &AppState,
    stored: &StoredCase,
    status: StatusCode,
    for_staff: bool,
) -> Result<Response, ApiError> {
    let consultant = users::get(&state.db, stored.consultant).await?;
    let cal = cases::calendar_for_display(&state.db).await?;
    let body = CaseOut::build(stored, &consultant, for_staff, &cal);
    let etag = header_value(&case_etag(stored.id, stored.version));
    Ok((status, [(header::ETAG, etag)], Json(body)).into_response())
}

/// 200 with item `index` of `stored` and its `ETag`.
pub fn item(stored: &StoredCase, index: usize, for_staff: bool, cal: &Calendar) -> Response {
    item_with(stored, index, (for_staff, cal), Vec::new())
}

/// [`item`] with the warnings a change was saved with.
pub fn item_with(
    stored: &StoredCase,
    index: usize,
    (for_staff, cal): (bool, &Calendar),
    warnings: Vec<WarningOut>,
) -> Response {
    let mut body = ItemOut::build(stored, index, for_staff, cal);
    body.warnings = warnings;
    let etag = header_value(&item_etag(
        stored.item_ids[index],
        stored.item_versions[index],
    ));
    ([(header::ETAG, etag)], Json(body)).into_response()
}

/// `response` as 201 Created at `location` (a path below [`PREFIX`]).
pub fn created(mut response: Response, location: &str) -> Response {
    *response.status_mut() = StatusCode::CREATED;
    if let Ok(value) = HeaderValue::from_str(&format!("{PREFIX}{location}")) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
