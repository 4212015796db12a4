//! The outgoing mail queue. A mail is written in the same transaction as the change that
//! causes it, so it is never lost; the sender (`crate::mail`) claims due mails, delivers them
//! and retries failures with a growing delay.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::entities::outbox;
use super::{Db, DbError};

/// After this many failed attempts a mail is marked failed and no longer retried.
pub const MAX_ATTEMPTS: i64 = 20;

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
    /// "pending", "sent" or "failed".
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// The last delivery error.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due.
    pub next_attempt_at: DateTime<Utc>,
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
}

fn to_mail(m: outbox::Model) -> Mail {
    Mail {
        id: m.id,
        to: m.to_address,
        subject: m.subject,
        body: m.body,
        status: m.status,
        attempts: m.attempts,
        last_error: m.last_error,
        created_at: m.created_at.with_timezone(&Utc),
        next_attempt_at: m.next_attempt_at.with_timezone(&Utc),
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
    };
    enqueue_mail(conn, mail).await
}

/// Queues `mail` inside the caller's transaction.
pub(crate) async fn enqueue_mail(
    conn: &impl ConnectionTrait,
    mail: NewMail<'_>,
) -> Result<(), DbError> {
    enqueue_reply_to(conn, mail, None).await
}

/// Queues `mail` with a `Reply-To` address inside the caller's transaction.
pub(crate) async fn enqueue_reply_to(
    conn: &impl ConnectionTrait,
    mail: NewMail<'_>,
    reply_to: Option<&str>,
) -> Result<(), DbError> {
    let now = Utc::now().fixed_offset();
    outbox::ActiveModel {
        to_address: Set(mail.to.to_owned()),
        subject: Set(mail.subject.to_owned()),
        body: Set(mail.body.to_owned()),
        link_token_id: Set(mail.link),
        reply_to: Set(reply_to.map(str::to_owned)),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Claims up to `limit` due mails for `lease` (another instance will not take them
/// meanwhile) and returns them.
pub async fn claim_due(db: &Db, limit: u64, lease: Duration) -> Result<Vec<Mail>, DbError> {
    let _guard = db.write_guard().await;
    let now = Utc::now();
    let free = Condition::any()
        .add(outbox::Column::ClaimedUntil.is_null())
        .add(outbox::Column::ClaimedUntil.lt(now.fixed_offset()));
    let due = outbox::Entity::find()
        .filter(outbox::Column::Status.eq("pending"))
        .filter(outbox::Column::NextAttemptAt.lte(now.fixed_offset()))
        .filter(free.clone())
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db.write_conn())
        .await?;
    let mut claimed = Vec::new();
    for mail in due {
        let result = outbox::Entity::update_many()
            .col_expr(
                outbox::Column::ClaimedUntil,
                Expr::value((now + lease).fixed_offset()),
            )
            .filter(outbox::Column::Id.eq(mail.id))
            .filter(free.clone())
            .exec(db.write_conn())
            .await?;
        if result.rows_affected == 1 {
            claimed.push(to_mail(mail));
        }
    }
    Ok(claimed)
}

/// Records a delivery.
pub async fn mark_sent(db: &Db, id: i64) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value("sent"))
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

/// Records a failed attempt: retried after a delay that doubles each time (1 minute up to
/// an hour), or marked failed after [`MAX_ATTEMPTS`].
pub async fn mark_failed(db: &Db, mail: &Mail, error: &str) -> Result<(), DbError> {
    let _guard = db.write_guard().await;
    let attempts = mail.attempts + 1;
    let delay = Duration::minutes(1i64 << attempts.clamp(0, 6)).min(Duration::hours(1));
    let status = if attempts >= MAX_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(status))
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value((Utc::now() + delay).fixed_offset()),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<chrono::DateTime<chrono::FixedOffset>>::None),
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
        .col_expr(outbox::Column::Status, Expr::value("failed"))
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

/// The newest `limit` mails, for the admin page.
pub async fn list(db: &Db, limit: u64) -> Result<Vec<Mail>, DbError> {
    let query = outbox::Entity::find().order_by_desc(outbox::Column::Id);
    Ok(super::first_n(query, limit, db.conn())
        .await?
        .into_iter()
        .map(to_mail)
        .collect())
}

/// Makes every pending mail due now (an admin's "retry now").
pub async fn retry_now(db: &Db) -> Result<u64, DbError> {
    let _guard = db.write_guard().await;
    Ok(outbox::Entity::update_many()
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(Utc::now().fixed_offset()),
        )
        .filter(outbox::Column::Status.eq("pending"))
        .exec(db.write_conn())
        .await?
        .rows_affected)
}
