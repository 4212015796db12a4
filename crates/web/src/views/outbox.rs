//! `templates/admin/outbox.html`.

use askama::Template;
use softland_domain::date_format::long;

use super::nav::Nav;
use crate::db::outbox::Mail;

/// One mail line.
pub struct MailRow {
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// "sent", "pending", "failed".
    pub status: String,
    /// Queued at.
    pub queued: String,
    /// "sent …" / "next try …" / last error.
    pub detail: String,
    /// Attempts.
    pub attempts: i64,
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
}

impl OutboxPage {
    /// The page.
    pub fn new(nav: Nav, mails: Vec<Mail>, tz: chrono_tz::Tz, flash: Option<String>) -> Self {
        let when = |t: chrono::DateTime<chrono::Utc>| {
            let local = t.with_timezone(&tz);
            format!("{} {}", long(local.date_naive()), local.format("%H:%M"))
        };
        let mails = mails
            .into_iter()
            .map(|m| MailRow {
                detail: match (m.status.as_str(), m.sent_at, &m.last_error) {
                    ("sent", Some(at), _) => format!("sent {}", when(at)),
                    ("pending", _, Some(e)) => {
                        format!("next try {}; last error: {e}", when(m.next_attempt_at))
                    }
                    ("pending", _, None) => "waiting to be sent".to_owned(),
                    (_, _, e) => format!("gave up: {}", e.clone().unwrap_or_default()),
                },
                queued: when(m.created_at),
                to: m.to,
                subject: m.subject,
                status: m.status,
                attempts: m.attempts,
            })
            .collect();
        Self { nav, mails, flash }
    }
}
