//! `templates/partners/form.html`: an organisation's form (new and edit) with each mistake
//! beside its field and a possible duplicate's links; and a contact person's form, shown on
//! the organisation's page.

use askama::Template;
use softland_domain::partner::AgreementStatus;

use super::{Choice, kind_choices};
use crate::commands::FieldErrors;
use crate::commands::partners::directory::{ContactInput, OrganisationInput};
use crate::db::partners::{Duplicate, DuplicateBy, Kind};
use crate::views::nav::Nav;
use crate::views::profile_fields::{ErrorLink, FieldSpec, FieldTable, Input};
use crate::views::sentence;

/// (name, label, kind, hint, required, max length) of each text field, in form order.
const FIELDS: [FieldSpec; 15] = [
    ("name", "Name", "text", "", true, 200),
    (
        "address",
        "Address",
        "text",
        "Street, number, postcode and town",
        false,
        300,
    ),
    ("district", "District", "text", "e.g. Poruba", false, 120),
    (
        "opening_hours",
        "Opening hours",
        "textarea",
        "One line per entry, e.g. Mon-Fri 8:00-16:00 or Sat closed",
        false,
        1200,
    ),
    ("website", "Website", "text", "e.g. www.vsb.cz", false, 300),
    ("email", "General e-mail", "email", "", false, 254),
    (
        "phone",
        "General phone",
        "tel",
        "e.g. +420 596 123 456",
        false,
        40,
    ),
    (
        "languages",
        "Languages spoken",
        "text",
        "Separated by commas, e.g. English, Czech",
        false,
        400,
    ),
    (
        "services",
        "Services",
        "text",
        "Separated by commas, e.g. GP for adults, Paediatrics",
        false,
        1300,
    ),
    ("tags", "Tags", "text", "Separated by commas", false, 1300),
    ("agreement_from", "Agreement from", "date", "", false, 0),
    ("agreement_until", "Agreement until", "date", "", false, 0),
    (
        "last_contact_on",
        "Last contact",
        "date",
        "The day the centre last spoke with them",
        false,
        0,
    ),
    (
        "notes",
        "Internal notes",
        "textarea",
        "Staff only: never shown to expats, ambassadors or employers",
        false,
        4000,
    ),
    ("kind", "Type", "select", "", true, 0),
];

fn value<'a>(v: &'a OrganisationInput, name: &str) -> &'a str {
    match name {
        "name" => &v.name,
        "kind" => &v.kind,
        "address" => &v.address,
        "district" => &v.district,
        "opening_hours" => &v.opening_hours,
        "website" => &v.website,
        "email" => &v.email,
        "phone" => &v.phone,
        "languages" => &v.languages,
        "services" => &v.services,
        "tags" => &v.tags,
        "notes" => &v.notes,
        "agreement" => &v.agreement,
        "agreement_from" => &v.agreement_from,
        "agreement_until" => &v.agreement_until,
        "last_contact_on" => &v.last_contact_on,
        _ => "",
    }
}

/// A possible duplicate, linked.
pub struct DuplicateLink {
    /// Its page.
    pub href: String,
    /// Its name.
    pub name: String,
    /// "same name" or "same e-mail".
    pub by: &'static str,
}

/// The new or edit page of an organisation.
#[derive(Template)]
#[template(path = "partners/form.html")]
pub struct OrganisationFormPage {
    /// Navigation.
    pub nav: Nav,
    /// The organisation changed (`None`: a new one).
    pub id: Option<i64>,
    /// Its name as stored (edit).
    pub stored_name: String,
    /// The version the form was made from (edit).
    pub version: i64,
    /// What was typed or stored.
    pub values: OrganisationInput,
    /// Each field's mistake.
    pub errors: FieldErrors,
    /// The kinds to choose from.
    pub kinds: Vec<Choice>,
    /// Possible duplicates to confirm.
    pub duplicates: Vec<DuplicateLink>,
    /// A problem of the whole form ("changed meanwhile").
    pub problem: Option<String>,
}

impl OrganisationFormPage {
    /// The form of `values` with `errors`.
    pub fn new(nav: Nav, kinds: &[Kind], values: OrganisationInput, errors: FieldErrors) -> Self {
        Self {
            nav,
            id: None,
            stored_name: String::new(),
            version: 0,
            kinds: kind_choices(kinds, &values.kind),
            values,
            errors,
            duplicates: Vec::new(),
            problem: None,
        }
    }

    /// The possible duplicates to show.
    #[must_use]
    pub fn with_duplicates(mut self, found: &[Duplicate]) -> Self {
        self.duplicates = found
            .iter()
            .map(|d| DuplicateLink {
                href: format!("/partners/{}", d.id),
                name: d.name.clone(),
                by: match d.by {
                    DuplicateBy::Name => "same name",
                    DuplicateBy::Email => "same e-mail",
                },
            })
            .collect();
        self
    }

    /// Where the form posts.
    pub fn action(&self) -> String {
        self.id
            .map_or_else(|| "/partners".to_owned(), |id| format!("/partners/{id}"))
    }

    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let table = FieldTable {
            fields: &FIELDS,
            prefix: "org",
            autocomplete: "",
        };
        table.input(name, value(&self.values, name), &self.errors)
    }

    /// The mistake of field `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The agreement statuses.
    pub fn agreements(&self) -> Vec<Choice> {
        AgreementStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.label().to_owned(),
                selected: s.as_str() == self.values.agreement.trim(),
            })
            .collect()
    }

    /// The error summary, in the form's order.
    pub fn summary(&self) -> Vec<ErrorLink> {
        let mut links: Vec<ErrorLink> = Vec::new();
        for (field, message) in self.errors.iter() {
            let label = FIELDS
                .iter()
                .find(|f| f.0 == field)
                .map_or("Agreement", |f| f.1);
            links.push(ErrorLink {
                href: format!("#org-{}", field.replace('_', "-")),
                text: sentence(&format!("{label}: {message}")),
            });
        }
        links
    }
}

/// A contact person's form (add, or change one).
pub struct ContactForm {
    /// Where it posts.
    pub action: String,
    /// The ids' prefix: `contact-new`, `contact-4`.
    pub prefix: String,
    /// What was typed or stored.
    pub values: ContactInput,
    /// Each field's mistake.
    pub errors: FieldErrors,
}

impl ContactForm {
    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let (label, kind, required, max_length, value) = match name {
            "role" => ("Role", "text", false, 120, &self.values.role),
            "email" => ("Work e-mail", "email", false, 254, &self.values.email),
            "phone" => ("Work phone", "tel", false, 40, &self.values.phone),
            _ => ("Name", "text", true, 200, &self.values.name),
        };
        let name = match name {
            "role" => "role",
            "email" => "email",
            "phone" => "phone",
            _ => "name",
        };
        Input {
            id: format!("{}-{name}", self.prefix),
            name,
            label,
            kind,
            value: value.clone(),
            hint: "",
            required,
            max_length,
            range: None,
            autocomplete: "",
            error: self.errors.get(name).map(sentence),
        }
    }
}
