//! `templates/portal/show.html`: the expat's own checklist in plain English.

pub mod buddy;
pub mod events;
mod glossary;
pub mod referrals;
mod tasks;

use askama::Template;
use chrono::NaiveDate;
use softland_domain::Calendar;
use softland_domain::date_format::long;

pub use glossary::{TERMS, Term};
pub use tasks::{NextSteps, PortalRow, PortalSection};

use crate::config::Centre;

use crate::commands::FieldErrors;
use crate::db::cases::StoredCase;
use crate::db::invitations::LinkRequest;
use crate::db::messages::{ConversationState, Side};
use crate::db::users::User;

/// One case of the household.
pub struct PortalCase {
    /// Case id (for the message form).
    pub id: i64,
    /// "7 of 12 done".
    pub summary: String,
    /// Done and applicable, for the progress bar.
    pub done: usize,
    /// Applicable.
    pub applicable: usize,
    /// Next steps, or the closed case's outcome, or that it is on hold.
    pub next: NextSteps,
    /// The consultant.
    pub consultant: String,
    /// Their e-mail.
    pub consultant_email: String,
    /// Their phone, if given.
    pub consultant_phone: String,
    /// The numbered sections of the household's own tasks.
    pub sections: Vec<PortalSection>,
    /// Tasks others do for them (employer, centre).
    pub others: Vec<PortalRow>,
    /// Where the conversation with the centre stands: "New reply", "Answered", "Waiting
    /// for an answer", or empty before the first message.
    pub conversation: &'static str,
    /// When the last message was written, or empty.
    pub last_message: String,
    /// The household's documents, read-only.
    pub documents: Vec<super::wallet::PersonDocuments>,
    /// "Who can help" beside the open tasks, by item key (issue 21).
    pub help: Vec<super::referrals::HelpView>,
}

impl PortalCase {
    /// "Who can help" beside the task of item key `key`, if any partner is named for it.
    pub fn help_for(&self, key: &str) -> Option<&super::referrals::HelpView> {
        super::referrals::help_for(&self.help, key)
    }
}

/// What every portal page has around its content: the header and the centre's footer.
pub struct PortalChrome {
    /// The expat's name.
    pub name: String,
    /// CSRF token (sign-out).
    pub csrf: String,
    /// The centre, for the footer.
    pub centre: Centre,
}

/// The page.
#[derive(Template)]
#[template(path = "portal/show.html")]
pub struct PortalPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// Their cases.
    pub cases: Vec<PortalCase>,
    /// Requests to confirm that they are a person of another case.
    pub requests: Vec<LinkRequest>,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// "Events for you": up to three (issue 22).
    pub events: Vec<crate::views::events::EventLine>,
}

/// `templates/portal/glossary.html`: the words of Czech paperwork in plain English.
#[derive(Template)]
#[template(path = "portal/glossary.html")]
pub struct GlossaryPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// The terms.
    pub terms: &'static [Term],
}

/// `templates/portal/account.html`: an expat's account page (their password).
#[derive(Template)]
#[template(path = "portal/account.html")]
pub struct PortalAccountPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// Their sign-in e-mail.
    pub email: String,
    /// A message after a redirect.
    pub flash: Option<String>,
    /// What is wrong in the change-password form, by field.
    pub password_errors: FieldErrors,
    /// What is wrong in the change-e-mail form, by field.
    pub email_errors: FieldErrors,
    /// The address typed into a refused change-e-mail form.
    pub typed_email: String,
    /// The reminders choice: `on`, `off` or `default`.
    pub reminders: &'static str,
    /// Whether the centre sends reminders to those who did not choose.
    pub reminders_default: bool,
    /// The calendar feed section (issue 19).
    pub calendar_feed: super::calendar::FeedSection,
}

impl PortalAccountPage {
    /// The CSRF token of the change-password form (`partials/password_form.html`).
    pub fn password_csrf(&self) -> &str {
        &self.chrome.csrf
    }

    /// Where the change-password form goes.
    #[expect(
        clippy::unused_self,
        reason = "the password form partial asks its page"
    )]
    pub fn password_action(&self) -> &'static str {
        "/my/account/password"
    }
}

/// Builds one case's part of the page.
pub fn portal_case(
    stored: &StoredCase,
    consultant: Option<&User>,
    conversation: Option<ConversationState>,
    today: NaiveDate,
    cal: &Calendar,
    tz: chrono_tz::Tz,
) -> PortalCase {
    let progress = stored.case.progress();
    let (sections, others) = tasks::sections(stored, today, cal);
    PortalCase {
        id: stored.id.0,
        summary: format!("{} of {} done", progress.done, progress.applicable),
        done: progress.done,
        applicable: progress.applicable,
        next: tasks::next_steps(stored, today, cal),
        consultant: consultant
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        consultant_email: consultant.map(|u| u.email.clone()).unwrap_or_default(),
        consultant_phone: consultant.map(|u| u.phone.clone()).unwrap_or_default(),
        sections,
        others,
        documents: super::wallet::household(&stored.case),
        help: Vec::new(),
        conversation: conversation.as_ref().map_or("", conversation_state),
        last_message: conversation.map_or_else(String::new, |c| {
            let at = c.last_message_at.with_timezone(&tz);
            format!("{} {}", long(at.date_naive()), at.format("%H:%M"))
        }),
    }
}

/// What the household sees of a conversation: a reply they have not read, a question the
/// centre answered, or one still waiting.
pub fn conversation_state(state: &ConversationState) -> &'static str {
    match state.last_side {
        _ if state.expat_unread => "New reply",
        Side::Staff => "Answered",
        Side::Expat => "Waiting for an answer",
    }
}
