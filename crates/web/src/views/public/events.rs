//! The public events pages (issue 22): `templates/public/events.html` (the list),
//! `event.html` (one event with its registration form), `registered.html` (the answer to a
//! registration) and `registration.html` (the page of a personal cancel link).

use askama::Template;

use super::PublicChrome;
use crate::commands::FieldErrors;
use crate::commands::events::registration::RegistrationInput;
use crate::views::events::EventLine;
use crate::views::profile_fields::{ErrorLink, Input};
use crate::views::sentence;

/// `/events` and `/events/past`.
#[derive(Template)]
#[template(path = "public/events.html")]
pub struct EventsPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The events.
    pub events: Vec<EventLine>,
    /// Whether these are the past ones.
    pub past: bool,
}

/// The registration form as typed.
pub struct RegistrationForm {
    /// What was typed.
    pub values: RegistrationInput,
    /// Each field's mistake.
    pub errors: FieldErrors,
    /// The portal account's e-mail, when signed in (it is the one used).
    pub account_email: Option<String>,
}

impl RegistrationForm {
    /// The input named `name` (`name` or `email`).
    pub fn input(&self, name: &str) -> Input {
        let email = name == "email";
        Input {
            id: if email { "reg-email" } else { "reg-name" }.to_owned(),
            name: if email { "email" } else { "name" },
            label: if email { "E-mail" } else { "Your name" },
            kind: if email { "email" } else { "text" },
            value: if email {
                self.account_email
                    .clone()
                    .unwrap_or_else(|| self.values.email.clone())
            } else {
                self.values.name.clone()
            },
            hint: if email {
                "We send the confirmation and your personal cancel link here"
            } else {
                ""
            },
            required: true,
            max_length: if email { 254 } else { 200 },
            range: None,
            autocomplete: if email { "email" } else { "name" },
            error: self
                .errors
                .get(if email { "email" } else { "name" })
                .map(sentence),
        }
    }

    /// The mistake of `name`.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The error summary.
    pub fn summary(&self) -> Vec<ErrorLink> {
        self.errors
            .iter()
            .filter(|(f, _)| *f != "event")
            .map(|(field, message)| {
                let (href, label) = match field {
                    "email" => ("#reg-email", "E-mail"),
                    "consent" => ("#reg-consent", "Consent"),
                    _ => ("#reg-name", "Your name"),
                };
                ErrorLink {
                    href: href.to_owned(),
                    text: sentence(&format!("{label}: {message}")),
                }
            })
            .collect()
    }
}

/// `/events/{id}`.
#[derive(Template)]
#[template(path = "public/event.html")]
pub struct EventShowPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The event.
    pub event: EventLine,
    /// Its description, safe HTML.
    pub description_html: String,
    /// The online link, when anyone may see it (an event without a capacity).
    pub online_url: Option<String>,
    /// Whether it has an online link that only people with a place are sent.
    pub online_for_places: bool,
    /// The form's CSRF token.
    pub csrf: String,
    /// The registration form, when registration is open.
    pub form: Option<RegistrationForm>,
    /// Why registration is closed, when it is.
    pub closed: Option<String>,
}

/// The answer to a registration: the same whether the e-mail was registered before or not
/// (the mail tells where they stand), so the page reveals nobody's registration.
#[derive(Template)]
#[template(path = "public/registered.html")]
pub struct RegisteredPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The event.
    pub event: EventLine,
    /// Where the mail went.
    pub email: String,
}

/// `/events/registrations/{token}`.
#[derive(Template)]
#[template(path = "public/registration.html")]
pub struct RegistrationPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The form's CSRF token.
    pub csrf: String,
    /// The link's token (the form posts to the same address).
    pub token: String,
    /// The event.
    pub event: EventLine,
    /// Their name.
    pub name: String,
    /// "You have a place", "You are number 2 on the waiting list", "Cancelled".
    pub standing: String,
    /// Whether it is cancelled.
    pub cancelled: bool,
    /// Whether it was cancelled just now.
    pub just_cancelled: bool,
    /// Whether the event has started (it can no longer be cancelled).
    pub started: bool,
    /// The online link, for someone with a place.
    pub online_url: Option<String>,
}
