//! Reading conversations: a case's thread, its read state, the unread counts of the
//! navigation and the dashboard, and whom a message notifies. Each is one statement over
//! indexed columns (`idx_messages_case_id`, `idx_conversations_staff_unread`).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use sea_orm::Value;

use super::{Message, Side, Via};
use crate::db::rows::{ReadRows, read_row};
use crate::db::{Db, DbError};
use crate::ids::{CaseId, MessageId, UserId};

struct MessageRow {
    id: i64,
    case_id: i64,
    author_id: Option<i64>,
    author_name: Option<String>,
    side: String,
    body: String,
    via: String,
    created_at: DateTime<FixedOffset>,
}

read_row!(MessageRow {
    id,
    case_id,
    author_id,
    author_name,
    side,
    body,
    via,
    created_at
});

fn invalid(what: &str, text: &str) -> DbError {
    DbError::Other(sea_orm::DbErr::Custom(format!(
        "stored message {what} is invalid: {text}"
    )))
}

impl TryFrom<MessageRow> for Message {
    type Error = DbError;

    fn try_from(row: MessageRow) -> Result<Self, DbError> {
        Ok(Message {
            id: MessageId(row.id),
            case_id: CaseId(row.case_id),
            author: row.author_id.map(UserId),
            author_name: row.author_name,
            side: Side::from_stored(&row.side).ok_or_else(|| invalid("side", &row.side))?,
            via: Via::from_stored(&row.via).ok_or_else(|| invalid("way", &row.via))?,
            body: row.body,
            created_at: row.created_at.with_timezone(&Utc),
        })
    }
}

const MESSAGE_COLUMNS: &str = "SELECT m.id AS id, m.case_id AS case_id, m.author_id AS author_id, \
     u.display_name AS author_name, m.side AS side, m.body AS body, m.via AS via, \
     m.created_at AS created_at FROM messages m LEFT JOIN users u ON u.id = m.author_id";

async fn rows<T: crate::db::rows::ReadRow + Send>(
    db: &Db,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, DbError> {
    let backend = db.conn().get_database_backend();
    Ok(db
        .conn()
        .read_rows(crate::db::statement(backend, sql, values))
        .await?)
}

/// The newest `limit` messages of case `case_id` written before message `before` (the
/// newest ones when `None`), oldest first.
pub async fn thread(
    db: &Db,
    case_id: CaseId,
    before: Option<MessageId>,
    limit: u64,
) -> Result<Vec<Message>, DbError> {
    let mut values: Vec<Value> = vec![case_id.0.into()];
    let mut sql = format!("{MESSAGE_COLUMNS} WHERE m.case_id = ?");
    if let Some(before) = before {
        sql.push_str(" AND m.id < ?");
        values.push(before.0.into());
    }
    // `limit` is ours, written into the SQL (`db::limited` says why).
    sql.push_str(" ORDER BY m.id DESC LIMIT ");
    sql.push_str(&limit.to_string());
    let found: Vec<MessageRow> = rows(db, &sql, values).await?;
    let mut messages = found
        .into_iter()
        .map(Message::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    messages.reverse();
    Ok(messages)
}

/// Message `id` of case `case_id`.
pub async fn get(db: &Db, case_id: CaseId, id: MessageId) -> Result<Message, DbError> {
    let sql = format!("{MESSAGE_COLUMNS} WHERE m.case_id = ? AND m.id = ?");
    let found: Vec<MessageRow> = rows(db, &sql, vec![case_id.0.into(), id.0.into()]).await?;
    found
        .into_iter()
        .next()
        .ok_or(DbError::NotFound)
        .and_then(Message::try_from)
}

/// Where a conversation stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationState {
    /// The case.
    pub case_id: CaseId,
    /// Who wrote last.
    pub last_side: Side,
    /// When.
    pub last_message_at: DateTime<Utc>,
    /// The newest message staff have read.
    pub staff_read: Option<MessageId>,
    /// The newest message the household has read.
    pub expat_read: Option<MessageId>,
    /// Staff have unread messages from the household.
    pub staff_unread: bool,
    /// The household has unread messages from staff.
    pub expat_unread: bool,
}

struct StateRow {
    case_id: i64,
    last_side: String,
    last_message_at: DateTime<FixedOffset>,
    staff_read_id: Option<i64>,
    expat_read_id: Option<i64>,
    staff_unread: bool,
    expat_unread: bool,
}

read_row!(StateRow {
    case_id,
    last_side,
    last_message_at,
    staff_read_id,
    expat_read_id,
    staff_unread,
    expat_unread
});

/// The conversations of `cases` that have messages.
pub async fn state_of_cases(
    db: &Db,
    cases: &[CaseId],
) -> Result<HashMap<CaseId, ConversationState>, DbError> {
    if cases.is_empty() {
        return Ok(HashMap::new());
    }
    let marks = vec!["?"; cases.len()].join(", ");
    let sql = format!(
        "SELECT case_id, last_side, last_message_at, staff_read_id, expat_read_id, \
         staff_unread_at IS NOT NULL AS staff_unread, expat_unread_at IS NOT NULL AS expat_unread \
         FROM conversations WHERE case_id IN ({marks})"
    );
    let values = cases.iter().map(|c| c.0.into()).collect();
    let found: Vec<StateRow> = rows(db, &sql, values).await?;
    found
        .into_iter()
        .map(|r| {
            let state = ConversationState {
                case_id: CaseId(r.case_id),
                last_side: Side::from_stored(&r.last_side)
                    .ok_or_else(|| invalid("side", &r.last_side))?,
                last_message_at: r.last_message_at.with_timezone(&Utc),
                staff_read: r.staff_read_id.map(MessageId),
                expat_read: r.expat_read_id.map(MessageId),
                staff_unread: r.staff_unread,
                expat_unread: r.expat_unread,
            };
            Ok((state.case_id, state))
        })
        .collect()
}

/// The conversation of case `case_id`, if it has messages.
pub async fn state(db: &Db, case_id: CaseId) -> Result<Option<ConversationState>, DbError> {
    Ok(state_of_cases(db, &[case_id]).await?.remove(&case_id))
}

struct Count {
    n: i64,
}

read_row!(Count { n });

async fn count(db: &Db, sql: &str, values: Vec<Value>) -> Result<u64, DbError> {
    let found: Vec<Count> = rows(db, sql, values).await?;
    Ok(found.first().map_or(0, |c| u64::try_from(c.n).unwrap_or(0)))
}

/// How many messages of case `case_id` that `side` has not read.
pub async fn unread_count(db: &Db, case_id: CaseId, side: Side) -> Result<u64, DbError> {
    let (read_id, unread_at) = match side {
        Side::Staff => ("v.staff_read_id", "v.staff_unread_at"),
        Side::Expat => ("v.expat_read_id", "v.expat_unread_at"),
    };
    let sql = format!(
        "SELECT COUNT(*) AS n FROM conversations v JOIN messages m ON m.case_id = v.case_id \
         WHERE v.case_id = ? AND {unread_at} IS NOT NULL AND m.side = ? \
         AND m.id > COALESCE({read_id}, 0)"
    );
    let values = vec![case_id.0.into(), side.other().stored().into()];
    count(db, &sql, values).await
}

/// `AND v.consultant_id = ?` when scoped to one consultant (the conversation keeps its
/// case's consultant: `idx_conversations_consultant_unread`).
fn scope(consultant: Option<UserId>, values: &mut Vec<Value>) -> &'static str {
    match consultant {
        Some(id) => {
            values.push(id.0.into());
            " AND v.consultant_id = ?"
        }
        None => "",
    }
}

/// How many cases (of `consultant`, or of everyone) have messages from expats that staff
/// have not read.
pub async fn count_unread_cases(db: &Db, consultant: Option<UserId>) -> Result<u64, DbError> {
    let mut values = Vec::new();
    let scope = scope(consultant, &mut values);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM conversations v WHERE v.staff_unread_at IS NOT NULL{scope}"
    );
    count(db, &sql, values).await
}

/// A case with messages from expats that staff have not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadCase {
    /// The case.
    pub case_id: i64,
    /// Its principal's name.
    pub principal_name: String,
    /// When the newest unread message was written.
    pub at: DateTime<FixedOffset>,
    /// How many are unread.
    pub unread: i64,
}

read_row!(UnreadCase {
    case_id,
    principal_name,
    at,
    unread
});

/// The `limit` cases (of `consultant`, or of everyone) with unread messages from expats,
/// newest message first; the unread counts are read for those rows only.
pub async fn unread_cases(
    db: &Db,
    consultant: Option<UserId>,
    limit: u64,
) -> Result<Vec<UnreadCase>, DbError> {
    let mut values = vec![Side::Expat.stored().into()];
    let scope = scope(consultant, &mut values);
    let sql = format!(
        "SELECT v.case_id AS case_id, c.principal_name AS principal_name, \
         v.staff_unread_at AS at, \
         (SELECT COUNT(*) FROM messages m WHERE m.case_id = v.case_id AND m.side = ? \
           AND m.id > COALESCE(v.staff_read_id, 0)) AS unread \
         FROM conversations v JOIN cases c ON c.id = v.case_id \
         WHERE v.staff_unread_at IS NOT NULL{scope} \
         ORDER BY v.staff_unread_at DESC, v.case_id DESC LIMIT {limit}"
    );
    rows(db, &sql, values).await
}

/// Someone a message notifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Their account.
    pub id: i64,
    /// Their sign-in e-mail.
    pub email: String,
    /// Their name.
    pub name: String,
}

read_row!(Recipient { id, email, name });

/// The consultant in charge of case `case_id`, if their account is active.
pub async fn consultant_of(db: &Db, case_id: CaseId) -> Result<Option<Recipient>, DbError> {
    let sql = "SELECT u.id AS id, u.email AS email, u.display_name AS name \
               FROM cases c JOIN users u ON u.id = c.consultant_id \
               WHERE c.id = ? AND u.active = ?";
    let found: Vec<Recipient> = rows(db, sql, vec![case_id.0.into(), true.into()]).await?;
    Ok(found.into_iter().next())
}
