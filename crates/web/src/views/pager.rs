//! Links to the pages of a paged list (the case list, the list of all risk warnings).

/// A link to a page of results; `None` marks a gap ("…").
pub struct PageLink {
    /// The page number, or `None` for a gap.
    pub number: Option<u64>,
    /// Its address.
    pub href: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// Links to the first and last page and to two pages either side of the current one, each
/// `path?query&page=N` (`query`: the list's other parameters, already encoded).
pub fn page_links(path: &str, query: &str, current: u64, pages: u64) -> Vec<PageLink> {
    if pages <= 1 {
        return Vec::new();
    }
    let href = |n: u64| match query {
        "" => format!("{path}?page={n}"),
        q => format!("{path}?{q}&page={n}"),
    };
    let mut links: Vec<PageLink> = Vec::new();
    let shown = (1..=pages).filter(|&n| n == 1 || n == pages || n.abs_diff(current) <= 2);
    for n in shown {
        if links
            .last()
            .and_then(|l| l.number)
            .is_some_and(|last| n > last + 1)
        {
            links.push(PageLink {
                number: None,
                href: String::new(),
                current: false,
            });
        }
        links.push(PageLink {
            number: Some(n),
            href: href(n),
            current: n == current,
        });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_show_the_ends_and_the_pages_around_the_current_one() {
        let numbers = |current| {
            page_links("/cases", "q=a", current, 9)
                .iter()
                .map(|l| l.number.unwrap_or(0))
                .collect::<Vec<_>>()
        };
        assert_eq!(numbers(1), vec![1, 2, 3, 0, 9]);
        assert_eq!(numbers(5), vec![1, 0, 3, 4, 5, 6, 7, 0, 9]);
        assert_eq!(page_links("/cases", "", 1, 2)[1].href, "/cases?page=2");
        assert_eq!(
            page_links("/dashboard/warnings", "team=1", 1, 2)[1].href,
            "/dashboard/warnings?team=1&page=2"
        );
        assert!(page_links("/cases", "", 1, 1).is_empty());
    }
}
