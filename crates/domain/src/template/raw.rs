//! The TOML shape of template files, exactly as written by people. Everything is optional or
//! text here so that `parse` can name the item and the field of each fault.

use serde::{Deserialize, Serialize};

/// A library file (`common.toml`): items that routes include by key.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLibrary {
    #[serde(default)]
    pub items: Vec<RawItem>,
}

/// A route file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplate {
    pub route: Option<String>,
    pub name: Option<String>,
    pub version: Option<u32>,
    pub summary: Option<String>,
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    #[serde(default)]
    pub items: Vec<RawItem>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub key: Option<String>,
    pub title: Option<String>,
    pub category: Option<String>,
    pub applies_to: Option<String>,
    pub instructions: Option<String>,
    pub where_to_go: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watch: Option<String>,
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<RawDeadline>,
}

/// One of four shapes, told apart by which fields are present:
/// an offset (`after` or `before`), a day of the next month (`day_of_next_month`), a
/// recurring duty (`every_year_on = "04-01"` or `every_month_on = 8`), or a window
/// (`opens_before`/`opens_after`, optionally `closes_before`/`closes_after`).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeadline {
    pub anchor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day_of_next_month: Option<u32>,
    /// A recurring duty: every year on `"MM-DD"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every_year_on: Option<String>,
    /// With `every_year_on`: the first occurrence falls in the year after the anchor's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_next_year: Option<bool>,
    /// A recurring duty: every month on this day (1–28).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every_month_on: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_before: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_after: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_before: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_after: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roll: Option<String>,
}
