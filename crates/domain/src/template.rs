//! Checklist templates: the data (shipped as TOML, changeable by an admin) that a route's
//! checklist items are generated from.

mod catalog;
mod doer;
mod parse;
mod raw;
mod save;
#[cfg(test)]
mod tests;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::deadline::DeadlineRule;
use crate::key::{InvalidKey, ItemKey, RouteKey};

pub use catalog::{Catalog, ItemLibrary, SHIPPED_LIBRARY, SHIPPED_ROUTES};
pub use doer::Doer;

/// The area of paperwork an item belongs to; the checklist is grouped by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Visas (long-term visa, D/VR).
    Visa,
    /// Residence permits and cards.
    ResidencePermit,
    /// Health insurance.
    HealthInsurance,
    /// Trade licence (živnost).
    TradeLicence,
    /// Registrations and reports to the police and the MoI.
    Registration,
    /// Tax office and social security.
    TaxAndSocialSecurity,
    /// Everything else (bank account, integration course …).
    Other,
}

impl Category {
    /// Every category, in checklist order.
    pub const ALL: [Category; 7] = [
        Category::Visa,
        Category::ResidencePermit,
        Category::Registration,
        Category::HealthInsurance,
        Category::TradeLicence,
        Category::TaxAndSocialSecurity,
        Category::Other,
    ];

    /// The identifier in files and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Visa => "visa",
            Category::ResidencePermit => "residence_permit",
            Category::HealthInsurance => "health_insurance",
            Category::TradeLicence => "trade_licence",
            Category::Registration => "registration",
            Category::TaxAndSocialSecurity => "tax_and_social_security",
            Category::Other => "other",
        }
    }

    /// The heading people read.
    pub fn label(self) -> &'static str {
        match self {
            Category::Visa => "Visa",
            Category::ResidencePermit => "Residence permit",
            Category::HealthInsurance => "Health insurance",
            Category::TradeLicence => "Trade licence",
            Category::Registration => "Registration",
            Category::TaxAndSocialSecurity => "Tax & social security",
            Category::Other => "Other",
        }
    }

    /// Parses [`Category::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whom a template item is generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    /// The principal only.
    Principal,
    /// Each dependant, one item per dependant.
    EachDependant,
    /// Everybody in the household, one item per person.
    EachPerson,
    /// One item for the whole household.
    Household,
}

impl AppliesTo {
    /// Every value.
    pub const ALL: [AppliesTo; 4] = [
        AppliesTo::Principal,
        AppliesTo::EachDependant,
        AppliesTo::EachPerson,
        AppliesTo::Household,
    ];

    /// The identifier in files.
    pub fn as_str(self) -> &'static str {
        match self {
            AppliesTo::Principal => "principal",
            AppliesTo::EachDependant => "each_dependant",
            AppliesTo::EachPerson => "each_person",
            AppliesTo::Household => "household",
        }
    }

    /// Parses [`AppliesTo::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == raw)
    }
}

/// Which risk warning an item feeds (the engine watches these items specially).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Watch {
    /// The extension application: window open / closing warnings.
    Extension,
    /// A registration after arrival: missed-deadline warning.
    Registration,
    /// The adaptation-integration course: due warning.
    IntegrationCourse,
}

impl Watch {
    /// Every value.
    pub const ALL: [Watch; 3] = [
        Watch::Extension,
        Watch::Registration,
        Watch::IntegrationCourse,
    ];

    /// The identifier in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Watch::Extension => "extension",
            Watch::Registration => "registration",
            Watch::IntegrationCourse => "integration_course",
        }
    }

    /// Parses [`Watch::as_str`].
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == raw)
    }
}

/// One item of a checklist template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateItem {
    /// Stable key, the fact sheet's rule id where one applies (`reg-tcn`).
    pub key: ItemKey,
    /// Short imperative title: "Register your address with the Foreign Police".
    pub title: String,
    /// Where it is grouped.
    pub category: Category,
    /// Whom it is generated for.
    pub applies_to: AppliesTo,
    /// Plain-English instructions for the expat.
    pub instructions: String,
    /// Where to go (office, address, online).
    pub where_to_go: String,
    /// Documents to bring.
    pub documents: Vec<String>,
    /// How its due date is computed; `None` for items without a deadline.
    pub deadline: Option<DeadlineRule>,
    /// Items that must be done before this one can start.
    pub depends_on: Vec<ItemKey>,
    /// First trigger date the rule applies to.
    pub valid_from: Option<NaiveDate>,
    /// Last trigger date the rule applies to.
    pub valid_until: Option<NaiveDate>,
    /// Generated only for people at least this old on the reference date.
    pub min_age: Option<u32>,
    /// Generated only for people at most this old on the reference date.
    pub max_age: Option<u32>,
    /// The risk warning it feeds, if any.
    pub watch: Option<Watch>,
    /// Where the rule comes from (an official page).
    pub source: String,
    /// A caution for consultants, e.g. that the fact sheet marks the rule unconfirmed.
    pub caveat: Option<String>,
    /// Who does it (`doer = "employer"`; the expat when absent).
    pub doer: Doer,
}

/// A route's checklist template, one version of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistTemplate {
    /// Stable route key (`employee-card`).
    pub route: RouteKey,
    /// Display name ("Employee card").
    pub name: String,
    /// Version number; new cases use the highest.
    pub version: u32,
    /// One paragraph on whom the route is for.
    pub summary: String,
    /// Where the route's rules come from.
    pub source: String,
    /// Keys of the library items this route includes.
    pub includes: Vec<ItemKey>,
    /// The route's own items followed by the included ones, dependencies resolved.
    pub items: Vec<TemplateItem>,
}

impl ChecklistTemplate {
    /// The item with `key`.
    pub fn item(&self, key: &ItemKey) -> Option<&TemplateItem> {
        self.items.iter().find(|i| &i.key == key)
    }

    /// The route's own items (not the included library ones).
    pub fn own_items(&self) -> impl Iterator<Item = &TemplateItem> {
        self.items
            .iter()
            .filter(|i| !self.includes.contains(&i.key))
    }
}

/// A fault in a template file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateFault {
    /// The file is not valid TOML or has fields of the wrong type.
    #[error("{0}")]
    Syntax(String),
    /// A required field is absent.
    #[error("missing `{0}`")]
    Missing(&'static str),
    /// A required text is empty.
    #[error("`{0}` is empty")]
    Empty(&'static str),
    /// A key is malformed.
    #[error("{0}")]
    InvalidKey(#[from] InvalidKey),
    /// Two items share a key.
    #[error("duplicate key `{0}`")]
    DuplicateKey(String),
    /// A value is not one of the allowed names.
    #[error("unknown {field} `{value}`; expected one of: {expected}")]
    UnknownValue {
        /// Which field.
        field: &'static str,
        /// The value found.
        value: String,
        /// The allowed values.
        expected: String,
    },
    /// The deadline anchor is neither a key date nor `done:<item>`.
    #[error("unknown anchor date `{0}`; expected a key date ({1}) or `done:<item key>`")]
    UnknownAnchor(String, String),
    /// A dependency or `done:` anchor names an item the template does not have.
    #[error("depends on unknown item `{0}`")]
    UnknownDependency(String),
    /// Dependencies go round in a circle.
    #[error("dependency cycle: {}", .0.join(" → "))]
    DependencyCycle(Vec<String>),
    /// `include` names an item the library does not have.
    #[error("includes unknown library item `{0}`")]
    UnknownInclude(String),
    /// The deadline table is inconsistent.
    #[error("deadline: {0}")]
    Deadline(String),
    /// `valid_from` is after `valid_until`, or ages are reversed.
    #[error("{0}")]
    Range(String),
    /// No items at all.
    #[error("the template has no items")]
    NoItems,
    /// A source that is not a web address (`http://…` or `https://…`).
    #[error("`{0}` must be a web address starting with https:// or http://")]
    NotWebAddress(&'static str),
}

/// A template file that could not be loaded: names the file, the item and the fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}{fault}", .item.as_ref().map(|i| format!("item `{i}`: ")).unwrap_or_default())]
pub struct TemplateError {
    /// The file name as given to the loader.
    pub file: String,
    /// The item's key (or `#n` when it has none), when the fault is in an item.
    pub item: Option<String>,
    /// What is wrong.
    pub fault: TemplateFault,
}
