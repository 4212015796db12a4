//! An organisation and a contact person as typed (the same for a page and the API), parsed
//! once here so that both refuse the same input with the same message for the same field.
//! Field names: `name`, `kind`, `address`, `district`, `opening_hours`, `website`, `email`,
//! `phone`, `languages`, `services`, `tags`, `notes`, `active`, `public`, `agreement`,
//! `agreement_from`, `agreement_until`, `last_contact_on`; a contact's `name`, `role`,
//! `email`, `phone`.

use softland_domain::date_input;
use softland_domain::partner::{
    Agreement, AgreementStatus, Labels, Languages, OpeningHours, Phone, Website,
};
use softland_domain::person::Email;

use super::super::super::{CommandError, FieldErrors, Problem};
use crate::db::partners::{Contact, ContactPerson, Details, Kind, Organisation};

/// The most characters of an organisation's or a contact's name.
const NAME_MAX: usize = 200;
/// The most characters of an address.
const ADDRESS_MAX: usize = 300;
/// The most characters of a district or a contact's role.
const SHORT_MAX: usize = 120;
/// The most characters of the internal notes.
const NOTES_MAX: usize = 4000;

/// An organisation as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationInput {
    /// Name (required).
    pub name: String,
    /// The kind's slug (`insurer`).
    pub kind: String,
    /// Street address.
    pub address: String,
    /// District of Ostrava.
    pub district: String,
    /// Opening hours, one entry per line or `;` ("Mon-Fri 8:00-16:00").
    pub opening_hours: String,
    /// Website (blank: none).
    pub website: String,
    /// General e-mail.
    pub email: String,
    /// General phone.
    pub phone: String,
    /// Languages, comma-separated.
    pub languages: String,
    /// Services, comma-separated.
    pub services: String,
    /// Tags, comma-separated.
    pub tags: String,
    /// Internal notes.
    pub notes: String,
    /// Whether consultants refer people to it now.
    pub active: bool,
    /// Whether it may be listed on the public pages.
    pub public: bool,
    /// Agreement status (`none`, `negotiating`, `active`, `ended`; blank: none).
    pub agreement: String,
    /// First day of the agreement.
    pub agreement_from: String,
    /// Last day of the agreement.
    pub agreement_until: String,
    /// When the centre last spoke with it.
    pub last_contact_on: String,
}

/// A contact person as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactInput {
    /// Name (required).
    pub name: String,
    /// Role ("International office").
    pub role: String,
    /// Work e-mail.
    pub email: String,
    /// Work phone.
    pub phone: String,
}

/// Text of at most `max` characters: `None` when empty.
fn optional(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> Option<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        errors.add(field, Problem::TooLong(max).to_string());
        return None;
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        errors.add(field, "remove the control characters");
        return None;
    }
    (!text.is_empty()).then(|| text.to_owned())
}

/// Text of 1 to `max` characters on one line.
fn required(errors: &mut FieldErrors, field: &str, raw: &str, max: usize) -> Option<String> {
    let text = raw.trim();
    if text.is_empty() {
        errors.add(field, Problem::Missing.to_string());
        return None;
    }
    if text.contains(['\n', '\r']) {
        errors.add(field, "write it on one line");
        return None;
    }
    optional(errors, field, raw, max)
}

fn email(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<Email> {
    if raw.trim().is_empty() {
        return None;
    }
    Email::parse(raw).map_err(|e| errors.add(field, e.0)).ok()
}

fn phone(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<Phone> {
    if raw.trim().is_empty() {
        return None;
    }
    Phone::parse(raw)
        .map_err(|e| errors.add(field, e.to_string()))
        .ok()
}

fn date(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<chrono::NaiveDate> {
    date_input::parse_optional(raw)
        .map_err(|e| errors.add(field, e.to_string()))
        .ok()
        .flatten()
}

/// `Ok(value)` when every field parsed, else every field's mistake.
fn all_or_errors<T>(value: Option<T>, errors: FieldErrors) -> Result<T, CommandError> {
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(CommandError::InvalidFields(errors)),
    }
}

impl OrganisationInput {
    /// The form filled with `org` as stored.
    pub fn of(org: &Organisation) -> Self {
        let d = &org.details;
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Self {
            name: d.name.clone(),
            kind: org.kind.slug.clone(),
            address: text(&d.address),
            district: text(&d.district),
            opening_hours: d
                .opening_hours
                .as_ref()
                .map(|h| h.lines().join("\n"))
                .unwrap_or_default(),
            website: d
                .website
                .as_ref()
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
            email: d
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            phone: d
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            languages: d.languages.to_text(),
            services: d.services.to_text(),
            tags: d.tags.to_text(),
            notes: text(&d.notes),
            active: d.active,
            public: d.public,
            agreement: d.agreement.status().as_str().to_owned(),
            agreement_from: day(d.agreement.from()),
            agreement_until: day(d.agreement.until()),
            last_contact_on: day(d.last_contact_on),
        }
    }

    /// A blank form for a new organisation (active, listed, no agreement).
    pub fn blank() -> Self {
        Self {
            active: true,
            public: true,
            agreement: AgreementStatus::None.as_str().to_owned(),
            ..Self::default()
        }
    }

    /// The details, the kind found among `kinds`; every wrong field is reported.
    pub fn parse(&self, kinds: &[Kind]) -> Result<Details, CommandError> {
        let mut errors = FieldErrors::new();
        let name = required(&mut errors, "name", &self.name, NAME_MAX);
        let kind = kinds
            .iter()
            .find(|k| k.slug == self.kind.trim())
            .map(|k| k.id);
        if kind.is_none() {
            errors.add("kind", "choose one of the types offered");
        }
        let address = optional(&mut errors, "address", &self.address, ADDRESS_MAX);
        let district = optional(&mut errors, "district", &self.district, SHORT_MAX);
        let opening_hours = OpeningHours::parse(&self.opening_hours)
            .map_err(|e| errors.add("opening_hours", e.to_string()))
            .ok()
            .flatten();
        let website = match self.website.trim() {
            "" => None,
            raw => Website::parse(raw)
                .map_err(|e| errors.add("website", e.to_string()))
                .ok(),
        };
        let email = email(&mut errors, "email", &self.email);
        let phone = phone(&mut errors, "phone", &self.phone);
        let languages = Languages::parse(&self.languages)
            .map_err(|e| errors.add("languages", e.to_string()))
            .unwrap_or_default();
        let services = Labels::parse(&self.services)
            .map_err(|e| errors.add("services", e.to_string()))
            .unwrap_or_default();
        let tags = Labels::parse(&self.tags)
            .map_err(|e| errors.add("tags", e.to_string()))
            .unwrap_or_default();
        let notes = optional(&mut errors, "notes", &self.notes, NOTES_MAX);
        let agreement = self.agreement(&mut errors);
        let last_contact_on = date(&mut errors, "last_contact_on", &self.last_contact_on);
        let details = match (name, kind, agreement) {
            (Some(name), Some(kind), Some(agreement)) => Some(Details {
                kind,
                name,
                address,
                district,
                opening_hours,
                website,
                email,
                phone,
                languages,
                services,
                tags,
                notes,
                active: self.active,
                public: self.public,
                agreement,
                last_contact_on,
            }),
            _ => None,
        };
        all_or_errors(details, errors)
    }

    fn agreement(&self, errors: &mut FieldErrors) -> Option<Agreement> {
        let status = match self.agreement.trim() {
            "" => Some(AgreementStatus::None),
            raw => AgreementStatus::parse(raw),
        };
        if status.is_none() {
            errors.add("agreement", "choose one of the statuses offered");
        }
        let from = date_input::parse_optional(&self.agreement_from)
            .map_err(|e| errors.add("agreement_from", e.to_string()));
        let until = date_input::parse_optional(&self.agreement_until)
            .map_err(|e| errors.add("agreement_until", e.to_string()));
        let (Some(status), Ok(from), Ok(until)) = (status, from, until) else {
            return None;
        };
        Agreement::new(status, from, until)
            .map_err(|e| errors.add(e.field(), e.to_string()))
            .ok()
    }
}

impl ContactInput {
    /// The form filled with `contact` as stored.
    pub fn of(contact: &Contact) -> Self {
        let p = &contact.person;
        Self {
            name: p.name.clone(),
            role: p.role.clone().unwrap_or_default(),
            email: p
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            phone: p
                .phone
                .as_ref()
                .map(|x| x.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    /// The person; every wrong field is reported.
    pub fn parse(&self) -> Result<ContactPerson, CommandError> {
        let mut errors = FieldErrors::new();
        let name = required(&mut errors, "name", &self.name, NAME_MAX);
        let role = optional(&mut errors, "role", &self.role, SHORT_MAX);
        let email = email(&mut errors, "email", &self.email);
        let phone = phone(&mut errors, "phone", &self.phone);
        let person = name.map(|name| ContactPerson {
            name,
            role,
            email,
            phone,
        });
        all_or_errors(person, errors)
    }
}
