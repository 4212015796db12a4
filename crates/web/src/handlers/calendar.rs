//! The calendar pages (issue 19): the staff month view of due dates, and the feed a calendar
//! app fetches with the secret in its address (no session).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use softland_domain::month::Month;

use crate::app::AppState;
use crate::auth::extract::Staff;
use crate::auth::session;
use crate::commands::feeds::{FeedItems, ReadFeed};
use crate::commands::month::MonthDueDates;
use crate::error::AppError;
use crate::handlers::{actor, sentence};
use crate::views::calendar::{MonthGrid, MonthPage, month_href};
use crate::views::feed::{FeedContext, household_feed, staff_feed};
use crate::views::{nav::Nav, render};

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
    let this_month = Month::of(state.config.today());
    let typed = query.month.unwrap_or_default();
    let (month, error) = match typed.trim() {
        "" => (this_month, None),
        raw => match Month::parse(raw) {
            Ok(month) => (month, None),
            Err(e) => (this_month, Some(sentence(&e.to_string()))),
        },
    };
    let scope = (!team).then_some(current.user.id);
    let data = MonthDueDates { month, scope }
        .run(&state, &actor(&current))
        .await?;
    let grid = MonthGrid {
        month,
        today: data.today,
        items: &data.items,
        closures: &data.closures,
    };
    let page = MonthPage {
        nav: Nav::new(
            &current.user,
            session::csrf_token(&current.session).await?,
            "calendar",
        ),
        name: month.name(),
        typed: if error.is_some() {
            typed
        } else {
            month.to_string()
        },
        month_error: error,
        team,
        previous: month_href(month.previous(), team),
        next: month_href(month.next(), team),
        switch: month_href(month, !team),
        weeks: grid.weeks(),
        truncated: data.truncated,
    };
    let status = if page.month_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
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
    let body = match &feed.items {
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
