//! `templates/admin/breaches/`: the breach register (issue 23): the list with each breach's
//! 72-hour deadline and whether it was met, a breach with its timeline, the form, the CSV.

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use softland_domain::breach::{self, BreachRisk, BreachStatus, Timeliness};

use super::access_log::moment;
use crate::commands::FieldErrors;
use crate::commands::breaches::BreachInput;
use crate::db::breaches::{Breach, TimelineEntry};
use crate::views::cases::csv::{BOM, neutralise};
use crate::views::nav::Nav;
use crate::views::profile_fields::{FieldSpec, FieldTable, Input};

const TEXT: u16 = 10_000;

/// The form's fields: (name, label, type, hint, required, most characters).
const FIELDS: &[FieldSpec] = &[
    (
        "title",
        "Title",
        "text",
        "A short name, e.g. \"Laptop stolen from the office\".",
        true,
        200,
    ),
    ("description", "What happened", "textarea", "", true, TEXT),
    ("discovered_at", "Discovered", "datetime-local", "", true, 0),
    (
        "aware_at",
        "The centre became aware",
        "datetime-local",
        "The 72 hours to notify the authority start here (GDPR Art. 33(1)).",
        true,
        0,
    ),
    ("occurred_from", "Began", "datetime-local", "", false, 0),
    ("occurred_to", "Ended", "datetime-local", "", false, 0),
    (
        "data_categories",
        "Categories of data",
        "textarea",
        "E.g. names, passport numbers, addresses.",
        true,
        TEXT,
    ),
    (
        "people_count",
        "About how many people",
        "number",
        "",
        false,
        0,
    ),
    (
        "cases",
        "Cases affected",
        "text",
        "Case numbers, separated by commas, e.g. 12, 15.",
        false,
        2000,
    ),
    (
        "authority_notified_at",
        "Authority (ÚOOÚ) notified",
        "datetime-local",
        "",
        false,
        0,
    ),
    (
        "late_reasons",
        "Reasons for a late notification",
        "textarea",
        "Needed when the authority was notified after 72 hours.",
        false,
        TEXT,
    ),
    (
        "people_notified_at",
        "People affected told",
        "datetime-local",
        "Needed for a high risk (GDPR Art. 34).",
        false,
        0,
    ),
    ("measures", "Measures taken", "textarea", "", false, TEXT),
];

const TABLE: FieldTable = FieldTable {
    fields: FIELDS,
    prefix: "breach",
    autocomplete: "off",
};

/// `2026-12-01T09:30` in `zone`, as a `datetime-local` input shows it.
pub fn local_input(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// The form filled with the stored `b`.
pub fn input_of(b: &Breach, zone: Tz) -> BreachInput {
    let f = &b.fields;
    let opt = |t: Option<DateTime<Utc>>| t.map(|t| local_input(t, zone)).unwrap_or_default();
    BreachInput {
        title: f.title.clone(),
        description: f.description.clone(),
        discovered_at: local_input(f.discovered_at, zone),
        occurred_from: opt(f.occurred_from),
        occurred_to: opt(f.occurred_to),
        aware_at: local_input(f.aware_at, zone),
        data_categories: f.data_categories.clone(),
        people_count: f.people_count.map(|n| n.to_string()).unwrap_or_default(),
        risk: f.risk.key().to_owned(),
        authority_notified_at: opt(f.authority_notified_at),
        late_reasons: f.late_reasons.clone(),
        people_notified_at: opt(f.people_notified_at),
        measures: f.measures.clone(),
        status: f.status.key().to_owned(),
        cases: f
            .cases
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A choice of a select.
pub struct Choice {
    /// Its key.
    pub value: &'static str,
    /// Its words.
    pub label: &'static str,
    /// Whether chosen.
    pub selected: bool,
}

/// The new and edit form.
#[derive(Template)]
#[template(path = "admin/breaches/form.html")]
pub struct BreachFormPage {
    /// Navigation.
    pub nav: Nav,
    /// "Record a breach" or "Change …".
    pub heading: String,
    /// Where the form posts.
    pub action: String,
    /// The version the form was made from (editing).
    pub version: Option<i32>,
    /// What was typed.
    pub values: BreachInput,
    /// Its mistakes.
    pub errors: FieldErrors,
}

impl BreachFormPage {
    /// The form of `values`.
    pub fn new(nav: Nav, heading: String, action: String, values: BreachInput) -> Self {
        Self {
            nav,
            heading,
            action,
            version: None,
            values,
            errors: FieldErrors::new(),
        }
    }

    /// The input of field `name`.
    pub fn input(&self, name: &str) -> Input {
        let v = &self.values;
        let value = match name {
            "title" => &v.title,
            "description" => &v.description,
            "discovered_at" => &v.discovered_at,
            "aware_at" => &v.aware_at,
            "occurred_from" => &v.occurred_from,
            "occurred_to" => &v.occurred_to,
            "data_categories" => &v.data_categories,
            "people_count" => &v.people_count,
            "cases" => &v.cases,
            "authority_notified_at" => &v.authority_notified_at,
            "late_reasons" => &v.late_reasons,
            "people_notified_at" => &v.people_notified_at,
            _ => &v.measures,
        };
        TABLE.input(name, value, &self.errors)
    }

    /// The mistake of field `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(crate::views::sentence)
    }

    /// The risk choices.
    pub fn risks(&self) -> Vec<Choice> {
        BreachRisk::ALL
            .into_iter()
            .map(|r| Choice {
                value: r.key(),
                label: r.label(),
                selected: self.values.risk == r.key(),
            })
            .collect()
    }

    /// The status choices.
    pub fn statuses(&self) -> Vec<Choice> {
        BreachStatus::ALL
            .into_iter()
            .map(|s| Choice {
                value: s.key(),
                label: s.label(),
                selected: self.values.status == s.key()
                    || (self.values.status.is_empty() && s == BreachStatus::Open),
            })
            .collect()
    }

    /// The error summary: (element id, message).
    pub fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|(field, message)| {
                (
                    format!("breach-{}", field.replace('_', "-")),
                    crate::views::sentence(message),
                )
            })
            .collect()
    }
}

/// A breach as the list and its page show it.
pub struct BreachView {
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// "Open" / "Closed".
    pub status: &'static str,
    /// The risk in words.
    pub risk: &'static str,
    /// When the centre became aware.
    pub aware: String,
    /// The 72-hour deadline.
    pub deadline: String,
    /// "Notified in time", "Overdue" …
    pub timeliness: &'static str,
    /// Whether the deadline was missed.
    pub late: bool,
    /// When the authority was notified, or "—".
    pub authority_notified: String,
    /// When the people were told, or "—".
    pub people_notified: String,
    /// Whether the people affected must be told (high risk).
    pub people_must_be_told: bool,
    /// About how many people, or "—".
    pub people_count: String,
    /// The cases: (id, "#12 Jana Nováková").
    pub cases: Vec<(i64, String)>,
}

impl BreachView {
    /// The view of `b` at `now`.
    pub fn of(b: &Breach, zone: Tz, now: DateTime<Utc>) -> Self {
        let f = &b.fields;
        let t = breach::timeliness(f.risk, f.aware_at, f.authority_notified_at, now);
        let when = |t: Option<DateTime<Utc>>| t.map_or_else(|| "—".to_owned(), |t| moment(t, zone));
        Self {
            id: b.id.0,
            title: f.title.clone(),
            status: f.status.label(),
            risk: f.risk.label(),
            aware: moment(f.aware_at, zone),
            deadline: moment(breach::authority_deadline(f.aware_at), zone),
            timeliness: t.label(),
            late: t.is_late() || t == Timeliness::Due,
            authority_notified: when(f.authority_notified_at),
            people_notified: when(f.people_notified_at),
            people_must_be_told: f.risk.must_notify_people(),
            people_count: f
                .people_count
                .map_or_else(|| "—".to_owned(), |n| n.to_string()),
            cases: b
                .affected
                .iter()
                .map(|c| {
                    let name = c.name.clone().unwrap_or_else(|| "(erased)".to_owned());
                    (c.id.0, format!("#{} {name}", c.id))
                })
                .collect(),
        }
    }
}

/// The list.
#[derive(Template)]
#[template(path = "admin/breaches/list.html")]
pub struct BreachListPage {
    /// Navigation.
    pub nav: Nav,
    /// The breaches, most recent first.
    pub breaches: Vec<BreachView>,
}

/// A line of the timeline.
pub struct TimelineLine {
    /// When.
    pub at: String,
    /// What.
    pub text: String,
    /// By whom.
    pub by: String,
}

/// What was typed into the timeline form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TimelineValues {
    /// When (`datetime-local`).
    #[serde(default)]
    pub at: String,
    /// What happened.
    #[serde(default)]
    pub text: String,
}

/// One breach.
#[derive(Template)]
#[template(path = "admin/breaches/show.html")]
pub struct BreachPage {
    /// Navigation.
    pub nav: Nav,
    /// What the last change did.
    pub notice: Option<&'static str>,
    /// The breach.
    pub breach: BreachView,
    /// What happened.
    pub description: String,
    /// The categories of data.
    pub data_categories: String,
    /// When discovered.
    pub discovered: String,
    /// When it began and ended ("—" when unknown).
    pub occurred: String,
    /// Reasons for a late notification.
    pub late_reasons: String,
    /// Measures taken.
    pub measures: String,
    /// The timeline, oldest first.
    pub timeline: Vec<TimelineLine>,
    /// The timeline form's values.
    pub entry: TimelineValues,
    /// The timeline form's mistakes.
    pub errors: FieldErrors,
}

impl BreachPage {
    /// The page of `b` with its `timeline`.
    pub fn new(
        nav: Nav,
        b: &Breach,
        timeline: &[TimelineEntry],
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Self {
        let f = &b.fields;
        let when =
            |t: Option<DateTime<Utc>>| t.map_or_else(|| "unknown".to_owned(), |t| moment(t, zone));
        Self {
            nav,
            notice: None,
            breach: BreachView::of(b, zone, now),
            description: f.description.clone(),
            data_categories: f.data_categories.clone(),
            discovered: moment(f.discovered_at, zone),
            occurred: format!("{} – {}", when(f.occurred_from), when(f.occurred_to)),
            late_reasons: f.late_reasons.clone(),
            measures: f.measures.clone(),
            timeline: timeline
                .iter()
                .map(|e| TimelineLine {
                    at: moment(e.at, zone),
                    text: e.text.clone(),
                    by: e.by.clone().unwrap_or_default(),
                })
                .collect(),
            entry: TimelineValues {
                at: local_input(now, zone),
                text: String::new(),
            },
            errors: FieldErrors::new(),
        }
    }
}

/// The text shown after a change, by the redirect's `?done=`.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "recorded" => Some("The breach was recorded."),
        "changed" => Some("The breach was saved."),
        "entry" => Some("The timeline entry was added."),
        _ => None,
    }
}

const HEADER: [&str; 16] = [
    "id",
    "title",
    "status",
    "risk",
    "discovered",
    "aware",
    "deadline (72 h)",
    "authority notified",
    "in time",
    "late reasons",
    "people notified",
    "people",
    "cases",
    "data categories",
    "description",
    "measures",
];

/// The register as CSV (semicolons, a byte order mark, formula cells neutralised).
pub fn breaches_csv(list: &[Breach], now: DateTime<Utc>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    let iso = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    for b in list {
        let f = &b.fields;
        let t = breach::timeliness(f.risk, f.aware_at, f.authority_notified_at, now);
        let cells = [
            b.id.to_string(),
            f.title.clone(),
            f.status.label().to_owned(),
            f.risk.label().to_owned(),
            f.discovered_at.to_rfc3339(),
            f.aware_at.to_rfc3339(),
            breach::authority_deadline(f.aware_at).to_rfc3339(),
            iso(f.authority_notified_at),
            t.label().to_owned(),
            f.late_reasons.clone(),
            iso(f.people_notified_at),
            f.people_count.map(|n| n.to_string()).unwrap_or_default(),
            f.cases
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            f.data_categories.clone(),
            f.description.clone(),
            f.measures.clone(),
        ];
        out.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
