//! Loading template files: the shared item library, route templates that include from it,
//! and the catalog of every route. Also saving them back to TOML.

use std::collections::BTreeSet;

use super::parse::{self, ItemFault};
use super::raw::{RawLibrary, RawTemplate};
use super::save;
use super::{ChecklistTemplate, TemplateError, TemplateFault, TemplateItem};
use crate::key::{ItemKey, RouteKey};

/// The shipped library of items that routes share (registration, biometrics, extension …).
pub const SHIPPED_LIBRARY: (&str, &str) = ("common.toml", include_str!("../../routes/common.toml"));

/// The shipped route templates as (file name, contents).
pub const SHIPPED_ROUTES: [(&str, &str); 12] = [
    (
        "employee-card.toml",
        include_str!("../../routes/employee-card.toml"),
    ),
    (
        "eu-blue-card.toml",
        include_str!("../../routes/eu-blue-card.toml"),
    ),
    ("study.toml", include_str!("../../routes/study.toml")),
    ("business.toml", include_str!("../../routes/business.toml")),
    (
        "eu-citizen.toml",
        include_str!("../../routes/eu-citizen.toml"),
    ),
    (
        "family-reunification.toml",
        include_str!("../../routes/family-reunification.toml"),
    ),
    (
        "eu-family.toml",
        include_str!("../../routes/eu-family.toml"),
    ),
    (
        "eu-worker.toml",
        include_str!("../../routes/eu-worker.toml"),
    ),
    (
        "eu-self-employed.toml",
        include_str!("../../routes/eu-self-employed.toml"),
    ),
    ("ict-card.toml", include_str!("../../routes/ict-card.toml")),
    (
        "job-seeker.toml",
        include_str!("../../routes/job-seeker.toml"),
    ),
    (
        "permanent-residence.toml",
        include_str!("../../routes/permanent-residence.toml"),
    ),
];

fn at(file: &str, (item, fault): ItemFault) -> TemplateError {
    TemplateError {
        file: file.to_owned(),
        item: Some(item),
        fault,
    }
}

fn whole(file: &str, fault: TemplateFault) -> TemplateError {
    TemplateError {
        file: file.to_owned(),
        item: None,
        fault,
    }
}

fn syntax(file: &str, err: &toml::de::Error) -> TemplateError {
    whole(
        file,
        TemplateFault::Syntax(err.to_string().trim().replace('\n', " ")),
    )
}

/// Validates items one by one, refusing duplicate keys.
fn items(file: &str, raw: Vec<super::raw::RawItem>) -> Result<Vec<TemplateItem>, TemplateError> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (index, raw_item) in raw.into_iter().enumerate() {
        let item = parse::item(raw_item, index).map_err(|f| at(file, f))?;
        if !seen.insert(item.key.clone()) {
            let key = item.key.to_string();
            return Err(at(file, (key.clone(), TemplateFault::DuplicateKey(key))));
        }
        out.push(item);
    }
    Ok(out)
}

/// Items that route templates include by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemLibrary {
    /// The library's items.
    pub items: Vec<TemplateItem>,
}

impl ItemLibrary {
    /// Loads a library file; errors name `file` and the item.
    pub fn parse(file: &str, text: &str) -> Result<Self, TemplateError> {
        let raw: RawLibrary = toml::from_str(text).map_err(|e| syntax(file, &e))?;
        let items = items(file, raw.items)?;
        parse::check_dependencies(&items).map_err(|f| at(file, f))?;
        Ok(Self { items })
    }

    /// The library item with `key`.
    pub fn item(&self, key: &ItemKey) -> Option<&TemplateItem> {
        self.items.iter().find(|i| &i.key == key)
    }

    /// The library as TOML that [`ItemLibrary::parse`] reads back to the same value.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let raw = RawLibrary {
            items: self.items.iter().map(save::item_to_raw).collect(),
        };
        toml::to_string(&raw)
    }
}

impl ChecklistTemplate {
    /// Loads a route template file, resolving its `include` list against `library`; errors
    /// name `file`, the item and the fault.
    pub fn parse(file: &str, text: &str, library: &ItemLibrary) -> Result<Self, TemplateError> {
        let raw: RawTemplate = toml::from_str(text).map_err(|e| syntax(file, &e))?;
        let field = |value: Option<String>, name: &'static str| {
            let text = value.ok_or(TemplateFault::Missing(name))?.trim().to_owned();
            if text.is_empty() {
                Err(TemplateFault::Empty(name))
            } else {
                Ok(text)
            }
        };
        let head = || -> Result<_, TemplateFault> {
            let route = RouteKey::parse(&field(raw.route.clone(), "route")?)?;
            let name = field(raw.name.clone(), "name")?;
            let version = raw.version.ok_or(TemplateFault::Missing("version"))?;
            if version == 0 {
                return Err(TemplateFault::Range("`version` starts at 1".into()));
            }
            Ok((route, name, version, field(raw.summary.clone(), "summary")?))
        };
        let (route, name, version, summary) = head().map_err(|f| whole(file, f))?;
        let source = super::parse::web_address(raw.source, "source").map_err(|f| whole(file, f))?;
        let mut all = items(file, raw.items)?;
        let mut includes = Vec::new();
        for key_text in &raw.include {
            let key = ItemKey::parse(key_text.trim()).map_err(|e| whole(file, e.into()))?;
            let item = library
                .item(&key)
                .ok_or_else(|| whole(file, TemplateFault::UnknownInclude(key.to_string())))?;
            if all.iter().any(|i| i.key == key) {
                return Err(at(
                    file,
                    (
                        key.to_string(),
                        TemplateFault::DuplicateKey(key.to_string()),
                    ),
                ));
            }
            includes.push(key);
            all.push(item.clone());
        }
        if all.is_empty() {
            return Err(whole(file, TemplateFault::NoItems));
        }
        parse::check_dependencies(&all).map_err(|f| at(file, f))?;
        Ok(Self {
            route,
            name,
            version,
            summary,
            source,
            includes,
            items: all,
        })
    }

    /// The template as TOML (own items plus the `include` list) that
    /// [`ChecklistTemplate::parse`] reads back to the same value.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let raw = RawTemplate {
            route: Some(self.route.to_string()),
            name: Some(self.name.clone()),
            version: Some(self.version),
            summary: Some(self.summary.clone()),
            source: Some(self.source.clone()),
            include: self.includes.iter().map(ToString::to_string).collect(),
            items: self.own_items().map(save::item_to_raw).collect(),
        };
        toml::to_string(&raw)
    }
}

/// Every route template in force, with the library they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The shared items.
    pub library: ItemLibrary,
    /// One template per route (its newest version).
    pub templates: Vec<ChecklistTemplate>,
}

impl Catalog {
    /// Loads a library and route files given as (file name, contents). Two files for the
    /// same route are refused.
    pub fn parse(library: (&str, &str), routes: &[(&str, &str)]) -> Result<Self, TemplateError> {
        let library = ItemLibrary::parse(library.0, library.1)?;
        let mut templates: Vec<ChecklistTemplate> = Vec::new();
        for (file, text) in routes {
            let template = ChecklistTemplate::parse(file, text, &library)?;
            if templates.iter().any(|t| t.route == template.route) {
                let fault = TemplateFault::DuplicateKey(template.route.to_string());
                return Err(whole(file, fault));
            }
            templates.push(template);
        }
        Ok(Self { library, templates })
    }

    /// The templates shipped with softland.
    pub fn shipped() -> Result<Self, TemplateError> {
        Self::parse(SHIPPED_LIBRARY, &SHIPPED_ROUTES)
    }

    /// The template of `route`.
    pub fn template(&self, route: &RouteKey) -> Option<&ChecklistTemplate> {
        self.templates.iter().find(|t| &t.route == route)
    }
}
