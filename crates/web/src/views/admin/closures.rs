//! `templates/admin/closures/list.html`: office closure days (upcoming first), the form that
//! adds one and a remove button per day.

use askama::Template;
use chrono::NaiveDate;
use softland_domain::date_format::long;

use crate::commands::FieldErrors;
use crate::views::nav::Nav;

/// A closure day.
pub struct ClosureRow {
    /// "2026-12-31", for the remove form's address.
    pub iso: String,
    /// "Thu 31 Dec 2026".
    pub date: String,
    /// Why the office is closed.
    pub reason: String,
}

/// What was typed into the add form.
#[derive(Debug, Clone, Default)]
pub struct ClosureValues {
    /// The date as typed.
    pub date: String,
    /// The reason as typed.
    pub reason: String,
}

/// The closure days page.
#[derive(Template)]
#[template(path = "admin/closures/list.html")]
pub struct ClosuresPage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// Today and later, soonest first.
    pub upcoming: Vec<ClosureRow>,
    /// Before today, latest first.
    pub past: Vec<ClosureRow>,
    /// The add form's values.
    pub form: ClosureValues,
    /// The add form's errors.
    pub errors: FieldErrors,
}

impl ClosuresPage {
    /// The page of `closures` (any order) seen on `today`.
    pub fn new(nav: Nav, closures: Vec<(NaiveDate, String)>, today: NaiveDate) -> Self {
        let (mut upcoming, mut past): (Vec<_>, Vec<_>) =
            closures.into_iter().partition(|(day, _)| *day >= today);
        upcoming.sort_by_key(|(day, _)| *day);
        past.sort_by_key(|(day, _)| std::cmp::Reverse(*day));
        let row = |(day, reason): (NaiveDate, String)| ClosureRow {
            iso: day.format("%Y-%m-%d").to_string(),
            date: long(day),
            reason,
        };
        Self {
            nav,
            notice: None,
            upcoming: upcoming.into_iter().map(row).collect(),
            past: past.into_iter().map(row).collect(),
            form: ClosureValues::default(),
            errors: FieldErrors::new(),
        }
    }
}

/// The text shown after a change, by the redirect's `?done=`.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "added" => Some("The closure day was saved. Deadlines computed from now on skip it."),
        "removed" => Some("The closure day was removed."),
        _ => None,
    }
}
