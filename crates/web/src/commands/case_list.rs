//! The case list: its query string, parsed leniently into a `CaseFilter` (a value that is not
//! understood falls back to the default instead of failing the request), and the queries
//! that read one page of it or all of it (the CSV export).

use serde::Deserialize;
use softland_domain::RouteKey;

use super::{Actor, CommandError};
use crate::app::AppState;
use crate::db::case_list::{self, CaseFilter, CaseRow, ListStatus, SortBy};
use crate::ids::UserId;

/// A page of the case list (staff only).
#[derive(Debug, Clone)]
pub struct ListCases {
    /// Which cases, in which order.
    pub filter: CaseFilter,
    /// The page asked for, 1 or more.
    pub page: u64,
    /// Cases per page, 1 or more.
    pub per_page: u64,
    /// What a page past the last one shows.
    pub beyond: Beyond,
}

/// What a page past the last one shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    /// The last page (the pages a person clicks through).
    LastPage,
    /// Nothing (an API client walking the pages learns it is done).
    Nothing,
}

/// One page of cases.
#[derive(Debug, Clone)]
pub struct CasesPage {
    /// The rows.
    pub rows: Vec<CaseRow>,
    /// Cases the filter selects, on every page.
    pub total: u64,
    /// The page shown.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// When the list keeps to one consultant's cases and a search is typed: how many cases of
    /// the whole team match (so the page can say what its scope hides).
    pub team_total: Option<u64>,
}

impl ListCases {
    /// Runs it as of the centre's today.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<CasesPage, CommandError> {
        actor.must_be_staff()?;
        let (db, today) = (&state.db, state.config.today());
        let per_page = self.per_page.max(1);
        let total = case_list::count(db, &self.filter, today).await?;
        let (page, pages) = shown_page(self.page, total, per_page, self.beyond);
        let offset = (page - 1).saturating_mul(per_page);
        let rows = case_list::page(db, &self.filter, today, offset, per_page).await?;
        let team_total = if self.filter.consultant.is_some() && self.filter.search.is_some() {
            let team = CaseFilter {
                consultant: None,
                ..self.filter.clone()
            };
            Some(case_list::count(db, &team, today).await?)
        } else {
            None
        };
        Ok(CasesPage {
            rows,
            total,
            page,
            pages,
            team_total,
        })
    }
}

/// The page to show of `total` rows, `per_page` on a page, when page `asked` is asked for;
/// and how many pages there are (also the pages of the list of all warnings,
/// `commands::overview::AllRisks`).
pub(crate) fn shown_page(asked: u64, total: u64, per_page: u64, beyond: Beyond) -> (u64, u64) {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    match beyond {
        Beyond::LastPage => (asked.clamp(1, pages), pages),
        Beyond::Nothing => (asked.max(1), pages),
    }
}

/// Every case the filter selects (the CSV export; staff only).
#[derive(Debug, Clone)]
pub struct ExportCases {
    /// Which cases, in which order.
    pub filter: CaseFilter,
}

impl ExportCases {
    /// Runs it as of the centre's today.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Vec<CaseRow>, CommandError> {
        actor.must_be_staff()?;
        Ok(case_list::all(&state.db, &self.filter, state.config.today()).await?)
    }
}

/// Cases per page.
pub const PAGE_SIZE: u64 = 50;

/// `?consultant=&route=&status=&overdue=&q=&sort=&page=` of `/cases` and `/cases.csv`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Empty for my cases, `all` for the team, or a consultant's id.
    consultant: Option<String>,
    /// A route key, or empty for any route.
    route: Option<String>,
    /// `open` (default), `on_hold` or `closed`.
    status: Option<String>,
    /// Any non-empty value: only cases with overdue items.
    overdue: Option<String>,
    /// `unread`: only cases with messages from expats that staff have not read.
    messages: Option<String>,
    /// Search text.
    q: Option<String>,
    /// `next_due` (default), `name` or `opened`.
    sort: Option<String>,
    /// 1-based page number.
    page: Option<String>,
}

/// Longest search text used; the rest is ignored.
const MAX_SEARCH_CHARS: usize = 100;

impl ListQuery {
    /// The filter this query asks for, as seen by user `me`.
    pub fn filter(&self, me: UserId) -> CaseFilter {
        let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
        let consultant = match text(&self.consultant).as_str() {
            "all" => None,
            other => Some(other.parse().map_or(me, UserId)),
        };
        let search: String = text(&self.q).chars().take(MAX_SEARCH_CHARS).collect();
        CaseFilter {
            consultant,
            route: RouteKey::parse(&text(&self.route)).ok(),
            status: ListStatus::parse(&text(&self.status)).unwrap_or_default(),
            overdue: !text(&self.overdue).is_empty(),
            unread_messages: text(&self.messages) == "unread",
            search: (!search.is_empty()).then_some(search),
            sort: SortBy::parse(&text(&self.sort)).unwrap_or_default(),
        }
    }

    /// The page asked for, 1 or more.
    pub fn page(&self) -> u64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &str) -> ListQuery {
        serde_html_form::from_str(pairs).unwrap()
    }

    #[test]
    fn an_empty_query_lists_my_open_cases_by_next_due_date() {
        let filter = query("").filter(UserId(7));
        assert_eq!(
            filter,
            CaseFilter {
                consultant: Some(UserId(7)),
                ..CaseFilter::default()
            }
        );
    }

    #[test]
    fn values_that_are_not_understood_fall_back_to_the_defaults() {
        let q = query(
            "consultant=x&route=Bad%20Route&status=deleted&sort=name%3B+DROP+TABLE+cases&page=-3",
        );
        let filter = q.filter(UserId(7));
        assert_eq!(filter.consultant, Some(UserId(7)));
        assert_eq!(filter.route, None);
        assert_eq!(filter.status, ListStatus::Open);
        assert_eq!(filter.sort, SortBy::NextDue);
        assert_eq!(q.page(), 1);
    }

    #[test]
    fn the_whole_team_other_consultants_and_options_are_understood() {
        let q =
            query("consultant=all&route=study&status=on_hold&overdue=1&q=+Rao+&sort=opened&page=3");
        let filter = q.filter(UserId(7));
        assert_eq!(filter.consultant, None);
        assert_eq!(filter.route.as_ref().map(RouteKey::as_str), Some("study"));
        assert_eq!(filter.status, ListStatus::OnHold);
        assert!(filter.overdue);
        assert_eq!(filter.search.as_deref(), Some("Rao"));
        assert_eq!(filter.sort, SortBy::Opened);
        assert_eq!(q.page(), 3);
        assert_eq!(
            query("consultant=12").filter(UserId(7)).consultant,
            Some(UserId(12))
        );
    }

    #[test]
    fn pages_are_clamped_to_the_existing_ones_for_people_only() {
        assert_eq!(shown_page(1, 0, 50, Beyond::LastPage), (1, 1));
        assert_eq!(shown_page(9, 101, 50, Beyond::LastPage), (3, 3));
        assert_eq!(shown_page(2, 100, 50, Beyond::LastPage), (2, 2));
        assert_eq!(shown_page(0, 100, 50, Beyond::LastPage), (1, 2));
        assert_eq!(shown_page(9, 101, 50, Beyond::Nothing), (9, 3));
        assert_eq!(shown_page(0, 0, 50, Beyond::Nothing), (1, 1));
    }
}
