//! `templates/calendar/month.html`: the month view of due dates, and
//! `templates/partials/calendar_feed.html`: the calendar feed section of both account pages
//! (issue 19).

use std::collections::BTreeMap;

use askama::Template;
use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;
use softland_domain::calendar::{Calendar, DayOff};
use softland_domain::date_format::long;
use softland_domain::month::Month;

use super::admin::day_of;
use super::nav::Nav;
use crate::commands::month::MonthData;
use crate::db::calendar_items::DueItem;
use crate::db::feed_tokens::FeedToken;

/// One item on a day.
pub struct DayItem {
    /// `/cases/12?at=item-40#item-40`.
    pub href: String,
    /// "Register your address — Priya Sharma".
    pub label: String,
    /// Whether its due date has passed.
    pub overdue: bool,
}

/// One cell of the grid.
pub struct DayCell {
    /// The day of the month ("4"); empty for the days of the months around it.
    pub number: String,
    /// "Mon 4 Jan 2027" (shown in the phone layout, where there are no column headers).
    pub date: String,
    /// `weekend`, `holiday`, `closed`, `today` and `pad` classes.
    pub classes: String,
    /// "Public holiday", "Office closed: Staff training", or empty.
    pub mark: String,
    /// Whether it is today.
    pub is_today: bool,
    /// Its items.
    pub items: Vec<DayItem>,
}

/// The page.
#[derive(Template)]
#[template(path = "calendar/month.html")]
pub struct MonthPage {
    /// Navigation.
    pub nav: Nav,
    /// "January 2027".
    pub name: String,
    /// The month as the form shows it (`2027-01`, or what was typed).
    pub typed: String,
    /// Why the month typed is refused, beside the field.
    pub month_error: Option<String>,
    /// The whole team's items, not only one's own.
    pub team: bool,
    /// `?month=2026-12` (with `&team=1`).
    pub previous: String,
    /// `?month=2027-02` (with `&team=1`).
    pub next: String,
    /// The same month for the other scope.
    pub switch: String,
    /// Weeks of seven cells, Monday first.
    pub weeks: Vec<Vec<DayCell>>,
    /// Whether more items were due than the page lists.
    pub truncated: bool,
}

/// What the month page shows, as asked.
pub struct Shown {
    /// The month shown.
    pub month: Month,
    /// The whole team's items.
    pub team: bool,
    /// The month as typed.
    pub typed: String,
    /// Why the month typed is refused (this month is shown instead).
    pub error: Option<String>,
}

impl MonthPage {
    /// The page of `shown.month` with `data`'s items.
    pub fn new(nav: Nav, shown: Shown, data: &MonthData) -> Self {
        let Shown {
            month,
            team,
            typed,
            error,
        } = shown;
        let grid = MonthGrid {
            month,
            today: data.today,
            items: &data.items,
            closures: &data.closures,
        };
        Self {
            nav,
            name: month.name(),
            typed: if error.is_some() {
                typed
            } else {
                month.to_string()
            },
            month_error: error,
            team,
            previous: month_href(month.previous(), team),
            next: month_href(month.next(), team),
            switch: month_href(month, !team),
            weeks: grid.weeks(),
            truncated: data.truncated,
        }
    }
}

/// What the grid is drawn from.
pub struct MonthGrid<'a> {
    /// The month.
    pub month: Month,
    /// Today in the centre.
    pub today: NaiveDate,
    /// The open items due in the month.
    pub items: &'a [DueItem],
    /// Office closures with their reasons.
    pub closures: &'a [(NaiveDate, String)],
}

impl MonthGrid<'_> {
    /// Weeks of seven cells, Monday first, padded with empty cells.
    pub fn weeks(&self) -> Vec<Vec<DayCell>> {
        let mut by_day: BTreeMap<NaiveDate, Vec<DayItem>> = BTreeMap::new();
        for item in self.items {
            by_day.entry(item.due_on).or_default().push(DayItem {
                href: format!(
                    "/cases/{}?at=item-{id}#item-{id}",
                    item.case_id,
                    id = item.item_id
                ),
                label: format!("{} — {}", item.title, item.person),
                overdue: item.due_on < self.today,
            });
        }
        let lead = self.month.first_day().weekday().num_days_from_monday();
        let mut cells: Vec<DayCell> = (0..lead).map(|_| pad()).collect();
        for day in self.month.days() {
            cells.push(self.cell(day, by_day.remove(&day).unwrap_or_default()));
        }
        while !cells.len().is_multiple_of(7) {
            cells.push(pad());
        }
        let mut weeks = Vec::new();
        let mut cells = cells.into_iter().peekable();
        while cells.peek().is_some() {
            weeks.push(cells.by_ref().take(7).collect());
        }
        weeks
    }

    fn cell(&self, day: NaiveDate, items: Vec<DayItem>) -> DayCell {
        let mut classes = Vec::new();
        let closure = self.closures.iter().find(|(d, _)| *d == day);
        let mark = match (Calendar::czech().day_off(day), closure) {
            (Some(DayOff::PublicHoliday), _) => {
                classes.push("holiday");
                "Public holiday".to_owned()
            }
            (Some(DayOff::Weekend), _) => {
                classes.push("weekend");
                String::new()
            }
            (None, Some((_, reason))) => {
                classes.push("closed");
                format!("Office closed: {reason}")
            }
            (None, None) => String::new(),
        };
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !classes.contains(&"weekend") {
            classes.push("weekend");
        }
        let is_today = day == self.today;
        if is_today {
            classes.push("today");
        }
        DayCell {
            number: day.day().to_string(),
            date: long(day),
            classes: classes.join(" "),
            mark,
            is_today,
            items,
        }
    }
}

fn pad() -> DayCell {
    DayCell {
        number: String::new(),
        date: String::new(),
        classes: "pad".to_owned(),
        mark: String::new(),
        is_today: false,
        items: Vec::new(),
    }
}

/// The address of `month`, mine or the team's.
pub fn month_href(month: Month, team: bool) -> String {
    if team {
        format!("/calendar?month={month}&team=1")
    } else {
        format!("/calendar?month={month}")
    }
}

/// The calendar feed section of an account page.
pub struct FeedSection {
    /// The page's CSRF token.
    pub csrf: String,
    /// Where its forms go: `/account/calendar-feed` or `/my/account/calendar-feed`.
    pub action: &'static str,
    /// Whether the account is an expat's (the wording).
    pub for_expat: bool,
    /// "Thu 24 Dec 2026" when an address works, made that day.
    pub made: Option<String>,
    /// "Thu 24 Dec 2026" or "never".
    pub last_used: String,
    /// The address just made, shown once.
    pub new_url: Option<String>,
}

impl FeedSection {
    /// The section for an account whose working address is `token`.
    pub fn new(
        token: Option<&FeedToken>,
        (csrf, action, for_expat): (String, &'static str, bool),
        zone: Tz,
    ) -> Self {
        Self {
            csrf,
            action,
            for_expat,
            made: token.map(|t| day_of(t.created_at, zone)),
            last_used: token
                .and_then(|t| t.last_used_at)
                .map_or_else(|| "never".to_owned(), |at| day_of(at, zone)),
            new_url: None,
        }
    }
}

/// A feed's address: `<public address>/calendar/<secret>.ics`.
pub fn feed_url(base_url: &str, secret: &str) -> String {
    format!("{}/calendar/{secret}.ics", base_url.trim_end_matches('/'))
}
