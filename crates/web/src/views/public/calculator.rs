//! `templates/public/calculator.html`: the deadline calculator — choose a route, type the
//! dates it counts from, read the timeline (all on one GET form, so that a result has an
//! address to share and needs no script).

use askama::Template;
use softland_domain::KeyDate;
use softland_domain::date_format::long;
use softland_domain::site::calculator::Step;
use softland_domain::template::Doer;

use super::PublicChrome;
use crate::commands::FieldErrors;
use crate::commands::site::calculator::{RouteChoice, Timeline};
use crate::views::profile_fields::{ErrorLink, Input};
use crate::views::sentence;

/// A route to choose.
pub struct RouteOption {
    /// `employee-card`.
    pub value: String,
    /// "Employee card".
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// One step of the timeline as the page shows it.
pub struct StepRow {
    /// Its title.
    pub title: String,
    /// "Your employer" when someone else does it, else empty.
    pub who: &'static str,
    /// "Wed 30 Dec 2026", or empty.
    pub due: String,
    /// The machine date (`2026-12-30`) for `<time>`, or empty.
    pub due_iso: String,
    /// The window's first day, or empty.
    pub opens: String,
    /// The engine's one line, or empty.
    pub explanation: String,
    /// "“Apply for the employee card” and …", or empty.
    pub waits_for: String,
    /// What to do.
    pub instructions: String,
    /// What to bring.
    pub documents: Vec<String>,
    /// Where to go.
    pub where_to_go: String,
}

impl StepRow {
    fn of(s: &Step) -> Self {
        Self {
            title: s.title.clone(),
            who: if s.doer == Doer::Expat {
                ""
            } else {
                s.doer.label()
            },
            due: s.due.map(long).unwrap_or_default(),
            due_iso: s.due.map(|d| d.to_string()).unwrap_or_default(),
            opens: s.opens.map(long).unwrap_or_default(),
            explanation: s.explanation.clone().unwrap_or_default(),
            waits_for: s
                .waits_for
                .iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join(" and "),
            instructions: s.instructions.clone(),
            documents: s.documents.clone(),
            where_to_go: s.where_to_go.clone(),
        }
    }
}

/// The result.
pub struct TimelineView {
    /// "Employee card".
    pub route_name: String,
    /// The template version it comes from.
    pub version: u32,
    /// `/guides/employee-card`.
    pub guide: String,
    /// "Arrival: Wed 23 Dec 2026".
    pub dates: Vec<String>,
    /// The steps with a due date or waiting.
    pub steps: Vec<StepRow>,
}

impl TimelineView {
    /// The view of `t`.
    pub fn of(t: &Timeline) -> Self {
        Self {
            route_name: t.route.name.clone(),
            version: t.route.version,
            guide: format!("/guides/{}", t.route.key),
            dates: t
                .dates
                .iter()
                .map(|(k, d)| format!("{}: {}", k.label(), long(*d)))
                .collect(),
            steps: t.steps.iter().map(StepRow::of).collect(),
        }
    }
}

/// `/calculator`.
#[derive(Template)]
#[template(path = "public/calculator.html")]
pub struct CalculatorPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The routes.
    pub routes: Vec<RouteOption>,
    /// The route chosen (its date fields are shown).
    pub route: Option<RouteChoice>,
    /// The dates as typed, by name.
    pub typed: std::collections::BTreeMap<String, String>,
    /// Each field's mistake.
    pub errors: FieldErrors,
    /// The timeline, once computed.
    pub result: Option<TimelineView>,
}

impl CalculatorPage {
    /// The page for `routes` with the route `chosen` (its key as typed).
    pub fn new(chrome: PublicChrome, routes: &[(String, String)], chosen: &str) -> Self {
        Self {
            chrome,
            routes: routes
                .iter()
                .map(|(key, name)| RouteOption {
                    value: key.clone(),
                    label: name.clone(),
                    selected: key == chosen.trim(),
                })
                .collect(),
            route: None,
            typed: std::collections::BTreeMap::new(),
            errors: FieldErrors::new(),
            result: None,
        }
    }

    /// The mistake of `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The error summary.
    pub fn summary(&self) -> Vec<ErrorLink> {
        self.errors
            .iter()
            .map(|(field, message)| {
                let label = field
                    .parse::<KeyDate>()
                    .map_or("Your route", KeyDate::label);
                ErrorLink {
                    href: format!("#calc-{}", field.replace('_', "-")),
                    text: sentence(&format!("{label}: {message}")),
                }
            })
            .collect()
    }

    /// The date fields of the chosen route.
    pub fn date_inputs(&self) -> Vec<Input> {
        let Some(route) = &self.route else {
            return Vec::new();
        };
        route
            .needs
            .iter()
            .map(|kind| {
                let value = self.typed.get(kind.as_str()).cloned().unwrap_or_default();
                // A date field may only hold a real date: what was typed that is not one is
                // given back in a text field, beside its error.
                let real = value.is_empty()
                    || chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_ok();
                (kind, value, real)
            })
            .map(|(kind, value, real)| Input {
                id: format!("calc-{}", kind.as_str().replace('_', "-")),
                name: kind.as_str(),
                label: kind.label(),
                kind: if real { "date" } else { "text" },
                value,
                hint: hint(*kind),
                required: *kind == KeyDate::Arrival,
                max_length: 0,
                range: None,
                autocomplete: "off",
                error: self.error(kind.as_str()),
            })
            .collect()
    }
}

fn hint(kind: KeyDate) -> &'static str {
    match kind {
        KeyDate::Arrival => "The day you arrive (or arrived) in the Czech Republic, as YYYY-MM-DD.",
        KeyDate::PermitExpiry => "The last day of your residence permit or card, if you have one.",
        _ => "If you know it: the steps that count from it get their dates.",
    }
}
