//! Delivering the outbox: over SMTP when configured (lettre), otherwise into the log (and the
//! mail is recorded as not sent). Each mail is one job of the runner (`crate::jobs`): a
//! failure is retried with a growing delay, so no mail is lost while the SMTP server is down.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::{Db, DbError, links, outbox};

/// Where mails go.
#[derive(Clone)]
pub enum Transport {
    /// No SMTP server configured: each mail is logged (without its link) and recorded as
    /// "not sent: no mail server configured".
    Log,
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    /// The transport for `smtp_url` (`smtp://user:pass@host:587`, `smtps://…`), or `Log`.
    /// Must be called inside the Tokio runtime.
    pub fn from_url(smtp_url: Option<&str>) -> anyhow::Result<Self> {
        match smtp_url {
            None | Some("") => Ok(Transport::Log),
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(10)))
                    .build(),
            )),
        }
    }

    async fn send(&self, from: &Mailbox, mail: &outbox::Mail, body: String) -> Result<(), String> {
        match self {
            Transport::Log => {
                // The body carries single-use links: secrets never go to the log; nor do the
                // address and the subject, which name people (an erased person's address must
                // not outlive them in the log). Staff find the mail by its id in the outbox.
                // Staff see invitation links on the case page; without SMTP, resets need an
                // admin.
                tracing::info!(mail = mail.id, kind = ?mail.kind, "mail not sent: no SMTP server configured");
                Ok(())
            }
            Transport::Smtp(smtp) => {
                let to: Mailbox = mail.to.parse().map_err(|e| format!("bad recipient: {e}"))?;
                let mut builder = Message::builder().from(from.clone()).to(to);
                // A conversation mail's signed reply address (issue 19).
                if let Some(reply_to) = &mail.reply_to {
                    let reply_to: Mailbox = reply_to
                        .parse()
                        .map_err(|e| format!("bad reply address: {e}"))?;
                    builder = builder.reply_to(reply_to);
                }
                let message = builder
                    .subject(mail.subject.clone())
                    .body(body)
                    .map_err(|e| format!("building the message: {e}"))?;
                smtp.send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// The body to send: a mail's link is made now (its secret never stored in the outbox);
/// `None` when the link was used or expired meanwhile.
async fn body_to_send(
    db: &Db,
    transport: &Transport,
    mail: &outbox::Mail,
    base_url: &str,
) -> Result<Option<String>, DbError> {
    let Some(link) = mail.link else {
        return Ok(Some(mail.body.clone()));
    };
    if matches!(transport, Transport::Log) {
        // Not sent anyway: no link is made (staff were shown the invitation's link).
        return Ok(Some(mail.body.replace(links::LINK_PLACEHOLDER, "(link)")));
    }
    Ok(links::mint(db, link, base_url)
        .await?
        .map(|url| mail.body.replace(links::LINK_PLACEHOLDER, &url)))
}

/// Where mails come from and where their links point.
#[derive(Debug, Clone)]
pub struct Sender {
    /// The `From` of every mail.
    pub from: Mailbox,
    /// The site's address, for links.
    pub base_url: String,
}

/// Delivers mail `id` (a job of the runner, `crate::jobs`): `Err` with the reason when it
/// should be tried again; `last` marks the mail failed for good on an error.
pub async fn deliver(
    db: &Db,
    transport: &Transport,
    sender: &Sender,
    id: i64,
    last: bool,
) -> Result<(), String> {
    let mail = match outbox::get(db, id).await {
        Ok(mail) => mail,
        // Deleted meanwhile: nothing to do.
        Err(DbError::NotFound) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    if mail.status != outbox::MailStatus::Pending {
        return Ok(());
    }
    let body = body_to_send(db, transport, &mail, &sender.base_url)
        .await
        .map_err(|e| e.to_string())?;
    let Some(body) = body else {
        outbox::mark_dropped(
            db,
            mail.id,
            "its link was used or expired before it was sent",
        )
        .await
        .map_err(|e| e.to_string())?;
        return Ok(());
    };
    match transport.send(&sender.from, &mail, body).await {
        Ok(()) => {
            let status = match transport {
                Transport::Log => outbox::MailStatus::NotSent,
                Transport::Smtp(_) => outbox::MailStatus::Sent,
            };
            outbox::mark_sent(db, mail.id, status)
                .await
                .map_err(|e| e.to_string())
        }
        Err(error) => {
            tracing::warn!(mail = mail.id, attempt = mail.attempts + 1, error = %error.escape_debug(), "mail not delivered; will retry");
            outbox::mark_failed(db, &mail, &error, last)
                .await
                .map_err(|e| e.to_string())?;
            Err(error)
        }
    }
}
