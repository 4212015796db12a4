//! The mails of events (issue 22): a registration confirmed (a place or the waiting list), a
//! place freed for someone waiting, an event cancelled. They go to addresses nobody confirmed,
//! so they carry nothing a visitor typed (not even the name): only the event's own details.

use crate::db::outbox::MailText;

/// What a mail says of the event.
#[derive(Debug, Clone, Copy)]
pub struct EventWords<'a> {
    /// Its title.
    pub title: &'a str,
    /// "Thu 10 Dec 2026, 17:00–19:00 (Prague time)".
    pub when: &'a str,
    /// The place and/or the online link.
    pub place: &'a str,
    /// Its page.
    pub page: &'a str,
    /// Its calendar file.
    pub ics: &'a str,
}

/// To someone who just registered: their place (or position on the waiting list), the event,
/// the calendar file and their personal cancel link.
pub fn confirmation(event: &EventWords<'_>, position: Option<u64>, cancel_link: &str) -> MailText {
    let (subject, standing) = match position {
        None => (
            format!("You are registered: {}", event.title),
            "You have a place. We look forward to seeing you.".to_owned(),
        ),
        Some(n) => (
            format!("You are on the waiting list: {}", event.title),
            format!(
                "The event is full, so you are number {n} on the waiting list. If a place frees \
                 up, you move up automatically and we write to you."
            ),
        ),
    };
    MailText {
        subject,
        body: format!(
            "Hello,\n\nthank you for registering for \"{title}\".\n\n{standing}\n\n\
             When: {when}\nWhere: {place}\nDetails: {page}\nAdd it to your calendar: {ics}\n\n\
             If you cannot come, please cancel here so that someone else can have your place \
             (this link is personal; keep it):\n{cancel_link}\n\nThe expat centre\n",
            title = event.title,
            when = event.when,
            place = event.place,
            page = event.page,
            ics = event.ics,
        ),
    }
}

/// To someone who waited and now has a place.
pub fn promoted(event: &EventWords<'_>) -> MailText {
    MailText {
        subject: format!("You have a place now: {}", event.title),
        body: format!(
            "Hello,\n\na place has become free at \"{title}\", and it is yours: you are \
             now registered.\n\nWhen: {when}\nWhere: {place}\nDetails: {page}\nAdd it to your \
             calendar: {ics}\n\nIf you cannot come, please cancel with the link in your first \
             mail, so that the next person can have the place.\n\nThe expat centre\n",
            title = event.title,
            when = event.when,
            place = event.place,
            page = event.page,
            ics = event.ics,
        ),
    }
}

/// To everyone registered or waiting when staff cancel the event.
pub fn cancelled(title: &str, when: &str) -> MailText {
    MailText {
        subject: format!("Cancelled: {title}"),
        body: format!(
            "Hello,\n\nwe are sorry: \"{title}\" ({when}) has been cancelled. You do not \
             need to do anything.\n\nSee our other events on our website.\n\nThe expat centre\n"
        ),
    }
}
