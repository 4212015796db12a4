//! `templates/cases/index.html`: the case list, its filter form and its page links.

mod pages;

use askama::Template;
use chrono::NaiveDate;
use softland_domain::Calendar;
use softland_domain::date_format::long;

use super::Choice;
use crate::db::case_list::{CaseFilter, CaseRow, ListStatus, SortBy};
use crate::db::users::StaffMember;
use crate::ids::UserId;
use crate::views::due::describe;
use crate::views::nav::Nav;
pub use pages::{PageLink, query_string};
use pages::{consultant_value, page_links};

/// One case in the table.
pub struct ListRow {
    /// Case id.
    pub id: i64,
    /// Principal's name.
    pub name: String,
    /// Route names, comma-separated.
    pub routes: String,
    /// Consultant's name.
    pub consultant: String,
    /// "open", "on_hold", "closed" (CSS class).
    pub status: String,
    /// "Open", "On hold", "Closed".
    pub status_label: &'static str,
    /// Items done (the progress bar's value).
    pub done: i64,
    /// Items that apply (the progress bar's maximum, at least 1).
    pub max: i64,
    /// "7 of 12 done".
    pub progress: String,
    /// "Wed 30 Dec 2026", if anything is due.
    pub due: Option<String>,
    /// "3 working days left" / "overdue by 2 working days" / "due today".
    pub remaining: String,
    /// CSS class: overdue, soon or empty.
    pub urgency: &'static str,
    /// Title of the item due next.
    pub next_title: String,
    /// It has messages from expats that staff have not read.
    pub unread_messages: bool,
}

/// The filter form's values and choices.
pub struct FilterForm {
    /// The search text.
    pub q: String,
    /// Selected consultant: "" (me), "all" or an id.
    pub consultant: String,
    /// Consultant choices after "Me" and "Whole team".
    pub consultants: Vec<Choice>,
    /// Selected route key, or "".
    pub route: String,
    /// Route choices after "Any route".
    pub routes: Vec<Choice>,
    /// Selected status.
    pub status: &'static str,
    /// Status choices.
    pub statuses: Vec<Choice>,
    /// "Only cases with overdue items" ticked.
    pub overdue: bool,
    /// "Only cases with new messages" ticked.
    pub unread_messages: bool,
    /// Selected order.
    pub sort: &'static str,
    /// Order choices.
    pub sorts: Vec<Choice>,
}

/// The case list page.
#[derive(Template)]
#[template(path = "cases/index.html")]
pub struct CaseListPage {
    /// Navigation.
    pub nav: Nav,
    /// "Wed 25 Nov 2026".
    pub today: String,
    /// The filter form.
    pub filters: FilterForm,
    /// The rows of this page.
    pub rows: Vec<ListRow>,
    /// Cases matching.
    pub total: u64,
    /// Number of the first row shown (1-based; 0 when none).
    pub first: u64,
    /// Number of the last row shown.
    pub last: u64,
    /// Links to the pages (empty when there is one page).
    pub pages: Vec<PageLink>,
    /// The CSV export with the same filters.
    pub csv_href: String,
    /// "3 more in the team" when the scope hides matches of a search, with the link.
    pub team_more: Option<(u64, String)>,
}

/// What the list page is built from.
pub struct ListInputs {
    /// Navigation.
    pub nav: Nav,
    /// The signed-in user.
    pub me: UserId,
    /// The filter applied.
    pub filter: CaseFilter,
    /// The rows of the page.
    pub rows: Vec<CaseRow>,
    /// Cases matching.
    pub total: u64,
    /// Page shown, number of pages, rows per page.
    pub page: (u64, u64, u64),
    /// Active staff, for the consultant filter.
    pub staff: std::sync::Arc<[StaffMember]>,
    /// Every route's key and name, for names and the route filter.
    pub templates: crate::db::templates::RouteNames,
    /// Today.
    pub today: NaiveDate,
    /// Working days, for "3 working days left".
    pub cal: Calendar,
    /// The whole team's matches, when the list keeps to one consultant and a search is typed.
    pub team_total: Option<u64>,
}

impl CaseListPage {
    /// The page for `inputs`.
    pub fn new(inputs: ListInputs) -> Self {
        let ListInputs {
            nav,
            me,
            filter,
            rows,
            total,
            page,
            staff,
            templates,
            today,
            cal,
            team_total,
        } = inputs;
        let (current, pages, page_size) = page;
        let query = query_string(&filter, me);
        let first = if total == 0 {
            0
        } else {
            (current - 1) * page_size + 1
        };
        Self {
            nav,
            today: long(today),
            filters: FilterForm::new(&filter, me, &staff, &templates),
            rows: rows
                .into_iter()
                .map(|r| list_row(r, &templates, today, &cal))
                .collect(),
            total,
            first,
            last: (first + page_size - 1).min(total),
            pages: page_links(&query, current, pages),
            csv_href: if query.is_empty() {
                "/cases.csv".to_owned()
            } else {
                format!("/cases.csv?{query}")
            },
            team_more: team_total.filter(|team| *team > total).map(|team| {
                let everyone = CaseFilter {
                    consultant: None,
                    ..filter.clone()
                };
                (
                    team - total,
                    format!("/cases?{}", query_string(&everyone, me)),
                )
            }),
        }
    }
}

impl FilterForm {
    fn new(
        filter: &CaseFilter,
        me: UserId,
        staff: &[StaffMember],
        templates: &[(String, String)],
    ) -> Self {
        let others = staff.iter().filter(|u| u.id != me);
        Self {
            q: filter.search.clone().unwrap_or_default(),
            consultant: consultant_value(filter.consultant, me),
            consultants: others
                .map(|u| Choice::new(u.id.to_string(), &u.display_name))
                .collect(),
            route: filter
                .route
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            routes: templates
                .iter()
                .map(|(route, name)| Choice::new(route, name))
                .collect(),
            status: filter.status.as_str(),
            statuses: ListStatus::ALL
                .iter()
                .map(|s| Choice::new(s.as_str(), s.label()))
                .collect(),
            overdue: filter.overdue,
            unread_messages: filter.unread_messages,
            sort: filter.sort.as_str(),
            sorts: SortBy::ALL
                .iter()
                .map(|s| Choice::new(s.as_str(), s.label()))
                .collect(),
        }
    }
}

fn list_row(
    r: CaseRow,
    templates: &[(String, String)],
    today: NaiveDate,
    cal: &Calendar,
) -> ListRow {
    let name_of = |k: &str| {
        templates
            .iter()
            .find(|(route, _)| route == k)
            .map_or(k.to_owned(), |(_, name)| name.clone())
    };
    let routes = r.route_keys().map(name_of).collect::<Vec<_>>().join(", ");
    let due_text = r.next_due_on.map(|d| describe(d, today, cal, 3));
    let (remaining, urgency) = due_text.map_or((String::new(), ""), |d| (d.text, d.class));
    ListRow {
        id: r.id,
        routes,
        status_label: ListStatus::parse(&r.status).map_or("", ListStatus::label),
        done: r.items_done,
        max: r.items_applicable.max(1),
        progress: format!("{} of {} done", r.items_done, r.items_applicable),
        due: r.next_due_on.map(long),
        remaining,
        urgency,
        next_title: r.next_title.unwrap_or_default(),
        unread_messages: r.unread_messages,
        name: r.principal_name,
        consultant: r.consultant,
        status: r.status,
    }
}
