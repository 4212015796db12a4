//! `templates/admin/site.html`: the centre's settings an admin edits — what the public site,
//! the portal's and the other areas' footers show.

use askama::Template;

use crate::commands::FieldErrors;
use crate::commands::site::centre::SiteSettingsInput;
use crate::views::nav::Nav;
use crate::views::profile_fields::{ErrorLink, FieldSpec, FieldTable, Input};
use crate::views::sentence;

/// (name, label, kind, hint, required, max length) of each field, in form order.
const FIELDS: [FieldSpec; 9] = [
    ("name", "Centre name", "text", "", true, 120),
    (
        "tagline",
        "Tagline",
        "text",
        "One line under the name on the home page.",
        false,
        300,
    ),
    (
        "who_for",
        "Who the centre is for",
        "textarea",
        "A short paragraph in plain English.",
        false,
        2000,
    ),
    (
        "services",
        "Services",
        "textarea",
        "One per line.",
        false,
        3000,
    ),
    (
        "address",
        "Address",
        "text",
        "Street, number, postcode and town, as on a letter.",
        true,
        300,
    ),
    (
        "hours",
        "Opening hours",
        "text",
        "e.g. Mon–Thu 10:00–16:00",
        true,
        300,
    ),
    (
        "phone",
        "Phone",
        "tel",
        "Leave it empty until the number is confirmed.",
        false,
        40,
    ),
    ("email", "Public e-mail", "email", "", false, 254),
    (
        "booking",
        "How to book a first meeting",
        "textarea",
        "Shown on the home page above the contact form's link.",
        false,
        2000,
    ),
];

/// `/admin/site`.
#[derive(Template)]
#[template(path = "admin/site.html")]
pub struct SiteSettingsPage {
    /// Navigation.
    pub nav: Nav,
    /// The version the form was made from.
    pub version: i64,
    /// What was typed or stored.
    pub values: SiteSettingsInput,
    /// Each field's mistake.
    pub errors: FieldErrors,
    /// A problem of the whole form ("changed meanwhile").
    pub problem: Option<String>,
    /// "Saved" after a save.
    pub notice: Option<&'static str>,
}

impl SiteSettingsPage {
    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let table = FieldTable {
            fields: &FIELDS,
            prefix: "site",
            autocomplete: "off",
        };
        table.input(name, self.values.value(name), &self.errors)
    }

    /// Every field, in form order.
    pub fn inputs(&self) -> Vec<Input> {
        FIELDS.iter().map(|f| self.input(f.0)).collect()
    }

    /// The error summary.
    pub fn summary(&self) -> Vec<ErrorLink> {
        self.errors
            .iter()
            .map(|(field, message)| {
                let label = FIELDS.iter().find(|f| f.0 == field).map_or(field, |f| f.1);
                ErrorLink {
                    href: format!("#site-{}", field.replace('_', "-")),
                    text: sentence(&format!("{label}: {message}")),
                }
            })
            .collect()
    }
}
