//! `templates/admin/`: the admin pages. The overview lives here; staff accounts, route
//! templates and office closures have a module each.

pub mod access_log;
pub mod articles;
pub mod breaches;
pub mod closures;
pub mod notifications;
pub mod partners;
pub mod rule;
pub mod security;
pub mod site;
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
    /// The centre's digest time.
    pub digest_time: String,
    /// The centre's reminder time.
    pub reminder_time: String,
    /// The "other" category's lead times, "14, 3, 1".
    pub lead_times: String,
    /// Whether a mail server is configured.
    pub smtp: bool,
    /// Mails given up on.
    pub mail_failed: u64,
    /// Jobs waiting.
    pub jobs_pending: u64,
    /// Jobs given up on.
    pub jobs_failed: u64,
}

/// The day of `at` in the centre's time zone, as every page shows dates.
pub fn day_of(at: DateTime<Utc>, zone: Tz) -> String {
    long(at.with_timezone(&zone).date_naive())
}
