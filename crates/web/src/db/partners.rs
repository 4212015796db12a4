//! The partner network's store (issue 21): the kinds of organisation, the organisations with
//! their contact people, and which kinds or organisations help with which checklist item.
//! Referrals (`referrals`) and the employers' side (`employers`) build on it.
//!
//! Organisations are never deleted (referrals keep pointing at them): they are made inactive.
//! Every change writes a history line (`AuditAction::PartnerChanged`, no case) in its
//! transaction; a change made against an old version is
//! [`DbError::Conflict`](crate::db::DbError::Conflict).

mod employers;
mod figures;
mod help;
mod read;
mod referrals;
mod write;

pub use employers::*;
pub use figures::*;
pub use help::*;
pub use read::*;
pub use referrals::*;
pub use write::*;

use chrono::{DateTime, NaiveDate, Utc};
use softland_domain::partner::{Agreement, Labels, Languages, OpeningHours, Phone, Website};
use softland_domain::person::Email;

use crate::ids::{ContactId, OrganisationId, PartnerKindId};

/// A kind of organisation ("Insurer"), as admins keep the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// Id.
    pub id: PartnerKindId,
    /// Stable name in URLs, filters and the API (`insurer`).
    pub slug: String,
    /// Words for people ("Insurer").
    pub name: String,
    /// Where it is listed.
    pub position: i64,
}

/// What staff say about an organisation: every field parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    /// Its kind.
    pub kind: PartnerKindId,
    /// Its name ("Fakultní nemocnice Ostrava").
    pub name: String,
    /// Street address ("17. listopadu 1790/5, 708 52 Ostrava-Poruba").
    pub address: Option<String>,
    /// District of Ostrava ("Poruba").
    pub district: Option<String>,
    /// Opening hours.
    pub opening_hours: Option<OpeningHours>,
    /// Website.
    pub website: Option<Website>,
    /// General e-mail.
    pub email: Option<Email>,
    /// General phone.
    pub phone: Option<Phone>,
    /// Languages its people speak with clients.
    pub languages: Languages,
    /// Services offered ("GP for adults", "English-speaking paediatrician").
    pub services: Labels,
    /// Free tags ("english-friendly", "walk-in").
    pub tags: Labels,
    /// Notes for staff only (never shown to expats, employers or the public).
    pub notes: Option<String>,
    /// Whether consultants refer people to it now.
    pub active: bool,
    /// Whether it may be listed on the public pages.
    pub public: bool,
    /// The centre's agreement with it.
    pub agreement: Agreement,
    /// When the centre last spoke with it.
    pub last_contact_on: Option<NaiveDate>,
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Id.
    pub id: OrganisationId,
    /// Its kind, resolved.
    pub kind: Kind,
    /// What staff said.
    pub details: Details,
    /// For optimistic concurrency (`ETag`s, forms).
    pub version: i64,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A contact person of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Id.
    pub id: ContactId,
    /// The organisation.
    pub organisation: OrganisationId,
    /// What is known of them.
    pub person: ContactPerson,
}

/// What staff say about a contact person: every field parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPerson {
    /// Their name.
    pub name: String,
    /// Their role ("International office").
    pub role: Option<String>,
    /// Their e-mail.
    pub email: Option<Email>,
    /// Their phone.
    pub phone: Option<Phone>,
}

/// Which organisations a directory list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words in the name, address, services or tags (case-insensitive).
    pub text: Option<String>,
    /// Only this kind.
    pub kind: Option<PartnerKindId>,
    /// Only those speaking this language.
    pub language: Option<softland_domain::partner::Language>,
    /// Only this district (case-insensitive).
    pub district: Option<String>,
    /// Only those offering a service containing this text.
    pub service: Option<String>,
    /// Inactive ones too.
    pub include_inactive: bool,
    /// Only those that may be listed publicly.
    pub public_only: bool,
    /// The reader is staff: the text search covers the internal tags too (never for expats
    /// or ambassadors, who would otherwise learn which partners carry a tag).
    pub search_tags: bool,
}

impl Filter {
    /// Whether `org` passes the filter.
    pub fn admits(&self, org: &Organisation) -> bool {
        let d = &org.details;
        if !self.include_inactive && !d.active {
            return false;
        }
        if self.public_only && !d.public {
            return false;
        }
        if self.kind.is_some_and(|k| k != org.kind.id) {
            return false;
        }
        if let Some(language) = &self.language
            && !d.languages.speaks(language)
        {
            return false;
        }
        if let Some(district) = &self.district
            && !d
                .district
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(district.trim()))
        {
            return false;
        }
        if let Some(service) = &self.service
            && !d.services.matches(service)
        {
            return false;
        }
        if let Some(text) = &self.text {
            let needle = text.trim().to_lowercase();
            let found = d.name.to_lowercase().contains(&needle)
                || d.address
                    .as_deref()
                    .is_some_and(|a| a.to_lowercase().contains(&needle))
                || d.services.matches(&needle)
                || (self.search_tags && d.tags.matches(&needle))
                || org.kind.name.to_lowercase().contains(&needle);
            if !found {
                return false;
            }
        }
        true
    }
}

/// An organisation a new or changed one may be the same as: the same name (ignoring case,
/// accents and the legal form) or the same e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Id.
    pub id: OrganisationId,
    /// Its name.
    pub name: String,
    /// Why it may be the same.
    pub by: DuplicateBy,
}

/// Why two organisations may be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateBy {
    /// The same name, ignoring case, accents and the legal form.
    Name,
    /// The same e-mail (the organisation's or a contact's).
    Email,
}

/// A partner kind or organisation named for a checklist item ("who can help").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Helps {
    /// Every active organisation of this kind.
    Kind(PartnerKindId),
    /// This organisation.
    Organisation(OrganisationId),
}
