//! Delivering the outbox: over SMTP when configured (lettre), otherwise into the log. Failures
//! stay queued and are retried with a growing delay, so no mail is lost while the SMTP server
//! is down.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::{Db, DbError, links, outbox};

/// Where mails go.
#[derive(Clone)]
pub enum Transport {
    /// No SMTP server configured: each mail is logged (with its link) and counts as sent.
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
                // The body carries single-use links: secrets never go to the log. Staff see
                // invitation links on the case page; without SMTP, resets need an admin.
                tracing::info!(to = %mail.to.escape_debug(), subject = %mail.subject.escape_debug(), "mail not sent: no SMTP server configured");
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

/// Delivers every due mail once; returns how many were delivered.
pub async fn deliver_due(
    db: &Db,
    transport: &Transport,
    sender: &Sender,
) -> Result<usize, DbError> {
    // A claim outlasts the batch (10 mails of at most 10 s each): a mail whose link was made
    // and sent must not be claimed again by another instance, which would make a new link and
    // leave the delivered one dead.
    let mails = outbox::claim_due(db, 10, chrono::Duration::minutes(10)).await?;
    let mut delivered = 0;
    for mail in &mails {
        let Some(body) = body_to_send(db, transport, mail, &sender.base_url).await? else {
            outbox::mark_dropped(
                db,
                mail.id,
                "its link was used or expired before it was sent",
            )
            .await?;
            continue;
        };
        match transport.send(&sender.from, mail, body).await {
            Ok(()) => {
                outbox::mark_sent(db, mail.id).await?;
                delivered += 1;
            }
            Err(error) => {
                tracing::warn!(mail = mail.id, attempt = mail.attempts + 1, error = %error.escape_debug(), "mail not delivered; will retry");
                outbox::mark_failed(db, mail, &error).await?;
            }
        }
    }
    Ok(delivered)
}

/// Runs [`deliver_due`] every `every` until the process ends.
pub fn spawn_sender(
    db: Db,
    transport: Transport,
    sender: Sender,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(err) = deliver_due(&db, &transport, &sender).await {
                tracing::warn!(error = %err, "mail sender pass failed");
            }
        }
    })
}
