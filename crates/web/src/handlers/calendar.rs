//! The calendar pages (issue 19): the staff month view of due dates, and the feed a calendar
//! app fetches with the secret in its address (no session).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use softland_domain::month::Month;

use crate::app::AppState;
use crate::auth::extract::Staff;
use crate::commands::feeds::{FeedItems, ReadFeed};
use crate::commands::month::MonthDueDates;
use crate::error::AppError;
use crate::handlers::{actor, sentence};
use crate::views::calendar::{MonthPage, Shown};
use crate::views::feed::{FeedContext, household_feed, staff_feed};
use crate::views::render;

/// `?month=2027-01` (this month when absent), `&team=1` for the whole team.
#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
    team: Option<String>,
}

/// `GET /calendar`: a month of due dates. A month that is not one shows this month with the
/// reason beside the field (422).
pub async fn month(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(query): Query<MonthQuery>,
) -> Result<Response, AppError> {
    let team = query.team.is_some_and(|t| !t.is_empty());
    let typed = query.month.unwrap_or_default();
    let (month, error) = chosen(&typed, Month::of(state.config.today()));
    let scope = (!team).then_some(current.user.id);
    let data = MonthDueDates { month, scope }
        .run(&state, &actor(&current))
        .await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let shown = Shown {
        month,
        team,
        typed,
        error,
    };
    let nav = crate::handlers::messages::nav_with_messages(&state, &current, "calendar").await?;
    let page = MonthPage::new(nav, shown, &data);
    Ok((status, render(&page)?).into_response())
}

/// The month asked for (this month when none), or this month and why the one typed is not one.
fn chosen(typed: &str, this_month: Month) -> (Month, Option<String>) {
    match typed.trim() {
        "" => (this_month, None),
        raw => match Month::parse(raw) {
            Ok(month) => (month, None),
            Err(e) => (this_month, Some(sentence(&e.to_string()))),
        },
    }
}

/// `GET /calendar/{secret}.ics`: the feed of the address's owner. An unknown or revoked
/// address, a deactivated account's, and anything not ending in `.ics` are "not found"
/// (the same answer). Unknown addresses are not throttled: a secret of 256 random bits is
/// not guessed, and counting misses would make each a write to the database.
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let Some(secret) = file.strip_suffix(".ics") else {
        return Err(AppError::NotFound);
    };
    let feed = ReadFeed {
        secret: secret.to_owned(),
    }
    .run(&state)
    .await?;
    let context = FeedContext {
        base_url: state.config.base_url().trim_end_matches('/').to_owned(),
        name: format!("softland: {}", feed.owner.display_name),
    };
    let body = match feed.items.as_ref() {
        FeedItems::Staff(items) => staff_feed(&context, items),
        FeedItems::Household(items) => household_feed(&context, items),
    };
    // `Cache-Control: no-store`, as on every page (`app::response_policy`): the feed is
    // personal, and calendar apps fetch it on their own schedule anyway.
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response())
}
