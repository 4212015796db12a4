//! The job runner, the outbox and the reminder settings, as the API shows them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::jobs::Listed;
use crate::db::outbox::Mail;
use crate::db::reminders::Settings;

/// A background job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobOut {
    /// Job id.
    pub id: i64,
    /// `deliver_mail`, `digest` or `reminders` (as stored).
    pub kind: String,
    /// What it does, in words.
    pub description: String,
    /// `pending`, `running`, `done` or `failed`.
    pub status: &'static str,
    /// Attempts so far.
    pub attempts: i64,
    /// When it is (or was) due.
    pub run_at: DateTime<Utc>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was planned.
    pub created_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
}

impl JobOut {
    /// The job, its digest's consultant named from `names`.
    pub fn new(j: Listed, names: &std::collections::HashMap<crate::ids::UserId, String>) -> Self {
        Self {
            id: j.id,
            description: j.job.as_ref().map_or_else(
                || format!("Unknown job ({})", j.kind),
                |job| job.describe(names),
            ),
            kind: j.kind,
            status: j.status.label(),
            attempts: j.attempts,
            run_at: j.run_at,
            last_error: j.last_error,
            created_at: j.created_at,
            finished_at: j.finished_at,
        }
    }
}

/// A page of jobs.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobsOut {
    /// Newest first.
    pub jobs: Vec<JobOut>,
    /// Pass as `before` for the next page; `null` on the last.
    pub next_before: Option<i64>,
    /// How many jobs are pending, done and failed.
    pub counts: BTreeMap<String, u64>,
}

/// A mail in the outbox: the record of a notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailOut {
    /// Mail id.
    pub id: i64,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// `account`, `message`, `reply`, `reminder`, `window_opens`, `another_copy`, `digest`.
    pub kind: &'static str,
    /// `pending`, `sent`, `not_sent` (no mail server configured) or `failed`.
    pub status: &'static str,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// Delivery attempts.
    pub attempts: i64,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was handed to the mail server.
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<Mail> for MailOut {
    fn from(m: Mail) -> Self {
        Self {
            id: m.id,
            to: m.to,
            subject: m.subject,
            kind: m.kind.name(),
            status: m.status.name(),
            case_id: m.case_id,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
        }
    }
}

/// A page of mails.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailsOut {
    /// Newest first (bodies are left out: they may carry personal details).
    pub mails: Vec<MailOut>,
    /// Pass as `before` for the next page; `null` on the last.
    pub next_before: Option<i64>,
}

/// The centre's reminder and digest settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReminderSettingsBody {
    /// When digests go out (`HH:MM`, Europe/Prague) unless a consultant chose another time.
    #[schema(example = "07:30")]
    pub digest_time: String,
    /// "Due soon" in digests: due within this many working days (1–60).
    pub due_soon_days: u32,
    /// Items overdue by this many working days (1–60) are escalated to team leads.
    pub escalation_days: u32,
    /// Whether expats who made no choice get reminders.
    pub expat_reminders_default: bool,
    /// When the day's expat reminders go out (`HH:MM`).
    #[schema(example = "08:00")]
    pub reminder_time: String,
    /// Lead times in working days per item category (`"14, 3, 1"`; empty: none). A category
    /// left out gets none.
    pub lead_times: BTreeMap<String, String>,
}

impl From<&Settings> for ReminderSettingsBody {
    fn from(s: &Settings) -> Self {
        Self {
            digest_time: s.digest_time.to_string(),
            due_soon_days: s.due_soon.get(),
            escalation_days: s.escalation.get(),
            expat_reminders_default: s.expat_default,
            reminder_time: s.reminder_time.to_string(),
            lead_times: s
                .lead_times
                .iter()
                .map(|(c, l)| (c.as_str().to_owned(), l.to_string()))
                .collect(),
        }
    }
}

/// One's own daily digest.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DigestBody {
    /// Whether it is sent.
    pub enabled: bool,
    /// Its time (`HH:MM`); `null` or empty: the centre's.
    pub time: Option<String>,
}
