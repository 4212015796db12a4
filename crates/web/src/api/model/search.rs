//! What `GET /search` answers: people and checklist items of the whole team.

use serde::Serialize;
use utoipa::ToSchema;

use crate::commands::search::{ItemHit, PersonHit, RouteLabel};

/// A route: its key and its name.
#[derive(Debug, Serialize, ToSchema)]
pub struct RouteNameOut {
    /// The route key, e.g. `employee-card`.
    pub key: String,
    /// Its name, e.g. "Employee card".
    pub name: String,
}

impl From<RouteLabel> for RouteNameOut {
    fn from(r: RouteLabel) -> Self {
        Self {
            key: r.key,
            name: r.name,
        }
    }
}

/// A person whose name, e-mail or passport number holds the text.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonFoundOut {
    /// Their case.
    pub case_id: i64,
    /// Their name.
    pub name: String,
    /// `principal`, `spouse`, `child`, `parent` or `other`.
    pub relation: &'static str,
    /// The case's principal's name.
    pub principal: String,
    /// Their e-mail, if known.
    pub email: Option<String>,
    /// The case's status: `open`, `on_hold` or `closed`.
    pub case_status: &'static str,
    /// The case's consultant's name.
    pub consultant: String,
    /// The case's routes, in order.
    pub routes: Vec<RouteNameOut>,
}

impl From<PersonHit> for PersonFoundOut {
    fn from(hit: PersonHit) -> Self {
        let p = hit.person;
        Self {
            case_id: p.case.0,
            name: p.name,
            relation: p.relation.as_str(),
            principal: p.principal,
            email: p.email,
            case_status: p.status.as_str(),
            consultant: p.consultant,
            routes: hit.routes.into_iter().map(RouteNameOut::from).collect(),
        }
    }
}

/// A checklist item whose title holds the text.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemFoundOut {
    /// Its case.
    pub case_id: i64,
    /// Its title.
    pub title: String,
    /// `to_do`, `in_progress`, `submitted`, `done` or `not_applicable`.
    pub status: &'static str,
    /// Whom it is for (none: the household).
    pub person: Option<String>,
    /// The case's principal's name.
    pub principal: String,
    /// The case's consultant's name.
    pub consultant: String,
    /// Its route (none: an item a consultant added).
    pub route: Option<RouteNameOut>,
}

impl From<ItemHit> for ItemFoundOut {
    fn from(hit: ItemHit) -> Self {
        let i = hit.item;
        Self {
            case_id: i.case.0,
            title: i.title,
            status: i.status.as_str(),
            person: i.holder,
            principal: i.principal,
            consultant: i.consultant,
            route: hit.route.map(RouteNameOut::from),
        }
    }
}

/// What a search found, at most 20 of each kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchOut {
    /// The text searched for (trimmed).
    pub q: String,
    /// People, by their case's principal's name.
    pub people: Vec<PersonFoundOut>,
    /// Whether more people match (the case list's `q` finds every case).
    pub more_people: bool,
    /// Checklist items, by their case's principal's name.
    pub items: Vec<ItemFoundOut>,
    /// Whether more items match.
    pub more_items: bool,
}
