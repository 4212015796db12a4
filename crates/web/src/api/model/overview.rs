//! The caller (`me`) and the dashboard figures.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::schema;
use crate::db::dashboard::{self, DueRow, RiskRow};

/// The token in use.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// Token id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
}

/// The account the token acts for.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeOut {
    /// User id.
    pub id: i64,
    /// Sign-in e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// `admin`, `consultant` or `expat`.
    #[schema(schema_with = schema::role)]
    pub role: &'static str,
    /// The token used.
    pub token: TokenOut,
    /// For expats: the ids of their household's cases (the only ones they can read).
    pub case_ids: Vec<i64>,
}

/// An item on the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueItemOut {
    /// Item id.
    pub item_id: i64,
    /// Its case.
    pub case_id: i64,
    /// Whose item.
    pub person: String,
    /// Title.
    pub title: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Status.
    #[schema(schema_with = schema::item_status)]
    pub status: String,
    /// The day it was submitted, for items waiting for the authority.
    pub submitted_on: Option<NaiveDate>,
    /// The consultant's name.
    pub consultant: String,
}

impl From<DueRow> for DueItemOut {
    fn from(row: DueRow) -> Self {
        Self {
            item_id: row.item_id,
            case_id: row.case_id,
            person: row.person,
            title: row.title,
            due_on: row.due_on,
            status: row.status,
            submitted_on: row.status_on,
            consultant: row.consultant,
        }
    }
}

/// The deadline dashboard of one consultant (or the whole team).
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardOut {
    /// Whose figures: a consultant's user id, or `null` for the whole team.
    pub consultant: Option<i64>,
    /// Today in the centre's time zone.
    pub today: NaiveDate,
    /// Open items past their due date.
    pub overdue: i64,
    /// Open items due from today to `horizon_days` ahead.
    pub due_soon: i64,
    /// Items waiting for the authority longer than `waiting_days` (all of them, listed in
    /// `waiting_items` or not).
    pub waiting: u64,
    /// Open cases.
    pub open_cases: i64,
    /// Days ahead that count as due soon.
    pub horizon_days: u64,
    /// Days of waiting for the authority that are listed.
    pub waiting_days: u64,
    /// The overdue items (at most 100, most overdue first; all of them, a page at a time:
    /// `GET /dashboard/items?list=overdue`).
    pub overdue_items: Vec<DueItemOut>,
    /// The items due soon (at most 100, soonest first; all: `list=due-soon`).
    pub due_soon_items: Vec<DueItemOut>,
    /// The items waiting longest (at most 500; all: `list=waiting`).
    pub waiting_items: Vec<DueItemOut>,
}

/// A page of one of the dashboard's lists of items (overdue, due soon, waiting for the
/// authority) of one consultant's open cases or the whole team's.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueItemList {
    /// Whose: a consultant's user id, or `null` for the whole team.
    pub consultant: Option<i64>,
    /// Which list.
    #[schema(schema_with = super::super::schema::due_list)]
    pub list: &'static str,
    /// Today in the centre's time zone.
    pub today: NaiveDate,
    /// The page's items, in the list's order (overdue: most overdue first; due soon:
    /// soonest first; waiting: longest waiting first).
    pub items: Vec<DueItemOut>,
    /// Items in all, on every page.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
}

/// A risk warning of an open case.
#[derive(Debug, Serialize, ToSchema)]
pub struct RiskWarningOut {
    /// The case.
    pub case_id: i64,
    /// Whose: the person's name (the principal's for the household's insurance and items
    /// of the whole case).
    pub person: String,
    /// Which warning.
    #[schema(schema_with = schema::risk_kind)]
    pub kind: &'static str,
    /// The day that matters: the passport's or insurance's end, the item's due day (the
    /// day an extension window closes).
    pub on_date: Option<NaiveDate>,
    /// The other day: the stay's end (permit, else visa) for passports and insurance, the
    /// day an extension window opened.
    pub other_date: Option<NaiveDate>,
}

impl From<RiskRow> for RiskWarningOut {
    fn from(row: RiskRow) -> Self {
        Self {
            case_id: row.case_id,
            person: row.person,
            kind: dashboard::kind_name(row.kind),
            on_date: row.on_date,
            other_date: row.other_date,
        }
    }
}

/// A page of the risk warnings of one consultant's open cases (or the whole team's),
/// soonest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningList {
    /// Whose: a consultant's user id, or `null` for the whole team.
    pub consultant: Option<i64>,
    /// Today in the centre's time zone.
    pub today: NaiveDate,
    /// The page's warnings.
    pub warnings: Vec<RiskWarningOut>,
    /// Warnings in all, on every page.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Warnings per page.
    pub per_page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
}
