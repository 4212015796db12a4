//! A case's conversation, as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::schema;
use crate::db::messages::{ConversationState, Message};

/// A message of a case's conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageOut {
    /// Message id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// The author's user id (`null` once the account is gone).
    pub author_id: Option<i64>,
    /// The author's name, when known.
    pub author_name: Option<String>,
    /// `staff` (the centre) or `expat` (the household).
    #[schema(schema_with = schema::message_side)]
    pub side: &'static str,
    /// How it came: `web`, `api` or `mail` (a reply to a notification mail).
    #[schema(schema_with = schema::message_via)]
    pub via: &'static str,
    /// The text.
    pub body: String,
    /// When it was written (RFC 3339).
    pub created_at: DateTime<Utc>,
}

impl From<Message> for MessageOut {
    fn from(m: Message) -> Self {
        Self {
            id: m.id.0,
            case_id: m.case_id.0,
            author_id: m.author.map(|a| a.0),
            author_name: m.author_name,
            side: m.side.stored(),
            via: m.via.stored(),
            body: m.body,
            created_at: m.created_at,
        }
    }
}

/// Where a conversation stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadStateOut {
    /// Who wrote last (`staff` or `expat`), `null` before the first message.
    pub last_side: Option<&'static str>,
    /// The newest message staff have read.
    pub staff_read_id: Option<i64>,
    /// The newest message the household has read.
    pub expat_read_id: Option<i64>,
    /// Staff have unread messages from the household.
    pub staff_unread: bool,
    /// The household has unread messages from staff.
    pub expat_unread: bool,
}

impl From<Option<ConversationState>> for ReadStateOut {
    fn from(state: Option<ConversationState>) -> Self {
        Self {
            last_side: state.as_ref().map(|s| s.last_side.stored()),
            staff_read_id: state.as_ref().and_then(|s| s.staff_read.map(|m| m.0)),
            expat_read_id: state.as_ref().and_then(|s| s.expat_read.map(|m| m.0)),
            staff_unread: state.as_ref().is_some_and(|s| s.staff_unread),
            expat_unread: state.as_ref().is_some_and(|s| s.expat_unread),
        }
    }
}

/// One page of a conversation, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageList {
    /// The messages, oldest first.
    pub messages: Vec<MessageOut>,
    /// Pass as `before` for the page of older messages; `null` on the oldest page.
    pub next_before: Option<i64>,
    /// Messages the caller's side has not read (reading them here does not mark them read:
    /// `POST /cases/{id}/messages/read` does).
    pub unread: u64,
    /// Where the conversation stands.
    pub read_state: ReadStateOut,
}

/// A message to write.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageIn {
    /// The text (1–10,000 characters).
    pub body: String,
}

/// A mail that arrived at a conversation's reply address, as the mail server parsed it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InboundMailIn {
    /// The address it was sent to: `reply+<token>@<inbound mail domain>`.
    pub to: String,
    /// Its sender (`Name <address>` or the bare address).
    pub from: String,
    /// Its plain text; quoted lines and what follows "On … wrote:" are left out.
    pub text: String,
}
