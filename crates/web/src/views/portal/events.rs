//! `templates/portal/events.html`: "Events for you" (upcoming events in a language the
//! household speaks, on its interests), the household's interests, and the expat's own
//! registrations with a cancel button each.

use askama::Template;

use super::PortalChrome;
use crate::commands::FieldErrors;
use crate::views::events::EventLine;
use crate::views::sentence;

/// One of the expat's registrations.
pub struct OwnRegistration {
    /// The event.
    pub event: EventLine,
    /// The registration's id.
    pub id: i64,
    /// "You have a place", "Number 2 on the waiting list".
    pub standing: String,
    /// Whether it can still be cancelled (the event is neither cancelled nor started).
    pub cancellable: bool,
}

/// The page.
#[derive(Template)]
#[template(path = "portal/events.html")]
pub struct PortalEventsPage {
    /// Header and footer.
    pub chrome: PortalChrome,
    /// Events that suit the household.
    pub for_you: Vec<EventLine>,
    /// The expat's registrations.
    pub registrations: Vec<OwnRegistration>,
    /// The household's languages, in words.
    pub languages: String,
    /// The interests as typed or stored.
    pub interests: String,
    /// The interests' mistake.
    pub errors: FieldErrors,
    /// A message after a change.
    pub flash: Option<String>,
}

impl PortalEventsPage {
    /// The interests' mistake, as a sentence.
    pub fn interests_error(&self) -> Option<String> {
        self.errors.get("interests").map(sentence)
    }
}
