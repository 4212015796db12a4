//! What the referral forms and the API send, as typed, and how it is read: every wrong field
//! is reported at once, with the same message in a form and in the API.

use chrono::NaiveDate;
use softland_domain::date_input;
use softland_domain::partner::{Category, ConsentHow, Languages, ReferralEvent};

use super::{NEED_MAX, NOTE_MAX};
use crate::commands::{CommandError, Field, FieldErrors, Problem};
use crate::ids::{ContactId, OrganisationId, PersonId};

/// A new referral as typed.
#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    /// The person's id; empty: the household as a whole.
    pub person: String,
    /// The partner's id.
    pub organisation: String,
    /// The contact person's id; empty: none.
    pub contact: String,
    /// The category (`health`, `schooling` …).
    pub category: String,
    /// What the person needs.
    pub need: String,
    /// Whether the person's contact details are shared with the partner.
    pub share_contact: bool,
    /// How the person agreed to share them (`in_person`, `phone`, `mail`, `portal`,
    /// `paper`); needed when they are shared.
    pub consent_how: String,
    /// When to follow it up (ISO date); empty: no follow-up.
    pub follow_up_on: String,
}

/// A new referral, read.
pub(super) struct Parsed {
    pub(super) person: Option<PersonId>,
    pub(super) organisation: OrganisationId,
    pub(super) contact: Option<ContactId>,
    pub(super) category: Category,
    pub(super) need: String,
    pub(super) consent: Option<ConsentHow>,
    pub(super) follow_up_on: Option<NaiveDate>,
}

fn problem(errors: &mut FieldErrors, field: Field, problem: &Problem) {
    errors.add(field.name(), problem.to_string());
}

fn optional_id<T: std::str::FromStr>(
    raw: &str,
    field: Field,
    errors: &mut FieldErrors,
) -> Option<T> {
    match raw.trim() {
        "" => None,
        text => text.parse().ok().or_else(|| {
            problem(errors, field, &Problem::NotOffered);
            None
        }),
    }
}

fn follow_up(raw: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    date_input::parse_optional(raw).unwrap_or_else(|e| {
        problem(errors, Field::FollowUp, &Problem::Date(e));
        None
    })
}

impl ReferralInput {
    /// The referral, with every wrong field reported.
    pub(super) fn parse(&self) -> Result<Parsed, CommandError> {
        let mut errors = FieldErrors::new();
        let person = optional_id::<i64>(&self.person, Field::Person, &mut errors).map(PersonId);
        let organisation = match self.organisation.trim() {
            "" => {
                problem(&mut errors, Field::Organisation, &Problem::Missing);
                None
            }
            raw => optional_id::<i64>(raw, Field::Organisation, &mut errors).map(OrganisationId),
        };
        let contact = optional_id::<i64>(&self.contact, Field::Contact, &mut errors).map(ContactId);
        let category = Category::parse(&self.category);
        if category.is_none() {
            problem(&mut errors, Field::Category, &Problem::NotOffered);
        }
        let need = self.need.trim().to_owned();
        if need.is_empty() {
            problem(&mut errors, Field::Need, &Problem::Missing);
        } else if need.chars().count() > NEED_MAX {
            problem(&mut errors, Field::Need, &Problem::TooLong(NEED_MAX));
        }
        let consent = if self.share_contact {
            let how = ConsentHow::parse(&self.consent_how);
            if how.is_none() {
                let why = Problem::Rule(
                    "say how the person agreed to share their contact details with the partner",
                );
                problem(&mut errors, Field::Consent, &why);
            }
            how
        } else {
            None
        };
        let follow_up_on = follow_up(&self.follow_up_on, &mut errors);
        match (organisation, category) {
            (Some(organisation), Some(category)) if errors.is_empty() => Ok(Parsed {
                person,
                organisation,
                contact,
                category,
                need,
                consent,
                follow_up_on,
            }),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }
}

/// A step of a referral as typed.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    /// The step (`contacted`, `solved`, `not_solved`, `reopen`).
    pub event: String,
    /// The note; needed for `not_solved`.
    pub note: String,
    /// The next follow-up (ISO date); empty: keep the one set.
    pub follow_up_on: String,
}

impl StepInput {
    /// The step, its note and the next follow-up, with every wrong field reported.
    pub(super) fn parse(
        &self,
    ) -> Result<(ReferralEvent, Option<String>, Option<NaiveDate>), CommandError> {
        let mut errors = FieldErrors::new();
        let event = ReferralEvent::parse(&self.event);
        if event.is_none() {
            problem(&mut errors, Field::Event, &Problem::NotOffered);
        }
        let note = Some(self.note.trim().to_owned()).filter(|n| !n.is_empty());
        if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
            problem(&mut errors, Field::Note, &Problem::TooLong(NOTE_MAX));
        }
        if event.is_some_and(ReferralEvent::needs_note) && note.is_none() {
            let why = Problem::Rule("write why the need was not met");
            problem(&mut errors, Field::Note, &why);
        }
        let follow_up_on = follow_up(&self.follow_up_on, &mut errors);
        match event {
            Some(event) if errors.is_empty() => Ok((event, note, follow_up_on)),
            _ => Err(CommandError::InvalidFields(errors)),
        }
    }
}

/// The household's languages as typed ("English, Ukrainian"), read.
pub fn parse_languages(raw: &str) -> Result<Languages, CommandError> {
    Languages::parse(raw)
        .map_err(|e| CommandError::invalid(Field::Languages, Problem::Languages(e)))
}
