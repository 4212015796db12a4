//! The home page of staff: the deadline dashboard.

use axum::extract::{Query, State};
use axum::response::Html;
use chrono::Days;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extract::Staff;
use crate::auth::session;
use crate::db::{cases, dashboard};
use crate::error::AppError;
use crate::views::dashboard::{Section, due_row, risk_line, waiting_row};
use crate::views::{DashboardPage, nav::Nav, render};

/// Items due within this many calendar days count as due soon.
pub const HORIZON_DAYS: u64 = 14;
/// Items waiting for the authority longer than this are listed.
pub const WAITING_DAYS: u64 = 30;

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
    let today = state.config.today();
    let team = q.team.is_some_and(|t| !t.is_empty());
    let scope = (!team).then_some(current.user.id);
    let horizon = today
        .checked_add_days(Days::new(HORIZON_DAYS))
        .unwrap_or(today);
    let filed_before = today
        .checked_sub_days(Days::new(WAITING_DAYS))
        .unwrap_or(today);
    let course_soon = today.checked_add_days(Days::new(60)).unwrap_or(today);
    let db = &state.db;
    let cal = cases::calendar_for_display(db).await?;
    let due = dashboard::due_items(db, scope, horizon, 100).await?;
    let (overdue, soon): (Vec<_>, Vec<_>) = due
        .into_iter()
        .partition(|r| r.due_on.is_some_and(|d| d < today));
    let sections = vec![
        section(
            "overdue",
            "Overdue",
            "Nothing is overdue.",
            overdue
                .into_iter()
                .map(|r| due_row(r, today, &cal))
                .collect(),
        ),
        section(
            "due-soon",
            "Due in the next 14 days",
            "Nothing is due in the next 14 days.",
            soon.into_iter().map(|r| due_row(r, today, &cal)).collect(),
        ),
    ];
    let waiting: Vec<_> = dashboard::waiting_items(db, scope, filed_before, 50)
        .await?
        .into_iter()
        .map(|r| waiting_row(r, today))
        .collect();
    let mut sections = sections;
    sections.push(Section {
        id: "waiting",
        heading: "Waiting for the authority",
        date_heading: "Filed",
        empty: "Nothing has been waiting longer than usual.",
        rows: waiting.iter().map(clone_row).collect(),
    });
    let page = DashboardPage {
        nav: Nav::new(
            &current.user,
            session::csrf_token(&current.session).await?,
            "dashboard",
        ),
        team,
        today: softland_domain::date_format::long(today),
        counts: dashboard::counts(db, scope, today, horizon).await?,
        sections,
        waiting_days: i64::try_from(WAITING_DAYS).unwrap_or(30),
        waiting,
        risks: dashboard::risks(db, scope, today, course_soon)
            .await?
            .into_iter()
            .map(|r| risk_line(r, today, &cal))
            .collect(),
    };
    render(&page)
}

fn section(
    id: &'static str,
    heading: &'static str,
    empty: &'static str,
    rows: Vec<crate::views::dashboard::Row>,
) -> Section {
    Section {
        id,
        heading,
        date_heading: "Due",
        empty,
        rows,
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
