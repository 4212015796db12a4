//! Conversations (issue 19): one per case between its household's expats and the centre.
//! `messages` holds what each side wrote; `conversations` keeps per case the last message
//! and each side's read state, so that "which cases have unread messages from expats" is one
//! indexed range (`staff_unread_at`), never a scan of the messages. A message and the mails it
//! causes are written in one transaction ([`post`]).

mod read;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use softland_domain::note::NoteText;

use super::entities::{audit_events, cases, conversations, messages};
use super::outbox::{self, MailText, NewMail};
use super::{Db, DbError};
use crate::audit::AuditAction;
use crate::ids::{CaseId, MessageId, UserId};

pub use read::{
    ConversationState, UnreadCase, consultant_of, count_unread_cases, get, state, state_of_cases,
    thread, unread_cases, unread_count,
};

/// Who wrote a message: the household or the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Staff of the centre.
    Staff,
    /// An expat of the household.
    Expat,
}

impl Side {
    /// Both sides.
    pub const ALL: [Side; 2] = [Side::Staff, Side::Expat];

    /// The other side.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Side::Staff => Side::Expat,
            Side::Expat => Side::Staff,
        }
    }
}

/// How a message came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// A form of the staff pages or the portal.
    Web,
    /// The JSON API.
    Api,
    /// A reply to a notification mail (`POST /api/v1/inbound-mail`).
    Mail,
}

impl Via {
    /// Every way.
    pub const ALL: [Via; 3] = [Via::Web, Via::Api, Via::Mail];
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Id.
    pub id: MessageId,
    /// The case.
    pub case_id: CaseId,
    /// Who wrote it (`None` once the account is deleted).
    pub author: Option<UserId>,
    /// The author's display name, when known.
    pub author_name: Option<String>,
    /// Which side.
    pub side: Side,
    /// The text.
    pub body: String,
    /// How it came.
    pub via: Via,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A message to store: what [`post`] is given.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    /// The case.
    pub case_id: CaseId,
    /// The author.
    pub author: UserId,
    /// Their side.
    pub side: Side,
    /// The text.
    pub body: &'a NoteText,
    /// How it came.
    pub via: Via,
}

/// A notification mail to queue with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Recipient address.
    pub to: String,
    /// Subject and text.
    pub text: MailText,
    /// The signed reply address, when replies by mail are accepted.
    pub reply_to: Option<String>,
    /// A message to the centre or a reply to the household.
    pub kind: super::outbox::MailKind,
    /// The account it goes to.
    pub recipient: crate::ids::UserId,
}

/// Stores `message` on its case, marks the conversation read for the author's side and
/// unread for the other, and queues `mails`, in one transaction.
pub async fn post(
    db: &Db,
    message: NewMessage<'_>,
    mails: &[Notification],
) -> Result<MessageId, DbError> {
    post_written_at(db, message, mails, Utc::now()).await
}

/// [`post`] with the time it was written (the demo centre backdates its conversations).
pub(crate) async fn post_written_at(
    db: &Db,
    message: NewMessage<'_>,
    mails: &[Notification],
    at: DateTime<Utc>,
) -> Result<MessageId, DbError> {
    let at = at.fixed_offset();
    let _guard = db.write_guard().await;
    let txn = db.write_conn().begin().await?;
    let case = super::first(cases::Entity::find_by_id(message.case_id.0), &txn)
        .await?
        .ok_or(DbError::NotFound)?;
    let saved = messages::ActiveModel {
        case_id: Set(message.case_id.0),
        author_id: Set(Some(message.author.0)),
        side: Set(message.side.stored().to_owned()),
        body: Set(message.body.as_str().to_owned()),
        via: Set(message.via.stored().to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit(&txn, &message, at).await?;
    let (read_id, own_unread, other_unread) = match message.side {
        Side::Staff => (
            conversations::Column::StaffReadId,
            conversations::Column::StaffUnreadAt,
            conversations::Column::ExpatUnreadAt,
        ),
        Side::Expat => (
            conversations::Column::ExpatReadId,
            conversations::Column::ExpatUnreadAt,
            conversations::Column::StaffUnreadAt,
        ),
    };
    let mut row = conversations::ActiveModel {
        case_id: Set(message.case_id.0),
        last_message_id: Set(saved.id),
        last_side: Set(message.side.stored().to_owned()),
        last_message_at: Set(at),
        staff_read_id: Set(None),
        expat_read_id: Set(None),
        staff_unread_at: Set(None),
        expat_unread_at: Set(None),
        consultant_id: Set(Some(case.consultant_id)),
    };
    row.set(read_id, Some(saved.id).into());
    row.set(other_unread, Some(at).into());
    conversations::Entity::insert(row)
        .on_conflict(
            OnConflict::column(conversations::Column::CaseId)
                .update_columns([
                    conversations::Column::LastMessageId,
                    conversations::Column::LastSide,
                    conversations::Column::LastMessageAt,
                    read_id,
                    own_unread,
                    other_unread,
                    conversations::Column::ConsultantId,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    for mail in mails {
        let new = NewMail {
            to: &mail.to,
            subject: &mail.text.subject,
            body: &mail.text.body,
            link: None,
            notice: Some(super::outbox::Notice {
                kind: mail.kind,
                case: Some(message.case_id),
                recipient: Some(mail.recipient),
                key: None,
            }),
        };
        outbox::enqueue_reply_to(&txn, new, mail.reply_to.as_deref()).await?;
    }
    txn.commit().await?;
    Ok(MessageId(saved.id))
}

/// How much of a message the case's history keeps, in characters.
const AUDIT_EXCERPT_CHARS: usize = 80;

/// The history line of `message`: who wrote to whom, and its first words.
async fn audit(
    txn: &sea_orm::DatabaseTransaction,
    message: &NewMessage<'_>,
    at: DateTime<chrono::FixedOffset>,
) -> Result<(), DbError> {
    let subject = match message.side {
        Side::Expat => "From the household",
        Side::Staff => "To the household",
    };
    audit_events::ActiveModel {
        case_id: Set(Some(message.case_id.0)),
        actor_id: Set(Some(message.author.0)),
        at: Set(at),
        action: Set(AuditAction::MessageWritten.stored().to_owned()),
        subject: Set(subject.to_owned()),
        before: Set(None),
        after: Set(Some(
            message
                .body
                .as_str()
                .chars()
                .take(AUDIT_EXCERPT_CHARS)
                .collect(),
        )),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Marks every message of case `case_id` read for `side`. Writes only when something was
/// unread, so opening a read conversation costs no write.
pub async fn mark_read(db: &Db, case_id: CaseId, side: Side) -> Result<bool, DbError> {
    let (read_id, unread) = match side {
        Side::Staff => (
            conversations::Column::StaffReadId,
            conversations::Column::StaffUnreadAt,
        ),
        Side::Expat => (
            conversations::Column::ExpatReadId,
            conversations::Column::ExpatUnreadAt,
        ),
    };
    let _guard = db.write_guard().await;
    let done = conversations::Entity::update_many()
        .col_expr(read_id, Expr::col(conversations::Column::LastMessageId))
        .col_expr(
            unread,
            Expr::value(Option::<chrono::DateTime<chrono::FixedOffset>>::None),
        )
        .filter(conversations::Column::CaseId.eq(case_id.0))
        .filter(unread.is_not_null())
        .exec(db.write_conn())
        .await?;
    Ok(done.rows_affected > 0)
}
