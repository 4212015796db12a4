//! `templates/admin/`: the admin pages. The overview lives here; staff accounts, route
//! templates and office closures have a module each.

pub mod closures;
pub mod rule;
pub mod templates;
pub mod users;

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use softland_domain::date_format::long;

use super::nav::Nav;
use crate::db::users::AccountCounts;

/// `templates/admin/show.html`: the admin overview, linking the three areas with counts.
#[derive(Template)]
#[template(path = "admin/show.html")]
pub struct AdminPage {
    /// Navigation.
    pub nav: Nav,
    /// Accounts by role.
    pub accounts: AccountCounts,
    /// How many routes have a template.
    pub routes: usize,
    /// Closure days from today on.
    pub upcoming_closures: usize,
    /// The next closure day, "Thu 24 Dec 2026".
    pub next_closure: Option<String>,
}

/// The day of `at` in the centre's time zone, as every page shows dates.
pub fn day_of(at: DateTime<Utc>, zone: Tz) -> String {
    long(at.with_timezone(&zone).date_naive())
}
