//! Replies by mail: the mail server forwards what arrives at a reply address
//! (`reply::ReplyAddress`) to `POST /api/v1/inbound-mail`; it is filed as a message of the
//! address's case, written by the person the address was made for, when the mail comes from
//! that person's address. Quoted text (the mail being answered) is left out.

use super::reply::{ReplyAddress, bare_address};
use super::{PostMessage, Via};
use crate::app::AppState;
use crate::commands::{Actor, CommandError, Field, Problem};
use crate::db::users;
use crate::ids::{CaseId, MessageId};

/// A mail as the mail server hands it over.
#[derive(Debug, Clone)]
pub struct InboundMail {
    /// The address it was sent to (`reply+…@domain`).
    pub to: String,
    /// Its sender.
    pub from: String,
    /// Its plain text.
    pub text: String,
}

/// Why a mail is not filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MailRefusal {
    /// Not an address softland signed (forged, changed, or another domain's).
    #[error("this is not a reply address softland made")]
    Address,
    /// The sender is not the person the address was made for.
    #[error("the sender is not the person this reply address was made for")]
    Sender,
}

/// Files a reply by mail.
#[derive(Debug, Clone)]
pub struct FileMailReply {
    /// The mail.
    pub mail: InboundMail,
}

impl FileMailReply {
    /// Runs it (the caller checked the mail server's secret).
    /// The message is filed on the address's case, which is returned with it.
    pub async fn run(self, state: &AppState) -> Result<(CaseId, MessageId), CommandError> {
        let refused = |field, refusal| CommandError::invalid(field, Problem::Mail(refusal));
        let domain = state
            .config
            .inbound_mail_domain
            .as_deref()
            .unwrap_or_default();
        let address = ReplyAddress::verify(&state.keys, domain, &self.mail.to)
            .ok_or(refused(Field::MailTo, MailRefusal::Address))?;
        let user = match users::get(&state.db, address.user).await {
            Ok(user) if user.active => user,
            _ => return Err(refused(Field::MailTo, MailRefusal::Address)),
        };
        if !bare_address(&self.mail.from).eq_ignore_ascii_case(&user.email) {
            return Err(refused(Field::MailFrom, MailRefusal::Sender));
        }
        let body = PostMessage::body(&strip_quoted(&self.mail.text))
            .map_err(|_| CommandError::invalid(Field::MailText, Problem::Missing))?;
        let message = PostMessage {
            case: address.case,
            body,
            via: Via::Mail,
        };
        let id = message.run(state, &Actor::of(&user)).await?;
        Ok((address.case, id))
    }
}

/// The new text of a reply: lines quoting the mail answered (`> …`) are left out, and so is
/// everything from the line that introduces the quote ("On 5 Dec 2026, Jana wrote:").
pub fn strip_quoted(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if is_quote_intro(trimmed) {
            break;
        }
        if !trimmed.starts_with('>') {
            kept.push(line.trim_end());
        }
    }
    kept.join("\n").trim().to_owned()
}

fn is_quote_intro(line: &str) -> bool {
    line.starts_with("On ") && line.ends_with("wrote:")
        || line.starts_with("-----Original Message-----")
}

#[cfg(test)]
mod tests {
    use super::strip_quoted;

    #[test]
    fn quoted_lines_and_the_quote_that_follows_the_intro_are_left_out() {
        let text = "Thank you, I will bring it.\n> Please bring your passport.\nSee you.\n\n\
                    On Fri, 4 Dec 2026 at 10:00, Jana <jana@example.cz> wrote:\nold text\n> more";
        assert_eq!(strip_quoted(text), "Thank you, I will bring it.\nSee you.");
        assert_eq!(strip_quoted("> only a quote"), "");
    }
}
