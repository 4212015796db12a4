//! `templates/search/show.html`: the search in the navigation, its results across the whole
//! team with links to the cases, route names and status words (never keys).

use askama::Template;

use super::cases::list::query_string;
use super::nav::Nav;
use crate::commands::search::{ItemHit, PersonHit, RouteLabel, SearchResults};
use crate::db::case_list::{CaseFilter, ListStatus, SortBy};
use crate::ids::UserId;

/// A person found.
pub struct PersonRow {
    /// "/cases/12".
    pub href: String,
    /// Their name.
    pub name: String,
    /// "Principal", "Child" …
    pub relation: &'static str,
    /// The principal's name, for anyone else in the household.
    pub of: Option<String>,
    /// Their e-mail, or "".
    pub email: String,
    /// "Employee card, Family reunification".
    pub routes: String,
    /// The consultant's name.
    pub consultant: String,
    /// "Open", "On hold", "Closed".
    pub status: &'static str,
}

/// An item found.
pub struct ItemRow {
    /// "/cases/12".
    pub href: String,
    /// Its title.
    pub title: String,
    /// "To do", "Done" …
    pub status: &'static str,
    /// Whom it is for: a person's name or "Household".
    pub holder: String,
    /// The principal's name.
    pub principal: String,
    /// Its route's name, or "".
    pub route: String,
    /// The consultant's name.
    pub consultant: String,
}

/// A link to the case list with the same search, in one status.
pub struct MoreLink {
    /// "Open", "On hold", "Closed".
    pub label: &'static str,
    /// The case list's address.
    pub href: String,
}

/// The page.
#[derive(Template)]
#[template(path = "search/show.html")]
pub struct SearchPage {
    /// Navigation.
    pub nav: Nav,
    /// The text as typed (shown in the box again).
    pub q: String,
    /// What to type, before a search.
    pub hint: Option<String>,
    /// Why the text typed was not searched for (shown beside the box).
    pub refusal: Option<String>,
    /// People found.
    pub people: Vec<PersonRow>,
    /// Whether more people matched than are shown.
    pub more_people: bool,
    /// The case list, searched for the same text, by status.
    pub more_links: Vec<MoreLink>,
    /// Items found.
    pub items: Vec<ItemRow>,
    /// Whether more items matched than are shown.
    pub more_items: bool,
    /// Whether a search ran.
    pub searched: bool,
}

impl SearchPage {
    /// The page before a search (a `hint`), or with the `refusal` of the text typed.
    pub fn empty(nav: Nav, q: String, hint: Option<String>, refusal: Option<String>) -> Self {
        Self {
            nav,
            q,
            hint,
            refusal,
            people: Vec::new(),
            more_people: false,
            more_links: Vec::new(),
            items: Vec::new(),
            more_items: false,
            searched: false,
        }
    }

    /// The results of searching for `q`.
    pub fn found(nav: Nav, q: &str, results: SearchResults) -> Self {
        let more_links = ListStatus::ALL
            .into_iter()
            .map(|status| {
                let filter = CaseFilter {
                    consultant: None,
                    status,
                    search: Some(q.to_owned()),
                    sort: SortBy::Name,
                    ..CaseFilter::default()
                };
                MoreLink {
                    label: status.label(),
                    href: format!("/cases?{}", query_string(&filter, UserId(0))),
                }
            })
            .collect();
        Self {
            nav,
            q: q.to_owned(),
            hint: None,
            refusal: None,
            people: results.people.into_iter().map(person_row).collect(),
            more_people: results.more_people,
            more_links,
            items: results.items.into_iter().map(item_row).collect(),
            more_items: results.more_items,
            searched: true,
        }
    }
}

fn names(routes: &[RouteLabel]) -> String {
    let names: Vec<&str> = routes.iter().map(|r| r.name.as_str()).collect();
    names.join(", ")
}

fn person_row(hit: PersonHit) -> PersonRow {
    let p = hit.person;
    let is_principal = p.relation == softland_domain::person::Relation::Principal;
    PersonRow {
        href: format!("/cases/{}", p.case.0),
        relation: p.relation.label(),
        of: (!is_principal).then_some(p.principal),
        name: p.name,
        email: p.email.unwrap_or_default(),
        routes: names(&hit.routes),
        consultant: p.consultant,
        status: p.status.label(),
    }
}

fn item_row(hit: ItemHit) -> ItemRow {
    let i = hit.item;
    ItemRow {
        href: format!("/cases/{}", i.case.0),
        title: i.title,
        status: i.status.label(),
        holder: i.holder.unwrap_or_else(|| "Household".to_owned()),
        principal: i.principal,
        route: hit.route.map(|r| r.name).unwrap_or_default(),
        consultant: i.consultant,
    }
}
