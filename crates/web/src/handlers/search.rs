//! `GET /search?q=`: the search in the navigation, across the whole team
//! (`commands::search::SearchEverything`). No text yet is a hint, text that is not searched
//! for is refused beside the box (422); neither is an error page.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extract::Staff;
use crate::commands::search::{SearchEverything, SearchRefusal};
use crate::commands::{CommandError, Problem};
use crate::error::AppError;
use crate::handlers::{actor, sentence};
use crate::views::render;
use crate::views::search::SearchPage;

/// `?q=`.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `GET /search`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let nav = super::messages::nav_with_messages(&state, &current, "search").await?;
    let command = async {
        let search = SearchEverything {
            text: SearchEverything::text(&query.q)?,
        };
        search.run(&state, &actor(&current)).await
    };
    match command.await {
        Ok(results) => {
            Ok(render(&SearchPage::found(nav, query.q.trim(), results))?.into_response())
        }
        Err(CommandError::Invalid {
            problem: Problem::Search(refusal),
            ..
        }) => {
            let message = sentence(&refusal.to_string());
            if refusal == SearchRefusal::Empty {
                let page = SearchPage::empty(nav, String::new(), Some(message), None);
                return Ok(render(&page)?.into_response());
            }
            // Text too long to be anything is not shown back.
            let q = if refusal == SearchRefusal::TooLong {
                String::new()
            } else {
                query.q
            };
            let page = SearchPage::empty(nav, q, None, Some(message));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            Ok((status, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
