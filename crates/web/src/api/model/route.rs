//! The current route templates with their items and deadline rules.

use chrono::NaiveDate;
use serde::Serialize;
use softland_domain::deadline::{Direction, Offset, Roll, Schedule, Unit};
use softland_domain::template::TemplateItem;
use softland_domain::{ChecklistTemplate, DeadlineRule};
use utoipa::ToSchema;

use crate::api::schema;

/// A period counted from the anchor.
#[derive(Debug, Serialize, ToSchema)]
pub struct OffsetOut {
    /// How many units.
    pub amount: u32,
    /// `days`, `working_days`, `weeks`, `months` or `years`.
    pub unit: &'static str,
    /// `after` or `before` the anchor.
    pub direction: &'static str,
}

/// How an item's due date follows from the case's dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleOut {
    /// `offset`, `day_of_next_month`, `recurring` or `window`.
    pub shape: &'static str,
    /// A key date (`arrival`) or `done:<item key>`.
    #[schema(example = "arrival")]
    pub anchor: String,
    /// The period, for `offset`.
    pub offset: Option<OffsetOut>,
    /// The day of the next month, for `day_of_next_month`; the day of the month, for
    /// `recurring`.
    pub day: Option<u32>,
    /// The month a yearly `recurring` duty comes back in (1–12); `null` for a monthly one.
    pub month: Option<u32>,
    /// For a yearly `recurring` duty: whether its first occurrence falls in the year after
    /// the anchor's (a tax return for the year a business started).
    pub from_next_year: Option<bool>,
    /// When the window opens, for `window`.
    pub opens: Option<OffsetOut>,
    /// When the window closes (the due date), for `window`.
    pub closes: Option<OffsetOut>,
    /// What happens on a non-working day: `next_working_day`, `previous_working_day`, `none`.
    pub roll: &'static str,
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Days => "days",
        Unit::WorkingDays => "working_days",
        Unit::Weeks => "weeks",
        Unit::Months => "months",
        Unit::Years => "years",
    }
}

fn offset(o: Offset) -> OffsetOut {
    let direction = match o.direction {
        Direction::After => "after",
        Direction::Before => "before",
    };
    OffsetOut {
        amount: o.amount,
        unit: unit(o.unit),
        direction,
    }
}

fn roll(r: Roll) -> &'static str {
    match r {
        Roll::NextWorkingDay => "next_working_day",
        Roll::PreviousWorkingDay => "previous_working_day",
        Roll::None => "none",
    }
}

impl From<&DeadlineRule> for RuleOut {
    fn from(rule: &DeadlineRule) -> Self {
        let anchor = rule.anchor().to_string();
        let none = |shape, r| Self {
            shape,
            anchor: anchor.clone(),
            offset: None,
            day: None,
            month: None,
            from_next_year: None,
            opens: None,
            closes: None,
            roll: roll(r),
        };
        match *rule {
            DeadlineRule::Offset {
                offset: o, roll: r, ..
            } => Self {
                offset: Some(offset(o)),
                ..none("offset", r)
            },
            DeadlineRule::DayOfNextMonth { day, roll: r, .. } => Self {
                day: Some(day),
                ..none("day_of_next_month", r)
            },
            DeadlineRule::Recurring {
                schedule, roll: r, ..
            } => match schedule {
                Schedule::Year {
                    month,
                    day,
                    next_year,
                } => Self {
                    day: Some(day),
                    month: Some(month),
                    from_next_year: Some(next_year),
                    ..none("recurring", r)
                },
                Schedule::Month { day } => Self {
                    day: Some(day),
                    ..none("recurring", r)
                },
            },
            DeadlineRule::Window {
                opens,
                closes,
                roll: r,
                ..
            } => Self {
                opens: Some(offset(opens)),
                closes: Some(offset(closes)),
                ..none("window", r)
            },
        }
    }
}

/// One item of a route's template.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateItemOut {
    /// Stable key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Category.
    #[schema(schema_with = schema::category)]
    pub category: String,
    /// `principal`, `each_dependant`, `each_person` or `household`.
    pub applies_to: &'static str,
    /// Instructions for the expat.
    pub instructions: String,
    /// Where to go.
    pub where_to_go: String,
    /// Documents to bring.
    pub documents: Vec<String>,
    /// The deadline rule, if the item has one.
    pub deadline: Option<RuleOut>,
    /// Keys of the items that must be finished first.
    pub depends_on: Vec<String>,
    /// First reference date the rule applies to.
    pub valid_from: Option<NaiveDate>,
    /// Last reference date the rule applies to.
    pub valid_until: Option<NaiveDate>,
    /// Generated only for people at least this old.
    pub min_age: Option<u32>,
    /// Generated only for people at most this old.
    pub max_age: Option<u32>,
    /// The official source of the rule.
    pub source: String,
    /// A caution for consultants.
    pub caveat: Option<String>,
}

impl From<&TemplateItem> for TemplateItemOut {
    fn from(item: &TemplateItem) -> Self {
        Self {
            key: item.key.to_string(),
            title: item.title.clone(),
            category: item.category.as_str().to_owned(),
            applies_to: item.applies_to.as_str(),
            instructions: item.instructions.clone(),
            where_to_go: item.where_to_go.clone(),
            documents: item.documents.clone(),
            deadline: item.deadline.as_ref().map(RuleOut::from),
            depends_on: item.depends_on.iter().map(ToString::to_string).collect(),
            valid_from: item.valid_from,
            valid_until: item.valid_until,
            min_age: item.min_age,
            max_age: item.max_age,
            source: item.source.clone(),
            caveat: item.caveat.clone(),
        }
    }
}

/// A route and its current checklist template.
#[derive(Debug, Serialize, ToSchema)]
pub struct RouteOut {
    /// Route key, as `routes` of a new case takes it.
    #[schema(example = "employee-card")]
    pub route: String,
    /// Display name.
    pub name: String,
    /// Template version new cases get.
    pub version: u32,
    /// Whom the route is for.
    pub summary: String,
    /// Where the route's rules come from.
    pub source: String,
    /// Its items: own ones first, then the included library ones.
    pub items: Vec<TemplateItemOut>,
}

impl From<&ChecklistTemplate> for RouteOut {
    fn from(t: &ChecklistTemplate) -> Self {
        Self {
            route: t.route.to_string(),
            name: t.name.clone(),
            version: t.version,
            summary: t.summary.clone(),
            source: t.source.clone(),
            items: t.items.iter().map(TemplateItemOut::from).collect(),
        }
    }
}

/// Every route.
#[derive(Debug, Serialize, ToSchema)]
pub struct RouteList {
    /// The routes.
    pub routes: Vec<RouteOut>,
}
