//! The partner directory as the API shows it to staff (organisations, contact people, kinds,
//! "who can help"), and what it receives.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use softland_domain::partner::AgreementStatus;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::commands::partners::directory::{ContactInput, OrganisationInput};
use crate::db::partners::{Contact, Kind, Organisation};

/// The agreement statuses: `none`, `negotiating`, `active`, `ended`.
fn agreement_status() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(
            AgreementStatus::ALL.iter().map(|s| s.as_str().to_owned()),
        ))
}

/// The centre's agreement with an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementOut {
    /// Where it stands.
    #[schema(schema_with = agreement_status)]
    pub status: &'static str,
    /// Its first day.
    pub from: Option<chrono::NaiveDate>,
    /// Its last day.
    pub until: Option<chrono::NaiveDate>,
}

/// An organisation of the directory (staff see every field).
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationOut {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Its kind's key (`insurer`).
    pub kind: String,
    /// Its kind's name ("Insurer").
    pub kind_name: String,
    /// Street address.
    pub address: Option<String>,
    /// District of Ostrava.
    pub district: Option<String>,
    /// Opening hours in their canonical form ("Mon–Fri 08:00–16:00; Sat closed").
    pub opening_hours: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// General e-mail.
    pub email: Option<String>,
    /// General phone.
    pub phone: Option<String>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Services offered.
    pub services: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Internal notes (staff only).
    pub notes: Option<String>,
    /// Whether consultants refer people to it now.
    pub active: bool,
    /// Whether it may be listed on the public pages.
    pub public: bool,
    /// The centre's agreement.
    pub agreement: AgreementOut,
    /// When the centre last spoke with it.
    pub last_contact_on: Option<chrono::NaiveDate>,
    /// Bumped by every change (contact people too); see `ETag`.
    pub version: i64,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Organisation> for OrganisationOut {
    fn from(o: Organisation) -> Self {
        let d = o.details;
        Self {
            id: o.id.0,
            name: d.name,
            kind: o.kind.slug,
            kind_name: o.kind.name,
            address: d.address,
            district: d.district,
            opening_hours: d.opening_hours.map(|h| h.to_text()),
            website: d.website.map(|w| w.as_str().to_owned()),
            email: d.email.map(|e| e.as_str().to_owned()),
            phone: d.phone.map(|p| p.as_str().to_owned()),
            languages: d
                .languages
                .as_slice()
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            services: d.services.as_slice().to_vec(),
            tags: d.tags.as_slice().to_vec(),
            notes: d.notes,
            active: d.active,
            public: d.public,
            agreement: AgreementOut {
                status: d.agreement.status().as_str(),
                from: d.agreement.from(),
                until: d.agreement.until(),
            },
            last_contact_on: d.last_contact_on,
            version: o.version,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// One page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationList {
    /// The organisations, by id.
    pub organisations: Vec<OrganisationOut>,
    /// The `after` of the next page, or `null` on the last.
    pub next_after: Option<i64>,
}

/// An organisation as sent (new, or all of it when changed). Dates are `YYYY-MM-DD`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OrganisationIn {
    /// Name (required, at most 200 characters).
    pub name: String,
    /// A kind's key (`GET /partner-kinds`).
    pub kind: String,
    /// Street address.
    pub address: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Opening hours: entries separated by `;` or line breaks ("Mon-Fri 8:00-16:00; Sat closed").
    pub opening_hours: Option<String>,
    /// Website (http or https).
    pub website: Option<String>,
    /// General e-mail.
    pub email: Option<String>,
    /// General phone.
    pub phone: Option<String>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Services offered.
    pub services: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Internal notes.
    pub notes: Option<String>,
    /// Active (default `true`).
    pub active: Option<bool>,
    /// Listed publicly (default `true`).
    pub public: Option<bool>,
    /// Agreement status (default `none`).
    #[schema(schema_with = agreement_status)]
    pub agreement: Option<String>,
    /// The agreement's first day.
    pub agreement_from: Option<String>,
    /// The agreement's last day.
    pub agreement_until: Option<String>,
    /// The last contact's day.
    pub last_contact_on: Option<String>,
    /// Save even though another organisation has the same name or e-mail.
    pub confirm_duplicate: Option<bool>,
    /// The version the change was made against (instead of `If-Match`).
    pub version: Option<i64>,
}

impl OrganisationIn {
    /// The commands' input.
    pub fn input(&self) -> OrganisationInput {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        OrganisationInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            address: text(&self.address),
            district: text(&self.district),
            opening_hours: text(&self.opening_hours),
            website: text(&self.website),
            email: text(&self.email),
            phone: text(&self.phone),
            languages: self.languages.join(", "),
            services: self.services.join(", "),
            tags: self.tags.join(", "),
            notes: text(&self.notes),
            active: self.active.unwrap_or(true),
            public: self.public.unwrap_or(true),
            agreement: text(&self.agreement),
            agreement_from: text(&self.agreement_from),
            agreement_until: text(&self.agreement_until),
            last_contact_on: text(&self.last_contact_on),
        }
    }
}

/// A contact person of an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactOut {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Work e-mail.
    pub email: Option<String>,
    /// Work phone.
    pub phone: Option<String>,
}

impl From<&Contact> for ContactOut {
    fn from(c: &Contact) -> Self {
        Self {
            id: c.id.0,
            name: c.person.name.clone(),
            role: c.person.role.clone(),
            email: c.person.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: c.person.phone.as_ref().map(|p| p.as_str().to_owned()),
        }
    }
}

/// An organisation's contact people.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactList {
    /// In their order.
    pub contacts: Vec<ContactOut>,
}

/// A contact person as sent.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactIn {
    /// Name (required).
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Work e-mail.
    pub email: Option<String>,
    /// Work phone.
    pub phone: Option<String>,
}

impl ContactIn {
    /// The commands' input.
    pub fn input(&self) -> ContactInput {
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        ContactInput {
            name: self.name.clone(),
            role: text(&self.role),
            email: text(&self.email),
            phone: text(&self.phone),
        }
    }
}

/// A kind of organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindOut {
    /// Its key, for filters and organisations (`language-school`).
    pub slug: String,
    /// Its name.
    pub name: String,
}

impl From<Kind> for KindOut {
    fn from(k: Kind) -> Self {
        Self {
            slug: k.slug,
            name: k.name,
        }
    }
}

/// Every kind, in the admins' order.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindList {
    /// The kinds.
    pub kinds: Vec<KindOut>,
}

/// A new kind.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KindIn {
    /// Its name; its key is made from it.
    pub name: String,
}

/// Who can help with a checklist item.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HelpersOut {
    /// Kind keys: every active organisation of the kind helps.
    pub kinds: Vec<String>,
    /// Organisation ids.
    pub organisations: Vec<i64>,
}
