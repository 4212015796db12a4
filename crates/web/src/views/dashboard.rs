//! `templates/dashboard/show.html`: the consultant's deadline dashboard.

use askama::Template;
use chrono::NaiveDate;
use softland_domain::Calendar;
use softland_domain::case::RiskKind;
use softland_domain::date_format::{count, long};

use super::nav::Nav;
use crate::commands::overview::ListKind;
use crate::db::dashboard::{Counts, DueRow, RiskCounts, RiskRow};
use crate::views::pager::PageLink;

/// One table row.
pub struct Row {
    /// Case id.
    pub case_id: i64,
    /// Item id.
    pub item_id: i64,
    /// Person.
    pub person: String,
    /// Item title.
    pub title: String,
    /// "Wed 30 Dec 2026".
    pub date: String,
    /// "3 working days left" / "overdue by 2 working days" / "filed 40 days ago".
    pub remaining: String,
    /// CSS class: overdue, soon or empty.
    pub urgency: &'static str,
    /// Status label.
    pub status: &'static str,
    /// Consultant's name.
    pub consultant: String,
}

/// A table of rows under a heading.
pub struct Section {
    /// Anchor id.
    pub id: &'static str,
    /// Heading.
    pub heading: &'static str,
    /// Heading of the date column.
    pub date_heading: &'static str,
    /// Text when empty.
    pub empty: &'static str,
    /// Rows.
    pub rows: Vec<Row>,
    /// Whether the last column names the consultant (the whole team's rows) instead of the
    /// status.
    pub team: bool,
    /// When the list has more rows than are shown: the line that says so and links to all.
    pub more: Option<SectionMore>,
}

/// "The 20 most overdue of 412 are listed. See all 412 overdue items".
pub struct SectionMore {
    /// "The 20 most overdue of 412 are listed."
    pub said: String,
    /// "See all 412 overdue items".
    pub link: String,
    /// The first page of the whole list.
    pub href: String,
}

impl SectionMore {
    /// The line of list `list` showing `shown` of its `total` rows (`None` when it shows
    /// them all).
    pub fn of(list: ListKind, shown: usize, total: i64, team: bool) -> Option<Self> {
        let shown_count = i64::try_from(shown).unwrap_or(i64::MAX);
        if total <= shown_count {
            return None;
        }
        let (first, all) = match list {
            ListKind::Overdue => ("most overdue", "overdue items"),
            ListKind::DueSoon => ("soonest", "items due in the next 14 days"),
            ListKind::Waiting => ("waiting longest", "items waiting for the authority"),
        };
        let team = if team { "&team=1" } else { "" };
        Some(Self {
            said: format!("The {shown} {first} of {total} are listed."),
            link: format!("See all {total} {all}"),
            href: format!("/dashboard/items?list={}{team}", list.name()),
        })
    }
}

/// A risk warning line.
pub struct RiskLine {
    /// Case id.
    pub case_id: i64,
    /// Person.
    pub person: String,
    /// The warning.
    pub message: String,
}

/// The dashboard's line under its risk warnings when there are more than it lists.
pub struct MoreRisks {
    /// "papers ending before the stay on 57 cases, 30 extension windows, …".
    pub figures: String,
    /// The list of all warnings of the same cases.
    pub href: &'static str,
}

impl MoreRisks {
    /// The line for `counts`, linking to the list of all warnings of the team's cases or
    /// the signed-in consultant's.
    pub fn of(counts: RiskCounts, team: bool) -> Self {
        let figures = [
            (counts.papers_cases > 0).then(|| {
                format!(
                    "papers ending before the stay on {}",
                    count(counts.papers_cases, "case")
                )
            }),
            (counts.extensions > 0).then(|| {
                format!(
                    "{} open or missed",
                    count(counts.extensions, "extension window")
                )
            }),
            (counts.registrations > 0)
                .then(|| format!("{} missed", count(counts.registrations, "registration"))),
            (counts.courses > 0)
                .then(|| format!("{} due", count(counts.courses, "integration course"))),
        ];
        let figures: Vec<String> = figures.into_iter().flatten().collect();
        Self {
            figures: and_list(&figures),
            href: if team {
                "/dashboard/warnings?team=1"
            } else {
                "/dashboard/warnings"
            },
        }
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `templates/dashboard/warnings.html`: a page of the list of all risk warnings.
#[derive(Template)]
#[template(path = "dashboard/warnings.html")]
pub struct WarningsPage {
    /// Navigation.
    pub nav: Nav,
    /// Whole team or own cases.
    pub team: bool,
    /// "Wed 25 Nov 2026".
    pub today: String,
    /// The page's warnings, soonest first.
    pub warnings: Vec<RiskLine>,
    /// Warnings in all.
    pub total: u64,
    /// The number of the page's first warning, and of its last.
    pub first: u64,
    /// See `first`.
    pub last: u64,
    /// Links to the pages (empty when there is one page).
    pub pages: Vec<PageLink>,
}

/// `templates/dashboard/items.html`: a page of one of the dashboard's lists of items.
#[derive(Template)]
#[template(path = "dashboard/items.html")]
pub struct DueListPage {
    /// Navigation.
    pub nav: Nav,
    /// Whole team or own cases.
    pub team: bool,
    /// The list's name in addresses (`overdue`, `due-soon`, `waiting`).
    pub list: &'static str,
    /// "Wed 25 Nov 2026".
    pub today: String,
    /// The page's rows, under the list's heading.
    pub section: Section,
    /// Rows in all.
    pub total: u64,
    /// The number of the page's first row, and of its last.
    pub first: u64,
    /// See `first`.
    pub last: u64,
    /// "most overdue first".
    pub order: &'static str,
    /// Links to the pages (empty when there is one page).
    pub pages: Vec<PageLink>,
}

/// The dashboard page.
#[derive(Template)]
#[template(path = "dashboard/show.html")]
pub struct DashboardPage {
    /// Navigation.
    pub nav: Nav,
    /// Whole team or own cases.
    pub team: bool,
    /// "Wed 25 Nov 2026".
    pub today: String,
    /// The counts.
    pub counts: Counts,
    /// Overdue, due soon.
    pub sections: Vec<Section>,
    /// Days after which waiting counts as long.
    pub waiting_days: i64,
    /// How many items wait so long (listed or not).
    pub waiting_total: u64,
    /// Risk warnings: the soonest few.
    pub risks: Vec<RiskLine>,
    /// What is said of the warnings not listed, when there are more than are listed.
    pub more_risks: Option<MoreRisks>,
    /// Cases with messages from expats not yet read, newest first.
    pub messages: Vec<MessageLine>,
    /// Ambassadors' calls for the centre's help on the consultant's cases (an admin's: all),
    /// not handled yet.
    pub help_calls: Vec<super::buddies::HelpCallLine>,
    /// Referrals of the consultant's cases to follow up today or earlier (issue 21).
    pub follow_ups: Vec<super::referrals::FollowUpLine>,
    /// How many more are to be followed up in the next 7 days.
    pub follow_ups_soon: usize,
    /// Employers' pre-arrival requests waiting for the centre (issue 21).
    pub open_hire_requests: u64,
    /// Enquiries from the contact form nobody has taken yet (issue 22).
    pub new_enquiries: u64,
    /// Whether to invite the consultant to set up two-factor sign-in (issue 23).
    pub suggest_two_factor: bool,
}

/// A case with new messages, on the dashboard.
pub struct MessageLine {
    /// Case id.
    pub case_id: i64,
    /// The principal.
    pub person: String,
    /// "3 new messages".
    pub count: String,
    /// When the newest was written: "Wed 2 Dec 2026 14:05".
    pub at: String,
}

/// The dashboard's line for `case`.
pub fn message_line(case: crate::db::messages::UnreadCase, tz: chrono_tz::Tz) -> MessageLine {
    let at = case.at.with_timezone(&tz);
    MessageLine {
        case_id: case.case_id,
        person: case.principal_name,
        count: count(case.unread, "new message"),
        at: format!("{} {}", long(at.date_naive()), at.format("%H:%M")),
    }
}

fn status_label(status: &str) -> &'static str {
    softland_domain::StatusKind::parse(status).map_or("", softland_domain::StatusKind::label)
}

/// A due row with working days left or overdue by.
pub fn due_row(r: DueRow, today: NaiveDate, cal: &Calendar) -> Row {
    let due = r.due_on.unwrap_or(today);
    let d = super::due::describe(due, today, cal, 3);
    let (remaining, urgency) = (d.text, d.class);
    Row {
        case_id: r.case_id,
        item_id: r.item_id,
        date: long(due),
        remaining,
        urgency,
        status: status_label(&r.status),
        person: r.person,
        title: r.title,
        consultant: r.consultant,
    }
}

/// A waiting row: filed on, days waiting.
pub fn waiting_row(r: DueRow, today: NaiveDate) -> Row {
    let filed = r.status_on.unwrap_or(today);
    Row {
        case_id: r.case_id,
        item_id: r.item_id,
        date: long(filed),
        remaining: format!("waiting {}", count((today - filed).num_days(), "day")),
        urgency: "",
        status: status_label(&r.status),
        person: r.person,
        title: r.title,
        consultant: r.consultant,
    }
}

/// A risk row in one sentence.
pub fn risk_line(r: RiskRow, today: NaiveDate, cal: &Calendar) -> RiskLine {
    let on = r.on_date.map(long).unwrap_or_default();
    let other = r.other_date.map(long).unwrap_or_default();
    let message = match r.kind {
        RiskKind::Passport => format!("passport expires {on}, before the permit ({other})"),
        RiskKind::Insurance => format!("health insurance ends {on}, before the permit ({other})"),
        RiskKind::Extension => {
            let left = r.on_date.map_or(0, |d| cal.office_days_between(today, d));
            format!(
                "extension window open since {other}; closes {on} ({} left)",
                count(left, "working day")
            )
        }
        RiskKind::ExtensionMissed => format!(
            "extension window closed {on} with nothing filed: the permit can no longer be extended"
        ),
        RiskKind::Registration => format!("registration deadline missed ({on})"),
        RiskKind::CriminalRecord => format!("criminal-record extract too old since {on}"),
        RiskKind::IntegrationCourse => format!("integration course due by {on}"),
    };
    RiskLine {
        case_id: r.case_id,
        person: r.person,
        message,
    }
}
