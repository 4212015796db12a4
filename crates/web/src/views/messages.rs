//! A case's conversation: `templates/messages/show.html` for staff and
//! `templates/portal/messages.html` for the household.

use askama::Template;
use softland_domain::date_format::long;

use super::nav::Nav;
use super::portal::PortalChrome;
use crate::db::messages::{Message, Side, Via};

/// One message as pages show it.
pub struct MessageView {
    /// Id (its anchor).
    pub id: i64,
    /// Who wrote it.
    pub author: String,
    /// `staff` or `expat`, for the page's styling.
    pub side: &'static str,
    /// "Wed 2 Dec 2026 14:05".
    pub at: String,
    /// " · by mail" when it came as a mail reply.
    pub via: &'static str,
    /// The text.
    pub body: String,
    /// Unread by the reader before this opening.
    pub is_new: bool,
}

/// The messages, oldest first, with the newest `unread` of the other side than `reader`
/// marked new.
pub fn thread(
    messages: Vec<Message>,
    reader: Side,
    unread: u64,
    tz: chrono_tz::Tz,
) -> Vec<MessageView> {
    let mut left = unread;
    let mut views: Vec<MessageView> = messages
        .into_iter()
        .rev()
        .map(|m| {
            let is_new = m.side != reader && left > 0;
            if is_new {
                left -= 1;
            }
            let at = m.created_at.with_timezone(&tz);
            MessageView {
                id: m.id.0,
                author: m
                    .author_name
                    .unwrap_or_else(|| "(a deleted account)".into()),
                side: match m.side {
                    Side::Staff => "staff",
                    Side::Expat => "expat",
                },
                at: format!("{} {}", long(at.date_naive()), at.format("%H:%M")),
                via: match m.via {
                    Via::Mail => " · by mail",
                    Via::Web | Via::Api => "",
                },
                body: m.body,
                is_new,
            }
        })
        .collect();
    views.reverse();
    views
}

/// What a reply form shows after a refusal: the text typed and what is wrong with it.
#[derive(Default)]
pub struct ReplyForm {
    /// The text as typed.
    pub typed: String,
    /// What is wrong with it.
    pub error: Option<String>,
}

/// The staff page of a conversation.
#[derive(Template)]
#[template(path = "messages/show.html")]
pub struct ConversationPage {
    /// Navigation.
    pub nav: Nav,
    /// The case.
    pub id: i64,
    /// The principal's name.
    pub title: String,
    /// The messages, oldest first.
    pub messages: Vec<MessageView>,
    /// The link to older messages, when there are some.
    pub older: Option<String>,
    /// The reply form.
    pub form: ReplyForm,
    /// A message after a redirect.
    pub flash: Option<String>,
}

/// The household's page of a conversation.
#[derive(Template)]
#[template(path = "portal/messages.html")]
pub struct PortalConversationPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// The case.
    pub id: i64,
    /// The consultant's name.
    pub consultant: String,
    /// The messages, oldest first.
    pub messages: Vec<MessageView>,
    /// The link to older messages, when there are some.
    pub older: Option<String>,
    /// The reply form.
    pub form: ReplyForm,
    /// A message after a redirect.
    pub flash: Option<String>,
}
