//! The directory's forms and queries as posted, read into the commands' inputs.

use serde::Deserialize;

use crate::commands::partners::directory::{ContactInput, FilterInput, OrganisationInput};

/// A ticked checkbox.
fn ticked(value: Option<&String>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// The directory's filters in the URL.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FilterQuery {
    q: String,
    kind: String,
    language: String,
    district: String,
    service: String,
    include_inactive: Option<String>,
}

impl FilterQuery {
    /// The input as typed.
    pub fn input(&self) -> FilterInput {
        FilterInput {
            q: self.q.clone(),
            kind: self.kind.clone(),
            language: self.language.clone(),
            district: self.district.clone(),
            service: self.service.clone(),
            include_inactive: ticked(self.include_inactive.as_ref()),
        }
    }
}

/// An organisation's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrganisationForm {
    name: String,
    kind: String,
    address: String,
    district: String,
    opening_hours: String,
    website: String,
    email: String,
    phone: String,
    languages: String,
    services: String,
    tags: String,
    notes: String,
    active: Option<String>,
    public: Option<String>,
    agreement: String,
    agreement_from: String,
    agreement_until: String,
    last_contact_on: String,
    /// "This is a different organisation".
    pub confirm_duplicate: Option<String>,
    /// The version the edit page was made from.
    pub version: Option<String>,
}

impl OrganisationForm {
    /// The input as typed.
    pub fn input(&self) -> OrganisationInput {
        OrganisationInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            address: self.address.clone(),
            district: self.district.clone(),
            opening_hours: self.opening_hours.clone(),
            website: self.website.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            languages: self.languages.clone(),
            services: self.services.clone(),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            active: ticked(self.active.as_ref()),
            public: ticked(self.public.as_ref()),
            agreement: self.agreement.clone(),
            agreement_from: self.agreement_from.clone(),
            agreement_until: self.agreement_until.clone(),
            last_contact_on: self.last_contact_on.clone(),
        }
    }

    /// Whether the duplicate was confirmed.
    pub fn confirmed(&self) -> bool {
        ticked(self.confirm_duplicate.as_ref())
    }
}

/// A contact person's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    name: String,
    role: String,
    email: String,
    phone: String,
}

impl ContactForm {
    /// The input as typed.
    pub fn input(&self) -> ContactInput {
        ContactInput {
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
        }
    }
}

/// Partnership management's filter and order.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PartnershipsQuery {
    /// An agreement status.
    pub agreement: String,
    /// An order's name.
    pub sort: String,
}
