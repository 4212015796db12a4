//! Referrals and "who can help" as the API shows them (staff see all of a referral; the
//! household its own without the consultant's notes and who wrote each step), and what the
//! API receives.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::organisation::ContactOut;
use crate::commands::partners::referrals::{
    HelperCard, ItemHelp, ReferralDetails, ReferralInput, ReferralLine, StepInput,
};
use crate::db::partners::{FollowUp, Organisation, Referral};

/// A partner named by a referral.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerRef {
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// A partner's public contact (never its internal notes).
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerOut {
    /// The organisation's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its kind (`health-care`).
    pub kind: String,
    /// Street address.
    pub address: Option<String>,
    /// District of Ostrava.
    pub district: Option<String>,
    /// Opening hours ("Mon-Fri 8:00-16:00").
    pub opening_hours: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Languages its people speak with clients.
    pub languages: Vec<String>,
}

impl From<&Organisation> for PartnerOut {
    fn from(o: &Organisation) -> Self {
        let d = &o.details;
        Self {
            id: o.id.0,
            name: d.name.clone(),
            kind: o.kind.slug.clone(),
            address: d.address.clone(),
            district: d.district.clone(),
            opening_hours: d
                .opening_hours
                .as_ref()
                .map(softland_domain::partner::OpeningHours::to_text),
            website: d.website.as_ref().map(|w| w.as_str().to_owned()),
            email: d.email.as_ref().map(|e| e.as_str().to_owned()),
            phone: d.phone.as_ref().map(|p| p.as_str().to_owned()),
            languages: d
                .languages
                .as_slice()
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
        }
    }
}

/// The consent to share the person's contact details with the partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentOut {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// How it was given: `in_person`, `phone`, `mail`, `portal`, `paper`.
    pub how: String,
}

/// One step of a referral.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralStepOut {
    /// The status it reached.
    pub status: String,
    /// Its note (staff only).
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (staff only).
    pub by: Option<String>,
}

/// A referral in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralSummaryOut {
    /// Id.
    pub id: i64,
    /// The case.
    pub case: i64,
    /// The case's principal (the follow-ups list).
    pub principal: Option<String>,
    /// The person's id (`null`: the household).
    pub person: Option<i64>,
    /// The person's name.
    pub person_name: Option<String>,
    /// The partner.
    pub partner: PartnerRef,
    /// `health`, `housing`, `schooling`, `work`, `money`, `insurance`, `language`,
    /// `paperwork`, `community`, `other`.
    pub category: String,
    /// The need.
    pub need: String,
    /// `sent`, `in_contact`, `solved`, `not_solved`.
    pub status: String,
    /// When the consultant follows it up (`null` once closed).
    pub follow_up_on: Option<NaiveDate>,
    /// For `If-Match` (`"referral-<id>-v<version>"`).
    pub version: i64,
}

impl ReferralSummaryOut {
    fn build(r: &Referral, partner: String) -> Self {
        Self {
            id: r.id.0,
            case: r.case.0,
            principal: None,
            person: r.person.map(|p| p.0),
            person_name: None,
            partner: PartnerRef {
                id: r.organisation.0,
                name: partner,
            },
            category: r.category.as_str().to_owned(),
            need: r.need.clone(),
            status: r.status.as_str().to_owned(),
            follow_up_on: r.follow_up_on,
            version: r.version,
        }
    }
}

impl From<ReferralLine> for ReferralSummaryOut {
    fn from(l: ReferralLine) -> Self {
        let mut out = Self::build(&l.referral, l.partner);
        out.person_name = l.person;
        out
    }
}

impl From<FollowUp> for ReferralSummaryOut {
    fn from(f: FollowUp) -> Self {
        let mut out = Self::build(&f.referral, f.organisation);
        out.principal = Some(f.principal);
        out
    }
}

/// A case's referrals, open ones first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralList {
    /// The referrals.
    pub referrals: Vec<ReferralSummaryOut>,
}

/// The signed-in consultant's follow-ups.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpList {
    /// Due today or overdue, the oldest first.
    pub due: Vec<ReferralSummaryOut>,
    /// Due in the next 7 days.
    pub soon: Vec<ReferralSummaryOut>,
}

/// A referral.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralOut {
    /// Id.
    pub id: i64,
    /// The case.
    pub case: i64,
    /// The person's id (`null`: the household).
    pub person: Option<i64>,
    /// The person's name.
    pub person_name: Option<String>,
    /// The partner, with its contact and opening hours.
    pub partner: PartnerOut,
    /// The partner's contact person, if one was named.
    pub contact: Option<ContactOut>,
    /// The category.
    pub category: String,
    /// The need.
    pub need: String,
    /// Whether the person's contact details are shared with the partner.
    pub share_contact: bool,
    /// The consent to share them (when shared).
    pub consent: Option<ConsentOut>,
    /// `sent`, `in_contact`, `solved`, `not_solved`.
    pub status: String,
    /// The status in words ("In contact").
    pub status_label: String,
    /// The last step's note (staff only).
    pub note: Option<String>,
    /// When the consultant follows it up (`null` once closed).
    pub follow_up_on: Option<NaiveDate>,
    /// The steps it may take now (staff only): `contacted`, `solved`, `not_solved`, `reopen`.
    pub events: Vec<String>,
    /// Its steps, oldest first.
    pub steps: Vec<ReferralStepOut>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// For `If-Match` (`"referral-<id>-v<version>"`).
    pub version: i64,
}

impl ReferralOut {
    /// The referral as `staff` or the household see it.
    pub fn build(d: &ReferralDetails, staff: bool) -> Self {
        let r = &d.referral;
        Self {
            id: r.id.0,
            case: r.case.0,
            person: r.person.map(|p| p.0),
            person_name: d.person.clone(),
            partner: PartnerOut::from(&d.organisation),
            // The household sees a named contact person only when sharing was agreed (as on
            // the portal's page).
            contact: d
                .contact
                .as_ref()
                .filter(|_| staff || r.consent.is_some())
                .map(ContactOut::from),
            category: r.category.as_str().to_owned(),
            need: r.need.clone(),
            share_contact: r.consent.is_some(),
            consent: r.consent.map(|c| ConsentOut {
                at: c.at,
                how: c.how.as_str().to_owned(),
            }),
            status: r.status.as_str().to_owned(),
            status_label: r.status.label().to_owned(),
            note: r.note.clone().filter(|_| staff),
            follow_up_on: r.follow_up_on,
            events: if staff {
                r.status
                    .events()
                    .into_iter()
                    .map(|e| e.as_str().to_owned())
                    .collect()
            } else {
                Vec::new()
            },
            steps: d
                .steps
                .iter()
                .map(|s| ReferralStepOut {
                    status: s.status.as_str().to_owned(),
                    note: s.note.clone().filter(|_| staff),
                    at: s.at,
                    by: s.actor.clone().filter(|_| staff),
                })
                .collect(),
            created_at: r.created_at,
            version: r.version,
        }
    }
}

/// A new referral.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "person": 12, "organisation": 3, "category": "health",
    "need": "An English-speaking paediatrician for Tom", "share_contact": true,
    "consent_how": "in_person", "follow_up_on": "2026-12-14"
}))]
pub struct ReferralIn {
    /// The person's id (a person of the case; `null`: the household).
    pub person: Option<i64>,
    /// The partner's id (an active organisation).
    pub organisation: i64,
    /// One of the partner's contact people.
    pub contact: Option<i64>,
    /// `health`, `housing`, `schooling`, `work`, `money`, `insurance`, `language`,
    /// `paperwork`, `community`, `other`.
    pub category: String,
    /// What the person needs (1–1,000 characters).
    #[schema(max_length = 1000)]
    pub need: String,
    /// Whether the partner gets the person's contact details (default `false`).
    pub share_contact: Option<bool>,
    /// How the person agreed (required with `share_contact`): `in_person`, `phone`, `mail`,
    /// `portal`, `paper`.
    pub consent_how: Option<String>,
    /// When to follow it up (ISO date).
    pub follow_up_on: Option<String>,
}

impl ReferralIn {
    /// The command's input.
    pub fn input(&self) -> ReferralInput {
        ReferralInput {
            person: self.person.map(|p| p.to_string()).unwrap_or_default(),
            organisation: self.organisation.to_string(),
            contact: self.contact.map(|c| c.to_string()).unwrap_or_default(),
            category: self.category.clone(),
            need: self.need.clone(),
            share_contact: self.share_contact.unwrap_or(false),
            consent_how: self.consent_how.clone().unwrap_or_default(),
            follow_up_on: self.follow_up_on.clone().unwrap_or_default(),
        }
    }
}

/// A step of a referral.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"event": "not_solved", "note": "No place until September."}))]
pub struct StepIn {
    /// `contacted`, `solved`, `not_solved` (needs `note`), `reopen`.
    pub event: String,
    /// The note (at most 2,000 characters).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The next follow-up (ISO date); absent: kept (closing clears it).
    pub follow_up_on: Option<String>,
    /// The version the step is made against, when `If-Match` is not sent.
    pub version: Option<i64>,
}

impl StepIn {
    /// The command's input.
    pub fn input(&self) -> StepInput {
        StepInput {
            event: self.event.clone(),
            note: self.note.clone().unwrap_or_default(),
            follow_up_on: self.follow_up_on.clone().unwrap_or_default(),
        }
    }
}

/// The languages a household speaks.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"languages": ["English", "Ukrainian"]}))]
pub struct LanguagesIn {
    /// Preferred first (at most 12; empty: not recorded, read as English).
    #[schema(max_items = 12)]
    pub languages: Vec<String>,
    /// The case's version, when `If-Match` is not sent.
    pub version: Option<i64>,
}

/// A partner who can help with an item.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelperOut {
    /// The partner.
    #[serde(flatten)]
    pub partner: PartnerOut,
    /// The household's languages it speaks.
    pub shared_languages: Vec<String>,
}

impl From<&HelperCard> for HelperOut {
    fn from(h: &HelperCard) -> Self {
        Self {
            partner: PartnerOut::from(&h.organisation),
            shared_languages: h.shared.iter().map(|l| l.as_str().to_owned()).collect(),
        }
    }
}

/// Who can help with one open item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemHelpOut {
    /// The item's id.
    pub item: i64,
    /// Its key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Partners speaking a language of the household, best first.
    pub helpers: Vec<HelperOut>,
    /// How many more could help but share no language with the household.
    pub others: usize,
}

impl From<&ItemHelp> for ItemHelpOut {
    fn from(h: &ItemHelp) -> Self {
        Self {
            item: h.item.0,
            key: h.key.clone(),
            title: h.title.clone(),
            helpers: h.helpers.iter().map(HelperOut::from).collect(),
            others: h.others,
        }
    }
}

/// "Who can help" with a case's open items.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhoCanHelpOut {
    /// The household's languages it was filtered by (empty: not recorded, read as English).
    pub languages: Vec<String>,
    /// The open items some partner is named for.
    pub items: Vec<ItemHelpOut>,
}
