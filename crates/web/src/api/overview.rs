//! `GET /me`, `GET /routes` and `GET /dashboard`: who the token acts for, the current route
//! templates, and a consultant's deadline figures (the dashboard page's own queries).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::ApiQuery;
use super::model::overview::{DashboardOut, DueItemOut, MeOut, TokenOut};
use super::model::route::{RouteList, RouteOut};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::overview::{HORIZON_DAYS, Overview, WAITING_DAYS};
use crate::db::{api_tokens, dashboard, portal, templates};
use crate::ids::UserId;

/// The account and token in use.
#[utoipa::path(get, path = "/me", operation_id = "get_me", tag = "account",
    responses((status = 200, description = "The caller", body = MeOut)))]
pub async fn me(State(state): State<AppState>, caller: ApiUser) -> Result<Json<MeOut>, ApiError> {
    let token = api_tokens::get(&state.db, caller.user.id, caller.token).await?;
    let case_ids = if caller.is_staff() {
        Vec::new()
    } else {
        portal::cases_of(&state.db, caller.user.id)
            .await?
            .into_iter()
            .map(|c| c.0)
            .collect()
    };
    let user = caller.user;
    Ok(Json(MeOut {
        id: user.id.0,
        email: user.email,
        name: user.display_name,
        role: user.role.as_str(),
        token: TokenOut {
            id: token.id.0,
            name: token.name,
            expires_at: token.expires_at,
        },
        case_ids,
    }))
}

/// The current route templates with their items and deadline rules.
#[utoipa::path(get, path = "/routes", operation_id = "list_routes", tag = "routes",
    responses((status = 200, description = "Every route with its current template", body = RouteList)))]
pub async fn routes(
    State(state): State<AppState>,
    _caller: StaffUser,
) -> Result<Json<RouteList>, ApiError> {
    let catalog = templates::catalog(&state.db).await?;
    Ok(Json(RouteList {
        routes: catalog.templates.iter().map(RouteOut::from).collect(),
    }))
}

/// The query of `GET /dashboard`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// Whose figures: a consultant's user id; the caller's own when left out.
    pub consultant: Option<i64>,
    /// `true`: the whole team's figures (overrides `consultant`).
    pub team: Option<bool>,
}

/// A consultant's (or the team's) deadline figures.
///
/// Overdue, due soon and waiting-for-the-authority items, as on the dashboard page.
#[utoipa::path(get, path = "/dashboard", operation_id = "get_dashboard", tag = "dashboard", params(DashboardParams),
    responses((status = 200, description = "The dashboard figures", body = DashboardOut)))]
pub async fn dashboard(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<DashboardParams>,
) -> Result<Json<DashboardOut>, ApiError> {
    let scope = match (params.team, params.consultant) {
        (Some(true), _) => None,
        (_, Some(id)) => Some(UserId(id)),
        (_, None) => Some(caller.user.id),
    };
    let overview = Overview {
        scope,
        waiting_limit: 500,
    };
    let data = overview.run(&state, &Actor::of(&caller.user)).await?;
    let list =
        |rows: Vec<dashboard::DueRow>| rows.into_iter().map(DueItemOut::from).collect::<Vec<_>>();
    let counts = data.counts;
    Ok(Json(DashboardOut {
        consultant: scope.map(|c| c.0),
        today: data.today,
        overdue: counts.overdue,
        due_soon: counts.due_soon,
        waiting: data.waiting.len(),
        open_cases: counts.open_cases,
        horizon_days: HORIZON_DAYS,
        waiting_days: WAITING_DAYS,
        overdue_items: list(data.overdue),
        due_soon_items: list(data.due_soon),
        waiting_items: list(data.waiting),
    }))
}
