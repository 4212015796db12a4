//! `GET /calculator`: the deadline calculator, a GET form in two steps (choose a route, then
//! type its dates) whose result has an address to share. Nothing is stored; a mistake is
//! shown beside its field (422), never a server error.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::app::AppState;
use crate::commands::CommandError;
use crate::commands::site::calculator::{self, Calculate};
use crate::error::AppError;
use crate::views::public::calculator::{CalculatorPage, TimelineView};
use crate::views::public::{PageMeta, Section};
use crate::views::render;

/// `GET /calculator?route=…&arrival=…&permit_expiry=…`.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let chosen = query.get("route").cloned().unwrap_or_default();
    let meta = PageMeta::website(
        "Deadline calculator",
        "Pick your route and type your arrival date: see your own deadlines in working days, with Czech holidays counted.",
        "/calculator",
    );
    let chrome = super::chrome(&state, &session, Some(Section::Calculator), meta).await?;
    let routes = calculator::routes(&state).await?;
    let mut page = CalculatorPage::new(chrome, &routes, &chosen);
    if chosen.trim().is_empty() {
        return Ok(render(&page)?.into_response());
    }
    let outcome = if query.contains_key("arrival") {
        let command = Calculate {
            route: chosen.clone(),
            dates: query.clone(),
        };
        command.run(&state).await.map(Some)
    } else {
        calculator::route(&state, &chosen).await.map(|route| {
            page.route = Some(route);
            None
        })
    };
    page.typed = query;
    match outcome {
        Ok(timeline) => {
            if let Some(t) = &timeline {
                page.route = Some(t.route.clone());
            }
            page.result = timeline.as_ref().map(TimelineView::of);
            Ok(render(&page)?.into_response())
        }
        Err(CommandError::InvalidFields(errors)) => {
            if errors.get("route").is_none() {
                page.route = calculator::route(&state, &chosen).await.ok();
            }
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
