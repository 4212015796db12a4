//! A case's lawful basis and its people's consents, as the API sends and receives them
//! (issue 23).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use softland_domain::privacy::{Purpose, Standing};
use utoipa::ToSchema;

use crate::commands::privacy::{CasePrivacy, PersonConsents};
use crate::db::partners::Consent;

/// A case's lawful basis and every person's consents.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivacyOut {
    /// The case.
    pub case: i64,
    /// `contract`, `legal_obligation`, `public_task` or `consent`.
    pub lawful_basis: String,
    /// Its people, in the case's order.
    pub people: Vec<PrivacyPersonOut>,
}

/// One person's consents.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivacyPersonOut {
    /// Their index in the case's `people` (0: the principal).
    pub position: usize,
    /// Their name.
    pub name: String,
    /// Each purpose of the register, then each employer and buddy request.
    pub consents: Vec<PrivacyConsentOut>,
}

/// Where one consent stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivacyConsentOut {
    /// `portal_use`, `mail_reminders`, `photos` (the register), `employer_sharing`,
    /// `buddy_sharing` (kept by those features).
    pub purpose: String,
    /// The employer's name, for `employer_sharing`.
    pub about: Option<String>,
    /// `given`, `withdrawn` or `not_asked`.
    pub standing: String,
    /// Whether it may be done now.
    pub allowed: bool,
    /// The register's records, oldest first (empty for the features').
    pub records: Vec<PrivacyRecordOut>,
}

/// One record of the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivacyRecordOut {
    /// When it was given (none: a "no" said without a "yes" before).
    pub given_at: Option<DateTime<Utc>>,
    /// `in_person`, `phone`, `mail`, `portal` or `paper`.
    pub given_how: Option<String>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// A new lawful basis.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LawfulBasisIn {
    /// `contract`, `legal_obligation`, `public_task` or `consent`.
    pub lawful_basis: String,
}

/// A consent of the register given or withdrawn.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConsentIn {
    /// The person's index in the case's `people` (0: the principal).
    pub person: usize,
    /// `portal_use`, `mail_reminders` or `photos`.
    pub purpose: String,
    /// `give` or `withdraw`.
    pub action: String,
    /// How it was given (`in_person`, `phone`, `mail`, `portal`, `paper`), with `give`.
    pub consent_how: Option<String>,
}

fn standing_name(s: Standing) -> &'static str {
    match s {
        Standing::Given(_) => "given",
        Standing::Withdrawn(_) => "withdrawn",
        Standing::NotAsked => "not_asked",
    }
}

fn person_out(position: usize, p: &PersonConsents) -> PrivacyPersonOut {
    let mut consents: Vec<PrivacyConsentOut> = p
        .register
        .iter()
        .map(|(purpose, standing, records)| PrivacyConsentOut {
            purpose: purpose.as_str().to_owned(),
            about: None,
            standing: standing_name(*standing).to_owned(),
            allowed: standing.allows(*purpose),
            records: records
                .iter()
                .map(|r| PrivacyRecordOut {
                    given_at: r.given_at,
                    given_how: r.given_how.map(|h| h.as_str().to_owned()),
                    withdrawn_at: r.withdrawn_at,
                })
                .collect(),
        })
        .collect();
    for e in &p.employments {
        let standing = match e.consent {
            Consent::Given { .. } => "given",
            Consent::Withdrawn { .. } => "withdrawn",
            Consent::NotGiven => "not_asked",
        };
        consents.push(PrivacyConsentOut {
            purpose: Purpose::EmployerSharing.as_str().to_owned(),
            about: Some(e.organisation_name.clone()),
            standing: standing.to_owned(),
            allowed: e.consent.is_given(),
            records: Vec::new(),
        });
    }
    for m in &p.buddy {
        let shared = m.is_open() && !m.consent_withdrawn;
        consents.push(PrivacyConsentOut {
            purpose: Purpose::BuddySharing.as_str().to_owned(),
            about: None,
            standing: if m.consent_withdrawn {
                "withdrawn"
            } else {
                "given"
            }
            .to_owned(),
            allowed: shared,
            records: Vec::new(),
        });
    }
    PrivacyPersonOut {
        position,
        name: p.name.clone(),
        consents,
    }
}

impl From<&CasePrivacy> for PrivacyOut {
    fn from(p: &CasePrivacy) -> Self {
        Self {
            case: p.case.0,
            lawful_basis: p.basis.as_str().to_owned(),
            people: p
                .people
                .iter()
                .enumerate()
                .map(|(i, person)| person_out(i, person))
                .collect(),
        }
    }
}
