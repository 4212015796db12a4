//! `GET /search?q=`: the search in the navigation (`commands::search::SearchEverything`),
//! across the whole team; staff tokens only.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::StaffUser;
use super::error::ApiError;
use super::input::ApiQuery;
use super::model::search::{ItemFoundOut, PersonFoundOut, SearchOut};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::search::SearchEverything;

/// The query of `GET /search`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// A name, e-mail or passport number of anyone in a case, or part of a checklist item's
    /// title: 2–100 characters after trimming, no control characters (else 422, field `q`).
    #[param(min_length = 2, max_length = 100)]
    pub q: Option<String>,
}

/// Search people and checklist items of the whole team.
///
/// People by name, e-mail or passport number (as the case list's `q`), items by title;
/// at most 20 of each, case-insensitive, `%` and `_` taken literally.
#[utoipa::path(get, path = "/search", operation_id = "search", tag = "search", params(SearchParams),
    responses((status = 200, description = "What was found", body = SearchOut)))]
pub async fn search(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchOut>, ApiError> {
    let text = SearchEverything::text(params.q.as_deref().unwrap_or_default())?;
    let q = text.as_str().to_owned();
    let found = SearchEverything { text }
        .run(&state, &Actor::of(&caller.user))
        .await?;
    Ok(Json(SearchOut {
        q,
        people: found.people.into_iter().map(PersonFoundOut::from).collect(),
        more_people: found.more_people,
        items: found.items.into_iter().map(ItemFoundOut::from).collect(),
        more_items: found.more_items,
    }))
}
