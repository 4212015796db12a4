//! `templates/admin/templates/`: the routes with their newest template version, one route's
//! items, raw TOML and stored versions, and the form that uploads a new version.

use askama::Template;
use chrono_tz::Tz;
use softland_domain::ChecklistTemplate;
use softland_domain::template::{AppliesTo, TemplateItem};

use super::day_of;
use super::rule::describe;
use crate::db::templates::StoredTemplate;
use crate::views::nav::Nav;

/// The upload form: the TOML text (kept after a refusal) and why it was refused.
#[derive(Debug, Clone, Default)]
pub struct UploadForm {
    /// The route page the form was sent from, if any.
    pub route: String,
    /// The TOML text.
    pub body: String,
    /// The loading error (file, item, fault) or "not newer".
    pub error: Option<String>,
}

/// A route in the list.
pub struct RouteRow {
    /// Route key.
    pub route: String,
    /// Display name.
    pub name: String,
    /// Newest version.
    pub version: i64,
    /// When that version was stored, "Wed 25 Nov 2026".
    pub stored: String,
}

impl RouteRow {
    /// The row of a route's newest version.
    pub fn new(t: StoredTemplate, zone: Tz) -> Self {
        Self {
            stored: day_of(t.created_at, zone),
            route: t.route,
            name: t.name,
            version: t.version,
        }
    }
}

/// The list of routes.
#[derive(Template)]
#[template(path = "admin/templates/list.html")]
pub struct TemplatesPage {
    /// Navigation.
    pub nav: Nav,
    /// Every route.
    pub routes: Vec<RouteRow>,
    /// The upload form.
    pub upload: UploadForm,
}

/// One template item, as an admin reads it.
pub struct ItemRow {
    /// Item key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Category label.
    pub category: &'static str,
    /// "the principal", "each dependant (15 and over)" …
    pub applies_to: String,
    /// The deadline rule in words; `None` when the item has no deadline.
    pub deadline: Option<String>,
    /// Keys of the items it waits for.
    pub depends_on: Vec<String>,
    /// Where the rule comes from.
    pub source: String,
    /// A caution for consultants.
    pub caveat: Option<String>,
    /// Whether it comes from the shared library.
    pub from_library: bool,
}

fn holders(item: &TemplateItem) -> String {
    let whom = match item.applies_to {
        AppliesTo::Principal => "the principal",
        AppliesTo::EachDependant => "each dependant",
        AppliesTo::EachPerson => "each person",
        AppliesTo::Household => "the household",
    };
    match (item.min_age, item.max_age) {
        (Some(min), Some(max)) => format!("{whom} aged {min}–{max}"),
        (Some(min), None) => format!("{whom} aged {min} and over"),
        (None, Some(max)) => format!("{whom} aged up to {max}"),
        (None, None) => whom.to_owned(),
    }
}

impl ItemRow {
    /// The row of `item` of `template`.
    pub fn new(item: &TemplateItem, template: &ChecklistTemplate) -> Self {
        Self {
            key: item.key.to_string(),
            title: item.title.clone(),
            category: item.category.label(),
            applies_to: holders(item),
            deadline: item.deadline.as_ref().map(|r| describe(r, template)),
            depends_on: item.depends_on.iter().map(ToString::to_string).collect(),
            source: super::super::web_link(&item.source),
            caveat: item.caveat.clone(),
            from_library: template.includes.contains(&item.key),
        }
    }
}

/// A stored version in the history.
pub struct VersionRow {
    /// Version number.
    pub version: i64,
    /// When it was stored.
    pub stored: String,
}

/// One route: its newest version's items, its TOML and its versions.
#[derive(Template)]
#[template(path = "admin/templates/show.html")]
pub struct TemplatePage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// Route key.
    pub route: String,
    /// Display name.
    pub name: String,
    /// Newest version.
    pub version: u32,
    /// Whom the route is for.
    pub summary: String,
    /// Where the route's rules come from.
    pub source: String,
    /// The items, own first, then the included ones.
    pub items: Vec<ItemRow>,
    /// The newest version's TOML as stored.
    pub body: String,
    /// Every stored version, newest first.
    pub versions: Vec<VersionRow>,
    /// The upload form, prefilled with the newest version.
    pub upload: UploadForm,
}

impl TemplatePage {
    /// The page of `template`, whose stored versions are `versions` (newest first).
    pub fn new(
        nav: Nav,
        template: &ChecklistTemplate,
        versions: Vec<StoredTemplate>,
        zone: Tz,
    ) -> Self {
        let body = versions.first().map(|v| v.body.clone()).unwrap_or_default();
        Self {
            nav,
            notice: None,
            route: template.route.to_string(),
            name: template.name.clone(),
            version: template.version,
            summary: template.summary.clone(),
            source: super::super::web_link(&template.source),
            items: template
                .items
                .iter()
                .map(|i| ItemRow::new(i, template))
                .collect(),
            upload: UploadForm {
                route: template.route.to_string(),
                body: body.clone(),
                error: None,
            },
            body,
            versions: versions
                .into_iter()
                .map(|v| VersionRow {
                    version: v.version,
                    stored: day_of(v.created_at, zone),
                })
                .collect(),
        }
    }
}

/// The text shown after an upload, by the redirect's `?done=`.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "uploaded" => Some(
            "The new version was stored. New cases use it from now on; existing cases keep \
             their items.",
        ),
        _ => None,
    }
}
