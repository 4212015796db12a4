//! The home page of staff: the deadline dashboard; and the list of all its risk warnings
//! (`/dashboard/warnings`), of which the dashboard shows the soonest few.

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
use crate::commands::overview::{AllRisks, Overview, RISKS_PER_PAGE, WAITING_DAYS};
use crate::commands::partners::employers::CountOpenHireRequests;
use crate::commands::partners::referrals::FollowUpsQuery;
use crate::commands::site::enquiries::CountNewEnquiries;
use crate::db::cases;
use crate::db::dashboard::DueRow;
use crate::error::AppError;
use crate::views::buddies::help_call_line;
use crate::views::dashboard::{
    MoreRisks, Section, WarningsPage, due_row, message_line, risk_line, waiting_row,
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
        waiting_limit: 50,
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
    sections.extend([
        section(
            "overdue",
            "Overdue",
            "Nothing is overdue.",
            rows(data.overdue),
            team,
        ),
        section(
            "due-soon",
            "Due in the next 14 days",
            "Nothing is due in the next 14 days.",
            rows(data.due_soon),
            team,
        ),
    ]);
    let waiting: Vec<_> = data
        .waiting
        .into_iter()
        .map(|r| waiting_row(r, today))
        .collect();
    sections.push(Section {
        id: "waiting",
        heading: "Waiting for the authority",
        date_heading: "Filed",
        empty: "Nothing has been waiting longer than usual.",
        rows: waiting.iter().map(clone_row).collect(),
        team,
    });
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
        waiting,
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
    }
}

fn clone_row(r: &crate::views::dashboard::Row) -> crate::views::dashboard::Row {
    crate::views::dashboard::Row {
        case_id: r.case_id,
        item_id: r.item_id,
        person: r.person.clone(),
        title: r.title.clone(),
        date: r.date.clone(),
        remaining: r.remaining.clone(),
        urgency: r.urgency,
        status: r.status,
        consultant: r.consultant.clone(),
    }
}
