//! The text of every mail softland sends: `templates/mail/*.txt`, one struct each. A mail that
//! carries a single-use link gets `links::LINK_PLACEHOLDER` where the link goes; the sender
//! puts the link there when it delivers the mail.

pub mod events;

use askama::Template;
use chrono::{DateTime, Utc};

use crate::db::links::LINK_PLACEHOLDER;
use crate::db::outbox::MailText;

/// A link's expiry as mails give it: "5 Dec 2026 14:16 UTC".
fn until(at: DateTime<Utc>) -> String {
    at.format("%-d %b %Y %H:%M UTC").to_string()
}

/// Renders `page`; a template that does not render (a bug) still yields a plain mail.
fn text(page: &impl Template) -> String {
    page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "a mail template did not render");
        String::from("softland could not write this mail; please tell the expat centre.")
    })
}

#[derive(Template)]
#[template(path = "mail/invitation.txt")]
struct Invitation<'a> {
    name: &'a str,
    from_name: &'a str,
    until: String,
    link: &'a str,
}

/// To the old address after a sign-in e-mail change.
pub fn email_changed(new: &str) -> MailText {
    MailText {
        subject: "Your softland sign-in e-mail was changed".into(),
        body: format!(
            "The e-mail you sign in to softland with was changed to {new} on your account page.\n\n\
             If this was not you, tell the expat centre at once: someone may have your password.\n"
        ),
    }
}

/// The invitation of `name` by `from_name`; the link works until `expires_at`.
pub fn invitation(name: &str, from_name: &str, expires_at: DateTime<Utc>) -> MailText {
    MailText {
        subject: "Your checklist at the expat centre".into(),
        body: text(&Invitation {
            name,
            from_name,
            until: until(expires_at),
            link: LINK_PLACEHOLDER,
        }),
    }
}

#[derive(Template)]
#[template(path = "mail/link_request.txt")]
struct LinkRequest<'a> {
    name: &'a str,
    from_name: &'a str,
    base_url: &'a str,
}

/// The request to an existing account to confirm that it is `name` of a case.
pub fn link_request(name: &str, from_name: &str, base_url: &str) -> MailText {
    MailText {
        subject: "Please confirm your checklist at the expat centre".into(),
        body: text(&LinkRequest {
            name,
            from_name,
            base_url: base_url.trim_end_matches('/'),
        }),
    }
}

#[derive(Template)]
#[template(path = "mail/password_reset.txt")]
struct PasswordReset<'a> {
    name: &'a str,
    until: String,
    link: &'a str,
}

/// A password-reset link for `name`, working until `expires_at`.
pub fn password_reset(name: &str, expires_at: DateTime<Utc>) -> MailText {
    MailText {
        subject: "Set a new softland password".into(),
        body: text(&PasswordReset {
            name,
            until: until(expires_at),
            link: LINK_PLACEHOLDER,
        }),
    }
}

/// Who changed a password, for the owner's notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedBy {
    /// The owner, on the account page (this session stays signed in).
    Owner,
    /// A reset link sent to the owner's address.
    ResetLink,
    /// An admin of the centre.
    Admin,
    /// The centre's operator on the command line.
    Operator,
}

#[derive(Template)]
#[template(path = "mail/password_changed.txt")]
struct PasswordChanged {
    how: &'static str,
    keeps_this_session: bool,
    advice: &'static str,
}

/// The notice to an account's owner that its password was changed.
pub fn password_changed(by: ChangedBy) -> MailText {
    let yours = "If this was not you, set a new password at once with \"Forgot your password?\" \
                 on the sign-in page and tell the expat centre.";
    let theirs = "If you did not ask for this, tell the expat centre.";
    let (how, keeps_this_session, advice) = match by {
        ChangedBy::Owner => ("on its account page", true, yours),
        ChangedBy::ResetLink => ("with a reset link sent to this address", false, yours),
        ChangedBy::Admin => (
            "by an administrator of your expat centre (ask them for the new password)",
            false,
            theirs,
        ),
        ChangedBy::Operator => ("by the expat centre's operator", false, theirs),
    };
    MailText {
        subject: "Your softland password was changed".into(),
        body: text(&PasswordChanged {
            how,
            keeps_this_session,
            advice,
        }),
    }
}

#[derive(Template)]
#[template(path = "mail/token_created.txt")]
struct TokenCreated<'a> {
    name: &'a str,
    token_name: &'a str,
}

/// The notice to `name` that a token called `token_name` was made for their account.
pub fn token_created(name: &str, token_name: &str) -> MailText {
    MailText {
        subject: "A new API token was created for your softland account".into(),
        body: text(&TokenCreated { name, token_name }),
    }
}

#[derive(Template)]
#[template(path = "mail/sign_ins_paused.txt")]
struct SignInsPaused<'a> {
    email: &'a str,
    limit: u64,
}

/// The alert to admins that sign-ins to `email` are paused after `limit` failures an hour.
pub fn sign_ins_paused(email: &str, limit: u64) -> MailText {
    MailText {
        subject: "softland: sign-ins to an account paused after repeated failures".into(),
        body: text(&SignInsPaused { email, limit }),
    }
}

#[derive(Template)]
#[template(path = "mail/new_message.txt")]
struct NewMessage<'a> {
    author: &'a str,
    body: &'a str,
    link: &'a str,
}

/// To the consultant: `author` (an expat) wrote `body` in the conversation at `link`.
pub fn new_message(author: &str, body: &str, link: &str) -> MailText {
    MailText {
        subject: format!("New message from {author}"),
        body: text(&NewMessage { author, body, link }),
    }
}

#[derive(Template)]
#[template(path = "mail/consultant_replied.txt")]
struct ConsultantReplied<'a> {
    name: &'a str,
    author: &'a str,
    body: &'a str,
    link: &'a str,
}

/// To `name` of the household: `author` of the centre replied `body` in the conversation at
/// `link`.
pub fn consultant_replied(name: &str, author: &str, body: &str, link: &str) -> MailText {
    MailText {
        subject: "Your consultant replied".into(),
        body: text(&ConsultantReplied {
            name,
            author,
            body,
            link,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_mails_carry_the_placeholder_and_nothing_is_escaped() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mail = invitation("Priya O'Neil", "Jana Nováková", at);
        assert!(mail.body.contains(LINK_PLACEHOLDER), "{}", mail.body);
        assert!(
            mail.body.contains("Hello Priya O'Neil,"),
            "plain text, not HTML"
        );
        assert!(password_reset("Jana", at).body.contains(LINK_PLACEHOLDER));
        assert!(
            password_changed(ChangedBy::Owner)
                .body
                .contains("Every other session")
        );
        assert!(
            password_changed(ChangedBy::Admin)
                .body
                .contains("Every session")
        );
    }
}

#[derive(Template)]
#[template(path = "mail/digest.txt")]
struct DigestMail<'a> {
    digest: &'a crate::jobs::Digest,
    sections: Vec<(&'static str, &'a crate::jobs::digest::Section)>,
    base: &'a str,
    date: String,
}

/// A consultant's daily digest; links are made absolute with `base`.
pub fn digest(digest: &crate::jobs::Digest, base: &str) -> MailText {
    let due_soon_heading = if digest.due_soon_days == 1 {
        "Due by the next working day"
    } else {
        "Due within the next working days"
    };
    let sections = vec![
        ("Overdue", &digest.overdue),
        (due_soon_heading, &digest.due_soon),
        ("New messages from expats", &digest.messages),
        ("Risk warnings", &digest.risks),
        (
            "Escalated: the team's items overdue too long",
            &digest.escalated,
        ),
    ]
    .into_iter()
    .filter(|(_, s)| s.total > 0)
    .collect();
    let date = softland_domain::date_format::long(digest.date);
    let mut counts = Vec::new();
    if digest.overdue.total > 0 {
        counts.push(format!("{} overdue", digest.overdue.total));
    }
    if digest.due_soon.total > 0 {
        counts.push(format!("{} due soon", digest.due_soon.total));
    }
    if digest.messages.total > 0 {
        counts.push(format!("{} with new messages", digest.messages.total));
    }
    if digest.escalated.total > 0 {
        counts.push(format!("{} escalated", digest.escalated.total));
    }
    if counts.is_empty() {
        counts.push(format!("{} risk warnings", digest.risks.total));
    }
    MailText {
        subject: format!("Your day, {date}: {}", counts.join(", ")),
        body: text(&DigestMail {
            digest,
            sections,
            base,
            date,
        }),
    }
}

/// What a reminder mail says.
pub struct ReminderText<'a> {
    /// The expat's name.
    pub name: &'a str,
    /// The item's title.
    pub title: &'a str,
    /// Which reminder.
    pub reminder: crate::jobs::Reminder,
    /// What to bring.
    pub documents: &'a [String],
    /// Where to go.
    pub where_to_go: &'a str,
    /// What to do.
    pub instructions: &'a str,
    /// The task in the portal.
    pub link: &'a str,
}

#[derive(Template)]
#[template(path = "mail/reminder.txt")]
struct ReminderMail<'a> {
    r: &'a ReminderText<'a>,
    when: String,
}

/// A reminder to an expat, in plain English.
pub fn reminder(r: &ReminderText<'_>) -> MailText {
    use crate::jobs::Reminder;
    let (subject, when) = match r.reminder {
        Reminder::Due { lead, due } => {
            let due = softland_domain::date_format::long(due);
            let days = if lead == 1 {
                "1 working day".to_owned()
            } else {
                format!("{lead} working days")
            };
            (
                format!("Reminder: {} by {due}", r.title),
                format!("is due by {due}, in {days}."),
            )
        }
        Reminder::WindowOpened { opened, due } => {
            let opened = softland_domain::date_format::long(opened);
            let until = due.map_or(String::new(), |d| {
                format!(
                    " It must be filed by {}.",
                    softland_domain::date_format::long(d)
                )
            });
            (
                format!("You can now apply: {}", r.title),
                format!("can be filed from {opened}.{until}"),
            )
        }
    };
    MailText {
        subject,
        body: text(&ReminderMail { r, when }),
    }
}

/// To an expat whose consultant asks for another copy of a file.
pub fn another_copy(name: &str, file: &str, reason: &str, link: &str) -> MailText {
    MailText {
        subject: format!("Please upload another copy of {file}"),
        body: format!(
            "Hello {name},\n\nyour consultant looked at \"{file}\" and asks for another copy:\n\n  \
             {reason}\n\nUpload it here: {link}\n\nYou get these mails because you asked for \
             reminders; turn them off on your account page in the portal.\n"
        ),
    }
}

#[derive(Template)]
#[template(path = "mail/buddy.txt")]
struct Buddy<'a> {
    name: &'a str,
    paragraphs: &'a [String],
    link: &'a str,
}

/// A buddy programme mail: a greeting, paragraphs and a link (the link placeholder for a
/// first-password link).
fn buddy(subject: &str, name: &str, paragraphs: &[String], link: &str) -> MailText {
    MailText {
        subject: subject.to_owned(),
        body: text(&Buddy {
            name,
            paragraphs,
            link,
        }),
    }
}

/// To a new ambassador invited by `from_name`; the link works until `expires_at`.
pub fn ambassador_invitation(name: &str, from_name: &str, expires_at: DateTime<Utc>) -> MailText {
    buddy(
        "Welcome to the expat centre's buddy programme",
        name,
        &[
            format!(
                "{from_name} has invited you to be an ambassador of the expat centre's buddy programme: you will help newcomers settle in Ostrava."
            ),
            format!(
                "Set your password here (the link works once, until {}):",
                until(expires_at)
            ),
        ],
        LINK_PLACEHOLDER,
    )
}

/// To an applicant whom `from_name` approved; the link works until `expires_at`.
pub fn ambassador_approved(name: &str, from_name: &str, expires_at: DateTime<Utc>) -> MailText {
    buddy(
        "You are an ambassador of the buddy programme",
        name,
        &[
            format!(
                "{from_name} has approved your application: thank you for helping newcomers settle in Ostrava."
            ),
            format!(
                "Set your password here (the link works once, until {}):",
                until(expires_at)
            ),
        ],
        LINK_PLACEHOLDER,
    )
}

/// To a coordinator: `applicant` applied to be an ambassador.
pub fn ambassador_applied(name: &str, applicant: &str, link: &str) -> MailText {
    buddy(
        "A new ambassador applied",
        name,
        &[format!(
            "{applicant} applied to be an ambassador of the buddy programme. Approve or decline the application on the programme's ambassadors page:"
        )],
        link,
    )
}

/// To a coordinator: a newcomer asked for a buddy.
pub fn buddy_requested(name: &str, link: &str) -> MailText {
    buddy(
        "A newcomer asked for a buddy",
        name,
        &["A newcomer asked for a buddy. The programme page lists the request with the ambassadors who suit them best:".to_owned()],
        link,
    )
}

/// To an ambassador: a newcomer is proposed to them.
pub fn buddy_proposed(name: &str, link: &str) -> MailText {
    buddy(
        "A newcomer for you",
        name,
        &["The buddy programme's coordinator proposes a newcomer to you. Read what they ask for, and accept or decline, here:".to_owned()],
        link,
    )
}

/// To a coordinator: `ambassador` declined a proposal, for `reason`.
pub fn buddy_declined(name: &str, ambassador: &str, reason: &str, link: &str) -> MailText {
    buddy(
        "An ambassador declined a newcomer",
        name,
        &[
            format!("{ambassador} declined the newcomer you proposed to them:"),
            reason.to_owned(),
            "The request is open again; the programme page suggests other ambassadors:".to_owned(),
        ],
        link,
    )
}

/// To a newcomer's account: `ambassador` will be their buddy.
pub fn buddy_accepted(name: &str, ambassador: &str, link: &str) -> MailText {
    buddy(
        "You have a buddy",
        name,
        &[format!(
            "{ambassador}, an ambassador of the expat centre's buddy programme, will be your buddy and will get in touch. Read about them and how to reach them here:"
        )],
        link,
    )
}

/// To a consultant: `ambassador` says `newcomer` needs the centre's help.
pub fn buddy_needs_help(
    name: &str,
    ambassador: &str,
    newcomer: &str,
    body: &str,
    link: &str,
) -> MailText {
    buddy(
        &format!("{newcomer} needs the centre's help"),
        name,
        &[
            format!(
                "{ambassador}, {newcomer}'s buddy, asks for the centre's help after a check-in:"
            ),
            body.to_owned(),
            "The case:".to_owned(),
        ],
        link,
    )
}

/// To an ambassador: their match with `newcomer` (first name) ended, by someone else.
pub fn buddy_ended(name: &str, newcomer: &str, why: &str, link: &str) -> MailText {
    buddy(
        &format!("Your match with {newcomer} has ended"),
        name,
        &[format!(
            "Your match with {newcomer} has ended ({why}). You no longer see their details; thank you for your time with them. Your newcomers and places:"
        )],
        link,
    )
}

/// To the owner of an account whose e-mail someone gave on the public ambassador form: the
/// form said nothing of the account; this mail says what to do.
pub fn ambassador_application_for_account(base_url: &str) -> MailText {
    MailText {
        subject: "An application to the buddy programme with your e-mail".into(),
        body: format!(
            "Hello,\n\nsomeone applied to be an ambassador of the expat centre's buddy programme with this e-mail address, which already has a softland account. Nothing was stored.\n\nIf it was you and you would like to be an ambassador, write to the expat centre; if it was not you, you can ignore this mail.\n\n{}\n",
            base_url.trim_end_matches('/')
        ),
    }
}

#[derive(Template)]
#[template(path = "mail/employer.txt")]
struct EmployerMail<'a> {
    name: &'a str,
    paragraphs: &'a [String],
    link: &'a str,
}

/// To a partner employer's new user invited by `from_name` for `employer`; the link works
/// until `expires_at` (issue 21).
pub fn employer_invitation(
    name: &str,
    employer: &str,
    from_name: &str,
    expires_at: DateTime<Utc>,
) -> MailText {
    let paragraphs = [
        format!(
            "{from_name} has given you an account for {employer} at the expat centre: with your employees' consent you can follow how far their move has come, and tell the centre of a new hire before they arrive."
        ),
        format!(
            "Set your password here (the link works once, until {}):",
            until(expires_at)
        ),
    ];
    MailText {
        subject: "Your employer account at the expat centre".to_owned(),
        body: text(&EmployerMail {
            name,
            paragraphs: &paragraphs,
            link: LINK_PLACEHOLDER,
        }),
    }
}
