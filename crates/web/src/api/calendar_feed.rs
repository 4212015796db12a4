//! `GET`, `POST` and `DELETE /calendar-feed`: the caller's calendar feed address (issue 19),
//! as on the account page: whether one works, a new one (the old stops working), revoking it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use super::auth::ApiUser;
use super::error::ApiError;
use super::model::feed::{FeedOut, NewFeedOut};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::feeds::{CreateFeed, OwnFeed, RevokeFeed};
use crate::views::calendar::feed_url;

/// Whether the caller has a working calendar feed address.
#[utoipa::path(get, path = "/calendar-feed", operation_id = "get_calendar_feed", tag = "account",
    responses((status = 200, description = "The caller's feed address, without its secret", body = FeedOut)))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiUser,
) -> Result<Json<FeedOut>, ApiError> {
    let token = OwnFeed.run(&state, &Actor::of(&caller.user)).await?;
    Ok(Json(FeedOut {
        active: token.is_some(),
        created_at: token.as_ref().map(|t| t.created_at),
        last_used_at: token.and_then(|t| t.last_used_at),
    }))
}

/// Make a new calendar feed address; the caller's old one stops working.
///
/// The address is shown in this answer only (softland keeps a hash of its secret).
#[utoipa::path(post, path = "/calendar-feed", operation_id = "create_calendar_feed", tag = "account",
    responses((status = 201, description = "The new address", body = NewFeedOut)))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiUser,
) -> Result<(StatusCode, Json<NewFeedOut>), ApiError> {
    let token = CreateFeed.run(&state, &Actor::of(&caller.user)).await?;
    let url = feed_url(&state.config.base_url(), &token.secret);
    Ok((StatusCode::CREATED, Json(NewFeedOut { url })))
}

/// Revoke the caller's calendar feed address (calendar apps then get 404).
#[utoipa::path(delete, path = "/calendar-feed", operation_id = "delete_calendar_feed", tag = "account",
    responses((status = 204, description = "Revoked (or there was none)")))]
pub async fn delete(
    State(state): State<AppState>,
    caller: ApiUser,
) -> Result<StatusCode, ApiError> {
    RevokeFeed.run(&state, &Actor::of(&caller.user)).await?;
    Ok(StatusCode::NO_CONTENT)
}
