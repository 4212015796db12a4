//! Conversations (issue 19): the household's expats and the centre write to each other on a
//! case. Staff write on any case, an expat on their own household's cases only (any other is
//! "not found"). Each message queues its notification mails in the same transaction
//! (`notifications` decides which).

mod inbound;
mod reply;

pub use inbound::{FileMailReply, InboundMail, MailRefusal};
pub use reply::reply_address;

use softland_domain::note::NoteText;

use super::{Actor, CommandError, Field, Problem};
use crate::app::AppState;
use crate::db::cases::{self, StoredCase};
pub use crate::db::messages::Via;
use crate::db::messages::{
    self, ConversationState, Message, NewMessage, Notification, Side, UnreadCase,
};
use crate::db::{portal, users};
use crate::ids::{CaseId, MessageId, UserId};
use crate::views::mail;

/// Messages shown on one page of a conversation.
pub const THREAD_PAGE: u64 = 100;
/// Cases listed in the dashboard's "new messages" panel.
pub const UNREAD_PANEL: u64 = 20;

/// The side `actor` writes on for case `case`: staff on any case that exists, an expat on
/// their household's cases only.
async fn side_of(state: &AppState, actor: &Actor, case: CaseId) -> Result<Side, CommandError> {
    if actor.role.is_staff() {
        cases::load(&state.db, case).await?;
        Ok(Side::Staff)
    } else if portal::may_see(&state.db, actor.id, case).await? {
        Ok(Side::Expat)
    } else {
        Err(CommandError::NotFound)
    }
}

/// Writes a message in a case's conversation.
#[derive(Debug, Clone)]
pub struct PostMessage {
    /// The case.
    pub case: CaseId,
    /// The text.
    pub body: NoteText,
    /// How it came.
    pub via: Via,
}

impl PostMessage {
    /// The text as typed (the same rules and limit as a note's).
    pub fn body(raw: &str) -> Result<NoteText, CommandError> {
        NoteText::parse(raw).map_err(|e| CommandError::invalid(Field::Body, Problem::Message(e)))
    }

    /// Runs it; the conversation is then read for the author's side.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<MessageId, CommandError> {
        let side = side_of(state, actor, self.case).await?;
        let author = users::get(&state.db, actor.id).await?;
        let mails = notifications(state, self.case, side, &author.display_name, &self.body).await?;
        let message = NewMessage {
            case_id: self.case,
            author: actor.id,
            side,
            body: &self.body,
            via: self.via,
        };
        Ok(messages::post(&state.db, message, &mails).await?)
    }
}

/// The mails a message of `side` on case `case` by `author` queues: every conversation mail
/// goes through here.
///
/// An expat's message goes to the consultant in charge; a staff message goes to every
/// portal account of the household. Each carries a signed `Reply-To` when
/// `inbound_mail_domain` is set. Only the message itself is quoted: never a note.
async fn notifications(
    state: &AppState,
    case: CaseId,
    side: Side,
    author: &str,
    body: &NoteText,
) -> Result<Vec<Notification>, CommandError> {
    let db = &state.db;
    let base = state.config.base_url();
    let base = base.trim_end_matches('/');
    let mut mails = Vec::new();
    match side {
        Side::Expat => {
            if let Some(consultant) = messages::consultant_of(db, case).await? {
                let link = format!("{base}/cases/{case}/messages");
                mails.push(Notification {
                    reply_to: reply_address(state, case, UserId(consultant.id)),
                    text: mail::new_message(author, body.as_str(), &link),
                    to: consultant.email,
                    kind: crate::db::outbox::MailKind::Message,
                    recipient: UserId(consultant.id),
                });
            }
        }
        Side::Staff => {
            // Only expats who want mails from the centre (their reminder choice, else the
            // centre's default) are written to; the others read the reply in the portal.
            for expat in crate::db::reminders::case_accounts(db, case)
                .await?
                .into_iter()
                .filter(|a| a.wants)
            {
                let link = format!("{base}/my/cases/{case}/messages");
                mails.push(Notification {
                    reply_to: reply_address(state, case, UserId(expat.id)),
                    text: mail::consultant_replied(
                        &expat.display_name,
                        author,
                        body.as_str(),
                        &link,
                    ),
                    to: expat.email,
                    kind: crate::db::outbox::MailKind::Reply,
                    recipient: UserId(expat.id),
                });
            }
        }
    }
    Ok(mails)
}

/// A page of a case's conversation, as the actor may see it.
#[derive(Debug)]
pub struct Conversation {
    /// The case.
    pub stored: StoredCase,
    /// The messages, oldest first.
    pub messages: Vec<Message>,
    /// Whether older messages exist than the first shown.
    pub has_older: bool,
    /// How many were unread for the actor's side before this opening.
    pub unread: u64,
    /// The actor's side.
    pub side: Side,
}

/// Opens a case's conversation: its newest messages (or those before `before`), which are
/// then read for the actor's side.
#[derive(Debug, Clone, Copy)]
pub struct ShowConversation {
    /// The case.
    pub case: CaseId,
    /// Messages older than this one (the newest when `None`).
    pub before: Option<MessageId>,
    /// How many, at most.
    pub limit: u64,
    /// Whether opening it marks it read (a page does; an API read does not).
    pub mark_read: bool,
}

impl ShowConversation {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<Conversation, CommandError> {
        let side = side_of(state, actor, self.case).await?;
        let db = &state.db;
        let mut found = messages::thread(db, self.case, self.before, self.limit + 1).await?;
        let has_older = found.len() as u64 > self.limit;
        if has_older {
            found.remove(0);
        }
        let unread = messages::unread_count(db, self.case, side).await?;
        if self.mark_read && self.before.is_none() && unread > 0 {
            messages::mark_read(db, self.case, side).await?;
        }
        Ok(Conversation {
            stored: cases::load(db, self.case).await?,
            messages: found,
            has_older,
            unread,
            side,
        })
    }
}

/// Marks a case's conversation read for the actor's side.
#[derive(Debug, Clone, Copy)]
pub struct MarkRead {
    /// The case.
    pub case: CaseId,
}

impl MarkRead {
    /// Runs it; the conversation's state after it (`None` without messages).
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Option<ConversationState>, CommandError> {
        let side = side_of(state, actor, self.case).await?;
        messages::mark_read(&state.db, self.case, side).await?;
        Ok(messages::state(&state.db, self.case).await?)
    }
}

/// Whose unread messages a staff member is shown: a consultant their own cases', an admin
/// everyone's.
fn unread_scope(actor: &Actor) -> Option<UserId> {
    (actor.role != crate::auth::Role::Admin).then_some(actor.id)
}

/// How many cases have messages from expats that the actor's side has not read (the
/// navigation's "Messages (3)"; staff only).
#[derive(Debug, Clone, Copy)]
pub struct CountUnread;

impl CountUnread {
    /// Runs it.
    pub async fn run(self, state: &AppState, actor: &Actor) -> Result<u64, CommandError> {
        actor.must_be_staff()?;
        Ok(messages::count_unread_cases(&state.db, unread_scope(actor)).await?)
    }
}

/// The cases with unread messages from expats, newest first (the dashboard's panel; staff
/// only).
#[derive(Debug, Clone, Copy)]
pub struct ListUnread;

impl ListUnread {
    /// Runs it.
    pub async fn run(
        self,
        state: &AppState,
        actor: &Actor,
    ) -> Result<Vec<UnreadCase>, CommandError> {
        actor.must_be_staff()?;
        Ok(messages::unread_cases(&state.db, unread_scope(actor), UNREAD_PANEL).await?)
    }
}
