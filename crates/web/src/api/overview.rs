//! `GET /me`, `GET /routes`, `GET /dashboard`, `GET /dashboard/items` and
//! `GET /dashboard/warnings`: who the token acts for, the current route templates, a
//! consultant's deadline figures (the dashboard page's own queries), and each of the
//! dashboard's lists of items and the risk warnings of their open cases, a page at a time.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use super::auth::{ApiUser, StaffUser};
use super::error::ApiError;
use super::input::ApiQuery;
use super::model::overview::{DashboardOut, DueItemList, DueItemOut, MeOut, TokenOut, WarningList};
use super::model::route::{RouteList, RouteOut};
use crate::app::AppState;
use crate::commands::Actor;
use crate::commands::case_list::Beyond;
use crate::commands::overview::{
    AllRisks, DUE_PER_PAGE, DueList, HORIZON_DAYS, ListKind, Overview, RISKS_PER_PAGE, WAITING_DAYS,
};
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
    let scope = whose(params.team, params.consultant, caller.user.id);
    let overview = Overview {
        scope,
        due_rows: 100,
        waiting_rows: 500,
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
        waiting: data.waiting_total,
        open_cases: counts.open_cases,
        horizon_days: HORIZON_DAYS,
        waiting_days: WAITING_DAYS,
        overdue_items: list(data.overdue),
        due_soon_items: list(data.due_soon),
        waiting_items: list(data.waiting),
    }))
}

/// Whose figures: the team's (`team=true`), a consultant's, or the caller's own.
fn whose(team: Option<bool>, consultant: Option<i64>, caller: UserId) -> Option<UserId> {
    match (team, consultant) {
        (Some(true), _) => None,
        (_, Some(id)) => Some(UserId(id)),
        (_, None) => Some(caller),
    }
}

/// The page asked for (default 1, at most `cases::MAX_PAGE`) and the rows per page (default
/// `default`, 1–`max`), or the parameter that is out of range.
fn paging(
    page: Option<u64>,
    per_page: Option<u64>,
    default: u64,
    max: u64,
) -> Result<(u64, u64), ApiError> {
    let per_page = per_page.unwrap_or(default);
    if !(1..=max).contains(&per_page) {
        return Err(ApiError::invalid(
            "per_page",
            format!("per_page must be 1–{max}"),
        ));
    }
    let page = page.unwrap_or(1);
    if !(1..=super::cases::MAX_PAGE).contains(&page) {
        return Err(ApiError::invalid(
            "page",
            format!("page must be 1–{}", super::cases::MAX_PAGE),
        ));
    }
    Ok((page, per_page))
}

/// Most warnings per page.
pub const MAX_WARNINGS_PER_PAGE: u64 = 200;

/// The query of `GET /dashboard/warnings`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningParams {
    /// Whose warnings: a consultant's user id; the caller's own when left out.
    pub consultant: Option<i64>,
    /// `true`: the whole team's warnings (overrides `consultant`).
    pub team: Option<bool>,
    /// The page, from 1 (at most 1,000,000); a page past the last is empty.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Warnings per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The risk warnings of a consultant's (or the team's) open cases, soonest first.
///
/// Every warning the dashboard lists the soonest of: passports and health insurance ending
/// before the stay, extension windows open or missed, registrations missed, integration
/// courses due; a page at a time, with the total.
#[utoipa::path(get, path = "/dashboard/warnings", operation_id = "list_dashboard_warnings", tag = "dashboard", params(WarningParams),
    responses((status = 200, description = "A page of risk warnings", body = WarningList)))]
pub async fn warnings(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<WarningParams>,
) -> Result<Json<WarningList>, ApiError> {
    let (page, per_page) = paging(
        params.page,
        params.per_page,
        RISKS_PER_PAGE,
        MAX_WARNINGS_PER_PAGE,
    )?;
    let scope = whose(params.team, params.consultant, caller.user.id);
    let shown = AllRisks {
        scope,
        page,
        per_page,
        beyond: Beyond::Nothing,
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(Json(WarningList {
        consultant: scope.map(|c| c.0),
        today: shown.today,
        warnings: shown.warnings.into_iter().map(Into::into).collect(),
        total: shown.total,
        page: shown.page,
        per_page,
        pages: shown.pages,
    }))
}

/// Most items per page of a list.
pub const MAX_ITEMS_PER_PAGE: u64 = 200;

/// The query of `GET /dashboard/items`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemListParams {
    /// Which list: `overdue`, `due-soon` or `waiting` (for the authority).
    #[param(schema_with = super::schema::due_list)]
    pub list: String,
    /// Whose items: a consultant's user id; the caller's own when left out.
    pub consultant: Option<i64>,
    /// `true`: the whole team's items (overrides `consultant`).
    pub team: Option<bool>,
    /// The page, from 1 (at most 1,000,000); a page past the last is empty.
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// One of the dashboard's lists of items, whole, a page at a time.
///
/// The overdue items (most overdue first), the items due in the next `horizon_days`
/// (soonest first) or the items waiting for the authority longer than `waiting_days`
/// (longest first) of a consultant's (or the team's) open cases, with the total: the
/// dashboard lists the first of each.
#[utoipa::path(get, path = "/dashboard/items", operation_id = "list_dashboard_items", tag = "dashboard", params(ItemListParams),
    responses((status = 200, description = "A page of one list of items", body = DueItemList)))]
pub async fn items(
    State(state): State<AppState>,
    StaffUser(caller): StaffUser,
    ApiQuery(params): ApiQuery<ItemListParams>,
) -> Result<Json<DueItemList>, ApiError> {
    let list = ListKind::parse(&params.list)?;
    let (page, per_page) = paging(
        params.page,
        params.per_page,
        DUE_PER_PAGE,
        MAX_ITEMS_PER_PAGE,
    )?;
    let scope = whose(params.team, params.consultant, caller.user.id);
    let shown = DueList {
        list,
        scope,
        page,
        per_page,
        beyond: Beyond::Nothing,
    }
    .run(&state, &Actor::of(&caller.user))
    .await?;
    Ok(Json(DueItemList {
        consultant: scope.map(|c| c.0),
        list: list.name(),
        today: shown.today,
        items: shown.rows.into_iter().map(DueItemOut::from).collect(),
        total: shown.total,
        page: shown.page,
        per_page,
        pages: shown.pages,
    }))
}
