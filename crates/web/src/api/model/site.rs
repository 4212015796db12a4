//! The centre's public site as the API shows it (issue 22, part A1): the centre's settings,
//! enquiries of the contact form, the deadline calculator's timeline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use softland_domain::site::enquiry::{EnquiryStatus, Topic};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::commands::site::calculator::Timeline;
use crate::commands::site::centre::SiteSettingsInput;
use crate::db::site::enquiries::Enquiry;
use crate::db::site::settings::SiteSettings;

/// The statuses of an enquiry.
fn enquiry_status() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(
            EnquiryStatus::ALL.iter().map(|s| s.as_str().to_owned()),
        ))
}

/// What brings someone.
fn enquiry_topic() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Topic::ALL.iter().map(|t| t.as_str().to_owned())))
}

/// The centre's public settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteSettingsOut {
    /// The centre's name.
    pub name: String,
    /// One line under the name.
    pub tagline: String,
    /// Whom the centre serves.
    pub who_for: String,
    /// The services, one per line.
    pub services: String,
    /// Street and town.
    pub address: String,
    /// Opening hours.
    pub hours: String,
    /// Phone (empty: none).
    pub phone: String,
    /// Public e-mail (empty: none).
    pub email: String,
    /// How to book a first meeting.
    pub booking: String,
    /// The version (0: never saved; the values given at start).
    pub version: i64,
}

impl From<&SiteSettings> for SiteSettingsOut {
    fn from(s: &SiteSettings) -> Self {
        Self {
            name: s.name.clone(),
            tagline: s.tagline.clone(),
            who_for: s.who_for.clone(),
            services: s.services.clone(),
            address: s.address.clone(),
            hours: s.hours.clone(),
            phone: s.phone.clone(),
            email: s.email.clone(),
            booking: s.booking.clone(),
            version: s.version,
        }
    }
}

/// The centre's settings to save (all of them).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteSettingsIn {
    /// The centre's name (required, at most 120 characters).
    pub name: String,
    /// One line under the name (at most 300).
    #[serde(default)]
    pub tagline: String,
    /// Whom the centre serves (at most 2000).
    #[serde(default)]
    pub who_for: String,
    /// The services, one per line (at most 3000).
    #[serde(default)]
    pub services: String,
    /// Street and town (required, at most 300).
    pub address: String,
    /// Opening hours (required, at most 300).
    pub hours: String,
    /// Phone (empty: none).
    #[serde(default)]
    pub phone: String,
    /// Public e-mail (empty: none).
    #[serde(default)]
    pub email: String,
    /// How to book a first meeting (at most 2000).
    #[serde(default)]
    pub booking: String,
    /// The version the change was made against, when `If-Match` is not sent (a stale one
    /// is 409).
    pub version: Option<i64>,
}

impl SiteSettingsIn {
    /// The command's input.
    pub fn input(&self) -> SiteSettingsInput {
        SiteSettingsInput {
            name: self.name.clone(),
            tagline: self.tagline.clone(),
            who_for: self.who_for.clone(),
            services: self.services.clone(),
            address: self.address.clone(),
            hours: self.hours.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            booking: self.booking.clone(),
        }
    }
}

/// An enquiry sent through the public contact form.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnquiryOut {
    /// Id.
    pub id: i64,
    /// The sender's name.
    pub name: String,
    /// The sender's e-mail.
    pub email: String,
    /// The sender's phone.
    pub phone: Option<String>,
    /// What brings them.
    #[schema(schema_with = enquiry_topic)]
    pub topic: &'static str,
    /// What they wrote.
    pub message: String,
    /// When they expect to arrive.
    pub arrival_on: Option<NaiveDate>,
    /// Where staff's handling stands.
    #[schema(schema_with = enquiry_status)]
    pub status: &'static str,
    /// The case opened for it.
    pub case_id: Option<i64>,
    /// Staff's notes, one line per step.
    pub note: Option<String>,
    /// When it was handled last.
    pub handled_at: Option<DateTime<Utc>>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// Its version (the `ETag` names it).
    pub version: i64,
}

impl From<Enquiry> for EnquiryOut {
    fn from(e: Enquiry) -> Self {
        Self {
            id: e.id.0,
            name: e.name,
            email: e.email,
            phone: e.phone,
            topic: e.topic.as_str(),
            message: e.message,
            arrival_on: e.arrival_on,
            status: e.status.as_str(),
            case_id: e.case.map(|c| c.0),
            note: e.note,
            handled_at: e.handled_at,
            created_at: e.created_at,
            version: e.version,
        }
    }
}

/// One page of enquiries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnquiryList {
    /// The enquiries.
    pub enquiries: Vec<EnquiryOut>,
    /// Pass as `before` for the next page; absent on the last.
    pub next_before: Option<i64>,
}

/// A step on an enquiry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnquiryPatch {
    /// The new status: `in_progress`, `answered` or `closed` (never back to `new`).
    #[schema(schema_with = enquiry_status)]
    pub status: String,
    /// A note added to the enquiry's notes (at most 2000 characters).
    #[serde(default)]
    pub note: String,
    /// The version the step was taken against, when `If-Match` is not sent.
    pub version: Option<i64>,
}

/// One step of a calculated timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalculatorStep {
    /// What to do.
    pub title: String,
    /// Who does it: `expat`, `employer`, `centre` or `authority`.
    pub doer: &'static str,
    /// The last day, when the dates given fix it.
    pub due: Option<NaiveDate>,
    /// The first day it can be done (a window).
    pub opens: Option<NaiveDate>,
    /// The engine's one line on the date ("3 working days after …; 24–26 Dec are holidays").
    pub explanation: Option<String>,
    /// The steps it waits for, by title.
    pub waits_for: Vec<String>,
    /// Instructions in plain English.
    pub instructions: String,
    /// What to bring.
    pub documents: Vec<String>,
    /// Where to go.
    pub where_to_go: String,
}

/// A personal timeline (nothing is stored).
#[derive(Debug, Serialize, ToSchema)]
pub struct CalculatorTimeline {
    /// The route's key.
    pub route: String,
    /// The route's name.
    pub route_name: String,
    /// The route template version used.
    pub template_version: u32,
    /// The key dates the route counts from (`arrival` first); send them as query parameters.
    pub dates_needed: Vec<&'static str>,
    /// The steps, by due date; undated ones last.
    pub steps: Vec<CalculatorStep>,
    /// Always said: guidance, not legal advice.
    pub notice: &'static str,
}

impl From<Timeline> for CalculatorTimeline {
    fn from(t: Timeline) -> Self {
        Self {
            route: t.route.key,
            route_name: t.route.name,
            template_version: t.route.version,
            dates_needed: t.route.needs.iter().map(|k| k.as_str()).collect(),
            steps: t
                .steps
                .into_iter()
                .map(|s| CalculatorStep {
                    title: s.title,
                    doer: s.doer.as_str(),
                    due: s.due,
                    opens: s.opens,
                    explanation: s.explanation,
                    waits_for: s.waits_for,
                    instructions: s.instructions,
                    documents: s.documents,
                    where_to_go: s.where_to_go,
                })
                .collect(),
            notice: "Guidance, not legal advice: the usual case under the rules as the centre knows them today.",
        }
    }
}
