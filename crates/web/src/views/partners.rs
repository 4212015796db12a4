//! `templates/partners/`: the partner directory's staff pages (the directory with its
//! filters, an organisation's page and form, partnership management with its CSV), and the
//! directory's public fields as expats and ambassadors read them (`public`).

pub mod csv;
pub mod form;
pub mod public;
pub mod show;

use std::fmt::Write as _;

use askama::Template;
use chrono::NaiveDate;

use crate::commands::FieldErrors;
use crate::commands::partners::directory::{FilterInput, Partnership, PartnershipOrder};
use crate::db::partners::{Kind, Organisation};
use crate::views::nav::Nav;
use crate::views::sentence;

/// An OpenStreetMap search for `address` (the map link beside an address).
pub fn map_url(address: &str) -> String {
    let mut out = String::from("https://www.openstreetmap.org/search?query=");
    for byte in address.trim().bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A choice of a select: (value, words, selected).
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// Words for people.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// The kinds as choices, `chosen` selected.
pub fn kind_choices(kinds: &[Kind], chosen: &str) -> Vec<Choice> {
    kinds
        .iter()
        .map(|k| Choice {
            value: k.slug.clone(),
            label: k.name.clone(),
            selected: k.slug == chosen.trim(),
        })
        .collect()
}

/// The directory's filter form as typed, with the mistakes of its fields.
pub struct FilterForm {
    /// What was typed.
    pub values: FilterInput,
    /// The kinds to choose from.
    pub kinds: Vec<Choice>,
    /// Mistakes (an unknown kind or language), as sentences.
    pub errors: FieldErrors,
}

impl FilterForm {
    /// The form for `values`.
    pub fn new(values: FilterInput, kinds: &[Kind], errors: &FieldErrors) -> Self {
        let mut sentences = FieldErrors::new();
        for (field, message) in errors.iter() {
            sentences.add(field, sentence(message));
        }
        Self {
            kinds: kind_choices(kinds, &values.kind),
            values,
            errors: sentences,
        }
    }

    /// Whether any filter is set.
    pub fn is_filtered(&self) -> bool {
        let v = &self.values;
        [&v.q, &v.kind, &v.language, &v.district, &v.service]
            .iter()
            .any(|t| !t.trim().is_empty())
            || v.include_inactive
    }
}

/// One organisation in the staff directory.
pub struct Row {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// "English, Czech".
    pub languages: String,
    /// District.
    pub district: String,
    /// "GP, paediatrics".
    pub services: String,
    /// "Mon–Fri 08:00–16:00; …".
    pub hours: String,
    /// Whether it is inactive.
    pub inactive: bool,
}

impl Row {
    fn new(o: &Organisation) -> Self {
        let d = &o.details;
        Self {
            id: o.id.0,
            name: d.name.clone(),
            kind: o.kind.name.clone(),
            languages: d.languages.to_text(),
            district: d.district.clone().unwrap_or_default(),
            services: d.services.to_text(),
            hours: d
                .opening_hours
                .as_ref()
                .map(softland_domain::partner::OpeningHours::to_text)
                .unwrap_or_default(),
            inactive: !d.active,
        }
    }
}

/// The staff directory.
#[derive(Template)]
#[template(path = "partners/list.html")]
pub struct DirectoryPage {
    /// Navigation.
    pub nav: Nav,
    /// The filters.
    pub filter: FilterForm,
    /// The organisations found.
    pub rows: Vec<Row>,
}

impl DirectoryPage {
    /// The page of `found` under `filter`.
    pub fn new(nav: Nav, filter: FilterForm, found: &[Organisation]) -> Self {
        Self {
            nav,
            filter,
            rows: found.iter().map(Row::new).collect(),
        }
    }
}

/// A partnership in the management list.
pub struct PartnershipRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// "Agreement in force".
    pub agreement: &'static str,
    /// "2025-01-01 – 2026-12-31", or empty.
    pub dates: String,
    /// The last contact's day, or empty.
    pub last_contact: String,
    /// Over 6 months ago.
    pub overdue: bool,
    /// Referrals received.
    pub received: u64,
    /// Referrals solved.
    pub solved: u64,
    /// Whether it is inactive.
    pub inactive: bool,
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// "from 2025-01-01 until 2026-12-31".
pub fn agreement_dates(agreement: &softland_domain::partner::Agreement) -> String {
    match (agreement.from(), agreement.until()) {
        (Some(f), Some(u)) => format!("{f} – {u}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (None, None) => String::new(),
    }
}

impl PartnershipRow {
    /// The row of `p`.
    pub fn new(p: &Partnership) -> Self {
        let d = &p.organisation.details;
        Self {
            id: p.organisation.id.0,
            name: d.name.clone(),
            kind: p.organisation.kind.name.clone(),
            agreement: d.agreement.status().label(),
            dates: agreement_dates(&d.agreement),
            last_contact: day(d.last_contact_on),
            overdue: p.contact_overdue,
            received: p.figures.received,
            solved: p.figures.solved,
            inactive: !d.active,
        }
    }
}

/// Partnership management.
#[derive(Template)]
#[template(path = "partners/partnerships.html")]
pub struct PartnershipsPage {
    /// Navigation.
    pub nav: Nav,
    /// The agreement statuses to filter by: (value, words, selected).
    pub statuses: Vec<Choice>,
    /// The orders: (value, words, selected).
    pub orders: Vec<Choice>,
    /// The query string of the current filter and order (for the CSV link).
    pub query: String,
    /// The rows.
    pub rows: Vec<PartnershipRow>,
    /// How many are flagged.
    pub overdue: usize,
}

impl PartnershipsPage {
    /// The page of `rows` filtered by `agreement` in `order`.
    pub fn new(nav: Nav, rows: &[Partnership], agreement: &str, order: PartnershipOrder) -> Self {
        use softland_domain::partner::AgreementStatus;
        let statuses = AgreementStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.label().to_owned(),
                selected: s.as_str() == agreement,
            })
            .collect();
        let words = |o| match o {
            PartnershipOrder::Name => "Name",
            PartnershipOrder::Agreement => "Agreement status",
            PartnershipOrder::LastContact => "Longest since last contact",
            PartnershipOrder::Referrals => "Most referrals",
        };
        let orders = PartnershipOrder::ALL
            .iter()
            .map(|(o, name)| Choice {
                value: (*name).to_owned(),
                label: words(*o).to_owned(),
                selected: *o == order,
            })
            .collect();
        let rows: Vec<PartnershipRow> = rows.iter().map(PartnershipRow::new).collect();
        Self {
            nav,
            statuses,
            orders,
            query: format!("agreement={agreement}&sort={}", order.name()),
            overdue: rows.iter().filter(|r| r.overdue).count(),
            rows,
        }
    }
}
