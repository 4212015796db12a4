//! How far away a due date is, in working days, worded the same on every page.

use std::cmp::Ordering;

use chrono::NaiveDate;
use softland_domain::Calendar;
use softland_domain::date_format::count;

/// "3 working days left" / "due today" / "overdue by 2 working days", with a CSS class.
pub struct DueText {
    /// The words.
    pub text: String,
    /// "overdue", "soon" (within `soon_within` working days or today) or "".
    pub class: &'static str,
    /// Whether the date has passed.
    pub overdue: bool,
    /// Whether it is today.
    pub today: bool,
}

/// Describes `due` seen from `today`.
pub fn describe(due: NaiveDate, today: NaiveDate, cal: &Calendar, soon_within: i64) -> DueText {
    let left = cal.working_days_between(today, due);
    match due.cmp(&today) {
        Ordering::Less => DueText {
            text: format!("overdue by {}", count(-left, "working day")),
            class: "overdue",
            overdue: true,
            today: false,
        },
        Ordering::Equal => DueText {
            text: "due today".to_owned(),
            class: "soon",
            overdue: false,
            today: true,
        },
        Ordering::Greater => DueText {
            text: format!("{} left", count(left, "working day")),
            class: if left <= soon_within { "soon" } else { "" },
            overdue: false,
            today: false,
        },
    }
}
