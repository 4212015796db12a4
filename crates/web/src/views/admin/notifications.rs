//! The admin pages of notifications: the outbox (`templates/admin/outbox.html`), the job
//! runner's jobs (`admin/jobs.html`) and the reminder and digest settings
//! (`admin/reminders.html`).

use askama::Template;
use chrono::{DateTime, Utc};
use softland_domain::date_format::long;

use crate::commands::FieldErrors;
use crate::commands::notifications::SettingsInput;
use crate::db::jobs::Listed;
use crate::db::outbox::{MailKind, MailStatus};
use crate::jobs::JobStatus;
use crate::views::nav::Nav;

/// "Fri 4 Dec 2026 07:30" in the centre's zone.
fn when(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    let local = t.with_timezone(&tz);
    format!("{} {}", long(local.date_naive()), local.format("%H:%M"))
}

/// One mail line.
pub struct MailRow {
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// What it is.
    pub kind: &'static str,
    /// Status words.
    pub status: &'static str,
    /// Badge class.
    pub status_class: &'static str,
    /// Queued at.
    pub queued: String,
    /// "sent …" / "next try …" / why not.
    pub detail: String,
    /// Attempts.
    pub attempts: i64,
    /// The case it is about.
    pub case_id: Option<i64>,
}

/// A choice of a filter.
pub struct Choice {
    /// The value in the URL.
    pub value: &'static str,
    /// Words.
    pub label: &'static str,
    /// Whether chosen.
    pub selected: bool,
}

/// The outbox page.
#[derive(Template)]
#[template(path = "admin/outbox.html")]
pub struct OutboxPage {
    /// Navigation.
    pub nav: Nav,
    /// Mails, newest first.
    pub mails: Vec<MailRow>,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// Status choices.
    pub statuses: Vec<Choice>,
    /// Kind choices.
    pub kinds: Vec<Choice>,
    /// The recipient filter as typed.
    pub to: String,
    /// The case filter as typed.
    pub case: String,
    /// The next page's address.
    pub next: Option<String>,
    /// Whether a mail server is configured (else mails are "not sent").
    pub smtp: bool,
}

/// Filter values as they came, for the page.
pub struct MailFilterValues {
    /// Status value.
    pub status: Option<MailStatus>,
    /// Kind value.
    pub kind: Option<MailKind>,
    /// Recipient text.
    pub to: String,
    /// Case text.
    pub case: String,
}

impl OutboxPage {
    /// The page.
    pub fn new(
        nav: Nav,
        page: crate::commands::notifications::MailPage,
        values: MailFilterValues,
        tz: chrono_tz::Tz,
        flash: Option<String>,
        smtp: bool,
    ) -> Self {
        let mails = page
            .mails
            .into_iter()
            .map(|m| MailRow {
                detail: match (m.status, m.sent_at, &m.last_error) {
                    (MailStatus::Sent, Some(at), _) => format!("sent {}", when(at, tz)),
                    (MailStatus::NotSent, _, _) => {
                        "not sent: no mail server configured (written to the log)".to_owned()
                    }
                    (MailStatus::Pending, _, Some(e)) => {
                        format!("will be tried again; last error: {e}")
                    }
                    (MailStatus::Pending, _, None) => "waiting to be sent".to_owned(),
                    (_, _, e) => format!("gave up: {}", e.clone().unwrap_or_default()),
                },
                status_class: match m.status {
                    MailStatus::Sent => "ok",
                    MailStatus::Pending => "",
                    MailStatus::NotSent | MailStatus::Failed => "danger",
                },
                queued: when(m.created_at, tz),
                to: m.to,
                subject: m.subject,
                kind: m.kind.label(),
                status: m.status.label(),
                attempts: m.attempts,
                case_id: m.case_id,
            })
            .collect();
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(s) = values.status {
            query.push(("status", s.name().to_owned()));
        }
        if let Some(k) = values.kind {
            query.push(("kind", k.name().to_owned()));
        }
        if !values.to.is_empty() {
            query.push(("to", values.to.clone()));
        }
        if !values.case.is_empty() {
            query.push(("case", values.case.clone()));
        }
        let next = page.next.map(|before| {
            query.push(("before", before.to_string()));
            format!(
                "/admin/outbox?{}",
                serde_html_form::to_string(&query).unwrap_or_default()
            )
        });
        Self {
            nav,
            mails,
            flash,
            statuses: MailStatus::ALL
                .into_iter()
                .map(|s| Choice {
                    value: s.name(),
                    label: s.label(),
                    selected: values.status == Some(s),
                })
                .collect(),
            kinds: MailKind::ALL
                .into_iter()
                .map(|k| Choice {
                    value: k.name(),
                    label: k.label(),
                    selected: values.kind == Some(k),
                })
                .collect(),
            to: values.to,
            case: values.case,
            next,
            smtp,
        }
    }
}

/// One job line.
pub struct JobRow {
    /// Id.
    pub id: i64,
    /// What it does.
    pub what: String,
    /// Status words.
    pub status: &'static str,
    /// Badge class.
    pub status_class: &'static str,
    /// Whether it can be retried (failed).
    pub retry: bool,
    /// Due / finished, attempts, error.
    pub detail: String,
    /// Attempts.
    pub attempts: i64,
    /// Planned at.
    pub created: String,
}

/// The jobs page.
#[derive(Template)]
#[template(path = "admin/jobs.html")]
pub struct JobsPage {
    /// Navigation.
    pub nav: Nav,
    /// Jobs, newest first.
    pub jobs: Vec<JobRow>,
    /// Status choices.
    pub statuses: Vec<Choice>,
    /// Counts: pending, done, failed.
    pub counts: Vec<(&'static str, u64)>,
    /// The next page.
    pub next: Option<String>,
    /// A message after a redirect.
    pub flash: Option<String>,
}

impl JobsPage {
    /// The page.
    pub fn new(
        nav: Nav,
        page: crate::commands::notifications::JobPage,
        status: Option<JobStatus>,
        tz: chrono_tz::Tz,
        flash: Option<String>,
    ) -> Self {
        let names = &page.names;
        let rows = page
            .jobs
            .into_iter()
            .map(|j: Listed| JobRow {
                id: j.id,
                what: j.job.as_ref().map_or_else(
                    || format!("Unknown job ({})", j.kind),
                    |job| job.describe(names),
                ),
                status: j.status.label(),
                status_class: match j.status {
                    JobStatus::Done => "ok",
                    JobStatus::Failed => "danger",
                    JobStatus::Pending | JobStatus::Running => "",
                },
                retry: j.status == JobStatus::Failed,
                detail: {
                    let mut parts = Vec::new();
                    match (j.status, j.finished_at) {
                        (JobStatus::Done | JobStatus::Failed, Some(at)) => {
                            parts.push(format!("ended {}", when(at, tz)));
                        }
                        (JobStatus::Running, _) => parts.push(format!(
                            "running on {}",
                            j.claimed_by.clone().unwrap_or_default()
                        )),
                        _ => parts.push(format!("due {}", when(j.run_at, tz))),
                    }
                    if let Some(e) = &j.last_error {
                        parts.push(format!("last error: {e}"));
                    }
                    parts.join("; ")
                },
                attempts: j.attempts,
                created: when(j.created_at, tz),
            })
            .collect();
        let statuses = [JobStatus::Pending, JobStatus::Done, JobStatus::Failed]
            .into_iter()
            .map(|s| Choice {
                value: s.label(),
                label: s.label(),
                selected: status == Some(s),
            })
            .collect();
        let next = page.next.map(|before| match status {
            Some(s) => format!("/admin/jobs?status={}&before={before}", s.label()),
            None => format!("/admin/jobs?before={before}"),
        });
        Self {
            nav,
            jobs: rows,
            statuses,
            counts: page.counts.iter().map(|(s, n)| (s.label(), *n)).collect(),
            next,
            flash,
        }
    }
}

/// One category's lead times in the form.
pub struct LeadRow {
    /// The field name.
    pub name: String,
    /// The element id.
    pub id: String,
    /// The heading.
    pub label: &'static str,
    /// As typed.
    pub value: String,
}

/// The reminder settings page.
#[derive(Template)]
#[template(path = "admin/reminders.html")]
pub struct RemindersPage {
    /// Navigation.
    pub nav: Nav,
    /// The values shown (stored, or as typed).
    pub form: SettingsInput,
    /// Lead times per category.
    pub leads: Vec<LeadRow>,
    /// Mistakes by field.
    pub errors: FieldErrors,
    /// The error summary: (the field's input id, the message).
    pub summary: Vec<(String, String)>,
    /// After a save.
    pub saved: bool,
}

impl RemindersPage {
    /// The id of the input of the field named `field` (for the error summary's links).
    fn anchor(field: &str) -> String {
        match field {
            "digest_time" => "digest-time".to_owned(),
            "due_soon_days" => "due-soon".to_owned(),
            "escalation_days" => "escalation".to_owned(),
            "reminder_time" => "reminder-time".to_owned(),
            other => other
                .strip_prefix("lead_times.")
                .map_or_else(|| "digest-time".to_owned(), |c| format!("lead-{c}")),
        }
    }

    /// The page showing `form`.
    pub fn new(nav: Nav, form: SettingsInput, errors: FieldErrors, saved: bool) -> Self {
        let leads = form
            .lead_times
            .iter()
            .map(|(c, v)| LeadRow {
                name: crate::commands::Field::LeadTimes(*c).name(),
                id: format!("lead-{}", c.as_str()),
                label: c.label(),
                value: v.clone(),
            })
            .collect();
        let summary = errors
            .iter()
            .map(|(field, message)| (Self::anchor(field), message.to_owned()))
            .collect();
        Self {
            nav,
            form,
            leads,
            errors,
            summary,
            saved,
        }
    }
}
