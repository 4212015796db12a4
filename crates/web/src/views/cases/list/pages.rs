//! The list's query strings: the filters as a query string, for the page links and the CSV
//! export, and the page links themselves (`views::pager`).

use crate::db::case_list::{CaseFilter, ListStatus, SortBy};
use crate::ids::UserId;
use crate::views::pager;
pub use crate::views::pager::PageLink;

/// The consultant filter's value: "" for me, "all" for the team, or an id.
pub(super) fn consultant_value(consultant: Option<UserId>, me: UserId) -> String {
    match consultant {
        None => "all".to_owned(),
        Some(id) if id == me => String::new(),
        Some(id) => id.to_string(),
    }
}

/// The query string that selects `filter` (defaults left out), without the page.
pub fn query_string(filter: &CaseFilter, me: UserId) -> String {
    let consultant = consultant_value(filter.consultant, me);
    let pairs = [
        ("consultant", Some(consultant).filter(|c| !c.is_empty())),
        ("route", filter.route.as_ref().map(ToString::to_string)),
        (
            "status",
            (filter.status != ListStatus::default()).then(|| filter.status.as_str().to_owned()),
        ),
        ("overdue", filter.overdue.then(|| "1".to_owned())),
        (
            "messages",
            filter.unread_messages.then(|| "unread".to_owned()),
        ),
        ("q", filter.search.clone()),
        (
            "sort",
            (filter.sort != SortBy::default()).then(|| filter.sort.as_str().to_owned()),
        ),
    ];
    let present: Vec<(&str, String)> = pairs
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    serde_html_form::to_string(&present).unwrap_or_default()
}

/// Links to the pages of the case list (`views::pager`).
pub(super) fn page_links(query: &str, current: u64, pages: u64) -> Vec<PageLink> {
    pager::page_links("/cases", query, current, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_show_the_ends_and_the_pages_around_the_current_one() {
        let numbers = |current| {
            page_links("q=a", current, 9)
                .iter()
                .map(|l| l.number.unwrap_or(0))
                .collect::<Vec<_>>()
        };
        assert_eq!(numbers(1), vec![1, 2, 3, 0, 9]);
        assert_eq!(numbers(5), vec![1, 0, 3, 4, 5, 6, 7, 0, 9]);
        assert_eq!(page_links("", 1, 2)[1].href, "/cases?page=2");
        assert_eq!(page_links("q=a", 1, 2)[1].href, "/cases?q=a&page=2");
        assert!(page_links("", 1, 1).is_empty());
    }

    #[test]
    fn the_query_string_leaves_defaults_out_and_encodes_the_search() {
        let me = UserId(1);
        assert_eq!(
            query_string(
                &CaseFilter {
                    consultant: Some(me),
                    ..CaseFilter::default()
                },
                me
            ),
            ""
        );
        let filter = CaseFilter {
            consultant: None,
            status: ListStatus::Closed,
            overdue: true,
            search: Some("a&b c".into()),
            sort: SortBy::Name,
            ..CaseFilter::default()
        };
        assert_eq!(
            query_string(&filter, me),
            "consultant=all&status=closed&overdue=1&q=a%26b+c&sort=name"
        );
    }
}
