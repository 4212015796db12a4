//! `templates/public/contact.html` (the contact form, each mistake beside its field),
//! `templates/public/contacted.html` (the thank-you page) and the sender's confirmation mail.

use askama::Template;
use softland_domain::site::enquiry::{MESSAGE_MAX, NAME_MAX, Topic};

use super::PublicChrome;
use crate::commands::FieldErrors;
use crate::commands::site::enquiries::EnquiryInput;
use crate::db::outbox::MailText;
use crate::views::profile_fields::{ErrorLink, Input};
use crate::views::sentence;

/// (name, label, kind, hint, required, max length, autocomplete) of each text field.
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    usize,
    &'static str,
);

const FIELDS: [Spec; 5] = [
    ("name", "Your name", "text", "", true, NAME_MAX, "name"),
    (
        "email",
        "Your e-mail",
        "email",
        "We answer to this address.",
        true,
        254,
        "email",
    ),
    (
        "phone",
        "Your phone",
        "tel",
        "If you would like us to call you.",
        false,
        40,
        "tel",
    ),
    (
        "arrival",
        "When you expect to arrive",
        "date",
        "As YYYY-MM-DD, e.g. 2027-03-01. Leave it empty if you are here already or do not know yet.",
        false,
        0,
        "off",
    ),
    (
        "message",
        "Your message",
        "textarea",
        "What you would like to know or talk about.",
        true,
        MESSAGE_MAX,
        "off",
    ),
];

/// A topic to choose.
pub struct TopicChoice {
    /// `work`.
    pub value: &'static str,
    /// "Work".
    pub label: &'static str,
    /// Whether it is chosen.
    pub selected: bool,
}

/// The contact form as typed (`prefix` names its ids: the home page and `/contact` differ).
pub struct ContactForm {
    /// Ids start with it (`contact`, `home`).
    pub prefix: &'static str,
    /// The visitor's CSRF token.
    pub csrf: String,
    /// What was typed.
    pub values: EnquiryInput,
    /// Each field's mistake.
    pub errors: FieldErrors,
}

impl ContactForm {
    /// The input named `name`.
    pub fn input(&self, name: &str) -> Input {
        let spec = FIELDS.iter().find(|f| f.0 == name).unwrap_or(&FIELDS[0]);
        let v = &self.values;
        let value = match spec.0 {
            "email" => &v.email,
            "phone" => &v.phone,
            "arrival" => &v.arrival,
            "message" => &v.message,
            _ => &v.name,
        };
        Input {
            id: format!("{}-{}", self.prefix, spec.0),
            name: spec.0,
            label: spec.1,
            kind: spec.2,
            value: value.clone(),
            hint: spec.3,
            required: spec.4,
            max_length: u16::try_from(spec.5).unwrap_or(0),
            range: None,
            autocomplete: spec.6,
            error: self.error(spec.0),
        }
    }

    /// The mistake of `name`, as a sentence.
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(sentence)
    }

    /// The topics.
    pub fn topics(&self) -> Vec<TopicChoice> {
        Topic::ALL
            .into_iter()
            .map(|t| TopicChoice {
                value: t.as_str(),
                label: t.label(),
                selected: t.as_str() == self.values.topic.trim(),
            })
            .collect()
    }

    /// The error summary.
    pub fn summary(&self) -> Vec<ErrorLink> {
        self.errors
            .iter()
            .map(|(field, message)| {
                let label = match field {
                    "topic" => "What brings you",
                    "consent" => "Consent",
                    _ => FIELDS.iter().find(|f| f.0 == field).map_or(field, |f| f.1),
                };
                ErrorLink {
                    href: format!("#{}-{field}", self.prefix),
                    text: sentence(&format!("{label}: {message}")),
                }
            })
            .collect()
    }
}

/// `/contact`.
#[derive(Template)]
#[template(path = "public/contact.html")]
pub struct ContactPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// The form.
    pub form: ContactForm,
}

/// The thank-you page.
#[derive(Template)]
#[template(path = "public/contacted.html")]
pub struct ContactedPage {
    /// Header, footer and meta tags.
    pub chrome: PublicChrome,
    /// "within two working days".
    pub answer_within: &'static str,
}

/// The mail thanking the sender of an enquiry about `topic` to the centre `centre`. It never
/// repeats anything typed — not even the name: anyone can type anyone's address into a public
/// form, so the mail carries only the centre's own words and the chosen topic.
pub fn confirmation(centre: &str, topic: Topic, answer_within: &str) -> MailText {
    MailText {
        subject: format!("We received your message — {centre}"),
        body: format!(
            "Hello,\n\nthank you for writing to {centre} ({topic}). A consultant reads \
             your message and answers you {answer_within}, by e-mail (or by phone, if you gave \
             us a number). If a meeting helps, we suggest a time then: in person or online, in \
             English, free of charge.\n\nIf you did not write to us, you can ignore this mail: \
             we keep what was sent only to answer it.\n\n{centre}\n",
            topic = topic.label().to_lowercase(),
        ),
    }
}
