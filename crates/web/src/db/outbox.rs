//! The outgoing mail queue and the record of every notification. A mail is written in the
//! same transaction as the change that causes it, together with the job that delivers it
//! (`crate::jobs`), so it is never lost; the job runner delivers it and retries failures with
//! a growing delay. Each mail keeps what it was (its kind, the case and the account it was
//! for) and whether it was delivered or why not; a notification's idempotency key makes a
//! second copy of the same reminder impossible, across instances and restarts.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::entities::outbox;
use super::{Db, DbError};

/// After this many failed attempts a mail is marked failed and no longer retried.
pub const MAX_ATTEMPTS: i64 = 20;

/// What a mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// About an account: invitation, password reset, sign-in alert, token notice.
    Account,
    /// An expat wrote to the centre (to the consultant).
    Message,
    /// The centre answered an expat (to the expat).
    Reply,
    /// A due date is coming (to the expat).
    Reminder,
    /// A window to apply opened (to the expat).
    WindowOpens,
    /// A consultant asked for another copy of a document (to the expat).
    AnotherCopy,
    /// A consultant's daily digest.
    Digest,
    /// The buddy programme: a proposal to an ambassador, a match told to a newcomer, an
    /// ambassador's invitation or approval (issue 20).
    Buddy,
    /// Events (issue 22): a registration's confirmation, a place freed, an event cancelled.
    Event,
}

impl MailKind {
    /// Every kind.
    pub const ALL: [MailKind; 9] = [
        MailKind::Account,
        MailKind::Message,
        MailKind::Reply,
        MailKind::Reminder,
        MailKind::WindowOpens,
        MailKind::AnotherCopy,
        MailKind::Digest,
        MailKind::Buddy,
        MailKind::Event,
    ];

    /// Its name in URLs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            MailKind::Account => "account",
            MailKind::Message => "message",
            MailKind::Reply => "reply",
            MailKind::Reminder => "reminder",
            MailKind::WindowOpens => "window_opens",
            MailKind::AnotherCopy => "another_copy",
            MailKind::Digest => "digest",
            MailKind::Buddy => "buddy",
            MailKind::Event => "event",
        }
    }

    /// The kind named `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == raw)
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            MailKind::Account => "Account",
            MailKind::Message => "Message to the centre",
            MailKind::Reply => "Reply to the expat",
            MailKind::Reminder => "Reminder",
            MailKind::WindowOpens => "Window opens",
            MailKind::AnotherCopy => "Another copy asked",
            MailKind::Digest => "Daily digest",
            MailKind::Buddy => "Buddy programme",
            MailKind::Event => "Events",
        }
    }
}

/// Where a mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailStatus {
    /// Waiting for its delivery job (or its next attempt).
    Pending,
    /// Handed to the mail server.
    Sent,
    /// Not sent: no mail server is configured (written to the log without its link).
    NotSent,
    /// Given up on (the last error says why).
    Failed,
}

impl MailStatus {
    /// Every status.
    pub const ALL: [MailStatus; 4] = [
        MailStatus::Pending,
        MailStatus::Sent,
        MailStatus::NotSent,
        MailStatus::Failed,
    ];

    /// Its name in URLs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::NotSent => "not_sent",
            MailStatus::Failed => "failed",
        }
    }

    /// The status named `raw`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == raw)
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sent => "sent",
            MailStatus::NotSent => "not sent",
            MailStatus::Failed => "failed",
        }
    }
}

/// What a notification is about: recorded with its mail.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    /// Its kind.
    pub kind: MailKind,
    /// The case, when about one.
    pub case: Option<crate::ids::CaseId>,
    /// The account it is for, when it has one.
    pub recipient: Option<crate::ids::UserId>,
    /// The same key twice is one mail: the second is not written.
    pub key: Option<&'a str>,
}

/// A queued mail.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Id.
    pub id: i64,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// Where it is.
    pub status: MailStatus,
    /// What it is.
    pub kind: MailKind,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub sent_at: Option<DateTime<Utc>>,
    /// The single-use link it carries (made when it is sent, in place of
    /// `links::LINK_PLACEHOLDER` in the body).
    pub link: Option<i64>,
    /// The `Reply-To` address (a conversation's signed reply address).
    pub reply_to: Option<String>,
}

/// A mail's subject and text, written by `views::mail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// A mail to queue.
#[derive(Debug, Clone, Copy)]
pub struct NewMail<'a> {
    /// Recipient.
    pub to: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Plain-text body; `links::LINK_PLACEHOLDER` where the link goes.
    pub body: &'a str,
    /// The link it carries.
    pub link: Option<i64>,
    /// What it is about (`None`: an account mail).
    pub notice: Option<Notice<'a>>,
}

fn to_mail(m: outbox::Model) -> Mail {
    Mail {
        id: m.id,
        to: m.to_address,
        subject: m.subject,
        body: m.body,
        status: super::vocabulary::mail_status_from(&m.status).unwrap_or(MailStatus::Failed),
        kind: super::vocabulary::mail_kind_from(&m.kind).unwrap_or(MailKind::Account),
        case_id: m.case_id,
        attempts: m.attempts,
        last_error: m.last_error,
        created_at: m.created_at.with_timezone(&Utc),
        sent_at: m.sent_at.map(|t| t.with_timezone(&Utc)),
        link: m.link_token_id,
        reply_to: m.reply_to,
    }
}

/// Queues a mail without a link on its own.
pub async fn queue(db: &Db, to: &str, mail: &MailText) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    enqueue(db.write_conn(), to, &mail.subject, &mail.body).await
}

/// Queues a mail without a link inside the caller's transaction.
pub(crate) async fn enqueue(
    conn: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<(), DbError> {
    let mail = NewMail {
        to,
        subject,
        body,
        link: None,
        notice: None,
    };
    enqueue_mail(conn, mail).await.map(|_| ())
}

/// Queues `mail` inside the caller's transaction, with the job that delivers it. Returns the
/// mail's id, or `None` when a notification with the same key exists already.
pub(crate) async fn enqueue_mail(
    conn: &impl ConnectionTrait,
    mail: NewMail<'_>,
) -> Result<Option<i64>, DbError> {
    enqueue_reply_to(conn, mail, None).await
}

/// Queues `mail` with a `Reply-To` address inside the caller's transaction, with the job that
/// delivers it. Returns the mail's id, or `None` when a notification with the same key exists
/// already.
pub(crate) async fn enqueue_reply_to(
    conn: &impl ConnectionTrait,
    mail: NewMail<'_>,
    reply_to: Option<&str>,
) -> Result<Option<i64>, DbError> {
    let now = Utc::now();
    let notice = mail.notice;
    let row = outbox::ActiveModel {
        to_address: Set(mail.to.to_owned()),
        subject: Set(mail.subject.to_owned()),
        body: Set(mail.body.to_owned()),
        link_token_id: Set(mail.link),
        reply_to: Set(reply_to.map(str::to_owned)),
        status: Set(super::vocabulary::mail_status(MailStatus::Pending).to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(now.fixed_offset()),
        claimed_until: Set(None),
        created_at: Set(now.fixed_offset()),
        sent_at: Set(None),
        kind: Set(
            super::vocabulary::mail_kind(notice.map_or(MailKind::Account, |n| n.kind)).to_owned(),
        ),
        case_id: Set(notice.and_then(|n| n.case).map(|c| c.0)),
        recipient_id: Set(notice.and_then(|n| n.recipient).map(|u| u.0)),
        idempotency_key: Set(notice.and_then(|n| n.key).map(str::to_owned)),
        ..Default::default()
    };
    let inserted = outbox::Entity::insert(row)
        .on_conflict_do_nothing_on([outbox::Column::IdempotencyKey])
        .exec(conn)
        .await?;
    let sea_orm::TryInsertResult::Inserted(result) = inserted else {
        return Ok(None);
    };
    let id = result.last_insert_id;
    super::jobs::enqueue_on(conn, &crate::jobs::Job::DeliverMail { mail: id }, now).await?;
    Ok(Some(id))
}

/// Queues a notification about case `case` and records it in the case's history, in one
/// transaction; `false` when one with the same key was queued before (nothing is written).
pub async fn notify_case(
    db: &Db,
    case: crate::ids::CaseId,
    mail: NewMail<'_>,
) -> Result<bool, DbError> {
    use sea_orm::TransactionTrait as _;
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    if enqueue_mail(&txn, mail).await?.is_none() {
        return Ok(false);
    }
    let what = mail.notice.map_or(MailKind::Account, |n| n.kind).label();
    super::entities::audit_events::ActiveModel {
        case_id: Set(Some(case.0)),
        actor_id: Set(None),
        at: Set(Utc::now().fixed_offset()),
        action: Set(crate::audit::AuditAction::Notified.stored().to_owned()),
        subject: Set(format!("{what}: {}", mail.subject)),
        before: Set(None),
        after: Set(Some(format!("mailed to {}", mail.to))),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The mail `id`.
pub async fn get(db: &Db, id: i64) -> Result<Mail, DbError> {
    super::first(outbox::Entity::find_by_id(id), db.conn())
        .await?
        .map(to_mail)
        .ok_or(DbError::NotFound)
}

/// Records a delivery.
pub async fn mark_sent(db: &Db, id: i64, status: MailStatus) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(super::vocabulary::mail_status(status)),
        )
        .col_expr(
            outbox::Column::SentAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::FixedOffset>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// Records a failed attempt (`last`: the job gives up, so the mail is failed).
pub async fn mark_failed(db: &Db, mail: &Mail, error: &str, last: bool) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let status = if last {
        MailStatus::Failed
    } else {
        MailStatus::Pending
    };
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(super::vocabulary::mail_status(status)),
        )
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .filter(outbox::Column::Id.eq(mail.id))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// Gives up on a mail that can no longer be sent (`reason` says why).
pub async fn mark_dropped(db: &Db, id: i64, reason: &str) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Status,
            Expr::value(super::vocabulary::mail_status(MailStatus::Failed)),
        )
        .col_expr(outbox::Column::LastError, Expr::value(reason))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::FixedOffset>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db.write_conn())
        .await?;
    Ok(())
}

/// Which mails to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this status.
    pub status: Option<MailStatus>,
    /// Only this kind.
    pub kind: Option<MailKind>,
    /// Only mails about this case.
    pub case: Option<crate::ids::CaseId>,
    /// Only mails to addresses containing this (case-insensitive on ASCII).
    pub to: Option<String>,
    /// Only mails older than this id (the next page).
    pub before: Option<i64>,
}

/// Up to `limit` mails matching `filter`, newest first, for the admin page.
pub async fn list(db: &Db, filter: &Filter, limit: u64) -> Result<Vec<Mail>, DbError> {
    let mut query = outbox::Entity::find().order_by_desc(outbox::Column::Id);
    if let Some(status) = filter.status {
        query = query.filter(outbox::Column::Status.eq(super::vocabulary::mail_status(status)));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(outbox::Column::Kind.eq(super::vocabulary::mail_kind(kind)));
    }
    if let Some(case) = filter.case {
        query = query.filter(outbox::Column::CaseId.eq(case.0));
    }
    if let Some(to) = &filter.to {
        query = query.filter(outbox::Column::ToAddress.contains(to.to_ascii_lowercase()));
    }
    if let Some(before) = filter.before {
        query = query.filter(outbox::Column::Id.lt(before));
    }
    Ok(super::first_n(query, limit, db.conn())
        .await?
        .into_iter()
        .map(to_mail)
        .collect())
}

/// Makes every pending mail due now (an admin's "retry now").
pub async fn retry_now(db: &Db) -> Result<u64, DbError> {
    super::jobs::due_now(db, super::vocabulary::DELIVER_MAIL).await
}

/// How many mails were given up on.
pub async fn count_failed(db: &Db) -> Result<u64, DbError> {
    let query = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(super::vocabulary::mail_status(MailStatus::Failed)));
    Ok(super::count(&query, db.conn()).await?)
}
