//! Enquiries: a visitor sends one through the contact form (limited per address, a robot's
//! dropped unseen, the sender thanked by mail), staff list them, take steps on them and link
//! the case they open for one.

use std::net::IpAddr;

use softland_domain::date_input;
use softland_domain::partner::Phone;
use softland_domain::person::Email;
use softland_domain::site::enquiry::{
    EnquiryStatus, MESSAGE_MAX, NAME_MAX, NOTE_MAX, Topic, optional_line, optional_text,
    required_line, required_text,
};

use super::super::{Actor, CommandError, FieldErrors};
use super::{PublicForm, admit, admit_recipient, site_settings};
use crate::app::AppState;
use crate::db::site::enquiries::{self, Enquiry, NewEnquiry, Step};
use crate::ids::{CaseId, EnquiryId};

/// The contact form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnquiryInput {
    /// The sender's name (required).
    pub name: String,
    /// The sender's e-mail (required).
    pub email: String,
    /// The sender's phone.
    pub phone: String,
    /// What brings them ([`Topic::as_str`], required).
    pub topic: String,
    /// When they expect to arrive (`YYYY-MM-DD`).
    pub arrival: String,
    /// What they write (required).
    pub message: String,
    /// "We keep what you send to answer you" ticked (required).
    pub consent: bool,
}

/// An enquiry, checked.
struct Checked {
    name: String,
    email: Email,
    phone: Option<Phone>,
    topic: Topic,
    arrival: Option<chrono::NaiveDate>,
    message: String,
}

impl EnquiryInput {
    fn parse(&self) -> Result<Checked, CommandError> {
        let mut errors = FieldErrors::new();
        let mut note = |field: &str, e: &dyn std::fmt::Display| errors.add(field, e.to_string());
        let name = required_line(&self.name, NAME_MAX).unwrap_or_else(|e| {
            note("name", &e);
            String::new()
        });
        let email = Email::parse(&self.email)
            .map_err(|e| note("email", &e))
            .ok();
        let phone = match optional_line(&self.phone, 40) {
            Ok(Some(raw)) => Phone::parse(&raw).map_err(|e| note("phone", &e)).ok(),
            Ok(None) => None,
            Err(e) => {
                note("phone", &e);
                None
            }
        };
        let topic = Topic::parse(&self.topic);
        if topic.is_none() {
            note("topic", &"choose what brings you to us");
        }
        let arrival = date_input::parse_optional(&self.arrival)
            .map_err(|e| note("arrival", &e))
            .ok()
            .flatten();
        let message = required_text(&self.message, MESSAGE_MAX).unwrap_or_else(|e| {
            note("message", &e);
            String::new()
        });
        if !self.consent {
            note(
                "consent",
                &"tick this so that we may keep what you send to answer you",
            );
        }
        match (email, topic) {
            (Some(email), Some(topic)) if errors.is_empty() => Ok(Checked {
                name,
                email,
                phone,
                topic,
                arrival,
                message,
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }
}

/// How many confirmations of the contact form one e-mail address receives a day, whoever
/// sends the form: past it the form is refused (429) and nothing is stored.
pub const CONFIRMATIONS_PER_DAY: u64 = 3;

/// How soon the centre answers, said on the thank-you page and in the mail.
pub const ANSWER_WITHIN: &str = "within two working days";

/// A visitor sends the contact form from `address`.
#[derive(Debug, Clone)]
pub struct SendEnquiry {
    /// What was typed.
    pub input: EnquiryInput,
    /// The field people never see: a robot fills it in.
    pub honeypot: String,
    /// Where it came from (the per-address limit).
    pub address: IpAddr,
}

impl SendEnquiry {
    /// Stores it and queues the sender's confirmation; `None` when the hidden field was
    /// filled (nothing stored, answered like a success). Over the address's limit it is
    /// [`CommandError::Throttled`] before anything else is looked at; so it is, with nothing
    /// stored, when the typed e-mail had [`CONFIRMATIONS_PER_DAY`] confirmations already.
    pub async fn run(&self, state: &AppState) -> Result<Option<EnquiryId>, CommandError> {
        admit(state, self.address, PublicForm::Contact).await?;
        if !self.honeypot.trim().is_empty() {
            tracing::warn!(address = %self.address, "enquiry dropped: the hidden field was filled in");
            return Ok(None);
        }
        let checked = self.input.parse()?;
        admit_recipient(
            state,
            checked.email.as_str(),
            PublicForm::Contact,
            CONFIRMATIONS_PER_DAY,
        )
        .await?;
        let site = site_settings(state).await?;
        let mail =
            crate::views::public::contact::confirmation(&site.name, checked.topic, ANSWER_WITHIN);
        let new = NewEnquiry {
            name: &checked.name,
            email: checked.email.as_str(),
            phone: checked.phone.as_ref().map(Phone::as_str),
            topic: checked.topic,
            message: &checked.message,
            arrival_on: checked.arrival,
        };
        let id = enquiries::create(&state.db, new, &mail).await?;
        tracing::info!(enquiry = %id, "enquiry received");
        Ok(Some(id))
    }
}

/// Staff list enquiries, newest first.
#[derive(Debug, Clone, Copy)]
pub struct ListEnquiries {
    /// Only those of this status.
    pub status: Option<EnquiryStatus>,
    /// Only those older than this one (the previous page's last).
    pub before: Option<EnquiryId>,
    /// How many.
    pub limit: u64,
}

impl ListEnquiries {
    /// Lists them (staff only).
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<Vec<Enquiry>, CommandError> {
        actor.must_be_staff()?;
        Ok(enquiries::list(&state.db, self.status, self.before, self.limit).await?)
    }
}

/// Staff count the enquiries nobody has taken (the dashboard's link).
#[derive(Debug, Clone, Copy)]
pub struct CountNewEnquiries;

impl CountNewEnquiries {
    /// Counts them (staff only).
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<u64, CommandError> {
        actor.must_be_staff()?;
        Ok(enquiries::count_new(&state.db).await?)
    }
}

/// Staff read an enquiry.
#[derive(Debug, Clone, Copy)]
pub struct ShowEnquiry {
    /// Which.
    pub id: EnquiryId,
}

/// An enquiry with the name of who handled it last.
#[derive(Debug, Clone)]
pub struct EnquiryView {
    /// The enquiry.
    pub enquiry: Enquiry,
    /// Who handled it last, by name.
    pub handled_by: Option<String>,
}

impl ShowEnquiry {
    /// Reads it (staff only).
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<EnquiryView, CommandError> {
        actor.must_be_staff()?;
        let enquiry = enquiries::get(&state.db, self.id).await?;
        let handled_by = match enquiry.handled_by {
            Some(user) => Some(crate::db::users::get(&state.db, user).await?.display_name),
            None => None,
        };
        Ok(EnquiryView {
            enquiry,
            handled_by,
        })
    }
}

/// Staff mark an enquiry in progress, answered or closed, with a note.
#[derive(Debug, Clone)]
pub struct StepEnquiry {
    /// Which.
    pub id: EnquiryId,
    /// The version the step was taken against.
    pub version: i64,
    /// The new status ([`EnquiryStatus::as_str`]).
    pub status: String,
    /// A note (optional).
    pub note: String,
}

impl StepEnquiry {
    /// Takes the step (staff only); returns the new version. A status the enquiry cannot
    /// move to is a mistake of `status`; a stale version is
    /// [`CommandError::ChangedMeanwhile`].
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<i64, CommandError> {
        actor.must_be_staff()?;
        let current = enquiries::get(&state.db, self.id).await?;
        let mut errors = FieldErrors::new();
        let status = if let Some(to) = EnquiryStatus::parse(&self.status) {
            current
                .status
                .move_to(to)
                .map_err(|e| errors.add("status", e.to_string()))
                .ok()
        } else {
            errors.add("status", "choose in progress, answered or closed");
            None
        };
        let note = optional_text(&self.note, NOTE_MAX)
            .map_err(|e| errors.add("note", e.to_string()))
            .ok()
            .flatten();
        let Some(status) = status.filter(|_| errors.is_empty()) else {
            return Err(CommandError::InvalidFields(errors));
        };
        let note_line = match note {
            Some(text) => Some(note_line(state, actor, &text).await?),
            None => None,
        };
        let step = Step {
            version: self.version,
            status,
            what: format!("Marked {}", status.label().to_lowercase()),
            note_line,
            case: None,
            actor: actor.id,
        };
        Ok(enquiries::take_step(&state.db, self.id, &step).await?)
    }
}

/// "2026-12-07 Jana Nováková: called back" for a note by `actor`.
async fn note_line(state: &AppState, actor: &Actor, text: &str) -> Result<String, CommandError> {
    let who = crate::db::users::get(&state.db, actor.id)
        .await?
        .display_name;
    Ok(format!("{} {who}: {text}", state.config.today()))
}

/// Staff record the case they opened for an enquiry (a new one is then in progress).
#[derive(Debug, Clone, Copy)]
pub struct LinkEnquiryCase {
    /// Which enquiry.
    pub id: EnquiryId,
    /// The case.
    pub case: CaseId,
}

impl LinkEnquiryCase {
    /// Links them (staff only).
    pub async fn run(&self, state: &AppState, actor: &Actor) -> Result<(), CommandError> {
        actor.must_be_staff()?;
        let current = enquiries::get(&state.db, self.id).await?;
        let status = match current.status {
            EnquiryStatus::New => EnquiryStatus::InProgress,
            other => other,
        };
        let step = Step {
            version: current.version,
            status,
            what: format!("Case {} opened for it", self.case),
            note_line: None,
            case: Some(self.case),
            actor: actor.id,
        };
        enquiries::take_step(&state.db, self.id, &step).await?;
        Ok(())
    }
}
