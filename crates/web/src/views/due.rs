//! How far away a due date is, in working days, worded the same on every page.

use std::cmp::Ordering;

use chrono::NaiveDate;
use softland_domain::Calendar;
use softland_domain::date_format::{count, long};

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
    /// When the office is closed on the due day (and it is still ahead): "The office is
    /// closed on Thu 31 Dec 2026; go by Wed 30 Dec 2026." The due date itself is the legal
    /// one either way.
    pub advice: Option<String>,
}

/// The advice for a due day the office is closed on, from `today` on.
pub fn office_advice(due: NaiveDate, today: NaiveDate, cal: &Calendar) -> Option<String> {
    if due < today {
        return None;
    }
    cal.go_by(due).map(|by| {
        if by < today {
            format!(
                "The office is closed on {}, the last day; file by post or online if you can.",
                long(due)
            )
        } else {
            format!("The office is closed on {}; go by {}.", long(due), long(by))
        }
    })
}

/// Describes `due` seen from `today`.
pub fn describe(due: NaiveDate, today: NaiveDate, cal: &Calendar, soon_within: i64) -> DueText {
    let left = cal.office_days_between(today, due);
    let advice = office_advice(due, today, cal);
    match due.cmp(&today) {
        Ordering::Less => DueText {
            text: format!("overdue by {}", count(-left, "working day")),
            class: "overdue",
            overdue: true,
            today: false,
            advice,
        },
        Ordering::Equal => DueText {
            text: "due today".to_owned(),
            class: "soon",
            overdue: false,
            today: true,
            advice,
        },
        Ordering::Greater => DueText {
            text: format!("{} left", count(left, "working day")),
            class: if left <= soon_within { "soon" } else { "" },
            overdue: false,
            today: false,
            advice,
        },
    }
}
