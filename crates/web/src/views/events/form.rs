//! `templates/events/form.html`: an event's form (new and edit), each mistake beside its
//! field and what was typed kept.

use askama::Template;
use softland_domain::site::event::EventKind;

use crate::commands::FieldErrors;
use crate::commands::events::EventInput;
use crate::ids::OrganisationId;
use crate::views::nav::Nav;
use crate::views::partners::Choice;
use crate::views::profile_fields::{ErrorLink, FieldSpec, FieldTable, Input};
use crate::views::sentence;

/// (name, label, kind, hint, required, max length) of each text field, in form order.
const FIELDS: [FieldSpec; 14] = [
    ("title", "Title", "text", "", true, 200),
    (
        "summary",
        "Summary",
        "text",
        "One or two sentences for the lists",
        false,
        300,
    ),
    (
        "description",
        "Description",
        "textarea",
        "Markdown: **bold**, *italic*, [a link](https://…), lists with -",
        false,
        20000,
    ),
    ("starts_on", "Day", "date", "", true, 0),
    (
        "starts_time",
        "Starts at",
        "time",
        "Prague time, e.g. 17:00",
        true,
        5,
    ),
    (
        "ends_on",
        "Ends on another day",
        "date",
        "Leave empty when it ends the same day",
        false,
        0,
    ),
    (
        "ends_time",
        "Ends at",
        "time",
        "Prague time, e.g. 19:00",
        true,
        5,
    ),
    (
        "place",
        "Place",
        "text",
        "Address, or leave empty for an online event",
        false,
        300,
    ),
    (
        "online_url",
        "Online link",
        "text",
        "e.g. https://meet.example.org/taxes",
        false,
        300,
    ),
    (
        "language",
        "Language",
        "text",
        "Leave empty for English",
        false,
        40,
    ),
    (
        "capacity",
        "Places",
        "text",
        "1 to 10000; leave empty for no limit",
        false,
        5,
    ),
    (
        "closes_on",
        "Registration closes on",
        "date",
        "Leave empty to take registrations until it starts",
        false,
        0,
    ),
    (
        "closes_time",
        "Registration closes at",
        "time",
        "Leave empty for the end of that day",
        false,
        5,
    ),
    (
        "topics",
        "Topics",
        "text",
        "Separated by commas, e.g. taxes, housing",
        false,
        1300,
    ),
];

fn value<'a>(v: &'a EventInput, name: &str) -> &'a str {
    let t = &v.text;
    match name {
        "title" => &t.title,
        "kind" => &t.kind,
        "summary" => &t.summary,
        "description" => &t.description,
        "starts_on" => &t.starts_on,
        "starts_time" => &t.starts_time,
        "ends_on" => &t.ends_on,
        "ends_time" => &t.ends_time,
        "place" => &t.place,
        "online_url" => &t.online_url,
        "language" => &t.language,
        "capacity" => &t.capacity,
        "closes_on" => &t.closes_on,
        "closes_time" => &t.closes_time,
        "topics" => &t.topics,
        _ => "",
    }
}

/// A co-organiser checkbox.
pub struct OrganiserBox {
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whether it is ticked.
    pub checked: bool,
}

/// The new or edit page of an event.
#[derive(Template)]
#[template(path = "events/form.html")]
pub struct EventFormPage {
    /// Navigation.
    pub nav: Nav,
    /// The event changed (`None`: a new one).
    pub id: Option<i64>,
    /// Its title as stored (edit).
    pub stored_title: String,
    /// The version the form was made from (edit).
    pub version: i64,
    /// What was typed or stored.
    pub values: EventInput,
    /// Each field's mistake.
    pub errors: FieldErrors,
    /// The organisations to choose from.
    pub organisers: Vec<OrganiserBox>,
    /// A problem of the whole form ("changed meanwhile").
    pub problem: Option<String>,
}

impl EventFormPage {
    /// The form of `values` with `errors`; `choices` are the active organisations.
    pub fn new(
        nav: Nav,
        values: EventInput,
        errors: FieldErrors,
        choices: &[(OrganisationId, String)],
    ) -> Self {
        let organisers = choices
            .iter()
            .map(|(id, name)| OrganiserBox {
                id: id.0,
                name: name.clone(),
                checked: values.organisers.iter().any(|o| o.trim() == id.to_string()),
            })
            .collect();
        Self {
            nav,
            id: None,
            stored_title: String::new(),
            version: 0,
            values,
            errors,
            organisers,
            problem: None,
        }
    }

    /// Where the form posts.
    pub fn action(&self) -> String {
        self.id
            .map_or_else(|| "/programme".to_owned(), |id| format!("/programme/{id}"))
    }

    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let table = FieldTable {
            fields: &FIELDS,
            prefix: "event",
            autocomplete: "",
        };
        table.input(name, value(&self.values, name), &self.errors)
    }

    /// The mistake of field `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The kinds.
    pub fn kinds(&self) -> Vec<Choice> {
        EventKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: k.label().to_owned(),
                selected: k.as_str() == self.values.text.kind.trim(),
            })
            .collect()
    }

    /// The error summary.
    pub fn summary(&self) -> Vec<ErrorLink> {
        self.errors
            .iter()
            .map(|(field, message)| {
                let label = match field {
                    "kind" => "Kind",
                    "organisers" => "Co-organisers",
                    other => FIELDS
                        .iter()
                        .find(|f| f.0 == other)
                        .map_or("Event", |f| f.1),
                };
                let anchor = if field == "organisers" {
                    "event-organisers"
                } else {
                    ""
                };
                ErrorLink {
                    href: if anchor.is_empty() {
                        format!("#event-{}", field.replace('_', "-"))
                    } else {
                        format!("#{anchor}")
                    },
                    text: sentence(&format!("{label}: {message}")),
                }
            })
            .collect()
    }
}
