//! `templates/admin/partners/kinds.html` and `links.html`: the kinds of organisation (add,
//! rename), and the partners that help with each checklist item ("who can help").

use askama::Template;

use crate::commands::FieldErrors;
use crate::commands::partners::directory::ItemLinks;
use crate::db::partners::{Kind, Organisation};
use crate::views::nav::Nav;
use crate::views::sentence;

/// A kind with its rename form.
pub struct KindRow {
    /// Id.
    pub id: i64,
    /// Key.
    pub slug: String,
    /// Name (as typed, after a refused rename).
    pub name: String,
    /// The rename's mistake.
    pub error: Option<String>,
}

/// The kinds page.
#[derive(Template)]
#[template(path = "admin/partners/kinds.html")]
pub struct KindsPage {
    /// Navigation.
    pub nav: Nav,
    /// The kinds.
    pub kinds: Vec<KindRow>,
    /// The new kind's name as typed.
    pub new_name: String,
    /// Its mistake.
    pub new_error: Option<String>,
    /// What the last change did.
    pub notice: Option<&'static str>,
}

impl KindsPage {
    /// The page of `kinds`.
    pub fn new(nav: Nav, kinds: &[Kind]) -> Self {
        Self {
            nav,
            kinds: kinds
                .iter()
                .map(|k| KindRow {
                    id: k.id.0,
                    slug: k.slug.clone(),
                    name: k.name.clone(),
                    error: None,
                })
                .collect(),
            new_name: String::new(),
            new_error: None,
            notice: None,
        }
    }

    /// The name's mistake of `errors`, as a sentence.
    pub fn name_error(errors: &FieldErrors) -> Option<String> {
        errors.get("name").map(sentence)
    }
}

/// A checkbox: (value, words, checked).
pub struct Check {
    /// The value sent.
    pub value: String,
    /// Words.
    pub label: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// An item with its form.
pub struct LinkRow {
    /// The item's key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// "Insurer; Fakultní nemocnice Ostrava", or empty.
    pub named: String,
    /// Kind checkboxes.
    pub kinds: Vec<Check>,
    /// Organisation checkboxes.
    pub organisations: Vec<Check>,
}

/// The "who can help" page.
#[derive(Template)]
#[template(path = "admin/partners/links.html")]
pub struct LinksPage {
    /// Navigation.
    pub nav: Nav,
    /// The items.
    pub items: Vec<LinkRow>,
    /// What the last change did.
    pub notice: Option<&'static str>,
}

impl LinksPage {
    /// The page of `items`, naming `kinds` and active `organisations`.
    pub fn new(
        nav: Nav,
        items: &[ItemLinks],
        kinds: &[Kind],
        organisations: &[Organisation],
    ) -> Self {
        let items = items
            .iter()
            .map(|item| {
                let kind_checks: Vec<Check> = kinds
                    .iter()
                    .map(|k| Check {
                        value: k.slug.clone(),
                        label: k.name.clone(),
                        checked: item.kinds.contains(&k.id),
                    })
                    .collect();
                let org_checks: Vec<Check> = organisations
                    .iter()
                    .filter(|o| o.details.active || item.organisations.contains(&o.id))
                    .map(|o| Check {
                        value: o.id.to_string(),
                        label: o.details.name.clone(),
                        checked: item.organisations.contains(&o.id),
                    })
                    .collect();
                let named = kind_checks
                    .iter()
                    .chain(org_checks.iter())
                    .filter(|c| c.checked)
                    .map(|c| c.label.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                LinkRow {
                    key: item.key.clone(),
                    title: item.title.clone(),
                    named,
                    kinds: kind_checks,
                    organisations: org_checks,
                }
            })
            .collect();
        Self {
            nav,
            items,
            notice: None,
        }
    }
}
