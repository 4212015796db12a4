//! The home page of staff: the deadline dashboard; the list of all its risk warnings
//! (`/dashboard/warnings`) and the pages of each of its lists of items (`/dashboard/items`),
//! of which the dashboard shows the first few.

use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extract::Staff;
use crate::auth::session;
use crate::commands::Actor;
use crate::commands::buddies::HelpCallsQuery;
use crate::commands::case_list::Beyond;
use crate::commands::messages::ListUnread;
use crate::commands::overview::{
    AllRisks, DUE_PER_PAGE, DueList, ListKind, Overview, PANEL_ROWS, RISKS_PER_PAGE, WAITING_DAYS,
};
use crate::commands::partners::employers::CountOpenHireRequests;
use crate::commands::partners::referrals::FollowUpsQuery;
use crate::commands::site::enquiries::CountNewEnquiries;
use crate::db::cases;
use crate::db::dashboard::DueRow;
use crate::error::AppError;
use crate::views::buddies::help_call_line;
use crate::views::dashboard::{
    DueListPage, MoreRisks, Section, SectionMore, WarningsPage, due_row, message_line, risk_line,
    waiting_row,
};
use crate::views::pager::page_links;
use crate::views::referrals::follow_up_line;
use crate::views::{DashboardPage, render};

/// `?team=1` shows the whole team.
#[derive(Debug, Deserialize)]
pub struct DashboardQuery {
    team: Option<String>,
}

/// `GET /`.
pub async fn show(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<DashboardQuery>,
) -> Result<Html<String>, AppError> {
    let team = q.team.is_some_and(|t| !t.is_empty());
    let actor = Actor::of(&current.user);
    let overview = Overview {
        scope: (!team).then_some(current.user.id),
        due_rows: PANEL_ROWS,
        waiting_rows: PANEL_ROWS,
    };
    let data = overview.run(&state, &actor).await?;
    let risks = overview.risks(&state, &actor).await?;
    let today = data.today;
    let cal = cases::calendar_for_display(&state.db).await?;
    let rows = |rows: Vec<DueRow>| rows.into_iter().map(|r| due_row(r, today, &cal)).collect();
    let mut sections = Vec::new();
    if current.user.team_lead {
        let escalated = crate::commands::overview::escalated(&state, today).await?;
        let rows = section(
            "escalated",
            "Escalated to you as team lead: the team's items overdue too long",
            "No item of the team is overdue past the escalation threshold.",
            escalated
                .into_iter()
                .map(|r| due_row(r, today, &cal))
                .collect(),
            true,
        );
        sections.push(rows);
    }
    let counts = &data.counts;
    let waiting = data
        .waiting
        .into_iter()
        .map(|r| waiting_row(r, today))
        .collect();
    for (kind, rows, total) in [
        (ListKind::Overdue, rows(data.overdue), counts.overdue),
        (ListKind::DueSoon, rows(data.due_soon), counts.due_soon),
        (
            ListKind::Waiting,
            waiting,
            i64::try_from(data.waiting_total).unwrap_or(i64::MAX),
        ),
    ] {
        let mut list = list_section(kind, rows, team);
        list.more = SectionMore::of(kind, list.rows.len(), total, team);
        sections.push(list);
    }
    let messages = ListUnread.run(&state, &actor).await?;
    let help_calls = HelpCallsQuery.run(&state, &actor).await?;
    let follow_ups = FollowUpsQuery { today }.run(&state, &actor).await?;
    let open_hire_requests = CountOpenHireRequests.run(&state, &actor).await?;
    let new_enquiries = CountNewEnquiries.run(&state, &actor).await?;
    let page = DashboardPage {
        nav: super::messages::nav_with_messages(&state, &current, "dashboard").await?,
        messages: messages
            .into_iter()
            .map(|m| message_line(m, state.config.time_zone))
            .collect(),
        team,
        today: softland_domain::date_format::long(today),
        counts: data.counts,
        sections,
        waiting_days: i64::try_from(WAITING_DAYS).unwrap_or(30),
        waiting_total: data.waiting_total,
        risks: risks
            .soonest
            .into_iter()
            .map(|r| risk_line(r, today, &cal))
            .collect(),
        more_risks: risks.counts.map(|counts| MoreRisks::of(counts, team)),
        help_calls: help_calls.into_iter().map(help_call_line).collect(),
        follow_ups: follow_ups
            .due
            .iter()
            .map(|f| follow_up_line(f, today))
            .collect(),
        follow_ups_soon: follow_ups.soon.len(),
        open_hire_requests,
        new_enquiries,
        suggest_two_factor: session::is_two_factor_suggested(&current.session).await?,
    };
    render(&page)
}

/// `?team=1&page=2` of the list of all warnings.
#[derive(Debug, Deserialize)]
pub struct WarningsQuery {
    team: Option<String>,
    /// 1-based; anything else is page 1.
    page: Option<String>,
}

/// `GET /dashboard/warnings`: every risk warning of the consultant's open cases (or the
/// whole team's), soonest first, a page at a time.
pub async fn warnings(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<WarningsQuery>,
) -> Result<Html<String>, AppError> {
    let team = q.team.is_some_and(|t| !t.is_empty());
    let actor = Actor::of(&current.user);
    let asked = q
        .page
        .and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1);
    let shown = AllRisks {
        scope: (!team).then_some(current.user.id),
        page: asked,
        per_page: RISKS_PER_PAGE,
        beyond: Beyond::LastPage,
    }
    .run(&state, &actor)
    .await?;
    let cal = cases::calendar_for_display(&state.db).await?;
    let first = (shown.page - 1).saturating_mul(shown.per_page) + 1;
    let count = u64::try_from(shown.warnings.len()).unwrap_or(0);
    let page = WarningsPage {
        nav: super::messages::nav_with_messages(&state, &current, "dashboard").await?,
        team,
        today: softland_domain::date_format::long(shown.today),
        warnings: shown
            .warnings
            .into_iter()
            .map(|r| risk_line(r, shown.today, &cal))
            .collect(),
        total: shown.total,
        first,
        last: first + count.saturating_sub(1),
        pages: page_links(
            "/dashboard/warnings",
            if team { "team=1" } else { "" },
            shown.page,
            shown.pages,
        ),
    };
    render(&page)
}

/// `?list=overdue&team=1&page=2` of a list of items.
#[derive(Debug, Deserialize)]
pub struct ItemsQuery {
    /// `overdue`, `due-soon` or `waiting`.
    #[serde(default)]
    list: String,
    team: Option<String>,
    /// 1-based; anything else is page 1.
    page: Option<String>,
}

/// `GET /dashboard/items`: every item of one of the dashboard's lists (overdue, due soon,
/// waiting for the authority) of the consultant's open cases (or the whole team's), in the
/// list's order, a page at a time.
pub async fn items(
    State(state): State<AppState>,
    Staff(current): Staff,
    Query(q): Query<ItemsQuery>,
) -> Result<Html<String>, AppError> {
    let team = q.team.is_some_and(|t| !t.is_empty());
    let actor = Actor::of(&current.user);
    let list = ListKind::parse(&q.list).map_err(|_| {
        AppError::BadRequest(
            "There is no such list: the dashboard's lists are overdue, due-soon and waiting."
                .to_owned(),
        )
    })?;
    let asked = q
        .page
        .and_then(|p| p.trim().parse::<u64>().ok())
        .unwrap_or(1);
    let shown = DueList {
        list,
        scope: (!team).then_some(current.user.id),
        page: asked,
        per_page: DUE_PER_PAGE,
        beyond: Beyond::LastPage,
    }
    .run(&state, &actor)
    .await?;
    let cal = cases::calendar_for_display(&state.db).await?;
    let today = shown.today;
    let first = (shown.page - 1).saturating_mul(shown.per_page) + 1;
    let count = u64::try_from(shown.rows.len()).unwrap_or(0);
    let rows = shown
        .rows
        .into_iter()
        .map(|r| match list {
            ListKind::Waiting => waiting_row(r, today),
            ListKind::Overdue | ListKind::DueSoon => due_row(r, today, &cal),
        })
        .collect();
    let section = list_section(list, rows, team);
    let mut query = format!("list={}", list.name());
    if team {
        query.push_str("&team=1");
    }
    let page = DueListPage {
        nav: super::messages::nav_with_messages(&state, &current, "dashboard").await?,
        team,
        list: list.name(),
        today: softland_domain::date_format::long(today),
        total: shown.total,
        first,
        last: first + count.saturating_sub(1),
        order: match list {
            ListKind::Overdue => "most overdue first",
            ListKind::DueSoon => "soonest first",
            ListKind::Waiting => "longest waiting first",
        },
        pages: page_links("/dashboard/items", &query, shown.page, shown.pages),
        section,
    };
    render(&page)
}

/// The table of list `list`, of `rows`.
fn list_section(list: ListKind, rows: Vec<crate::views::dashboard::Row>, team: bool) -> Section {
    let (heading, empty, date_heading) = match list {
        ListKind::Overdue => ("Overdue", "Nothing is overdue.", "Due"),
        ListKind::DueSoon => (
            "Due in the next 14 days",
            "Nothing is due in the next 14 days.",
            "Due",
        ),
        ListKind::Waiting => (
            "Waiting for the authority",
            "Nothing has been waiting longer than usual.",
            "Filed",
        ),
    };
    Section {
        date_heading,
        ..section(list.name(), heading, empty, rows, team)
    }
}

fn section(
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    rows: Vec<crate::views::dashboard::Row>,
    team: bool,
) -> Section {
    Section {
        id,
        heading,
        date_heading: "Due",
        empty,
        rows,
        team,
        more: None,
    }
}
